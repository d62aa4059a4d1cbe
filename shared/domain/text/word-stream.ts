/**
 * A text's words found once, as typed arrays, for every later step that reads words (keywords,
 * SimHash): where each word is, its lower-case spelling as an id into a vocabulary interned per
 * stream, and a few flags. Each step used to split the text again and look each word up in maps of
 * its own; now each distinct word is lower-cased, interned and folded once.
 *
 * Words are what `words()` in tokenize.ts splits: runs of code units for which `isWordCode` holds.
 */
import { isWordCode, LOWER_UNITS, lowerCase, TABLED_CODES, WORD_CODES } from './tokenize.ts';
import { FNV_OFFSET, FNV_PRIME } from './fnv.ts';

/** The word holds a digit. */
export const WORD_HAS_DIGIT = 1;
/** The word's first code unit changes when lower-cased (a capitalised word). */
export const WORD_CAPITALISED = 2;
/** A code unit between the previous word (or the text's start) and this one ends a clause. */
export const WORD_AFTER_CLAUSE_BREAK = 4;
/**
 * The word's fold is taken from the word as written, not from its lower-case spelling: it holds a
 * code unit beyond the tables (lower-casing the ångström sign first folds it differently) or a
 * capital sigma (lower-cased by its place in the word, folded one letter at a time).
 */
export const WORD_FOLD_AS_WRITTEN = 8;

/** Characters that end a clause: keyword phrases never cross them. */
const CLAUSE_BREAK = new Uint8Array(0x2100);
for (const c of '.,;:!?()[]"“”\'‘’\n…–—-') CLAUSE_BREAK[c.charCodeAt(0)] = 1;

const CAPITAL_SIGMA = 0x03a3;

/**
 * For each code unit below the tables: 0 when it is no word character, NO_SINGLE_LOWER when it is one
 * without a single lower-case unit (LOWER_UNITS has 0), else that unit: the word loop reads one table
 * per code unit instead of two.
 */
const WORD_LOWER = new Uint16Array(TABLED_CODES);
const NO_SINGLE_LOWER = 0xffff;
for (let code = 0; code < TABLED_CODES; code++) {
  if (WORD_CODES[code] === 1) WORD_LOWER[code] = LOWER_UNITS[code] || NO_SINGLE_LOWER;
}

export interface WordStream {
  readonly text: string;
  /** Number of words. */
  readonly length: number;
  /** Code-unit offset of each word's start in `text`. */
  readonly starts: Int32Array;
  /** Code-unit offset just past each word. */
  readonly ends: Int32Array;
  /** Each word's lower-case spelling, as an index into `spelled`. */
  readonly ids: Int32Array;
  /** WORD_* bits of each word. */
  readonly flags: Uint8Array;
  /** The lower-case spellings, by id, in order of first appearance. */
  readonly spelled: readonly string[];
  /** FNV-1a of each spelling's code units (`fnv1a(spelled[id])`), by id: a spelling is looked up in a `WordTable` without hashing its string. */
  readonly hashes: Int32Array;
  /**
   * `countWords(text)`: whitespace-separated runs holding a letter or digit, counted while the words
   * are read, so processDocument does not read the body again for its word count: countWords took
   * 7.1 µs of the 150 generated scraped bodies (2.3 kB), counting here adds about 1 µs to wordStream
   * (CPU A/B in one process, median of 21).
   */
  readonly countedWords: number;
  /** The id of a lower-case spelling, if a word of the text is spelled so. */
  idOf(spelling: string): number | undefined;
}

