/** The code before the sliding mixes and the mixes per spelling, kept as the reference they are tested against (test/unit/fast-paths-lines.test.ts). */
import { fold, foldedWordHash, isWordCode } from '../../shared/domain/text/tokenize.ts';
import { WORD_FOLD_AS_WRITTEN, type WordStream } from '../../shared/domain/text/word-stream.ts';
import { FNV_OFFSET, FNV_PRIME } from '../../shared/domain/text/fnv.ts';

/**
 * 64-bit SimHash of a text's folded word 3-shingles (Charikar; Manku et al. use it for web
 * near-duplicates): texts that share most of their wording get fingerprints a few bits apart, so the
 * same article syndicated under two keys, with different boilerplate, is recognised.
 */

export const FINGERPRINT_BITS = 64;
/** Fingerprints within this many bits are near-duplicates; four 16-bit bands find every such pair. */
export const NEAR_DUPLICATE_DISTANCE = 3;
export const FINGERPRINT_BANDS = 4;
/** Enough shingles for any article; bounded so a 50 MB log costs no more than a book. */
const MAX_SHINGLES = 100_000;
/** Characters read: comfortably more than MAX_SHINGLES words, without copying a 50 MB text to fold it. */
export const FINGERPRINT_SCAN_CHARS = 2_000_000;
const SHINGLE = 3;

/**
 * FNV-1a of each word (as `words` splits them) of an already folded text, up to `limit` words,
 * hashed while scanning so no word string is built.
 */
function wordHashes(folded: string, limit: number): number[] {
  const hashes: number[] = [];
  let h = 0;
  let inWord = false;
  for (let i = 0; i < folded.length && hashes.length < limit; i++) {
    const code = folded.charCodeAt(i);
    if (isWordCode(code)) {
      if (!inWord) {
        h = FNV_OFFSET;
        inWord = true;
      }
      h ^= code;
      h = Math.imul(h, FNV_PRIME);
    } else if (inWord) {
      hashes.push(h >>> 0);
      inWord = false;
    }
  }
  if (inWord && hashes.length < limit) hashes.push(h >>> 0);
  return hashes;
}

/** murmur3's finaliser: spreads every input bit over the output. */
function fmix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-sensitive hash of three word hashes, without building the shingle's string. */
function combine(a: number, b: number, c: number): number {
  return fmix(Math.imul(fmix(Math.imul(a, 0x9e3779b1) ^ b), 0x85ebca6b) ^ c);
}

/** Adds lane counts to per-position totals: lane j of `lanes[k]` counts bit position 4j + k. */
function addLanes(ones: Int32Array, lanes: readonly number[]): void {
  for (let k = 0; k < 4; k++) {
    const lane = lanes[k] ?? 0;
    for (let j = 0; j < 8; j++) ones[4 * j + k] = (ones[4 * j + k] ?? 0) + ((lane >>> (4 * j)) & 0xf);
  }
}

/** The fingerprint as 16 lower-case hex digits, or null when the text has too few words to compare. */
export function simhash(text: string): string | null {
  return fingerprintOf(wordHashes(fold(text.length > FINGERPRINT_SCAN_CHARS ? text.slice(0, FINGERPRINT_SCAN_CHARS) : text), MAX_SHINGLES + SHINGLE - 1));
}

/**
 * `simhash(stream.text)` from words already found: each distinct word is folded and hashed once.
 * The stream must cover the text's first FINGERPRINT_SCAN_CHARS characters, no more.
 */
export function simhashOfWords(stream: WordStream): string | null {
  return fingerprintOf(foldedWordHashes(stream, MAX_SHINGLES + SHINGLE - 1));
}

