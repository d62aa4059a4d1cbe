import { fold, foldedWordHash, isWordCode } from './tokenize.ts';
import { WORD_FOLD_AS_WRITTEN, type WordStream } from './word-stream.ts';
import { FNV_OFFSET, FNV_PRIME } from './fnv.ts';

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

/**
 * murmur3's finaliser: spreads every input bit over the output. Signed (`| 0`, the same 32 bits as
 * unsigned): what follows reads bits only, and V8 keeps a signed 32-bit value unboxed.
 */
function fmix(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/** Order-sensitive hash of three word hashes, without building the shingle's string. */
function combine(a: number, b: number, c: number): number {
  return fmix(Math.imul(fmix(Math.imul(a, 0x9e3779b1) ^ b), 0x85ebca6b) ^ c);
}

/** Per-position counts of one bits, reused from call to call (each typed array is an allocation outside the heap). */
const onesHigh = new Int32Array(32);
const onesLow = new Int32Array(32);

/** Adds lane counts to per-position totals: lane j of `lane{k}` counts bit position 4j + k. */
function addLanes(ones: Int32Array, lane0: number, lane1: number, lane2: number, lane3: number): void {
  for (let j = 0; j < 8; j++) {
    const shift = 4 * j;
    ones[shift] = (ones[shift] ?? 0) + ((lane0 >>> shift) & 0xf);
    ones[shift + 1] = (ones[shift + 1] ?? 0) + ((lane1 >>> shift) & 0xf);
    ones[shift + 2] = (ones[shift + 2] ?? 0) + ((lane2 >>> shift) & 0xf);
    ones[shift + 3] = (ones[shift + 3] ?? 0) + ((lane3 >>> shift) & 0xf);
  }
}

/** The fingerprint as 16 lower-case hex digits, or null when the text has too few words to compare. */
export function simhash(text: string): string | null {
  return fingerprintOf(wordHashes(fold(text.length > FINGERPRINT_SCAN_CHARS ? text.slice(0, FINGERPRINT_SCAN_CHARS) : text), MAX_SHINGLES + SHINGLE - 1));
}

/**
 * `simhash(stream.text)` from words already found: each distinct word is folded, hashed and mixed
 * once. The stream must cover the text's first FINGERPRINT_SCAN_CHARS characters, no more.
 */
export function simhashOfWords(stream: WordStream): string | null {
  const limit = Math.min(stream.length, MAX_SHINGLES + SHINGLE - 1);
  const { high, low } = mixRoom(limit);
  // By spelling: 0 not folded yet, 1 folded and mixed, 2 folds to nothing (no word of the folded text).
  const distinct = stream.spelled.length;
  const reused = distinct <= SCRATCH_WORDS;
  const states = reused ? scratchMixes.state.fill(0, 0, distinct) : new Uint8Array(distinct);
  const highById = reused ? scratchMixes.highById : new Int32Array(distinct);
  const lowById = reused ? scratchMixes.lowById : new Int32Array(distinct);
  let count = 0;
  for (let w = 0; w < stream.length && count < limit; w++) {
    if (((stream.flags[w] ?? 0) & WORD_FOLD_AS_WRITTEN) !== 0) {
      const h = foldedWordHash(stream.text.slice(stream.starts[w], stream.ends[w]));
      if (h === undefined) continue;
      high[count] = fmix(h);
      low[count++] = fmix(h ^ LOW_SEED);
      continue;
    }
    const id = stream.ids[w] ?? 0;
    let state = states[id] ?? 0;
    if (state === 0) {
      const h = foldedWordHash(stream.spelled[id] ?? '');
      state = h === undefined ? 2 : 1;
      if (h !== undefined) {
        highById[id] = fmix(h);
        lowById[id] = fmix(h ^ LOW_SEED);
      }
      states[id] = state;
    }
    if (state === 2) continue;
    high[count] = highById[id] ?? 0;
    low[count++] = lowById[id] ?? 0;
  }
  return fingerprintOfMixes(high, low, count);
}

/** Each word hash is mixed twice, once as it is and once with this seed: the fingerprint's high and low 32 bits. */
const LOW_SEED = 0x5bd1e995;

/** Texts of up to this many words have their words' mixes in the columns below, reused from call to call. */
const SCRATCH_WORDS = 1 << 12;
const scratchMixes = {
  high: new Int32Array(SCRATCH_WORDS),
  low: new Int32Array(SCRATCH_WORDS),
  state: new Uint8Array(SCRATCH_WORDS),
  highById: new Int32Array(SCRATCH_WORDS),
  lowById: new Int32Array(SCRATCH_WORDS),
};

/** Columns for the two mixes of `words` words: the reused ones, or a text's own when it is longer. */
function mixRoom(words: number): { high: Int32Array; low: Int32Array } {
  return words <= SCRATCH_WORDS ? scratchMixes : { high: new Int32Array(words), low: new Int32Array(words) };
}

function fingerprintOf(hashes: readonly number[]): string | null {
  const { high, low } = mixRoom(hashes.length);
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i] ?? 0;
    high[i] = fmix(h);
    low[i] = fmix(h ^ LOW_SEED);
  }
  return fingerprintOfMixes(high, low, hashes.length);
}

/** The fingerprint of `words` words given as their two mixes. */
function fingerprintOfMixes(high: Int32Array, low: Int32Array, words: number): string | null {
  if (words < SHINGLE) return null;
  const count = Math.min(words - SHINGLE + 1, MAX_SHINGLES);
  onesHigh.fill(0);
  onesLow.fill(0);
  // The two mixes of the shingle's three words, slid along the words.
  let ha = high[0] ?? 0;
  let hb = high[1] ?? 0;
  let la = low[0] ?? 0;
  let lb = low[1] ?? 0;
  let h0 = 0, h1 = 0, h2 = 0, h3 = 0, l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  for (let i = 0; i < count; i++) {
    const hc = high[i + 2] ?? 0;
    const lc = low[i + 2] ?? 0;
    const hi = combine(ha, hb, hc);
    const lo = combine(la, lb, lc);
    ha = hb;
    hb = hc;
    la = lb;
    lb = lc;
    h0 += hi & 0x11111111;
    h1 += (hi >>> 1) & 0x11111111;
    h2 += (hi >>> 2) & 0x11111111;
    h3 += (hi >>> 3) & 0x11111111;
    l0 += lo & 0x11111111;
    l1 += (lo >>> 1) & 0x11111111;
    l2 += (lo >>> 2) & 0x11111111;
    l3 += (lo >>> 3) & 0x11111111;
    if (i % 15 === 14 || i === count - 1) {
      addLanes(onesHigh, h0, h1, h2, h3);
      addLanes(onesLow, l0, l1, l2, l3);
      h0 = h1 = h2 = h3 = l0 = l1 = l2 = l3 = 0;
    }
  }
  let hex = '';
  for (let nibble = 0; nibble < FINGERPRINT_BITS / 4; nibble++) {
    let value = 0;
    for (let b = 0; b < 4; b++) {
      const bit = nibble * 4 + b;
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
