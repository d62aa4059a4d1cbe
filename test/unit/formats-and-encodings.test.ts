import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { VNI_TABLE, vniToUnicode } from '../../shared/domain/decode/vni.ts';
import { viqrToUnicode } from '../../shared/domain/decode/viqr.ts';
import { CorruptDocumentError, DocumentTooLargeError, UnsupportedFormatError } from '../../shared/domain/errors.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import { normalizeTonePlacement } from '../../shared/domain/text/tone-placement.ts';
import { encodeTcvn3, encodeViscii, encodeWindows1258 } from '../support/legacy-encodings.ts';
import { makePdf } from '../support/make-pdf.ts';
import { makeDocx, makeZip } from '../support/make-zip.ts';

const TITLE = 'Hội nghị tổng kết công tác thủy lợi';
const PARAGRAPH = 'Ngày 20/4/2021, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác thủy lợi. Đồng chí Nguyễn Văn Hùng, Phó Chủ tịch UBND tỉnh chủ trì; người dân được hỗ trợ khắc phục hậu quả lũ lụt.';
const ARTICLE = `${TITLE}\n\n${PARAGRAPH}\n`;

/** All 134 Vietnamese letters with diacritics, lower then upper case, plus đ/Đ. */
const LOWER = 'aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ';

describe('legacy Vietnamese encodings', () => {
  // VNI-Windows sequences for LOWER, letter by letter, as the VNI keyboard tables list them.
  const VNI_LOWER = [
    'a', 'aù', 'aø', 'aû', 'aõ', 'aï', 'aê', 'aé', 'aè', 'aú', 'aü', 'aë', 'aâ', 'aá', 'aà', 'aå', 'aã', 'aä',
    'e', 'eù', 'eø', 'eû', 'eõ', 'eï', 'eâ', 'eá', 'eà', 'eå', 'eã', 'eä',
    'i', 'í', 'ì', 'æ', 'ó', 'ò',
    'o', 'où', 'oø', 'oû', 'oõ', 'oï', 'oâ', 'oá', 'oà', 'oå', 'oã', 'oä', 'ô', 'ôù', 'ôø', 'ôû', 'ôõ', 'ôï',
    'u', 'uù', 'uø', 'uû', 'uõ', 'uï', 'ö', 'öù', 'öø', 'öû', 'öõ', 'öï',
    'y', 'yù', 'yø', 'yû', 'yõ', 'î', 'ñ',
  ];

  it('converts every VNI-Windows letter, lower and upper case', () => {
    assert.equal(VNI_LOWER.length, [...LOWER].length);
    [...LOWER].forEach((letter, i) => {
      const vni = VNI_LOWER[i] ?? '';
      assert.equal(vniToUnicode(vni), letter, `${vni} → ${letter}`);
      assert.equal(vniToUnicode(vni.toUpperCase()), letter.toUpperCase(), `${vni.toUpperCase()} → ${letter.toUpperCase()}`);
    });
    assert.ok(VNI_TABLE.size >= 130);
  });

  it('converts every VIQR letter, and keeps sentence punctuation that is not a tone', () => {
    const VIQR_LOWER = [
      'a', "a'", 'a`', 'a?', 'a~', 'a.', 'a(', "a('", 'a(`', 'a(?', 'a(~', 'a(.', 'a^', "a^'", 'a^`', 'a^?', 'a^~', 'a^.',
      'e', "e'", 'e`', 'e?', 'e~', 'e.', 'e^', "e^'", 'e^`', 'e^?', 'e^~', 'e^.',
      'i', "i'", 'i`', 'i?', 'i~', 'i.',
      'o', "o'", 'o`', 'o?', 'o~', 'o.', 'o^', "o^'", 'o^`', 'o^?', 'o^~', 'o^.', 'o+', "o+'", 'o+`', 'o+?', 'o+~', 'o+.',
      'u', "u'", 'u`', 'u?', 'u~', 'u.', 'u+', "u+'", 'u+`', 'u+?', 'u+~', 'u+.',
      'y', "y'", 'y`', 'y?', 'y~', 'y.', 'dd',
    ];
    [...LOWER].forEach((letter, i) => {
      const viqr = VIQR_LOWER[i] ?? '';
      // Followed by a letter so a trailing "." or "?" is unambiguously a tone; đ only starts a word.
      if (viqr === 'dd') assert.equal(viqrToUnicode('ddx'), 'đx');
      else assert.equal(viqrToUnicode(`x${viqr}x`), `x${letter}x`, viqr);
    });
    assert.equal(viqrToUnicode('Vie^.t Nam. Ba.n kho?e kho^ng? DDu+o+.c.'), 'Việt Nam. Bạn khỏe không? Được.');
    assert.equal(viqrToUnicode('Ba\\. the^m'), 'Ba. thêm');
  });

  for (const [name, encode, expected] of [
    ['TCVN3 (ABC)', encodeTcvn3, 'tcvn3'],
    ['VISCII', encodeViscii, 'viscii'],
    ['Windows-1258 (combining tone marks)', encodeWindows1258, 'windows-1258'],
  ] as const) {
    it(`detects ${name} by scoring Vietnamese syllables, and decodes it to NFC`, async () => {
      const doc = await processDocument(encode(ARTICLE));
      assert.equal(doc.encoding, expected);
      assert.equal(doc.title, TITLE);
      assert.equal(doc.body, PARAGRAPH);
    });
  }

  it('detects a VNI-Windows file', async () => {
    // Build the VNI bytes from the letter table, then read them back through the whole pipeline.
    const inverse = new Map([...VNI_TABLE].map(([vni, letter]) => [letter, vni]));
    const encoded = [...ARTICLE].map((c) => inverse.get(c) ?? c).join('');
    const doc = await processDocument(iconv.encode(encoded, 'windows1252'));
    assert.equal(doc.encoding, 'vni-windows');
    assert.equal(doc.title, TITLE);
    assert.equal(doc.body, PARAGRAPH);
  });

  it('detects a VIQR file', async () => {
    const viqr = "Ho^.i nghi. to^?ng ke^'t co^ng ta'c thu?y lo+.i\n\nNga`y 20/4/2021, U?y ban nha^n da^n ti?nh to^? chu+'c ho^.i nghi. to^?ng ke^'t co^ng ta'c thu?y lo+.i, ngu+o+`i da^n ddu+o+.c ho^~ tro+.; ca'c xa~ mie^`n nu'i ddu+o+.c quan ta^m nhie^`u ho+n.\n";
    const doc = await processDocument(Buffer.from(viqr, 'ascii'));
    assert.equal(doc.encoding, 'viqr');
    assert.equal(doc.title, TITLE);
    assert.match(doc.body, /người dân được hỗ trợ; các xã miền núi được quan tâm nhiều hơn\./);
  });

  it('leaves English with apostrophes as UTF-8, not VIQR', async () => {
    const doc = await processDocument(Buffer.from("It's a river clean-up\n\nThe volunteers didn't stop until noon, and they'd collected four tonnes of plastic from the riverbank by then.\n"));
    assert.equal(doc.encoding, 'utf-8');
  });

  it('reads a Western European legacy file as Windows-1252, not as a Vietnamese encoding', async () => {
    const doc = await processDocument(iconv.encode("L'été à Nice\n\nL'été dernier, nous sommes allés à la plage près de Nice, et c'était très agréable pour toute la famille.\n", 'windows1252'));
    assert.equal(doc.encoding, 'windows-1252');
    assert.equal(doc.title, "L'été à Nice");
  });
});

