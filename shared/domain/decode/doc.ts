import WordExtractor from 'word-extractor';
import { CorruptDocumentError, UnsupportedFormatError } from '../errors.ts';
import { inspectOle2 } from './ole2-guard.ts';

/**
 * Word 97–2003 (`.doc`) → paragraphs of the main text (`word-extractor`), footnotes and endnotes
 * after them. The container is checked first (`inspectOle2`), so a looping sector chain fails
 * here instead of exhausting memory inside the library, and Excel or PowerPoint files are named.
 */
export async function docToParagraphs(bytes: Uint8Array): Promise<string[]> {
  const kind = inspectOle2(bytes);
  if (kind !== 'word') throw new UnsupportedFormatError(kind);
  let parts: string[];
  try {
    const doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    // Curly quotes and dashes kept as written: a legacy-font document may use those code points for letters.
    const raw = { filterUnicode: false };
    parts = [doc.getBody(raw), doc.getFootnotes(raw), doc.getEndnotes(raw)];
  } catch (error) {
    throw new CorruptDocumentError(`the Word 97–2003 file cannot be read (${(error as Error).message})`, { cause: error });
  }
  // Word ends paragraphs with CR (shown as line breaks) and cells with a tab; fields leave NULs.
  return restoreOptionalHyphens(parts.join('\n')).replace(/\0/g, '').split(/\r\n?|\n/);
}

/**
 * word-extractor 1.0.4 maps Word's optional hyphen (0x1F) through a table without an entry for it,
 * and so writes the string "undefined" in its place. Glued to a letter it cannot be the English word:
 * it becomes the soft hyphen it stood for (U+00AD), which normalisation removes — and which is the
 * byte of `ư` in a `.VnTime` document, so the mojibake repair can still read that right.
 */
function restoreOptionalHyphens(text: string): string {
  return text.replace(/(?<=\p{L})undefined|undefined(?=\p{L})/gu, '\u00AD');
}
