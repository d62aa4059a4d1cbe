import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';
import { CorruptDocumentError, DocpipeError, OcrLimitError, OcrUnavailableError, UnsupportedFormatError } from '../errors.ts';
import { MAX_OCR_PAGES, ocrParagraphsByPage, ocrSummary, type OcrEngine, type OcrSummary } from '../ocr.ts';

export const MAX_PDF_PAGES = 2000;

interface Line {
  text: string;
  y: number;
  height: number;
}

/**
 * The text layer of a PDF as paragraphs: lines grouped by the PDF's own line breaks, paragraphs split
 * where the vertical gap grows, and lines wrapped inside a paragraph (or across pages) joined again,
 * with end-of-line hyphenation undone. With an OCR engine, pages without text that paint an image
 * (scanned pages) are recognised and their paragraphs take the pages' places; `ocr` says so.
 */
export async function pdfToParagraphs(bytes: Uint8Array, engine?: OcrEngine): Promise<{ paragraphs: string[]; ocr: OcrSummary | null }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: true, verbosity: 0 });
  } catch (error) {
    throw new CorruptDocumentError(`the PDF cannot be opened (${(error as Error).message})`, { cause: error });
  }
  try {
    if (pdf.numPages > MAX_PDF_PAGES) throw new UnsupportedFormatError(`PDF with ${pdf.numPages} pages (limit ${MAX_PDF_PAGES})`);
    const pages: Line[][] = [];
    const scanned: number[] = [];
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const lines = toLines((await page.getTextContent()).items as Array<{ str?: string; hasEOL?: boolean; transform?: number[]; height?: number }>);
      pages.push(lines);
      // Only asked when OCR could use the answer: a text PDF costs no operator list.
      if (engine && lines.length === 0 && (await paintsImage(page))) scanned.push(p);
      page.cleanup();
    }
    const recognized = engine && scanned.length > 0 ? await recognize(engine, bytes, scanned) : undefined;
    // Line spacing is a property of the document: a page with two lines says little about it.
    const gap = medianGap(pages);
    const paragraphs: string[] = [];
    let open = '';
    pages.forEach((lines, index) => {
      const ocrParagraphs = recognized?.byPage.get(index + 1);
      if (ocrParagraphs) {
        if (open) paragraphs.push(open);
        open = '';
        paragraphs.push(...ocrParagraphs);
        return;
      }
      lines.forEach((line, i) => {
        const previous = lines[i - 1];
        const newParagraph = i === 0 ? !continuesAcrossPage(open, line.text) : previous !== undefined && previous.y - line.y > gap * 1.5;
        if (newParagraph && open) {
          paragraphs.push(open);
          open = '';
        }
        open = joinWrapped(open, line.text);
      });
    });
    if (open) paragraphs.push(open);
    if (paragraphs.length === 0) {
      if (recognized) throw new UnsupportedFormatError(`scanned PDF in which OCR found no text (${scanned.length} page(s), mean confidence ${recognized.summary.meanConfidence})`);
      throw new UnsupportedFormatError(engine ? 'PDF without a text layer or page images' : 'PDF without a text layer (scanned pages; OCR is not available here)');
    }
    return { paragraphs, ocr: recognized?.summary ?? null };
  } catch (error) {
    if (error instanceof DocpipeError) throw error;
    throw new CorruptDocumentError(`the PDF is damaged (${(error as Error).message})`, { cause: error });
  } finally {
    await pdf.destroy();
  }
}

async function recognize(engine: OcrEngine, bytes: Uint8Array, scanned: number[]): Promise<{ byPage: Map<number, string[]>; summary: OcrSummary }> {
  if (scanned.length > MAX_OCR_PAGES) {
    throw new OcrLimitError(`The PDF has ${scanned.length} scanned pages; OCR reads at most ${MAX_OCR_PAGES} per document (about 2 s a page). Split the scan into parts of ${MAX_OCR_PAGES} pages or fewer and upload them separately.`);
  }
  let pages;
  try {
    pages = await engine.recognizePdfPages(bytes, scanned);
  } catch (error) {
    if (error instanceof DocpipeError) throw error;
    // The engine's failure, not the PDF's: kept apart so it is not reported as a damaged file.
    throw new OcrUnavailableError(error);
  }
  const paragraphs = ocrParagraphsByPage(pages);
  return { byPage: new Map(pages.map((p, i) => [p.page, paragraphs[i] ?? []])), summary: ocrSummary(engine.name, pages) };
}

/** Whether a page paints an image (a scanned page does; a blank one does not). */
async function paintsImage(page: { getOperatorList(): Promise<{ fnArray: number[] }> }): Promise<boolean> {
  const { OPS } = await getResolvedPDFJS();
  const painting = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat]);
  return (await page.getOperatorList()).fnArray.some((op) => painting.has(op));
}

function toLines(items: Array<{ str?: string; hasEOL?: boolean; transform?: number[]; height?: number }>): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    const y = item.transform?.[5] ?? current?.y ?? 0;
    if (current && Math.abs(current.y - y) > (current.height || 1) * 0.5 && current.text.trim()) {
      lines.push(current);
      current = undefined;
    }
    current ??= { text: '', y, height: item.height ?? 0 };
    current.text += item.str ?? '';
    current.height = Math.max(current.height, item.height ?? 0);
    if (item.hasEOL) {
      if (current.text.trim()) lines.push(current);
      current = undefined;
    }
  }
  if (current?.text.trim()) lines.push(current);
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text);
}

/**
 * Normal line spacing: the median gap between lines, but never more than 1.4× the median font height
 * (in a two-line document the only gap may be the paragraph break itself).
 */
function medianGap(pages: Line[][]): number {
  const median = (xs: number[]): number | undefined => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const gap = median(pages.flatMap((lines) => lines.slice(1).map((l, i) => (lines[i]?.y ?? 0) - l.y)).filter((g) => g > 0)) ?? 12;
  const height = median(pages.flat().map((l) => l.height).filter((h) => h > 0));
  return height ? Math.min(gap, height * 1.4) : gap;
}

/** A paragraph runs on to the next page when it did not end a sentence and the page starts in lower case. */
function continuesAcrossPage(open: string, next: string): boolean {
  return open !== '' && !/[.!?…:"”)]$/u.test(open) && /^\p{Ll}/u.test(next);
}

/** "trans-" + "port" → "transport"; otherwise the wrapped lines are joined with a space. */
export function joinWrapped(open: string, next: string): string {
  if (!open) return next;
  if (/\p{L}-$/u.test(open) && /^\p{Ll}/u.test(next)) return open.slice(0, -1) + next;
  return `${open} ${next}`;
}
