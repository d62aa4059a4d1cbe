import { getDocumentProxy } from 'unpdf';
import { CorruptDocumentError, UnsupportedFormatError } from '../errors.ts';

export const MAX_PDF_PAGES = 2000;

interface Line {
  text: string;
  y: number;
  height: number;
}

/**
 * The text layer of a PDF as paragraphs: lines grouped by the PDF's own line breaks, paragraphs split
 * where the vertical gap grows, and lines wrapped inside a paragraph (or across pages) joined again,
 * with end-of-line hyphenation undone.
 */
export async function pdfToParagraphs(bytes: Uint8Array): Promise<string[]> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: true, verbosity: 0 });
  } catch (error) {
    throw new CorruptDocumentError(`the PDF cannot be opened (${(error as Error).message})`, { cause: error });
  }
  try {
    if (pdf.numPages > MAX_PDF_PAGES) throw new UnsupportedFormatError(`PDF with ${pdf.numPages} pages (limit ${MAX_PDF_PAGES})`);
    const pages: Line[][] = [];
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      pages.push(toLines((await page.getTextContent()).items as Array<{ str?: string; hasEOL?: boolean; transform?: number[]; height?: number }>));
      page.cleanup();
    }
    // Line spacing is a property of the document: a page with two lines says little about it.
    const gap = medianGap(pages);
    const paragraphs: string[] = [];
    let open = '';
    for (const lines of pages) {
      lines.forEach((line, i) => {
        const previous = lines[i - 1];
        const newParagraph = i === 0 ? !continuesAcrossPage(open, line.text) : previous !== undefined && previous.y - line.y > gap * 1.5;
        if (newParagraph && open) {
          paragraphs.push(open);
          open = '';
        }
        open = joinWrapped(open, line.text);
      });
    }
    if (open) paragraphs.push(open);
    if (paragraphs.length === 0) throw new UnsupportedFormatError('PDF without a text layer (scanned pages; OCR is not supported)');
    return paragraphs;
  } catch (error) {
    if (error instanceof UnsupportedFormatError) throw error;
    throw new CorruptDocumentError(`the PDF is damaged (${(error as Error).message})`, { cause: error });
  } finally {
    await pdf.destroy();
  }
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
