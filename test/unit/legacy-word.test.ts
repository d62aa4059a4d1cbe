import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { processDocument } from '../../shared/domain/process-document.ts';
import { convertWithLibreOffice, skipWithoutLibreOffice } from '../support/libreoffice.ts';
import iconv from 'iconv-lite';
import { makeDocx, makeDocxWithRuns } from '../support/make-zip.ts';

const TITLE = 'Quyết định về việc ban hành quy chế làm việc';
const PARAGRAPHS = [
  'Ngày 15/3/2019, Ủy ban nhân dân tỉnh Nghệ An ban hành Quyết định số 123/QĐ-UBND về quy chế làm việc của các sở, ban, ngành.',
  'Quy chế quy định nguyên tắc, trách nhiệm và quan hệ công tác; “chủ động phối hợp” giữa các cơ quan — đúng thẩm quyền được giao.',
];

describe('Word 97–2003 (.doc)', { skip: skipWithoutLibreOffice }, () => {
  let doc: Buffer;
  before(() => {
    // The fixture is made here: a DOCX written by the test, converted by LibreOffice headless.
    doc = convertWithLibreOffice(makeDocx([{ heading: TITLE }, ...PARAGRAPHS]), 'decision.docx', 'doc:MS Word 97', 'doc');
  });

  it('reads a Word 97 file detected from its OLE2 bytes, with title and paragraphs as written', async () => {
    // Prepare: the .doc made in `before`.
    // Act
    const result = await processDocument(doc);
    // Assess
    assert.equal(result.format, 'doc');
    assert.equal(result.title, TITLE);
    assert.equal(result.body, PARAGRAPHS.join('\n\n'));
    assert.equal(result.published, '2019-03-15');
  });

  it('gives the same text hash as the DOCX it was converted from', async () => {
    const fromDocx = await processDocument(makeDocx([{ heading: TITLE }, ...PARAGRAPHS]));
    const fromDoc = await processDocument(doc);
    assert.equal(fromDoc.contentHash, fromDocx.contentHash);
  });

  it('fails a truncated .doc as CORRUPT_DOCUMENT', async () => {
    const truncated = doc.subarray(0, 1536);
    await assert.rejects(processDocument(truncated), { code: 'CORRUPT_DOCUMENT' });
  });

  it('fails a .doc whose sector chain loops as CORRUPT_DOCUMENT, before the library could loop forever', async () => {
    // Prepare: the first FAT sector's first two entries point at each other.
    const looped = Buffer.from(doc);
    const fatSector = looped.readUInt32LE(0x4c);
    const fatAt = (fatSector + 1) * 512;
    looped.writeUInt32LE(1, fatAt);
    looped.writeUInt32LE(0, fatAt + 4);
    // Act / Assess
    await assert.rejects(processDocument(looped), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CORRUPT_DOCUMENT');
      assert.match(error.message, /loops/);
      return true;
    });
  });

  it('reads a .doc typed in .VnTime as Unicode: the text comes out as TCVN3 read as Windows-1252, and the mojibake repair reads it again', async () => {
    // Prepare: a DOCX with .VnTime runs (TCVN3 bytes as Windows-1252 characters), saved as Word 97 by LibreOffice.
    const typed = (text: string): string => new TextDecoder('windows-1252').decode(iconv.encode(text, 'tcvn'));
    // TCVN3 has no curly quotes or dashes: the straight ones stand in for them.
    const paragraphs = PARAGRAPHS.map((p) => p.replace(/[“”]/g, '"').replace('—', '-'));
    const docx = makeDocxWithRuns([{ runs: [{ text: typed('Thông báo kết luận'), font: '.VnTime' }] }, ...paragraphs.map((p) => ({ runs: [{ text: typed(p), font: '.VnTime' }] }))]);
    const vnTimeDoc = convertWithLibreOffice(docx, 'vntime.docx', 'doc:MS Word 97', 'doc');
    // Act
    const result = await processDocument(vnTimeDoc);
    // Assess: word-extractor exposes no fonts, so the whole-paragraph repair does the work (TCVN3's
    // `ư` is byte 0xAD, a soft hyphen to Word, which the .doc keeps as an optional hyphen).
    assert.equal(result.format, 'doc');
    assert.equal(result.title, 'Thông báo kết luận');
    assert.equal(result.body, paragraphs.join('\n\n'));
    assert.deepEqual(result.repairs, [{ kind: 'tcvn3 read as windows-1252', paragraphs: 3 }]);
  });

  it('names an Excel 97–2003 container as unsupported instead of reading it as Word', async () => {
    // Prepare: the Word stream renamed to Excel's "Workbook" in the directory (same name length in UTF-16).
    const renamed = Buffer.from(doc);
    const at = renamed.indexOf(Buffer.from('WordDocument', 'utf16le'));
    assert.ok(at > 0);
    Buffer.from('Workbook\0\0\0\0', 'utf16le').copy(renamed, at);
    renamed.writeUInt16LE(18, at + 0x40);
    // Act / Assess
    await assert.rejects(processDocument(renamed), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'UNSUPPORTED_FORMAT');
      assert.match(error.message, /XLS spreadsheet/);
      return true;
    });
  });
});