describe('Unicode input', () => {
  it('composes an NFD file into NFC', async () => {
    const doc = await processDocument(Buffer.from(ARTICLE.normalize('NFD')));
    assert.equal(doc.title, TITLE);
    assert.equal(doc.body, PARAGRAPH);
  });
  it('reads UTF-16 BE without a BOM', async () => {
    const le = Buffer.from(ARTICLE, 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    const doc = await processDocument(be);
    assert.equal(doc.encoding, 'utf-16be');
    assert.equal(doc.body, PARAGRAPH);
  });
});

describe('tone placement for search', () => {
  it('moves old-style marks onto the first vowel of oa, oe, uy, and leaves quý and closed syllables alone', () => {
    assert.equal(normalizeTonePlacement('hoà thuỷ khoẻ Uỷ ban Toà án'), 'hòa thủy khỏe Ủy ban Tòa án');
    assert.equal(normalizeTonePlacement('quý hoàn toàn khuya'), 'quý hoàn toàn khuya');
  });
});

describe('DOCX', () => {
  it('reads paragraphs and headings from a Word document', async () => {
    const docx = makeDocx([
      { heading: 'Quyết định về cải cách hành chính' },
      'Ngày 5/3/2024, UBND tỉnh ban hành Quyết định 52/2024/QĐ-UBND về việc đẩy mạnh cải cách hành chính trong toàn tỉnh.',
      { heading: 'Mục tiêu' },
      'Đến năm 2025, toàn bộ thủ tục hành chính được cung cấp trực tuyến toàn trình, người dân và doanh nghiệp hài lòng.',
    ]);
    const doc = await processDocument(docx);
    assert.equal(doc.format, 'docx');
    assert.equal(doc.title, 'Quyết định về cải cách hành chính');
    assert.match(doc.body, /\n\nMục tiêu\n\n/);
    assert.deepEqual(doc.docRefs, ['52/2024/QĐ-UBND']);
    assert.equal(doc.published, '2024-03-05');
  });
  it('names an XLSX as what it is', async () => {
    const xlsx = makeZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }]);
    await assert.rejects(processDocument(xlsx), (e: unknown) => e instanceof UnsupportedFormatError && /XLSX/.test(e.message));
  });
  it('stops a zip bomb posing as DOCX before unpacking it', async () => {
    const bomb = makeZip([{ name: 'word/document.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]);
    await assert.rejects(processDocument(bomb, { maxBytes: 1024 * 1024 }), DocumentTooLargeError);
  });
  it('stops a bomb that lies about its uncompressed size', async () => {
    const liar = makeZip([{ name: 'word/document.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20), declaredSize: 100 }]);
    await assert.rejects(processDocument(liar, { maxBytes: 1024 * 1024 }), DocumentTooLargeError);
  });
  it('reports a truncated DOCX as corrupt', async () => {
    const docx = makeDocx(['Một đoạn văn bản đủ dài để thành một bài viết có nội dung.']);
    await assert.rejects(processDocument(docx.subarray(0, docx.length - 40)), CorruptDocumentError);
  });
});

describe('PDF', () => {
  const pdf = makePdf([
    [
      'Báo cáo chuyển đổi số', '',
      'Năm 2023, Ủy ban nhân dân tỉnh đã hoàn thành các chỉ tiêu kinh tế - xã',
      'hội đề ra; hệ thống giao thông được đầu tư, nâng cấp đồng bộ, đáp ứng nhu cầu vận',
      'tải hàng hóa và đi lại của người dân. The regional trans-',
      'port plan continues',
    ],
    ['on the next page and ends here.', '', 'Một đoạn mới bắt đầu ở đây, với nội dung khác hẳn đoạn trước và kết thúc tại đây.'],
  ]);

  it('reads the text layer, re-joins wrapped lines across pages and undoes hyphenation', async () => {
    const doc = await processDocument(pdf);
    assert.equal(doc.format, 'pdf');
    assert.equal(doc.title, 'Báo cáo chuyển đổi số');
    const [first, second] = doc.body.split('\n\n');
    assert.equal(first, 'Năm 2023, Ủy ban nhân dân tỉnh đã hoàn thành các chỉ tiêu kinh tế - xã hội đề ra; hệ thống giao thông được đầu tư, nâng cấp đồng bộ, đáp ứng nhu cầu vận tải hàng hóa và đi lại của người dân. The regional transport plan continues on the next page and ends here.');
    assert.equal(second, 'Một đoạn mới bắt đầu ở đây, với nội dung khác hẳn đoạn trước và kết thúc tại đây.');
  });
  it('separates a title from a single paragraph in a two-line PDF', async () => {
    const doc = await processDocument(makePdf([['Tiêu đề ngắn', '', 'Một đoạn văn duy nhất của tài liệu, đủ dài để là nội dung chính của bài viết này.']]));
    assert.equal(doc.title, 'Tiêu đề ngắn');
    assert.equal(doc.body, 'Một đoạn văn duy nhất của tài liệu, đủ dài để là nội dung chính của bài viết này.');
  });
  it('reads a gzip-compressed PDF', async () => {
    assert.equal((await processDocument(gzipSync(pdf))).format, 'pdf+gzip');
  });
  it('reports a truncated PDF as corrupt', async () => {
    await assert.rejects(processDocument(pdf.subarray(0, Math.floor(pdf.length / 2))), CorruptDocumentError);
  });
  it('says when a PDF has no text layer', async () => {
    await assert.rejects(processDocument(makePdf([[]])), (e: unknown) => e instanceof UnsupportedFormatError && /text layer/.test(e.message));
  });
});
