/** Decoding bytes to a JS string: BOMs, UTF-16 without BOM, and UTF-8 that never throws. */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** How many U+FFFD replacement characters invalid bytes produced. */
  replacementChars: number;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  const encoding = detectEncoding(bytes);
  const bomLength = bomLengthOf(bytes, encoding);
  const body = bytes.subarray(bomLength);
  const text = new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(body);
  return { text, encoding, replacementChars: countReplacements(text) - countOriginalReplacements(body, encoding) };
}

function detectEncoding(bytes: Uint8Array): TextEncodingName {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return guessUtf16WithoutBom(bytes) ?? 'utf-8';
}

function bomLengthOf(bytes: Uint8Array, encoding: TextEncodingName): number {
  if (encoding === 'utf-8') return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (encoding === 'utf-16le') return bytes[0] === 0xff && bytes[1] === 0xfe ? 2 : 0;
  return bytes[0] === 0xfe && bytes[1] === 0xff ? 2 : 0;
}

/**
 * UTF-16 text without a BOM has a zero byte in most code units of ASCII-heavy text (spaces, digits,
 * punctuation even in Vietnamese). Which half holds the zeros tells the byte order.
 */
function guessUtf16WithoutBom(bytes: Uint8Array): TextEncodingName | undefined {
  const sample = Math.min(bytes.length - (bytes.length % 2), 8192);
  if (sample < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const units = sample / 2;
  if (oddZeros / units > 0.3 && evenZeros / units < 0.05) return 'utf-16le';
  if (evenZeros / units > 0.3 && oddZeros / units < 0.05) return 'utf-16be';
  return undefined;
}

function countReplacements(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count;
}

/** U+FFFD written in the source itself (EF BF BD in UTF-8) is text, not a decoding error. */
function countOriginalReplacements(bytes: Uint8Array, encoding: TextEncodingName): number {
  if (encoding !== 'utf-8') return 0;
  let count = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) count++;
  }
  return count;
}