function fingerprintOf(hashes: readonly number[]): string | null {
  if (hashes.length < SHINGLE) return null;
  const count = Math.min(hashes.length - SHINGLE + 1, MAX_SHINGLES);
  // Each word's hash in two independent 32-bit halves.
  const high = new Uint32Array(count + SHINGLE - 1);
  const low = new Uint32Array(count + SHINGLE - 1);
  for (let i = 0; i < high.length; i++) {
    const h = hashes[i] ?? 0;
    high[i] = fmix(h);
    low[i] = fmix(h ^ 0x5bd1e995);
  }
  // Per bit, how many shingles set it (the weight is ones − zeros). Counted four bit positions at a
  // time in 4-bit lanes of a 32-bit word, emptied before a lane can pass 15.
  const onesHigh = new Int32Array(32);
  const onesLow = new Int32Array(32);
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0, l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  for (let i = 0; i < count; i++) {
    const hi = combine(high[i] ?? 0, high[i + 1] ?? 0, high[i + 2] ?? 0);
    const lo = combine(low[i] ?? 0, low[i + 1] ?? 0, low[i + 2] ?? 0);
    h0 += hi & 0x11111111;
    h1 += (hi >>> 1) & 0x11111111;
    h2 += (hi >>> 2) & 0x11111111;
    h3 += (hi >>> 3) & 0x11111111;
    l0 += lo & 0x11111111;
    l1 += (lo >>> 1) & 0x11111111;
    l2 += (lo >>> 2) & 0x11111111;
    l3 += (lo >>> 3) & 0x11111111;
    if (i % 15 === 14 || i === count - 1) {
      addLanes(onesHigh, [h0, h1, h2, h3]);
      addLanes(onesLow, [l0, l1, l2, l3]);
      h0 = h1 = h2 = h3 = l0 = l1 = l2 = l3 = 0;
    }
  }
  let hex = '';
  for (let nibble = 0; nibble < FINGERPRINT_BITS / 4; nibble++) {
    let value = 0;
    for (let b = 0; b < 4; b++) {
      const bit = nibble * 4 + b;
      // Bit 0 of the fingerprint is the most significant bit of the high half.
      const ones = bit < 32 ? (onesHigh[31 - bit] ?? 0) : (onesLow[63 - bit] ?? 0);
      value = (value << 1) | (2 * ones - count > 0 ? 1 : 0);
    }
    hex += value.toString(16);
  }
  return hex;
}

/** Number of differing bits between two fingerprints. */
export function hammingDistance(a: string, b: string): number {
  let distance = 0;
  for (let i = 0; i < a.length; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      distance++;
    }
  }
  return distance;
}

/**
 * The fingerprint cut into four 16-bit bands: two fingerprints within three bits agree on at least
 * one band (pigeonhole), so looking up each band finds every near-duplicate.
 */
export function fingerprintBands(fingerprint: string): string[] {
  const width = fingerprint.length / FINGERPRINT_BANDS;
  return Array.from({ length: FINGERPRINT_BANDS }, (_, i) => `${i}:${fingerprint.slice(i * width, (i + 1) * width)}`);
}

/**
 * FNV-1a of each word's accent-folded form, up to `limit` words: the same hashes as splitting the
 * folded text into words. A word that folds to nothing (a lone combining mark) is no word there.
 * Each distinct spelling is folded once.
 */
function foldedWordHashes(stream: WordStream, limit: number): number[] {
  const byId = new Array<number | undefined | null>(stream.spelled.length).fill(null);
  const hashes: number[] = [];
  for (let w = 0; w < stream.length && hashes.length < limit; w++) {
    let h: number | undefined;
    if (((stream.flags[w] ?? 0) & WORD_FOLD_AS_WRITTEN) !== 0) {
      h = foldedWordHash(stream.text.slice(stream.starts[w], stream.ends[w]));
    } else {
      const id = stream.ids[w] ?? 0;
      const cached = byId[id];
      if (cached === null) {
        h = foldedWordHash(stream.spelled[id] ?? '');
        byId[id] = h;
      } else h = cached;
    }
    if (h !== undefined) hashes.push(h);
  }
  return hashes;
}
