/**
 * Optical character recognition as the domain sees it: an engine (a port, implemented by
 * `shared/adapters/tesseract-ocr.ts`) turns page images into lines with confidences; this module
 * turns recognised pages into paragraphs — the running header and footer and the page numbers of a
 * multi-page scan dropped — and summarises the run. Pure: no I/O.
 */

/** One recognised line: text, the engine's confidence (0–100) and its box in pixels. */
export interface OcrLine {
  text: string;
  confidence: number;
  top: number;
  bottom: number;
}

/** One recognised page: paragraphs of lines in reading order, and the page's confidence (0–100). */
export interface RecognizedPage {
  /** 1-based page number within the document (1 for an image). */
  page: number;
  paragraphs: OcrLine[][];
  confidence: number;
  height: number;
}

/** What recognises text in images; loaded only when a document needs it. */
export interface OcrEngine {
  /** Engine and models, as reported (`tesseract.js 7 LSTM vie+eng`). */
  readonly name: string;
  /** A PNG, JPEG or TIFF image (the first page of a TIFF). */
  recognizeImage(image: Uint8Array): Promise<RecognizedPage>;
  /** Scanned pages of a PDF (1-based numbers), each page's image recognised, in the order asked. */
  recognizePdfPages(pdf: Uint8Array, pages: number[]): Promise<RecognizedPage[]>;
  /** Stops the engine's workers (a CLI run or the local stack ending); Lambda never needs to. */
  close(): Promise<void>;
}

/** What OCR did for a document, on the result and the row. */
export interface OcrSummary {
  engine: string;
  /** Pages recognised (pages of a PDF without a text layer, or 1 for an image). */
  pages: number;
  /** Mean of the pages' confidences, 0–100, one decimal. */
  meanConfidence: number;
  /** Pages whose confidence is under `LOW_CONFIDENCE`: read, but worth a look. */
  lowConfidencePages: number[];
}

/**
 * Scanned pages recognised per document, in one invocation: about 2.5 s a page of a 300 dpi A4
 * scan on one core (docs/processing.md), an estimated 4–5 s on the ingest function's 0.58 vCPU, so
 * 30 pages take about two and a half minutes of its five. A longer scan fails with `OCR_LIMIT`
 * saying how to split it.
 */
export const MAX_OCR_PAGES = 30;
/** Largest image accepted, in pixels (an A4 page at 600 dpi is 35 million). */
export const MAX_OCR_PIXELS = 40_000_000;
/** A page under this confidence is reported in `lowConfidencePages`. */
export const LOW_CONFIDENCE = 70;

/** "3", "- 3 -", "Trang 3", "Page 3 of 10", "3/10": a page number alone on its line. */
const PAGE_NUMBER = /^[-–—\s]*((trang|page)\s*)?\d{1,4}(\s*(\/|of|trên)\s*\d{1,4})?[-–—\s]*$/iu;

/** A line compared across pages with its digits masked: the header "Trang 3" and "Trang 4" are the same. */
const shape = (line: string): string => line.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();

/**
 * Paragraphs of recognised pages, page by page. Dropped: a page number alone on the first or last
 * line of a page, and running headers and footers — a first or last line whose shape recurs on at
 * least half the pages (of a scan of three pages or more). A paragraph is its lines joined, with
 * end-of-line hyphenation undone.
 */
export function ocrParagraphsByPage(pages: readonly RecognizedPage[]): string[][] {
  const edgeShapes = new Map<string, number>();
  for (const page of pages) {
    const lines = page.paragraphs.flat();
    for (const line of new Set([lines[0], lines[lines.length - 1]])) {
      if (line) edgeShapes.set(shape(line.text), (edgeShapes.get(shape(line.text)) ?? 0) + 1);
    }
  }
  const running = (text: string): boolean => pages.length >= 3 && (edgeShapes.get(shape(text)) ?? 0) >= Math.max(2, pages.length / 2);
  return pages.map((page) => {
    const lines = page.paragraphs.flat();
    const first = lines[0];
    const last = lines[lines.length - 1];
    const out: string[] = [];
    for (const paragraph of splitAtGaps(page.paragraphs)) {
      const kept = paragraph.filter((line) => {
        const edge = line === first || line === last;
        return !(edge && (PAGE_NUMBER.test(line.text.trim()) || running(line.text)));
      });
      const text = kept.reduce((open, line) => joinLine(open, line.text.trim()), '');
      if (text) out.push(text);
    }
    return out;
  });
}

/**
 * The engine's paragraphs, also split where the blank space between two lines is taller than most of
 * a line (a blank line on the page): Tesseract sometimes runs a heading into the text below it.
 */
function splitAtGaps(paragraphs: readonly OcrLine[][]): OcrLine[][] {
  const heights = paragraphs.flat().map((l) => l.bottom - l.top).filter((h) => h > 0).sort((a, b) => a - b);
  const height = heights[Math.floor(heights.length / 2)];
  if (!height) return [...paragraphs];
  const out: OcrLine[][] = [];
  for (const paragraph of paragraphs) {
    let current: OcrLine[] = [];
    paragraph.forEach((line, i) => {
      const previous = paragraph[i - 1];
      if (previous && line.top - previous.bottom > height * 0.8 && current.length > 0) {
        out.push(current);
        current = [];
      }
      current.push(line);
    });
    if (current.length > 0) out.push(current);
  }
  return out;
}

/** "trans-" + "port" → "transport"; otherwise the lines are joined with a space. */
function joinLine(open: string, next: string): string {
  if (!open) return next;
  if (!next) return open;
  if (/\p{L}-$/u.test(open) && /^\p{Ll}/u.test(next)) return open.slice(0, -1) + next;
  return `${open} ${next}`;
}

/** The summary of a run over these pages. */
export function ocrSummary(engine: string, pages: readonly RecognizedPage[]): OcrSummary {
  const mean = pages.length === 0 ? 0 : pages.reduce((sum, p) => sum + p.confidence, 0) / pages.length;
  return {
    engine,
    pages: pages.length,
    meanConfidence: Math.round(mean * 10) / 10,
    lowConfidencePages: pages.filter((p) => p.confidence < LOW_CONFIDENCE).map((p) => p.page),
  };
}
