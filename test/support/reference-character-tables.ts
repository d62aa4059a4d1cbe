/**
 * The character tables of shared/domain/text/tokenize.ts and shared/domain/clean/block-features.ts as
 * they were first defined, a test per character, kept as the reference the faster construction is
 * tested against (test/unit/character-tables.test.ts).
 */
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
