/**
 * Fast, table-driven text primitives for the hot path (every block of every document): word
 * splitting and accent folding by character code, without regular expressions or callbacks.
 */
import { CASE_RUNS, FOLD_LONG as FOLD_LONG_ENTRIES, FOLD_RUNS, LOWER_UNIT_DIFFERENCE_RUNS, LOWERS_RUNS, WORD_CHAR_RUNS } from './character-tables.ts';
import { FNV_OFFSET, FNV_PRIME } from './fnv.ts';
import { expandRuns } from './runs.ts';

const TABLE_SIZE = 0x1f00; // through Latin Extended Additional, which holds every Vietnamese letter
// The tables below are expanded from runs generated from their definitions (./character-tables.ts).

/** 1 for a letter, digit or mark (`/[\p{L}\p{N}\p{M}]/u`). */
const WORD_CHAR = expandRuns(new Uint8Array(TABLE_SIZE), WORD_CHAR_RUNS);
/** Folded code unit for each code below TABLE_SIZE: 0 keep as is, DROP remove (combining mark). */
const FOLD = expandRuns(new Uint16Array(TABLE_SIZE), FOLD_RUNS);
const DROP = 0xffff;
/** The few letters whose fold is longer than one character (none below the table: ǆ, say, is no NFD decomposition). */
const FOLD_LONG = new Map<number, string>(FOLD_LONG_ENTRIES);
/** Code units below the table that `toLowerCase` changes (capitals, title-case digraphs). */
const LOWERS = expandRuns(new Uint8Array(TABLE_SIZE), LOWERS_RUNS);

/** Case of each code unit below the table, for clean/block-features.ts: 1 lower, 2 upper, 3 letter without case. */
export const LETTER_CASE: Readonly<Uint8Array> = expandRuns(new Uint8Array(TABLE_SIZE), CASE_RUNS);

/** The fold tables and the lower-case flags, read only: for the test that pins them to their definitions. */
export const FOLD_TABLES: { fold: Readonly<Uint16Array>; dropped: number; foldLong: ReadonlyMap<number, string>; lowers: Readonly<Uint8Array> } = {
  fold: FOLD,
  dropped: DROP,
  foldLong: FOLD_LONG,
  lowers: LOWERS,
};

/** 1 for each code unit below TABLED_CODES that `isWordCode` accepts: read directly by the hottest loops. */
export const WORD_CODES: Readonly<Uint8Array> = WORD_CHAR;

/** Word-character verdicts above the table, found on first sight (1 word, 2 not): CJK text repeats characters. */
const WORD_CHAR_HIGH = new Uint8Array(0x10000);
const WORD_CHAR_PATTERN = /[\p{L}\p{N}\p{M}]/u;

/** Whether a UTF-16 code unit is part of a word (a letter, digit or mark; lone surrogates are not). */
export function isWordCode(code: number): boolean {
  if (code < TABLE_SIZE) return WORD_CHAR[code] === 1;
  let verdict = WORD_CHAR_HIGH[code] ?? 2;
  if (verdict === 0) {
    verdict = WORD_CHAR_PATTERN.test(String.fromCharCode(code)) ? 1 : 2;
    WORD_CHAR_HIGH[code] = verdict;
  }
  return verdict === 1;
}

/**
 * Lower-case code unit of each code unit below the table when lower-casing any word maps it to
 * exactly one unit (nearly every letter), 0 otherwise: İ lower-cases to two units, and a capital
 * sigma to σ or ς by its place in the word.
 */
export const LOWER_UNITS: Readonly<Uint16Array> = expandRuns(new Uint16Array(TABLE_SIZE), LOWER_UNIT_DIFFERENCE_RUNS, true);

/**
 * `word.toLowerCase()`, returning the word itself when no character would change: most words of
 * running text are lower case already, and V8 copies two-byte (Vietnamese) strings even then.
 */
export function lowerCase(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= TABLE_SIZE || LOWERS[code] === 1) return word.toLowerCase();
  }
  return word;
}

/** Code units below this have their character classes in tables; beyond it, callers test patterns. */
export const TABLED_CODES = TABLE_SIZE;
const SEEN = 1;
const UPPER = 2;
const LETTER_OR_MARK = 4;
/** Class bits per code unit below the table, found on first sight (0: not yet looked at). */
const CLASS = new Uint8Array(TABLE_SIZE);

