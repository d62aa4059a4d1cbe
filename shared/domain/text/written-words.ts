/**
 * A text's words found once, as typed arrays, for the readers of names (people, titled people, listed
 * people, roles and organisations): where each word is, the FNV-1a hash of its code units as written
 * (case kept) and its shape (capitalised, all capitals, letters only…), all found in one pass over
 * the text. Those readers used to split the same text again each, with their own loops, patterns and
 * maps; now they walk these words, and look a word up in a table of the words they know (a
 * `WordTable`) by its hash, comparing code units in place: no string is made for a word none knows.
 *
 * Words are what `wordStream` and `words()` split: runs of code units for which `isWordCode` holds
 * (a surrogate half never does). Readers that take a letter outside the BMP for a word character (as
 * `\p{L}` in a pattern with the u flag does) read the text with `byCodePoints`. `readWords` lends a
 * stream whose columns are written over the last one's, for a caller that keeps none of it.
 */
import { FNV_OFFSET, FNV_PRIME } from './fnv.ts';

/** The word starts with an upper-case letter (`/^\p{Lu}/u`). */
export const SHAPE_FIRST_UPPER = 1;
/** Every code unit after the first is a lower-case letter or a mark (`/^.[\p{Ll}\p{M}]*$/su`). */
export const SHAPE_REST_LOWER = 2;
/** Every code unit is a letter or a mark: no digit or other number (`/^[\p{L}\p{M}]+$/u`). */
export const SHAPE_LETTERS = 4;
/** Every code unit is an upper-case letter (`/^\p{Lu}+$/u`). */
export const SHAPE_ALL_UPPER = 8;
/** Upper-casing changes no code unit (`word === word.toUpperCase()`). */
export const SHAPE_UPPER_SAME = 16;
/** A single space follows the word, and then a word that starts with an upper-case letter. */
export const SHAPE_BEFORE_CAPITAL = 32;
/** A shape's bits are its low byte; above it, where the word's last run of letters and marks starts. */
const TAIL_SHIFT = 8;

export interface WrittenWords {
  readonly text: string;
  /** Number of words. */
  readonly length: number;
  /** Code-unit offset of each word's start in `text`. */
  readonly starts: Int32Array;
  /** Code-unit offset just past each word. */
  readonly ends: Int32Array;
  /** FNV-1a of each word's code units as written (`fnv1a(word)`). */
  readonly hashes: Int32Array;
  /** SHAPE_* bits of each word, and its tail (read with `shapeOf` and `tailOf`). */
  readonly shapes: Int32Array;
  /** A letter, digit or mark outside the BMP (a surrogate pair) is in the text. */
  readonly astral: boolean;
  /** Such a pair is read as a word character (as patterns with the u flag read it), not as two units that split words. */
  readonly pairs: boolean;
}

/** SHAPE_* bits of word `w`. */
export function shapeOf(words: WrittenWords, w: number): number {
  return (words.shapes[w] ?? 0) & 0xff;
}

/**
 * Where word `w`'s last run of letters and marks starts, from the word's start: just past its last
 * code unit (or pair) that is no letter or mark (a digit), 0 for a word of letters only. A pattern that
 * wants neither a letter nor a mark before a capital, nor anything but letters after it up to the word's
 * end, can start only there.
 */
export function tailOf(words: WrittenWords, w: number): number {
  return (words.shapes[w] ?? 0) >> TAIL_SHIFT;
}

/** Word `w` as a string. */
export function wordAt(words: WrittenWords, w: number): string {
  return words.text.slice(words.starts[w], words.ends[w]);
}

const WORD = 1;
const UPPER = 2;
const LOWER_OR_MARK = 4;
const LETTER_OR_MARK = 8;
const UPPER_SAME = 16;
const SEEN = 32;
/** Class bits of each BMP code unit, found on first sight (0: not yet looked at). */
const CLASSES = new Uint8Array(0x10000);

/** WORD (as `isWordCode`), UPPER, LOWER_OR_MARK, LETTER_OR_MARK and UPPER_SAME bits of a code unit. */
function classOf(code: number): number {
  const ch = String.fromCharCode(code);
  const bits =
    SEEN |
    (/[\p{L}\p{N}\p{M}]/u.test(ch) ? WORD : 0) |
    (/\p{Lu}/u.test(ch) ? UPPER : 0) |
    (/[\p{Ll}\p{M}]/u.test(ch) ? LOWER_OR_MARK : 0) |
    (/[\p{L}\p{M}]/u.test(ch) ? LETTER_OR_MARK : 0) |
    (ch.toUpperCase() === ch ? UPPER_SAME : 0);
  CLASSES[code] = bits;
  return bits;
}

/**
 * The words of `text`, hashed and shaped. With `pairs`, a surrogate pair that is a letter, digit or
 * mark is a word character too (the shapes of words holding one are then read by code point).
 */
export function writtenWords(text: string, pairs = false): WrittenWords {
  return wordsInto(text, pairs, undefined);
}

