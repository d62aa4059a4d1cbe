/**
 * A text's words found once, as typed arrays, for every later step that reads words (keywords,
 * SimHash): where each word is, its lower-case spelling as an id into a vocabulary interned per
 * stream, and a few flags. Each step used to split the text again and look each word up in maps of
 * its own; now each distinct word is lower-cased, interned and folded once.
 *
 * Words are what `words()` in tokenize.ts splits: runs of code units for which `isWordCode` holds.
 */
import { foldedWordHash, isWordCode, lowerCase, TABLED_CODES } from './tokenize.ts';

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
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (!isWordCode(c)) break;
      if (c >= 0x30 && c <= 0x39) bits |= WORD_HAS_DIGIT;
      else if (c >= TABLED_CODES || c === CAPITAL_SIGMA) bits |= WORD_FOLD_AS_WRITTEN;
    }
    const word = text.slice(start, i);
    const lower = lowerCase(word);
    if (word.charCodeAt(0) !== lower.charCodeAt(0)) bits |= WORD_CAPITALISED;
    let id = vocabulary.get(lower);
    if (id === undefined) {
      id = spelled.length;
      vocabulary.set(lower, id);
      spelled.push(lower);
    }
    starts[count] = start;
    ends[count] = i;
    ids[count] = id;
    flags[count] = bits;
    count++;
    breakSeen = 0;
  }
  return { text, length: count, starts: starts.subarray(0, count), ends: ends.subarray(0, count), ids: ids.subarray(0, count), flags: flags.subarray(0, count), spelled, vocabulary };
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