function classBits(code: number): number {
  let bits = CLASS[code] ?? 0;
  if (bits === 0) {
    const ch = String.fromCharCode(code);
    bits = SEEN | (/\p{Lu}/u.test(ch) ? UPPER : 0) | (/[\p{L}\p{M}]/u.test(ch) ? LETTER_OR_MARK : 0);
    CLASS[code] = bits;
  }
  return bits;
}

/** Whether a code unit below TABLED_CODES is an upper-case letter. */
export function isUpperCaseCode(code: number): boolean {
  return (classBits(code) & UPPER) !== 0;
}

/** Whether a code unit below TABLED_CODES is a letter or a mark. */
export function isLetterOrMarkCode(code: number): boolean {
  return (classBits(code) & LETTER_OR_MARK) !== 0;
}

const STARTS_WITH_CAPITAL = /^\p{Lu}/u;

/** `/^\p{Lu}/u.test(text)`, from the table for the letters of Latin-script text. */
export function startsWithCapital(text: string): boolean {
  const code = text.charCodeAt(0);
  return code < TABLE_SIZE ? isUpperCaseCode(code) : STARTS_WITH_CAPITAL.test(text);
}

/** Words (runs of letters, digits and marks), in order. */
export function words(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isWordCode(code)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

const UTF16 = new TextDecoder('utf-16le');
/** Reused output buffer for block-sized texts: folding runs on every block, fresh buffers keep the GC busy. */
const SHARED = new Uint16Array(2 * 32_768);

/**
 * Accent-insensitive form: diacritics and tone marks removed, đ → d, lower-cased. Same result as
 * NFD + mark removal + toLowerCase for Latin text, at a fraction of the cost.
 */
export function fold(text: string): string {
  const { units, length } = foldedUnits(text);
  // Uint16Array is little-endian on every platform Node runs on.
  return UTF16.decode(units.subarray(0, length));
}

/**
 * The code units of `fold(text)`, in `units` up to `length`, without building the string. The
 * buffer may be shared: it is valid until the next call.
 */
export function foldedUnits(text: string): { units: Uint16Array; length: number } {
  // Long texts get their own buffer, so the shared one never grows and nothing large stays allocated.
  const out = text.length * 2 <= SHARED.length ? SHARED : new Uint16Array(text.length * 2);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      out[n++] = code >= 65 && code <= 90 ? code + 32 : code;
      continue;
    }
    if (code < TABLE_SIZE) {
      const mapped = FOLD[code] ?? 0;
      if (mapped === DROP) continue;
      if (mapped !== 0) {
        out[n++] = mapped;
        continue;
      }
      const long = FOLD_LONG.get(code);
      if (long) {
        for (let j = 0; j < long.length; j++) out[n++] = long.charCodeAt(j);
        continue;
      }
      out[n++] = code;
      continue;
    }
    const lower = String.fromCharCode(code).toLowerCase();
    out[n++] = lower.length === 1 ? lower.charCodeAt(0) : code;
  }
  return { units: out, length: n };
}

/**
 * FNV-1a of the code units of `fold(word)`, or undefined when the word folds to nothing, computed
 * without building the folded string. For words as `words()` splits them: they hold no surrogates,
 * so the folded code units are the folded string's.
 */
export function foldedWordHash(word: string): number | undefined {
  let h = FNV_OFFSET;
  let n = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let out = code;
    if (code < 128) out = code >= 65 && code <= 90 ? code + 32 : code;
    else if (code < TABLE_SIZE) {
      const mapped = FOLD[code] ?? 0;
      if (mapped === DROP) continue;
      if (mapped === 0) {
        const long = FOLD_LONG.get(code);
        if (long) {
          for (let j = 0; j < long.length; j++) h = Math.imul(h ^ long.charCodeAt(j), FNV_PRIME);
          n += long.length;
          continue;
        }
      } else out = mapped;
    } else {
      const lower = String.fromCharCode(code).toLowerCase();
      out = lower.length === 1 ? lower.charCodeAt(0) : code;
    }
    h = Math.imul(h ^ out, FNV_PRIME);
    n++;
  }
  return n === 0 ? undefined : h >>> 0;
}

/** 1 for each code unit through U+3000 that a pattern's `\s` matches. */
const PATTERN_SPACE = new Uint8Array(0x3001);
for (const [from, to] of [[9, 13], [32, 32], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000]] as const) {
  PATTERN_SPACE.fill(1, from, to + 1);
}

/** White space as a pattern's `\s` reads it (ECMAScript's WhiteSpace and LineTerminator), without a pattern: one table read. */
export function isPatternSpace(c: number): boolean {
  return c <= 0x3000 ? PATTERN_SPACE[c] === 1 : c === 0xfeff;
}
