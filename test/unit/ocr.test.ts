import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createTesseractEngine } from '../../shared/adapters/tesseract-ocr.ts';
import { MAX_OCR_PAGES, ocrParagraphsByPage, ocrSummary, type OcrLine, type RecognizedPage } from '../../shared/domain/ocr.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import { characterErrorRate, makeImagePdf, makeScannedPage, skipWithoutScanFont } from '../support/make-scan.ts';

/** A page of a government letter: every Vietnamese vowel shape and tone appears in it. */
const LETTER = [
  'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN',
  '',
  'QUYẾT ĐỊNH',
  '',
  'Về việc ban hành quy chế làm việc của Ủy ban nhân dân tỉnh',
  '',
  'Ngày 15 tháng 3 năm 2019, Ủy ban nhân dân tỉnh Nghệ An ban hành quyết định',
  'về quy chế làm việc của các sở, ban, ngành; người dân được hỗ trợ khắc phục',
  'hậu quả lũ lụt, giữ gìn trật tự an toàn giao thông trên địa bàn.',
  '',
  'Điều 1. Các cơ quan chuyên môn thuộc tỉnh chịu trách nhiệm trước Chủ tịch',
  'về kết quả thực hiện nhiệm vụ được giao; báo cáo định kỳ hằng tháng, quý, năm.',
  '',
  'Điều 2. Giám đốc Sở Tài chính, Sở Kế hoạch và Đầu tư, Sở Nội vụ, Chánh Văn phòng',
  'và thủ trưởng các đơn vị liên quan chịu trách nhiệm thi hành quyết định này.',
  'Quyết định có hiệu lực kể từ ngày ký; những quy định trước đây trái với',
  'quyết định này đều bãi bỏ. Nơi nhận: như Điều 2; lưu VT, KSTT.',
];
const LETTER_TEXT = LETTER.filter(Boolean).join(' ');

const line = (text: string, top: number): OcrLine => ({ text, confidence: 90, top, bottom: top + 40 });
const page = (number: number, paragraphs: OcrLine[][]): RecognizedPage => ({ page: number, paragraphs, confidence: 90, height: 3508 });

describe('OCR paragraphs (pure)', () => {
  it('drops the running header, the footer and page numbers of a multi-page scan, and keeps the text', () => {
    const pages = [1, 2, 3].map((n) => page(n, [[line('UBND TỈNH NGHỆ AN', 100)], [line(`Nội dung trang ${n} của văn bản.`, 300)], [line(`Trang ${n}`, 3300)]]));
    assert.deepEqual(ocrParagraphsByPage(pages), [['Nội dung trang 1 của văn bản.'], ['Nội dung trang 2 của văn bản.'], ['Nội dung trang 3 của văn bản.']]);
  });

  it('keeps a first line that only one page has, and a number that is not on the page edge', () => {
    const pages = [page(1, [[line('QUYẾT ĐỊNH', 100)], [line('12', 300)], [line('Nội dung.', 400)]])];
    assert.deepEqual(ocrParagraphsByPage(pages), [['QUYẾT ĐỊNH', '12', 'Nội dung.']]);
  });

  it('splits an engine paragraph at a blank line and joins wrapped lines, undoing end-of-line hyphens', () => {
    const pages = [page(1, [[line('QUYẾT ĐỊNH', 100), line('Ủy ban nhân dân tỉnh ban hành quy chế làm', 220), line('việc; hỗ trợ trans-', 270), line('port cho người dân.', 320)]])];
    assert.deepEqual(ocrParagraphsByPage(pages), [['QUYẾT ĐỊNH', 'Ủy ban nhân dân tỉnh ban hành quy chế làm việc; hỗ trợ transport cho người dân.']]);
  });

  it('summarises engine, pages, mean confidence and the pages under 70', () => {
    const pages = [{ ...page(1, []), confidence: 91 }, { ...page(2, []), confidence: 62 }];
    assert.deepEqual(ocrSummary('engine', pages), { engine: 'engine', pages: 2, meanConfidence: 76.5, lowConfidencePages: [2] });
  });
});