/** Columns of a stream kept from one `readWords` to the next: words of texts up to this many. */
const SCRATCH_WORDS = 1 << 13;
let scratch: ArrayBuffer | undefined;
let scratchBusy = false;

/**
 * `read(writtenWords(text))`, the columns written over those of the last text read so (an allocation
 * outside the heap, and its zeroing, saved for a text of up to 16,000 code units or so): the words
 * must not be kept past `read`.
 */
export function readWords<T>(text: string, read: (words: WrittenWords) => T): T {
  if (scratchBusy || (text.length >> 1) + 2 > SCRATCH_WORDS) return read(writtenWords(text));
  scratchBusy = true;
  try {
    return read(wordsInto(text, false, (scratch ??= new ArrayBuffer(SCRATCH_WORDS * 16))));
  } finally {
    scratchBusy = false;
  }
}

/** The words of `text`, their columns in `reused` (of SCRATCH_WORDS entries each) or in a buffer of their own. */
function wordsInto(text: string, pairs: boolean, reused: ArrayBuffer | undefined): WrittenWords {
  // A word takes at least one code unit and a separator: half the length bounds the count (and one
  // more column entry is left for the end mark).
  const capacity = reused ? SCRATCH_WORDS : (text.length >> 1) + 2;
  // The columns share one buffer: each typed array is an allocation outside the heap.
  const buffer = reused ?? new ArrayBuffer(capacity * 16);
  const starts = new Int32Array(buffer, 0, capacity);
  const ends = new Int32Array(buffer, capacity * 4, capacity);
  const hashes = new Int32Array(buffer, capacity * 8, capacity);
  const shapes = new Int32Array(buffer, capacity * 12, capacity);
  const length = text.length;
  let astral = false;
  let count = 0;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let bits = CLASSES[code] ?? 0;
    if (bits === 0) bits = classOf(code);
    if ((bits & WORD) === 0) {
      if (code >= 0xd800 && code <= 0xdbff && isAstralWordChar(text, i)) {
        astral = true;
        if (pairs) {
          i = pairedWord(text, i, count, starts, ends, hashes, shapes);
          markBeforeCapital(text, count, starts, ends, shapes);
          count++;
          continue;
        }
      }
      i++;
      continue;
    }
    const start = i;
    // The hash of the units as written, and their classes: the first's, what all the others share,
    // and where the last one that is no letter or mark is.
    let hash = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
    const first = bits;
    let rest = UPPER | LOWER_OR_MARK | UPPER_SAME;
    let tail = (bits & LETTER_OR_MARK) === 0 ? 1 : 0;
    for (i++; i < length; i++) {
      const c = text.charCodeAt(i);
      let b = CLASSES[c] ?? 0;
      if (b === 0) b = classOf(c);
      if ((b & WORD) === 0) break;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      rest &= b;
      if ((b & LETTER_OR_MARK) === 0) tail = i - start + 1;
    }
    if (pairs && i < length && isAstralWordChar(text, i)) {
      // A word going on with an astral letter: read again, whole, by code point.
      astral = true;
      i = pairedWord(text, start, count, starts, ends, hashes, shapes);
      markBeforeCapital(text, count, starts, ends, shapes);
      count++;
      continue;
    }
    starts[count] = start;
    ends[count] = i;
    hashes[count] = hash;
    shapes[count] =
      ((first & UPPER) !== 0 ? SHAPE_FIRST_UPPER : 0) |
      ((rest & LOWER_OR_MARK) !== 0 ? SHAPE_REST_LOWER : 0) |
      (tail === 0 ? SHAPE_LETTERS : 0) |
      ((first & rest & UPPER) !== 0 ? SHAPE_ALL_UPPER : 0) |
      ((first & rest & UPPER_SAME) !== 0 ? SHAPE_UPPER_SAME : 0) |
      (tail << TAIL_SHIFT);
    if ((first & UPPER) !== 0 && count > 0 && ends[count - 1] === start - 1 && text.charCodeAt(start - 1) === 32) shapes[count - 1] = (shapes[count - 1] ?? 0) | SHAPE_BEFORE_CAPITAL;
    count++;
  }
  // An end mark: no word starts or ends there (columns past it may hold another text's words).
  starts[count] = -1;
  ends[count] = -1;
  hashes[count] = 0;
  shapes[count] = 0;
  return { text, length: count, starts, ends, hashes, shapes, astral, pairs };
}

/** Flags the word before word `w` with SHAPE_BEFORE_CAPITAL when `w` (read by code point) fits. */
function markBeforeCapital(text: string, w: number, starts: Int32Array, ends: Int32Array, shapes: Int32Array): void {
  const start = starts[w] ?? 0;
  if (((shapes[w] ?? 0) & SHAPE_FIRST_UPPER) !== 0 && w > 0 && ends[w - 1] === start - 1 && text.charCodeAt(start - 1) === 32) shapes[w - 1] = (shapes[w - 1] ?? 0) | SHAPE_BEFORE_CAPITAL;
}

/**
 * Records the word starting at `start` whose code units or pairs are all letters, digits or marks,
 * read by code point; returns its end.
 */
