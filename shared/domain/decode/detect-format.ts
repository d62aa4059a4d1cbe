/** Format detection from the bytes themselves (magic numbers, then content), never from the file name. */

export type DocumentFormat = 'text' | 'html' | 'markdown' | 'docx' | 'doc' | 'pdf' | ImageFormat;

/** Images read by OCR. */
export type ImageFormat = 'png' | 'jpeg' | 'tiff';

/** What the bytes look like, including formats docpipe recognises but does not read. */
export type DetectedKind =
  | { kind: 'gzip' }
  | { kind: 'pdf' }
  | { kind: 'zip' }
  | { kind: 'ole2' }
  | { kind: 'image'; format: ImageFormat; name: string }
  | { kind: 'binary'; name: string }
  | { kind: 'text' };

const IMAGES: ReadonlyArray<readonly [number[], ImageFormat, string]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'png', 'PNG image'],
  [[0xff, 0xd8, 0xff], 'jpeg', 'JPEG image'],
  [[0x49, 0x49, 0x2a, 0x00], 'tiff', 'TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'tiff', 'TIFF image'],
];

const MAGIC: ReadonlyArray<readonly [number[], string]> = [
  [[0x47, 0x49, 0x46, 0x38], 'GIF image'],
  [[0x42, 0x5a, 0x68], 'bzip2 archive'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a], 'xz archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'RAR archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'ELF executable'],
  [[0x4d, 0x5a], 'Windows executable'],
  [[0x7b, 0x5c, 0x72, 0x74, 0x66], 'RTF document'],
];

export function detectKind(bytes: Uint8Array): DetectedKind {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { kind: 'gzip' };
  // OLE2 compound file: Word 97–2003 is read; Excel, PowerPoint and others are named after a look inside.
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return { kind: 'ole2' };
  // "%PDF-" may follow a little junk (some generators write a BOM or whitespace first).
  if (indexOfAscii(bytes, '%PDF-', 1024) !== -1) return { kind: 'pdf' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return { kind: 'zip' };
  for (const [magic, format, name] of IMAGES) {
    if (magic.every((b, i) => bytes[i] === b)) return { kind: 'image', format, name };
  }
  for (const [magic, name] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) return { kind: 'binary', name };
  }
  return looksBinary(bytes) ? { kind: 'binary', name: 'binary data' } : { kind: 'text' };
}

/** Where `needle` (ASCII) starts in `bytes`, at offset `within` at most; -1 when it does not. */
function indexOfAscii(bytes: Uint8Array, needle: string, within: number): number {
  // The engine's search over the bytes the needle can occupy, not a loop of comparisons.
  const end = Math.min(bytes.length, within + needle.length);
  return Buffer.from(bytes.buffer, bytes.byteOffset, end).indexOf(needle, 0, 'latin1');
}

/** How many bytes `looksBinary` reads. */
const BINARY_SAMPLE_BYTES = 4096;

/**
 * Binary when NUL bytes or C0 controls are common. UTF-16 text is full of NULs but in one byte
 * lane only, so it is excluded before this is called by checking both lanes.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, BINARY_SAMPLE_BYTES);
  if (n === 0) return false;
  const counts = { controls: 0, evenNul: 0, oddNul: 0 };
  let i = 0;
  if ((bytes.byteOffset & 3) === 0) {
    // Four bytes at a time: a word with no byte below 0x20 (the test is exact for "any", per word)
    // holds neither NUL nor control; text has one only at its line breaks.
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, n >>> 2);
    for (let w = 0; w < words.length; w++) {
      const x = words[w] as number;
      if (((x - 0x20202020) & ~x & 0x80808080) !== 0) countControls(bytes, w * 4, w * 4 + 4, counts);
    }
    i = words.length * 4;
  }
  countControls(bytes, i, n, counts);
  const { controls, evenNul, oddNul } = counts;
  const nul = evenNul + oddNul;
  const utf16Like = nul > n * 0.2 && Math.min(evenNul, oddNul) < n * 0.02;
  if (utf16Like) return false;
  return (nul + controls) / n > 0.05;
}

/** Adds the NUL bytes (by lane) and C0 controls of bytes [from, to) to `counts`. */
function countControls(bytes: Uint8Array, from: number, to: number, counts: { controls: number; evenNul: number; oddNul: number }): void {
  for (let i = from; i < to; i++) {
    const b = bytes[i] as number;
    if (b === 0) {
      if (i % 2 === 0) counts.evenNul++;
      else counts.oddNul++;
    } else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) counts.controls++;
  }
}

/** How much of a decoded text `detectTextFormat` reads. */
export const FORMAT_SAMPLE_CHARS = 4096;

/**
 * A character every HTML test needs (`<`) or one of every Markdown mark that counts (`#`, `[`, a
 * backtick, `*`; list items count only beside those): a text without any is plain text, known
 * without the patterns.
 */
const MARKUP_CHARACTER = /[<#[`*]/;

/** Which text format a decoded string is written in. */
export function detectTextFormat(text: string): DocumentFormat {
  const head = text.slice(0, FORMAT_SAMPLE_CHARS);
  if (!MARKUP_CHARACTER.test(head)) return 'text';
  if (/^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(head)) return 'html';
  const tags = head.match(/<\/?(p|div|span|a|br|h[1-6]|ul|li|table|article|section|nav|meta|title)\b[^>]*>/gi)?.length ?? 0;
  if (tags >= 3) return 'html';
  // Dashed list items alone are no Markdown: scraped text and plain-text documents list with "- " too.
  const syntax =
    (head.match(/^#{1,6} \S/gm)?.length ?? 0) * 2 +
    (head.match(/\[[^\]\n]+\]\([^)\s]+\)/g)?.length ?? 0) * 2 +
    (head.match(/^```/gm)?.length ?? 0) * 2 +
    (head.match(/\*\*[^*\n]+\*\*/g)?.length ?? 0);
  const listItems = head.match(/^\s*[-*+] \S/gm)?.length ?? 0;
  return syntax > 0 && syntax + listItems >= 3 ? 'markdown' : 'text';
}