/** The words of `text`, each lower-cased and interned once. */
export function wordStream(text: string): WordStream {
  // A word takes at least one code unit and a separator: half the length bounds the count.
  const capacity = (text.length >> 1) + 1;
  // A text of up to SCRATCH_WORDS words has its columns written in columns reused from call to call,
  // then copied into a buffer as long as the words found: the bound is about three times the words of
  // prose, and memory outside the heap, zeroed whole, brings the next collection the sooner.
  const reused = capacity <= SCRATCH_WORDS;
  // The columns read by index: destructuring the array runs an iterator in a try/finally, which
  // TurboFan compiles into this function (so does streamOf's parameter): with `add` called at one
  // place below, compiling wordStream takes 69.2 → 65.6 M instructions (callgrind, 942 files).
  const written = reused ? (scratch ??= columns(new ArrayBuffer(SCRATCH_WORDS * COLUMN_BYTES), SCRATCH_WORDS)) : columns(new ArrayBuffer(capacity * COLUMN_BYTES), capacity);
  const starts = written[0];
  const ends = written[1];
  const ids = written[2];
  const flags = written[3];
  const spellings = new Spellings(capacity, reused);
  let count = 0;
  let breakSeen = 0;
  // `countWords`: a run between white space is counted at its first code unit that is an ASCII letter
  // or digit or from U+00C0 on; `counted` says the current run has been.
  let countedWords = 0;
  let counted = false;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!(code < TABLED_CODES ? WORD_CODES[code] === 1 : isWordCode(code))) {
      if (code < 0x2100 && CLAUSE_BREAK[code] === 1) breakSeen = WORD_AFTER_CLAUSE_BREAK;
      // No ASCII letter or digit is here: only white space and units from U+00C0 on matter.
      if (code === 32 || code === 10 || code === 9 || code === 13 || code === 0xa0) counted = false;
      else if (code >= 0xc0 && !counted) {
        countedWords++;
        counted = true;
      }
      i++;
      continue;
    }
    const start = i;
    let bits = breakSeen;
    // FNV-1a of the lower-case code units, while each maps to one (`sure`); the word is read once.
    let hash = FNV_OFFSET;
    let sure = true;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < TABLED_CODES) {
        const lower = WORD_LOWER[c] ?? 0;
        if (lower === 0) break;
        // The hash of a word that is not `sure` is not read: its units need not be right.
        hash = Math.imul(hash ^ lower, FNV_PRIME);
        if (lower === NO_SINGLE_LOWER) {
          sure = false;
          if (c === CAPITAL_SIGMA) bits |= WORD_FOLD_AS_WRITTEN;
        } else if (c <= 0x39 && c >= 0x30) bits |= WORD_HAS_DIGIT;
      } else {
        if (!isWordCode(c)) break;
        sure = false;
        bits |= WORD_FOLD_AS_WRITTEN;
      }
    }
    let id: number;
    let capitalised: boolean;
    // A new spelling is added at one place for both ways of reading a word: TurboFan inlines `add`
    // (and the two `place` calls in it) into this function once for each call written.
    let spelling: string | undefined;
    if (sure) {
      // The lower-case spelling is the table's units: known without a string unless it is new.
      id = spellings.findUnits(hash, text, start, i);
      if (id < 0) spelling = lowerCase(text.slice(start, i));
      const first = text.charCodeAt(start);
      capitalised = LOWER_UNITS[first] !== first;
    } else {
      const word = text.slice(start, i);
      const lower = lowerCase(word);
      id = spellings.idOf(lower) ?? -1;
      if (id < 0) {
        spelling = lower;
        hash = hashOf(lower);
      }
      capitalised = word.charCodeAt(0) !== lower.charCodeAt(0);
    }
    if (spelling !== undefined) id = spellings.add(hash, spelling);
    if (capitalised) bits |= WORD_CAPITALISED;
    // A word's units are counted ones but for those of U+0080–U+00BF (ª, ², µ…): its first nearly always is.
    if (!counted && countsAsWord(text, start, i)) {
      countedWords++;
      counted = true;
    }
    starts[count] = start;
    ends[count] = i;
    ids[count] = id;
    flags[count] = bits;
    count++;
    breakSeen = 0;
  }
  if (!reused) return streamOf(text, count, [starts.subarray(0, count), ends.subarray(0, count), ids.subarray(0, count), flags.subarray(0, count)], spellings, countedWords);
  // One piece of memory for the words' columns and, after them at a multiple of 4 bytes, the
  // spellings' tables, cut from a shared slab.
  const tables = (count * COLUMN_BYTES + 3) & ~3;
  const { buffer, offset } = carve(tables + spellings.tableBytes());
  const kept = columns(buffer, count, offset);
  kept[0].set(starts.subarray(0, count));
  kept[1].set(ends.subarray(0, count));
  kept[2].set(ids.subarray(0, count));
  kept[3].set(flags.subarray(0, count));
  spellings.moveTo(buffer, offset + tables);
  return streamOf(text, count, kept, spellings, countedWords);
}

