/**
 * The character tables of shared/domain/text/tokenize.ts and shared/domain/clean/block-features.ts as
 * they were first defined, a test per character, kept as the reference the tables generated from them
 * (shared/domain/text/character-tables.ts, by test/support/character-tables-source.ts) are tested
 * against (test/unit/character-tables.test.ts).
 */
import { foldedUnits, isWordCode, TABLED_CODES, WORD_CODES } from '../../shared/domain/text/tokenize.ts';
const TABLE_SIZE = 0x1f00;
const DROP = 0xffff;

export interface ReferenceTables {
  wordChar: Uint8Array;
  fold: Uint16Array;
  foldLong: Map<number, string>;
  lowers: Uint8Array;
  lowerUnits: Uint16Array;
  /** block-features.ts: 1 lower, 2 upper, 3 letter without case. */
  letterCase: Uint8Array;
}

export function referenceTables(): ReferenceTables {
  const wordChar = new Uint8Array(TABLE_SIZE);
  const fold = new Uint16Array(TABLE_SIZE);
  const foldLong = new Map<number, string>();
  for (let code = 0; code < TABLE_SIZE; code++) {
    const ch = String.fromCharCode(code);
    if (/[\p{L}\p{N}\p{M}]/u.test(ch)) wordChar[code] = 1;
    if (code >= 0x0300 && code <= 0x036f) {
      fold[code] = DROP;
      continue;
    }
    const folded = ch === 'đ' || ch === 'Đ' ? 'd' : ch.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    if (folded === ch) continue;
    if (folded.length === 1) fold[code] = folded.charCodeAt(0);
    else if (folded.length > 1) foldLong.set(code, folded);
    else fold[code] = DROP;
  }
  const lowers = new Uint8Array(TABLE_SIZE);
  for (let code = 0; code < TABLE_SIZE; code++) {
    const ch = String.fromCharCode(code);
    if (ch.toLowerCase() !== ch) lowers[code] = 1;
  }
  const lowerUnits = new Uint16Array(TABLE_SIZE);
  for (let code = 0; code < TABLE_SIZE; code++) {
    const lower = String.fromCharCode(code).toLowerCase();
    if (lower.length === 1 && code !== 0x03a3) lowerUnits[code] = lower.charCodeAt(0);
  }
  const letterCase = new Uint8Array(0x1f00);
  for (let code = 0; code < letterCase.length; code++) {
    const ch = String.fromCharCode(code);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper) letterCase[code] = ch === upper ? 2 : 1;
    else if (/\p{L}/u.test(ch)) letterCase[code] = 3;
  }
  return { wordChar, fold, foldLong, lowers, lowerUnits, letterCase };
}

/** Bits of block-features.ts's UNIT_INFO above the folded unit (low 16 bits). */
export const UNIT_INFO_BITS = { FOLD_DROPPED: 0xffff, NON_SPACE: 1 << 16, DIGIT: 1 << 17, UPPER: 1 << 18, LOWER: 1 << 19, LETTER: 1 << 20, COUNTED_WORD: 1 << 21, WORD: 1 << 22, UNSAFE: 1 << 23 } as const;
/** Code units UNIT_INFO covers: through General Punctuation. */
export const UNIT_INFO_CODES = 0x2070;

/**
 * block-features.ts's UNIT_INFO: everything the one-pass reading of a line needs of a code unit, from
 * the tokenizer's fold (foldedUnits), its word characters and the letter case (`letterCase` below
 * U+1F00, the definition beyond).
 */
export function referenceUnitInfo(letterCase: Uint8Array): Int32Array {
  const { FOLD_DROPPED, NON_SPACE, DIGIT, UPPER, LOWER, LETTER, COUNTED_WORD, WORD, UNSAFE } = UNIT_INFO_BITS;
  const caseOf = (code: number): number => {
    if (code < letterCase.length) return letterCase[code] ?? 0;
    const ch = String.fromCharCode(code);
    if (ch.toLowerCase() !== ch.toUpperCase()) return ch === ch.toUpperCase() ? 2 : 1;
    return /\p{L}/u.test(ch) ? 3 : 0;
  };
  const table = new Int32Array(UNIT_INFO_CODES);
  for (let code = 0; code < UNIT_INFO_CODES; code++) {
    const { units, length } = foldedUnits(String.fromCharCode(code));
    const word = code < TABLED_CODES ? WORD_CODES[code] === 1 : isWordCode(code);
    const unit = units[0] ?? 0;
    const letterCaseOf = caseOf(code);
    const digit = code >= 48 && code <= 57;
    let info = word ? WORD : 0;
    if (length === 0) info |= word ? FOLD_DROPPED : UNSAFE;
    else if (length > 1 || unit === FOLD_DROPPED || isWordCode(unit) !== word) info |= UNSAFE;
    else info |= unit;
    if (!(code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0)) info |= NON_SPACE;
    if (digit) info |= DIGIT;
    if (letterCaseOf === 2) info |= UPPER;
    else if (letterCaseOf === 1) info |= LOWER;
    if (letterCaseOf > 0) info |= LETTER;
    if (digit || letterCaseOf > 0 || (code >= 0x0300 && code <= 0x036f)) info |= COUNTED_WORD;
    table[code] = info;
  }
  return table;
}
