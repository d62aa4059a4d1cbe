/**
 * A text's words found once, as typed arrays, for every later step that reads words (keywords,
 * SimHash): where each word is, its lower-case spelling as an id into a vocabulary interned per
 * stream, and a few flags. Each step used to split the text again and look each word up in maps of
 * its own; now each distinct word is lower-cased, interned and folded once.
 *
 * Words are what `words()` in tokenize.ts splits: runs of code units for which `isWordCode` holds.
 */
import { foldedWordHash, isWordCode, lowerCase, TABLED_CODES } from './tokenize.ts';
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
  /** The ids, by lower-case spelling. */
  readonly vocabulary: ReadonlyMap<string, number>;
}

/** The words of `text`, each lower-cased and interned once. */
export function wordStream(text: string): WordStream {
  // A word takes at least one code unit and a separator: half the length bounds the count.
  const capacity = (text.length >> 1) + 1;
  const starts = new Int32Array(capacity);
  const ends = new Int32Array(capacity);
  const ids = new Int32Array(capacity);
  const flags = new Uint8Array(capacity);
  const vocabulary = new Map<string, number>();
  const spelled: string[] = [];
  const written = new WrittenSpellings(text);
  let count = 0;
  let breakSeen = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isWordCode(code)) {
      if (code < 0x2100 && CLAUSE_BREAK[code] === 1) breakSeen = WORD_AFTER_CLAUSE_BREAK;
      i++;
      continue;
    }
    const start = i;
    let bits = breakSeen;
    let hash = FNV_OFFSET;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!isWordCode(c)) break;
      hash = Math.imul(hash ^ c, FNV_PRIME);
      if (c >= 0x30 && c <= 0x39) bits |= WORD_HAS_DIGIT;
      else if (c >= TABLED_CODES || c === CAPITAL_SIGMA) bits |= WORD_FOLD_AS_WRITTEN;
    }
    // The same spelling as written was seen before: its id and capital flag are known.
    let entry = written.find(hash, start, i);
    if (entry < 0) {
      const word = text.slice(start, i);
      const lower = lowerCase(word);
      let id = vocabulary.get(lower);
      if (id === undefined) {
        id = spelled.length;
        vocabulary.set(lower, id);
        spelled.push(lower);
      }
      entry = written.add(hash, start, i, id, word.charCodeAt(0) !== lower.charCodeAt(0));
    }
    if (written.capitalised(entry)) bits |= WORD_CAPITALISED;
    starts[count] = start;
    ends[count] = i;
    ids[count] = written.id(entry);
    flags[count] = bits;
    count++;
    breakSeen = 0;
  }
  return { text, length: count, starts: starts.subarray(0, count), ends: ends.subarray(0, count), ids: ids.subarray(0, count), flags: flags.subarray(0, count), spelled, vocabulary };
}

/**
 * Distinct spellings as written, in an open-addressing table keyed by their FNV-1a hash and compared
 * code unit by code unit with their first occurrence in the text: a word seen before costs no
 * string, no lower-casing and no map lookup.
 */
class WrittenSpellings {
  private slots = new Int32Array(1024).fill(-1);
  private hashes: number[] = [];
  private starts: number[] = [];
  private lengths: number[] = [];
  private ids: number[] = [];
  private capitals: boolean[] = [];

  constructor(private readonly text: string) {}

  /** The entry for the spelling at text[start, end), or -1. */
  find(hash: number, start: number, end: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] ?? -1;
      if (entry < 0) return -1;
      if (this.hashes[entry] === hash && this.lengths[entry] === end - start && this.sameUnits(this.starts[entry] ?? 0, start, end - start)) return entry;
    }
  }

  add(hash: number, start: number, end: number, id: number, capitalised: boolean): number {
    const entry = this.hashes.length;
    this.hashes.push(hash);
    this.starts.push(start);
    this.lengths.push(end - start);
    this.ids.push(id);
    this.capitals.push(capitalised);
    if (entry * 2 >= this.slots.length) this.rehash();
    else this.place(entry);
    return entry;
  }

  id(entry: number): number {
    return this.ids[entry] ?? 0;
  }

  capitalised(entry: number): boolean {
    return this.capitals[entry] ?? false;
  }

  private sameUnits(a: number, b: number, length: number): boolean {
    for (let k = 0; k < length; k++) if (this.text.charCodeAt(a + k) !== this.text.charCodeAt(b + k)) return false;
    return true;
  }

  private place(entry: number): void {
    const mask = this.slots.length - 1;
    let slot = (this.hashes[entry] ?? 0) & mask;
    while ((this.slots[slot] ?? -1) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let e = 0; e < this.hashes.length; e++) this.place(e);
  }
}

/**
 * FNV-1a of each word's accent-folded form, up to `limit` words: the same hashes as splitting the
 * folded text into words. A word that folds to nothing (a lone combining mark) is no word there.
 * Each distinct spelling is folded once.
 */
export function foldedWordHashes(stream: WordStream, limit: number): number[] {
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