describe('OCR with tesseract.js (vie + eng from the npm packages, no download)', { skip: skipWithoutScanFont }, () => {
  const engine = createTesseractEngine();
  after(() => engine.close());
  const recognizedText = async (png: Buffer): Promise<string> => ocrParagraphsByPage([await engine.recognizeImage(png)]).flat().join(' ');

  it('reads a page scanned at 300 dpi with a character error rate of at most 2 %, diacritics counted', async () => {
    const cer = characterErrorRate(LETTER_TEXT, await recognizedText(makeScannedPage(LETTER, { dpi: 300 }).png));
    assert.ok(cer <= 0.02, `CER ${cer}`);
  });

  it('reads a page scanned at 150 dpi with a character error rate of at most 5 %', async () => {
    const cer = characterErrorRate(LETTER_TEXT, await recognizedText(makeScannedPage(LETTER, { dpi: 150 }).png));
    assert.ok(cer <= 0.05, `CER ${cer}`);
  });

  it('reads a crooked page (1° off) with a stamp and specks at 300 dpi within 2 %', async () => {
    const cer = characterErrorRate(LETTER_TEXT, await recognizedText(makeScannedPage(LETTER, { dpi: 300, rotate: 1, stamp: true }).png));
    assert.ok(cer <= 0.02, `CER ${cer}`);
  });

  it('processes a PNG scan end to end: paragraphs, metadata and the ocr summary', async () => {
    const doc = await processDocument(makeScannedPage(LETTER, { dpi: 300 }).png, { ocr: engine });
    assert.equal(doc.format, 'png');
    assert.equal(doc.published, '2019-03-15');
    assert.match(doc.body, /Ủy ban nhân dân tỉnh Nghệ An ban hành quyết định về quy chế làm việc/);
    assert.equal(doc.ocr?.engine, 'tesseract.js vie+eng (LSTM)');
    assert.equal(doc.ocr?.pages, 1);
    assert.ok((doc.ocr?.meanConfidence ?? 0) > 80, JSON.stringify(doc.ocr));
  });

  it('processes a three-page scanned PDF: running header and page numbers dropped, every page read', async () => {
    // Prepare: three image-only pages, each with the same header and its own page number.
    const pages = [1, 2, 3].map((n) => makeScannedPage([`Phần ${n}.`, ...LETTER.slice(6, 9)], { dpi: 200, header: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', footer: `Trang ${n}` }));
    // Act
    const doc = await processDocument(makeImagePdf(pages), { ocr: engine });
    // Assess
    assert.equal(doc.format, 'pdf');
    assert.deepEqual(doc.ocr && { pages: doc.ocr.pages, low: doc.ocr.lowConfidencePages }, { pages: 3, low: [] });
    const text = [doc.title, doc.body].join('\n');
    assert.doesNotMatch(text, /CỘNG HÒA|Trang \d/);
    for (const n of [1, 2, 3]) assert.match(text, new RegExp(`Phần ${n}\\.`));
  });

  it('reads the scanned page of a PDF whose other page has a text layer, in page order', async () => {
    const pdf = makeImagePdf([{ text: ['Bao cao tong ket nam 2020', '', 'Phan mo dau duoc danh may.'] }, makeScannedPage(LETTER.slice(6, 9), { dpi: 200 })]);
    const doc = await processDocument(pdf, { ocr: engine });
    const text = [doc.title, doc.body].join('\n');
    assert.ok(text.indexOf('Phan mo dau') < text.indexOf('Ủy ban nhân dân tỉnh Nghệ An'), text);
    assert.equal(doc.ocr?.pages, 1);
  });

  it('keeps a text PDF out of OCR entirely', async () => {
    const doc = await processDocument(makeImagePdf([{ text: ['Bao cao tong ket nam 2020', '', 'Phan mo dau duoc danh may.'] }]), { ocr: engine });
    assert.equal(doc.ocr, null);
  });

  it('without an OCR engine a scan still fails as UNSUPPORTED_FORMAT, saying OCR is not available', async () => {
    await assert.rejects(processDocument(makeImagePdf([makeScannedPage(['Trang quét.'], { dpi: 100 })])), { code: 'UNSUPPORTED_FORMAT', message: /without a text layer.*OCR is not available/ });
    await assert.rejects(processDocument(makeScannedPage(['Trang quét.'], { dpi: 100 }).png), { code: 'UNSUPPORTED_FORMAT', message: /PNG image \(OCR is not available here\)/ });
  });

  it(`fails a scan of more than ${MAX_OCR_PAGES} pages with OCR_LIMIT, before recognising any`, async () => {
    const tiny = makeScannedPage([], { dpi: 10 });
    const started = performance.now();
    await assert.rejects(processDocument(makeImagePdf(Array.from({ length: MAX_OCR_PAGES + 1 }, () => tiny)), { ocr: engine }), { code: 'OCR_LIMIT', message: new RegExp(`Split the scan into parts of ${MAX_OCR_PAGES} pages`) });
    assert.ok(performance.now() - started < 20_000);
  });

  it('fails an image over the pixel limit with OCR_LIMIT, from its header alone', async () => {
    const png = Buffer.from(makeScannedPage([], { dpi: 10 }).png);
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    await assert.rejects(processDocument(png, { ocr: engine }), { code: 'OCR_LIMIT', message: /20000×20000 pixels/ });
  });

  it('fails a truncated PNG as CORRUPT_DOCUMENT and an image without text as UNSUPPORTED_FORMAT', async () => {
    await assert.rejects(processDocument(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), { ocr: engine }), { code: 'CORRUPT_DOCUMENT' });
    await assert.rejects(processDocument(makeScannedPage([], { dpi: 72 }).png, { ocr: engine }), { code: 'UNSUPPORTED_FORMAT', message: /PNG image in which OCR found no text/ });
  });
});
