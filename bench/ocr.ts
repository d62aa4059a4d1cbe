/**
 * `npm run bench:ocr`: OCR quality and cost on pages the project draws itself (test/support/make-scan.ts):
 * character error rate at 300 and 150 dpi, crooked and stamped, time per page, and a 10-page scanned
 * PDF processed in a fresh process — pages per second on one core and peak memory. Writes
 * bench/ocr-results.json and prints a Markdown table (docs/processing.md quotes it). Kept apart from
 * `npm run bench`, whose time limit it would use up (about two minutes).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTesseractEngine } from '../shared/adapters/tesseract-ocr.ts';
import { ocrParagraphsByPage } from '../shared/domain/ocr.ts';
import { characterErrorRate, makeImagePdf, makeScannedPage, skipWithoutScanFont, type ScanOptions } from '../test/support/make-scan.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 3;
/** The letter of test/unit/ocr.test.ts: every vowel shape and tone. */
const LETTER = [
  'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN', '', 'QUYẾT ĐỊNH', '', 'Về việc ban hành quy chế làm việc của Ủy ban nhân dân tỉnh', '',
  'Ngày 15 tháng 3 năm 2019, Ủy ban nhân dân tỉnh Nghệ An ban hành quyết định',
  'về quy chế làm việc của các sở, ban, ngành; người dân được hỗ trợ khắc phục',
  'hậu quả lũ lụt, giữ gìn trật tự an toàn giao thông trên địa bàn.', '',
  'Điều 1. Các cơ quan chuyên môn thuộc tỉnh chịu trách nhiệm trước Chủ tịch',
  'về kết quả thực hiện nhiệm vụ được giao; báo cáo định kỳ hằng tháng, quý, năm.', '',
  'Điều 2. Giám đốc Sở Tài chính, Sở Kế hoạch và Đầu tư, Sở Nội vụ, Chánh Văn phòng',
  'và thủ trưởng các đơn vị liên quan chịu trách nhiệm thi hành quyết định này.',
  'Quyết định có hiệu lực kể từ ngày ký; những quy định trước đây trái với',
  'quyết định này đều bãi bỏ. Nơi nhận: như Điều 2; lưu VT, KSTT.',
];
const CASES: Array<{ name: string; options: ScanOptions; targetCer: number }> = [
  { name: '300 dpi', options: { dpi: 300 }, targetCer: 0.02 },
  { name: '150 dpi', options: { dpi: 150 }, targetCer: 0.05 },
  { name: '300 dpi, turned 1°', options: { dpi: 300, rotate: 1 }, targetCer: 0.02 },
  { name: '300 dpi, stamp and specks', options: { dpi: 300, stamp: true }, targetCer: 0.02 },
  { name: '150 dpi, turned −1°, stamp', options: { dpi: 150, rotate: -1, stamp: true }, targetCer: 0.05 },
];

if (skipWithoutScanFont) {
  process.stderr.write(`${skipWithoutScanFont}\n`);
  process.exit(1);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const expected = LETTER.filter(Boolean).join(' ');
const engine = createTesseractEngine();
await engine.recognizeImage(makeScannedPage(['Khởi động'], { dpi: 150 }).png);
const pages = [];
for (const c of CASES) {
  const png = makeScannedPage(LETTER, c.options).png;
  const times: number[] = [];
  let cer = NaN;
  let confidence = NaN;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const page = await engine.recognizeImage(png);
    times.push(performance.now() - started);
    cer = characterErrorRate(expected, ocrParagraphsByPage([page]).flat().join(' '));
    confidence = page.confidence;
  }
  pages.push({ name: c.name, cer, targetCer: c.targetCer, met: cer <= c.targetCer, confidence, msPerPage: Math.round(median(times)) });
}
await engine.close();

// The 10-page PDF runs in a fresh process so its peak memory is the OCR's, not this script's drawing.
const dir = mkdtempSync(join(tmpdir(), 'docpipe-bench-ocr-'));
try {
  writeFileSync(join(dir, 'scan.pdf'), makeImagePdf(Array.from({ length: 10 }, (_, i) => makeScannedPage([`Phần ${i + 1}.`, ...LETTER], { dpi: 300, header: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', footer: `Trang ${i + 1}` }))));
  const script = `
    import { readFileSync } from 'node:fs';
    import { createTesseractEngine } from ${JSON.stringify(join(ROOT, 'shared/adapters/tesseract-ocr.ts'))};
    import { processDocument } from ${JSON.stringify(join(ROOT, 'shared/domain/process-document.ts'))};
    const engine = createTesseractEngine();
    const started = performance.now();
    const doc = await processDocument(readFileSync(${JSON.stringify(join(dir, 'scan.pdf'))}), { ocr: engine });
    const ms = performance.now() - started;
    await engine.close();
    const peakKB = Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    process.stdout.write(JSON.stringify({ ms, peakKB, pages: doc.ocr?.pages, meanConfidence: doc.ocr?.meanConfidence }));`;
  writeFileSync(join(dir, 'run.mts'), script);
  const pdf = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(dir, 'run.mts')], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { ms: number; peakKB: number; pages: number; meanConfidence: number };
  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    pages,
    scannedPdf: { pages: pdf.pages, seconds: Number((pdf.ms / 1000).toFixed(1)), pagesPerSecond: Number(((pdf.pages * 1000) / pdf.ms).toFixed(2)), peakRssMiB: Math.round(pdf.peakKB / 1024), meanConfidence: pdf.meanConfidence },
  };
  writeFileSync(join(ROOT, 'bench/ocr-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write('| page | CER | target | confidence | time per page |\n| --- | --- | --- | --- | --- |\n');
  for (const p of pages) process.stdout.write(`| ${p.name} | ${(p.cer * 100).toFixed(2)} % | ≤ ${p.targetCer * 100} % (${p.met ? 'met' : 'missed'}) | ${p.confidence} | ${(p.msPerPage / 1000).toFixed(1)} s |\n`);
  const s = results.scannedPdf;
  process.stdout.write(`\n10-page scanned PDF, 300 dpi, fresh process: ${s.seconds} s, ${s.pagesPerSecond} pages/s on one core, peak RSS ${s.peakRssMiB} MiB\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