/**
 * Whether text[start, end) (word characters, at least one) holds a unit `countWords` counts a word
 * at: below U+0080 or from U+00C0 on. Every operation here runs at the first unit, the one nearly
 * always decisive: an operation first run by a word opening with one of U+0080–U+00BF, long after
 * wordStream was optimised, had no type feedback and deoptimised it (`process` of the 942 files).
 */
function countsAsWord(text: string, start: number, end: number): boolean {
  let k = start;
  let c: number;
  do c = text.charCodeAt(k++);
  while (k < end && c >= 0x80 && c < 0xc0);
  return c < 0x80 || c >= 0xc0;
}

/**
 * Streams of up to SLAB_PIECE_BYTES (an article's body of about 1,000 words, or a title) are cut one
 * after the other from a slab of SLAB_BYTES, a new slab once one is full: each ArrayBuffer is an
 * allocation outside the heap, zeroed and accounted as external memory, which cost about as much as
 * a title's words: wordStream of the 150 generated scraped bodies 30.3 → 28.2 µs, of their titles
 * 2.89 → 2.42 µs (CPU A/B against the buffer per stream, in one process, median of 21). A slab is
 * freed when the last stream cut from it is: a stream kept holds on to at most SLAB_BYTES.
 */
const SLAB_BYTES = 1 << 17;
const SLAB_PIECE_BYTES = 1 << 15;
let slab: ArrayBuffer | undefined;
let slabUsed = 0;

