import { isAscii as isAsciiBytes, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { isPatternSpace } from '../text/tokenize.ts';
import { latinScore, vietnameseScore } from '../text/vietnamese-syllable.ts';
import { viqrToUnicode } from './viqr.ts';
import { vniToUnicode } from './vni.ts';

/** Decoding bytes to a JS string: BOMs, UTF-16 without BOM, legacy Vietnamese encodings, and UTF-8 that never throws. */

export type TextEncodingName =
  | 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'tcvn3' | 'vni-windows' | 'viscii' | 'viqr' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** How many U+FFFD replacement characters invalid bytes produced. */
  replacementChars: number;
}

/** Detection looks at this much of the input; decoding then covers all of it. */
const SAMPLE_BYTES = 64 * 1024;

interface Candidate {
  encoding: TextEncodingName;
  decode: (bytes: Uint8Array) => string;
  score: (text: string) => number;
}

const LEGACY: Candidate[] = [
  { encoding: 'windows-1258', decode: (b) => iconv.decode(Buffer.from(b), 'windows1258').normalize('NFC'), score: vietnameseScore },
  { encoding: 'tcvn3', decode: (b) => iconv.decode(Buffer.from(b), 'tcvn'), score: vietnameseScore },
  { encoding: 'vni-windows', decode: (b) => vniToUnicode(iconv.decode(Buffer.from(b), 'windows1252')), score: vietnameseScore },
  { encoding: 'viscii', decode: (b) => iconv.decode(Buffer.from(b), 'viscii'), score: vietnameseScore },
  { encoding: 'windows-1252', decode: (b) => iconv.decode(Buffer.from(b), 'windows1252'), score: latinScore },
];

export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = detectBom(bytes);
  if (bom) return decodeUnicode(bytes.subarray(bom.length), bom.encoding);
  const utf16 = guessUtf16WithoutBom(bytes);
  if (utf16) return decodeUnicode(bytes, utf16);

  const valid = validUtf8(bytes);
  if (valid !== false) {
    // Valid and complete UTF-8 holds no replacement character but the ones written in the source.
    const utf8: DecodedText = typeof valid === 'string' ? { text: valid, encoding: 'utf-8', replacementChars: 0 } : decodeUnicode(bytes, 'utf-8');
    if (isAscii(bytes) && looksLikeViqr(utf8.text)) return { text: viqrToUnicode(utf8.text), encoding: 'viqr', replacementChars: 0 };
    return utf8;
  }

  // Not UTF-8: decode a sample with every candidate and keep the one that reads most like Vietnamese
  // syllables (or, failing that, like Western European text). Broken UTF-8 stays a candidate too.
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const utf8Sample = new TextDecoder('utf-8').decode(sample);
  let best: { candidate: Candidate | undefined; score: number } = { candidate: undefined, score: vietnameseScore(utf8Sample) };
  for (const candidate of LEGACY) {
    const score = candidate.score(candidate.decode(sample));
    if (score > best.score) best = { candidate, score };
  }
  if (best.candidate) return { text: best.candidate.decode(bytes), encoding: best.candidate.encoding, replacementChars: 0 };
  return decodeUnicode(bytes, 'utf-8');
}

function decodeUnicode(bytes: Uint8Array, encoding: 'utf-8' | 'utf-16le' | 'utf-16be'): DecodedText {
  const text = new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(bytes);
  const replacements = countReplacements(text);
  // Only when there are some is it worth scanning the bytes for U+FFFD written literally.
  return { text, encoding, replacementChars: replacements === 0 ? 0 : replacements - countLiteralReplacements(bytes, encoding) };
}

function detectBom(bytes: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Valid UTF-8, allowing one incomplete character at the very end (a file cut short, not another
 * encoding): the text when the whole input is complete (so it is decoded once), `true` when only the
 * tail is cut, `false` when invalid. Called after the BOM check, so no BOM is there to strip.
 */
function validUtf8(bytes: Uint8Array): string | boolean {
  const tail = incompleteTail(bytes);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - tail));
    return tail === 0 ? text : true;
  } catch {
    return false;
  }
}

/** Length of a multi-byte UTF-8 sequence left unfinished at the end of the input (0 to 3 bytes). */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

