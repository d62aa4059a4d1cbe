import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { convertLegacyRun, legacyFontEncoding } from '../../shared/domain/decode/legacy-fonts.ts';
import { VNI_TABLE } from '../../shared/domain/decode/vni.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import { makeDocxWithRuns } from '../support/make-zip.ts';

const LOWER = 'aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ';
const ALL = `${LOWER} ${LOWER.toUpperCase()}`;

/** What Word stores for text typed in a TCVN3 font: the TCVN3 bytes as Windows-1252 characters. */
const typedInTcvn3 = (text: string): string => new TextDecoder('windows-1252').decode(iconv.encode(text, 'tcvn'));
/** The same for the `…H` capitals fonts: their codes are the lower-case letters' codes. */
const typedInTcvn3Capitals = (text: string): string => typedInTcvn3(text.toLowerCase());
const typedInVni = (text: string): string => {
  const inverse = new Map([...VNI_TABLE].map(([vni, letter]) => [letter, vni]));
  return [...text].map((c) => inverse.get(c) ?? c).join('');
};

describe('legacy fonts', () => {
  it('knows TCVN3 fonts (.Vn…, …H for capitals) and VNI fonts (VNI-…) by name, and nothing else', () => {
    assert.deepEqual(legacyFontEncoding('.VnTime'), { encoding: 'tcvn3', capitals: false });
    assert.deepEqual(legacyFontEncoding('.VnArialH'), { encoding: 'tcvn3', capitals: true });
    assert.deepEqual(legacyFontEncoding('VNI-Times'), { encoding: 'vni-windows', capitals: false });
    assert.deepEqual(legacyFontEncoding('VNI-Helve'), { encoding: 'vni-windows', capitals: false });
    for (const font of ['Times New Roman', 'Arial', 'Vni', 'VnTime', null]) assert.equal(legacyFontEncoding(font), undefined, String(font));
  });

  it('converts a .VnTime run letter-exact on every lower-case letter and the capitals TCVN3 has', () => {
    const text = `${LOWER} ĂÂĐÊÔƠƯ`;
    assert.equal(convertLegacyRun(typedInTcvn3(text), { encoding: 'tcvn3', capitals: false }), text);
  });

  it('converts a .VnTimeH run letter-exact on every capital', () => {
    assert.equal(convertLegacyRun(typedInTcvn3Capitals(LOWER.toUpperCase()), { encoding: 'tcvn3', capitals: true }), LOWER.toUpperCase());
  });

  it('converts a VNI-Times run letter-exact on every letter in both cases', () => {
    assert.equal(convertLegacyRun(typedInVni(ALL), { encoding: 'vni-windows', capitals: false }), ALL);
  });

  it('leaves a run typed in Unicode alone even when a legacy font is still selected', () => {
    assert.equal(convertLegacyRun('Ủy ban nhân dân', { encoding: 'tcvn3', capitals: false }), 'Ủy ban nhân dân');
  });

  it('reads a DOCX mixing .VnTime, .VnTimeH, VNI-Times and Unicode runs, each by its font, and lists the fonts', async () => {
    // Prepare
    const docx = makeDocxWithRuns([
      { runs: [{ text: typedInTcvn3Capitals('QUYẾT ĐỊNH'), font: '.VnTimeH' }, { text: ' về việc ban hành quy chế', font: 'Times New Roman' }] },
      { runs: [{ text: typedInTcvn3('Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác thủy lợi năm 2020, '), font: '.VnTime' }, { text: typedInVni('người dân được hỗ trợ khắc phục hậu quả lũ lụt; '), font: 'VNI-Times' }, { text: 'Đồng chí Nguyễn Văn Hùng chủ trì.' }] },
    ]);
    // Act
    const doc = await processDocument(docx);
    // Assess
    assert.equal(doc.title, 'QUYẾT ĐỊNH về việc ban hành quy chế');
    assert.equal(doc.body, 'Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác thủy lợi năm 2020, người dân được hỗ trợ khắc phục hậu quả lũ lụt; Đồng chí Nguyễn Văn Hùng chủ trì.');
    assert.deepEqual(doc.legacyFonts, [
      { font: '.VnTime', encoding: 'tcvn3', runs: 1 },
      { font: '.VnTimeH', encoding: 'tcvn3', runs: 1 },
      { font: 'VNI-Times', encoding: 'vni-windows', runs: 1 },
    ]);
    assert.deepEqual(doc.repairs, []);
  });

  it('takes the font of the paragraph style (through basedOn) and of the document defaults when a run sets none', async () => {
    const docx = makeDocxWithRuns(
      [
        { runs: [{ text: typedInTcvn3('Thông báo kết luận của Thường trực Tỉnh ủy') }], style: 'Title' },
        { runs: [{ text: typedInVni('Ngày 20/4/2021, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác thủy lợi.') }] },
      ],
      { defaultFont: 'VNI-Times', styles: [{ id: 'Base', font: '.VnTime' }, { id: 'Title', basedOn: 'Base' }] },
    );
    const doc = await processDocument(docx);
    assert.equal(doc.title, 'Thông báo kết luận của Thường trực Tỉnh ủy');
    assert.equal(doc.body, 'Ngày 20/4/2021, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác thủy lợi.');
    assert.deepEqual(doc.legacyFonts.map((f) => f.font).sort(), ['.VnTime', 'VNI-Times']);
  });

  it('reports no legacy fonts for a Unicode DOCX', async () => {
    const doc = await processDocument(makeDocxWithRuns([{ runs: [{ text: 'Ủy ban nhân dân tỉnh tổ chức hội nghị.', font: 'Times New Roman' }] }]));
    assert.deepEqual(doc.legacyFonts, []);
  });
});