function pairedWord(text: string, start: number, w: number, starts: Int32Array, ends: Int32Array, hashes: Int32Array, shapes: Int32Array): number {
  let end = start;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code >= 0xd800 && code <= 0xdbff && isAstralWordChar(text, end)) end += 2;
    else if (((CLASSES[code] || classOf(code)) & WORD) !== 0) end++;
    else break;
  }
  const word = text.slice(start, end);
  let hash = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) hash = Math.imul(hash ^ word.charCodeAt(k), FNV_PRIME);
  let tail = 0;
  for (const m of word.matchAll(NOT_LETTER)) tail = m.index + m[0].length;
  starts[w] = start;
  ends[w] = end;
  hashes[w] = hash;
  shapes[w] =
    (FIRST_UPPER.test(word) ? SHAPE_FIRST_UPPER : 0) |
    (REST_LOWER.test(word) ? SHAPE_REST_LOWER : 0) |
    (tail === 0 ? SHAPE_LETTERS : 0) |
    (ALL_UPPER.test(word) ? SHAPE_ALL_UPPER : 0) |
    (word === word.toUpperCase() ? SHAPE_UPPER_SAME : 0) |
    (tail << TAIL_SHIFT);
  return end;
}

const FIRST_UPPER = /^\p{Lu}/u;
const REST_LOWER = /^.[\p{Ll}\p{M}]*$/su;
const ALL_UPPER = /^\p{Lu}+$/u;
const NOT_LETTER = /[^\p{L}\p{M}]/gu;

/** The stream to read by code point: `stream` itself unless it split words at astral letters. */
export function byCodePoints(stream: WrittenWords): WrittenWords {
  return stream.astral && !stream.pairs ? writtenWords(stream.text, true) : stream;
}

/** The stream to read by code unit (as `isWordCode` splits): `stream` itself unless it read astral letters into words. */
export function byCodeUnits(stream: WrittenWords): WrittenWords {
  return stream.astral && stream.pairs ? writtenWords(stream.text) : stream;
}

const astralVerdicts = new Map<number, boolean>();
const WORD_CHAR_PATTERN = /^[\p{L}\p{N}\p{M}]$/u;

/** Whether a surrogate pair starts at `at` and is a letter, digit or mark. */
function isAstralWordChar(text: string, at: number): boolean {
  const high = text.charCodeAt(at);
  const low = text.charCodeAt(at + 1);
  if (!(high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff)) return false;
  const point = (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  let verdict = astralVerdicts.get(point);
  if (verdict === undefined) {
    verdict = WORD_CHAR_PATTERN.test(String.fromCodePoint(point));
    astralVerdicts.set(point, verdict);
  }
  return verdict;
}

/** FNV-1a of text[start, end). */
export function hashOf(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
  return hash;
}

/**
 * A fixed set of words, each with an id (its index in `words`), found from a text's code units and
 * their FNV-1a hash: a bitmap of the hashes rules out nearly every other word with one read, and
 * a word that passes is compared unit by unit in place.
 */
export class WordTable {
  readonly words: readonly string[];
  /** A bit per hash value of the words (of its low bits: about 64 bits a word, at most 2^16). */
  private readonly bits: Uint8Array;
  private readonly bitMask: number;
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;

  constructor(words: Iterable<string>) {
    this.words = [...new Set(words)];
    let bytes = 8;
    while (bytes < this.words.length * 8 && bytes < 1 << 13) bytes *= 2;
    this.bits = new Uint8Array(bytes);
    this.bitMask = bytes - 1;
    let size = 16;
    while (size < this.words.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(this.words.length);
    const mask = size - 1;
    for (const [id, word] of this.words.entries()) {
      const hash = hashOf(word, 0, word.length);
      this.hashes[id] = hash;
      const byte = (hash >>> 3) & this.bitMask;
      this.bits[byte] = (this.bits[byte] ?? 0) | (1 << (hash & 7));
      let slot = (hash >>> 16) & mask;
      while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = id + 1;
    }
  }

  /** The id of text[start, end), whose FNV-1a hash is `hash`, or -1. */
  find(hash: number, text: string, start: number, end: number): number {
    if (((this.bits[(hash >>> 3) & this.bitMask] ?? 0) & (1 << (hash & 7))) === 0) return -1;
    const mask = this.slots.length - 1;
    for (let slot = (hash >>> 16) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] ?? 0;
      if (entry === 0) return -1;
      const id = entry - 1;
      if (this.hashes[id] !== hash) continue;
      const word = this.words[id] ?? '';
      if (word.length !== end - start) continue;
      let k = 0;
      while (k < word.length && word.charCodeAt(k) === text.charCodeAt(start + k)) k++;
      if (k === word.length) return id;
    }
  }

  /** The id of word `w` of a stream, or -1. */
  findWord(words: WrittenWords, w: number): number {
    return this.find(words.hashes[w] ?? 0, words.text, words.starts[w] ?? 0, words.ends[w] ?? 0);
  }
}