/** `bytes` (a multiple of 4) of fresh, zeroed memory: a buffer and where in it they start. */
function carve(bytes: number): { buffer: ArrayBuffer; offset: number } {
  if (bytes > SLAB_PIECE_BYTES) return { buffer: new ArrayBuffer(bytes), offset: 0 };
  if (slab === undefined || slabUsed + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const offset = slabUsed;
  slabUsed += bytes;
  return { buffer: slab, offset };
}

/** The stream of `count` words whose columns are `count` long. */
function streamOf(text: string, count: number, wordColumns: Columns, spellings: Spellings, countedWords: number): WordStream {
  return {
    text,
    length: count,
    starts: wordColumns[0],
    ends: wordColumns[1],
    ids: wordColumns[2],
    flags: wordColumns[3],
    spelled: spellings.spelled,
    hashes: spellings.hashesById(),
    countedWords,
    idOf: (spelling) => spellings.idOf(spelling),
  };
}

/** Bytes of a word's columns: start, end, id, flags. */
const COLUMN_BYTES = 13;
/** Slots of the reused spelling table (a text with more distinct spellings than a quarter of this grows one of its own). */
const REUSED_SLOTS = 1 << 12;
let reusedTables: { slots: Int32Array; hashes: Int32Array } | undefined;
/** The most words whose columns are written in the reused ones. */
const SCRATCH_WORDS = 1 << 14;
let scratch: Columns | undefined;
type Columns = [starts: Int32Array, ends: Int32Array, ids: Int32Array, flags: Uint8Array];

/**
 * The four columns of `capacity` words in one buffer: each typed array beyond a few bytes is an
 * allocation outside the heap, costing about as much as reading a short text's words.
 */
function columns(buffer: ArrayBuffer, capacity: number, offset = 0): Columns {
  return [
    new Int32Array(buffer, offset, capacity),
    new Int32Array(buffer, offset + capacity * 4, capacity),
    new Int32Array(buffer, offset + capacity * 8, capacity),
    new Uint8Array(buffer, offset + capacity * 12, capacity),
  ];
}

/** FNV-1a of a string's code units. */
function hashOf(text: string): number {
  let hash = FNV_OFFSET;
  for (let k = 0; k < text.length; k++) hash = Math.imul(hash ^ text.charCodeAt(k), FNV_PRIME);
  return hash;
}

/**
 * Distinct lower-case spellings, in an open-addressing table keyed by the FNV-1a hash of their code
 * units: a word seen before, in any case, is found from the text's code units, with no string, no
 * lower-casing and no map lookup.
 */
class Spellings {
  readonly spelled: string[] = [];
  /** Each slot holds an id + 1, 0 when empty. */
  private slots: Int32Array;
  private hashes: Int32Array;

  /**
   * Room for `words` distinct spellings (up to 128) without growing. With `reused`, the tables are
   * first written in ones reused from text to text (while they fit), and `moveTo` gives them a place
   * of their own once the text is read; else both get one buffer: each typed array beyond a few bytes
   * is an allocation outside the heap (a title's words need few).
   */
  constructor(words: number, reused: boolean) {
    let size = 16;
    while (size <= 2 * words && size < 256) size *= 2;
    if (reused) {
      reusedTables ??= { slots: new Int32Array(REUSED_SLOTS), hashes: new Int32Array(REUSED_SLOTS >> 1) };
      this.slots = reusedTables.slots.subarray(0, size).fill(0);
      this.hashes = reusedTables.hashes;
    } else {
      const buffer = new ArrayBuffer(size * 6);
      this.slots = new Int32Array(buffer, 0, size);
      this.hashes = new Int32Array(buffer, size * 4, size >> 1);
    }
  }

  /** The id of the spelling whose code units are those of text[start, end) lower-cased by LOWER_UNITS, or -1. */
  findUnits(hash: number, text: string, start: number, end: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = (this.slots[slot] ?? 0) - 1;
      if (id < 0) return -1;
      if (this.hashes[id] === hash && sameLowerUnits(this.spelled[id] ?? '', text, start, end)) return id;
    }
  }

  idOf(spelling: string): number | undefined {
    const hash = hashOf(spelling);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = (this.slots[slot] ?? 0) - 1;
      if (id < 0) return undefined;
      if (this.hashes[id] === hash && this.spelled[id] === spelling) return id;
    }
  }

  add(hash: number, spelling: string): number {
    const id = this.spelled.length;
    this.spelled.push(spelling);
    if (id === this.hashes.length) {
      const grown = new Int32Array(id * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    if (id * 2 >= this.slots.length) {
      // Every id is placed again from its hash: the reused table can be cleared and grown in place.
      const size = this.slots.length * 2;
      this.slots = reusedTables !== undefined && this.slots.buffer === reusedTables.slots.buffer && size <= REUSED_SLOTS ? reusedTables.slots.subarray(0, size).fill(0) : new Int32Array(size);
      for (let e = 0; e <= id; e++) this.place(e);
    } else this.place(id);
    return id;
  }

  /** Bytes the tables take once moved: the slots, and a hash per spelling. */
  tableBytes(): number {
    return (this.slots.length + this.spelled.length) * 4;
  }

  /** Copies the tables into `buffer` from byte `offset` (a multiple of 4), `tableBytes()` of them, and keeps them there. */
  moveTo(buffer: ArrayBuffer, offset: number): void {
    const slots = new Int32Array(buffer, offset, this.slots.length);
    const hashes = new Int32Array(buffer, offset + this.slots.length * 4, this.spelled.length);
    slots.set(this.slots);
    hashes.set(this.hashes.subarray(0, this.spelled.length));
    this.slots = slots;
    this.hashes = hashes;
  }

  /** The hash of each spelling, by id. */
  hashesById(): Int32Array {
    return this.hashes.subarray(0, this.spelled.length);
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = (this.hashes[id] ?? 0) & mask;
    while ((this.slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }
}

/** Whether `spelling` is text[start, end) lower-cased unit by unit (every unit there has a LOWER_UNITS entry). */
function sameLowerUnits(spelling: string, text: string, start: number, end: number): boolean {
  if (spelling.length !== end - start) return false;
  for (let k = 0; k < spelling.length; k++) if (spelling.charCodeAt(k) !== LOWER_UNITS[text.charCodeAt(start + k)]) return false;
  return true;
}