/** Whether the first SAMPLE_BYTES bytes are ASCII (the engine's scan, not a loop here). */
function isAscii(bytes: Uint8Array): boolean {
  return isAsciiBytes(bytes.subarray(0, SAMPLE_BYTES));
}

/**
 * The white-space-separated words (`/\S+/g` matches) of `text`, counted no further than `limit`:
 * an English text is turned away after a few dozen, not split into all its words.
 */
function wordsUpTo(text: string, limit: number): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length && words < limit; i++) {
    const space = isPatternSpace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** VIQR marks words everywhere ("Vie^.t", "ngu+o+`i"); English has an apostrophe now and then. */
function looksLikeViqr(text: string): boolean {
  const sample = text.slice(0, SAMPLE_BYTES);
  const marked = sample.match(/[aeiouy][(^+]?['`?~.](?=[a-z])|[aeiouy][(^+]['`?~.]?|\bdd[aeiou]/gi)?.length ?? 0;
  // Fewer than 5 words, or fewer than one in 5 marked, is no VIQR: the words are counted only as
  // far as it takes to know (under 5, or over 5 per mark), and exactly otherwise.
  const words = wordsUpTo(sample, Math.max(5, 5 * marked + 1));
  if (words < 5 || words > 5 * marked) return false;
  const converted = viqrToUnicode(sample);
  return vietnameseScore(converted) > words * 0.2;
}

/**
 * UTF-16 text without a BOM has a zero byte in most code units of ASCII-heavy text (spaces, digits,
 * punctuation even in Vietnamese). Which half holds the zeros tells the byte order.
 */
function guessUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const sample = Math.min(bytes.length - (bytes.length % 2), 8192);
  if (sample < 4) return undefined;
  // No zero byte at all (the engine's search): neither half holds any, known without counting.
  if (bytes.subarray(0, sample).indexOf(0) === -1) return undefined;
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
function countLiteralReplacements(bytes: Uint8Array, encoding: string): number {
  if (encoding !== 'utf-8') return 0;
  let count = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) count++;
  }
  return count;
}

/**
 * `decodeText` for valid UTF-8 (the common case) without making the whole text at once: the same
 * text, as pieces decoded from about `pieceBytes` input bytes each (a character is never split).
 * Undefined when the bytes need `decodeText`: UTF-16, VIQR, invalid UTF-8 or another encoding.
 */
export function decodeUtf8InPieces(bytes: Uint8Array, pieceBytes: number): { pieces: Iterable<string>; encoding: 'utf-8'; replacementChars: number } | undefined {
  const bom = detectBom(bytes);
  if (bom && bom.encoding !== 'utf-8') return undefined;
  const text = bom ? bytes.subarray(bom.length) : bytes;
  if (!bom && guessUtf16WithoutBom(bytes)) return undefined;
  const tail = incompleteTail(text);
  // Validated without decoding: a 50 MB input would otherwise make a 100 MB string just to be checked.
  if (!isUtf8(text.subarray(0, text.length - tail))) return undefined;
  if (!bom && isAscii(bytes) && looksLikeViqr(new TextDecoder('utf-8').decode(bytes.subarray(0, SAMPLE_BYTES)))) return undefined;
  // Only a character cut off at the end can decode to U+FFFD that the source did not hold.
  const replacementChars = tail > 0 ? countReplacements(new TextDecoder('utf-8').decode(text.subarray(text.length - tail))) : 0;
  return { pieces: utf8Pieces(text, pieceBytes), encoding: 'utf-8', replacementChars };
}

/**
 * Decodes whole texts that fit in one piece. Making a decoder (an ICU converter) for each document
 * cost a third of decoding a 3 KB one. Always left flushed, in the same call: no state carries over.
 */
const wholeDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function* utf8Pieces(bytes: Uint8Array, pieceBytes: number): Generator<string> {
  if (bytes.length <= pieceBytes) {
    // Streaming, then flushed: the streaming path (ICU) decodes Vietnamese faster than a single call does.
    yield wholeDecoder.decode(bytes, { stream: true }) + wholeDecoder.decode();
    return;
  }
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  for (let start = 0; start < bytes.length; start += pieceBytes) {
    yield decoder.decode(bytes.subarray(start, start + pieceBytes), { stream: true });
  }
  yield decoder.decode();
}
