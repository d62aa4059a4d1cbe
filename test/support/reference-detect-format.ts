/**
 * The format detection before its gates (issue 15), kept as the reference they are tested against
 * (test/unit/struct-fast-paths.test.ts): the byte scans of `detectKind` past its magic numbers, and
 * `detectTextFormat`.
 */
import { FORMAT_SAMPLE_CHARS, type DocumentFormat } from '../../shared/domain/decode/detect-format.ts';

/** `detectKind` of bytes that open with no magic number: a PDF header in the first KB, binary, or text. */
export function kindWithoutMagic(bytes: Uint8Array): 'pdf' | 'binary' | 'text' {
  if (indexOfAscii(bytes, '%PDF-', 1024) !== -1) return 'pdf';
  return looksBinary(bytes) ? 'binary' : 'text';
}

function indexOfAscii(bytes: Uint8Array, needle: string, within: number): number {
  const end = Math.min(bytes.length - needle.length, within);
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  if (n === 0) return false;
  let controls = 0;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    } else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  }
  const nul = evenNul + oddNul;
  const utf16Like = nul > n * 0.2 && Math.min(evenNul, oddNul) < n * 0.02;
  if (utf16Like) return false;
  return (nul + controls) / n > 0.05;
}

export function detectTextFormat(text: string): DocumentFormat {
  const head = text.slice(0, FORMAT_SAMPLE_CHARS);
  if (/^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(head)) return 'html';
  const tags = head.match(/<\/?(p|div|span|a|br|h[1-6]|ul|li|table|article|section|nav|meta|title)\b[^>]*>/gi)?.length ?? 0;
  if (tags >= 3) return 'html';
  const syntax =
    (head.match(/^#{1,6} \S/gm)?.length ?? 0) * 2 +
    (head.match(/\[[^\]\n]+\]\([^)\s]+\)/g)?.length ?? 0) * 2 +
    (head.match(/^```/gm)?.length ?? 0) * 2 +
    (head.match(/\*\*[^*\n]+\*\*/g)?.length ?? 0);
  const listItems = head.match(/^\s*[-*+] \S/gm)?.length ?? 0;
  return syntax > 0 && syntax + listItems >= 3 ? 'markdown' : 'text';
}
