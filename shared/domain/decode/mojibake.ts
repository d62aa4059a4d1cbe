import iconv from 'iconv-lite';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';
import { vniToUnicode } from './vni.ts';

/**
 * Repair of text that reached us as Unicode but was decoded with the wrong table on the way:
 * UTF-8 read as Windows-1252 or Latin-1 (once: `Ä‘á»“ng`, or twice), and TCVN3 or VNI bytes read as
 * Windows-1252 (`C«ng v¨n`, `Coâng vaên`). Each paragraph is judged on its own, by how many of its
 * words are valid Vietnamese syllables before and after; text that is already right is never
 * touched, because correct Vietnamese holds letters (ư, ơ, đ, ạ …) that no such misreading produces,
 * and other languages do not turn into Vietnamese syllables.
 */

export type RepairKind =
  | 'utf-8 read as windows-1252'
  | 'utf-8 read as windows-1252 twice'
  | 'tcvn3 read as windows-1252'
  | 'vni read as windows-1252';

/** One kind of repair made in a document, and in how many paragraphs. */
export interface MojibakeRepair {
  kind: RepairKind;
  paragraphs: number;
}

/** Windows-1252's letters and symbols at 0x80–0x9F, back to their bytes. */
const CP1252_HIGH = new Map<string, number>(
  [...iconv.decode(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)), 'windows1252')].map((c, i) => [c, 0x80 + i] as const).filter(([c]) => c !== '\uFFFD'),
);

/**
 * The bytes a string came from if it was decoded as Windows-1252 (or Latin-1, whose 0x80–0x9F are
 * C1 controls): undefined when it holds any character neither table produces.
 */
function asSingleBytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0xff) bytes[i] = code;
    else {
      const byte = CP1252_HIGH.get(text.charAt(i));
      if (byte === undefined) return undefined;
      bytes[i] = byte;
    }
  }
  return bytes;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function utf8Of(misread: string): string | undefined {
  // A non-breaking space (A0) that was the last byte of `à` (C3 A0), `Ơ` (C6 A0), `Ạ` (E1 BA A0) or
  // `Ỡ` (E1 BB A0) is often collapsed into a plain space by whatever read the text next (HTML does).
  const text = misread.replace(/(Ã|Æ|á[º»]) /g, '$1\u00A0');
  if (text.includes('\uFFFD')) return utf8WithLostBytes(text);
  const bytes = asSingleBytes(text);
  if (!bytes) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const MAX_LOST_PER_WORD = 3;

/** The five bytes Windows-1252 leaves undefined; many decoders turn them into U+FFFD. */
const UNDEFINED_IN_CP1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/**
 * UTF-8 read as Windows-1252 by a decoder that replaced the undefined bytes with U+FFFD (iconv,
 * Python with `errors="replace"`): `Ä\uFFFD` was `Đ` (C4 90). Word by word, each U+FFFD is given back
 * the undefined byte that makes the word valid UTF-8 and a Vietnamese syllable; undefined when no
 * byte does, so nothing is guessed.
 */
function utf8WithLostBytes(text: string): string | undefined {
  let out = '';
  // Split at ASCII spaces only: a non-breaking space here is the second byte of an `à` (C3 A0).
  for (const [part] of text.matchAll(/[ \t\r\n]+|[^ \t\r\n]+/gu)) {
    if (!part.includes('\uFFFD')) {
      const plain = utf8Of(part);
      if (plain === undefined) return undefined;
      out += plain;
      continue;
    }
    const pieces = part.split('\uFFFD');
    // Five bytes per lost one: a word with many is not a Vietnamese syllable anyway, and would cost 5^n.
    if (pieces.length - 1 > MAX_LOST_PER_WORD) return undefined;
    const found = fillLostBytes(pieces, '');
    if (found === undefined) return undefined;
    out += found;
  }
  return out;
}

function fillLostBytes(pieces: string[], sofar: string): string | undefined {
  const words = candidateWords(pieces, sofar);
  // Several bytes may give a loose syllable (`người` and `ngưềi`): only a single one that is spelled
  // as Vietnamese is spelled is taken. When several are (`cỏ`, `cọ`, `cề`), the letter stays unknown.
  const spelled = words.filter((w) => (w.match(/[\p{L}\p{M}]+/gu) ?? []).every((l) => ASCII.test(l) || isWellSpelled(l)));
  if (spelled.length === 1) return spelled[0];
  const withoutLost = words.length > 0 ? asSingleBytes(sofar + pieces.join('')) : undefined;
  return withoutLost && new TextDecoder('utf-8').decode(withoutLost);
}

function candidateWords(pieces: string[], sofar: string): string[] {
  if (pieces.length === 1) {
    const word = utf8Of(sofar + pieces[0]);
    const letters = word?.match(/[\p{L}\p{M}]+/gu) ?? [];
    return word !== undefined && letters.every((l) => ASCII.test(l) || isVietnameseSyllable(l)) ? [word] : [];
  }
  return UNDEFINED_IN_CP1252.flatMap((byte) => candidateWords(pieces.slice(1), sofar + pieces[0] + String.fromCharCode(byte)));
}

/** The vowel groups Vietnamese spelling has (tone marks aside); the syllable validator is looser on purpose. */
const NUCLEI = new Set(
  ('a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê ' +
    'iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu').split(' '),
);
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
/**
 * A syllable as initial, vowel group and final, read with the initial's spellings in order, then with a
 * one-letter initial (its vowel group then starts a letter earlier: `g` + `ia`). Made once, not per word.
 */
const SPELLINGS = ['(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?', '([bcdđghklmnprstvx])?'].map(
  (initial) => new RegExp(`^${initial}([aăâeêioôơuưy]+)(ch|nh|ng|[cmnpt])?$`, 'u'),
);

/**
 * Verdicts of `isWellSpelled`, by word: the words judged are a document's few lines of Latin-1
 * letters (a byline, a menu), the same from document to document, and a verdict takes a lower-casing,
 * two normalisations and up to two patterns: repairMojibakeLines of the 150 generated scraped pages
 * 7.36 → 5.34 µs a page (CPU A/B in one process, median of 21). Cleared whole once it holds
 * WELL_SPELLED_WORDS.
 */
const wellSpelledVerdicts = new Map<string, boolean>();
const WELL_SPELLED_WORDS = 4096;

/** `isWellSpelled(word)`, remembered. */
export function wellSpelled(word: string): boolean {
  let verdict = wellSpelledVerdicts.get(word);
  if (verdict === undefined) {
    verdict = isWellSpelled(word);
    if (wellSpelledVerdicts.size >= WELL_SPELLED_WORDS) wellSpelledVerdicts.clear();
    wellSpelledVerdicts.set(word, verdict);
  }
  return verdict;
}

/**
 * Stricter than `isVietnameseSyllable`: the vowel group is one Vietnamese has, a syllable closed by
 * p, t, c or ch carries only the acute or dot-below tone, and no capital follows a small letter.
 */
function isWellSpelled(word: string): boolean {
  if (/\p{Ll}\p{Lu}/u.test(word)) return false;
  const decomposed = word.toLowerCase().normalize('NFD');
  const tones = decomposed.match(TONES) ?? [];
  if (/(p|t|c|ch)$/.test(word.toLowerCase()) && tones.some((t) => t !== '\u0301' && t !== '\u0323')) return false;
  const base = decomposed.replace(TONES, '').normalize('NFC');
  for (const spelling of SPELLINGS) {
    const match = spelling.exec(base);
    if (match && NUCLEI.has(match[2] ?? '')) return true;
  }
  return false;
}

interface Reading {
  kind: RepairKind;
  text: string;
}

/** Every way the paragraph may have been misread, each undone. */
function readings(paragraph: string): Reading[] {
  const out: Reading[] = [];
  const once = utf8Of(paragraph);
  if (once !== undefined && once !== paragraph) {
    out.push({ kind: 'utf-8 read as windows-1252', text: once });
    const twice = utf8Of(once);
    if (twice !== undefined && twice !== once) out.push({ kind: 'utf-8 read as windows-1252 twice', text: twice });
  }
  const bytes = asSingleBytes(paragraph);
  if (bytes) {
    out.push({ kind: 'tcvn3 read as windows-1252', text: iconv.decode(Buffer.from(bytes), 'tcvn') });
    out.push({ kind: 'vni read as windows-1252', text: vniToUnicode(iconv.decode(Buffer.from(bytes), 'windows1252')) });
  }
  return out;
}

const WORD = /[\p{L}\p{M}]+/gu;
const ASCII = /^[\u0000-\u007F]*$/;
// What a misreading leaves besides letters: Latin-1 symbols and C1 controls. Bullets, dashes, curly
// quotes, guillemets and non-breaking spaces are left out: correct text is full of them.
const DEBRIS = /[\u0080-\u009F\u00A1-\u00AA\u00AC-\u00BA\u00BC-\u00BF\u00D7\u00F7\u02C6\u02DC\u0192\u2020\u2021\u2030\u2039\u203A\u2122]/gu;

interface Verdict {
  /** Words with a letter beyond ASCII that are valid Vietnamese syllables. */
  valid: number;
  /** Words with a letter beyond ASCII that are not. */
  invalid: number;
  debris: number;
}

function judge(text: string): Verdict {
  let valid = 0;
  let invalid = 0;
  for (const [word] of text.matchAll(WORD)) {
    if (ASCII.test(word)) continue;
    if (isVietnameseSyllable(word) && wellSpelled(word)) valid++;
    else invalid++;
  }
  return { valid, invalid, debris: text.match(DEBRIS)?.length ?? 0 };
}

/** As the encoding detector scores a decoding: misread text splits into fragments, some of them syllables by chance (`tÃ¡c`). */
const score = (v: Verdict): number => v.valid - v.invalid - v.debris;
const share = (v: Verdict): number => (v.valid + v.invalid === 0 ? 0 : v.valid / (v.valid + v.invalid));

/** Quick test before any work: a paragraph that could be misread has a character in 0x80–0xFF (or a Windows-1252 symbol) and nothing a single-byte table cannot give. */
const HIGH = /[\u0080-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u203A\u20AC\u2122]/u;
const BEYOND = /[^\uFFFD\u0000-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]/u;

/** The best repair of one paragraph, with how strongly the syllables speak for it; undefined when none helps. */
function bestRepair(paragraph: string): (Reading & { gain: number; evidence: number }) | undefined {
  if (!HIGH.test(paragraph) || BEYOND.test(paragraph)) return undefined;
  const before = judge(paragraph);
  // Already reads as Vietnamese (or has nothing to judge): leave it.
  // Every word with a diacritic already a Vietnamese syllable: the text is right, whatever symbols it has.
  if (before.valid > 0 && before.invalid === 0) return undefined;
  if (before.debris === 0 && (before.valid + before.invalid === 0 || share(before) >= 0.5)) return undefined;
  let best: (Reading & { gain: number; evidence: number }) | undefined;
  for (const reading of readings(paragraph)) {
    const after = judge(reading.text);
    if (after.valid === 0 || share(after) < 0.8 || after.debris > before.debris) continue;
    const gain = score(after) - score(before);
    if (gain > 0 && (!best || gain > best.gain)) best = { ...reading, gain, evidence: after.valid };
  }
  return best;
}

/**
 * Evidence a paragraph must give on its own: valid syllables with diacritics after the repair. A
 * shorter paragraph, such as a two-word heading, is repaired only when the document's other
 * paragraphs were misread the same way.
 */
const STRONG_EVIDENCE = 3;

/**
 * Repairs misread paragraphs in place of the originals. `repairs` says which kinds were undone, in
 * how many paragraphs; empty when the text was left as it was.
 */
export function repairMojibake(paragraphs: readonly string[]): { paragraphs: string[]; repairs: MojibakeRepair[] } {
  const candidates = paragraphs.map(bestRepair);
  const strongKinds = new Set(candidates.filter((c) => c && c.evidence >= STRONG_EVIDENCE).map((c) => c!.kind));
  const counts = new Map<RepairKind, number>();
  const out = paragraphs.map((paragraph, i) => {
    const repair = candidates[i];
    if (!repair || (repair.evidence < STRONG_EVIDENCE && !strongKinds.has(repair.kind))) return paragraph;
    counts.set(repair.kind, (counts.get(repair.kind) ?? 0) + 1);
    return repair.text;
  });
  return { paragraphs: out, repairs: [...counts].map(([kind, n]) => ({ kind, paragraphs: n })) };
}

/** `repairMojibake` over the lines of a text (lines are the paragraphs of plain text). */
export function repairMojibakeLines(text: string): { text: string; repairs: MojibakeRepair[] } {
  // Most text has nothing to repair: one scan decides that without splitting it.
  if (!HIGH.test(text)) return { text, repairs: [] };
  const { paragraphs, repairs } = repairMojibake(text.split('\n'));
  return { text: repairs.length > 0 ? paragraphs.join('\n') : text, repairs };
}

/** Adds up the repairs of several parts of one document. */
export function mergeRepairs(parts: Iterable<MojibakeRepair[]>): MojibakeRepair[] {
  const counts = new Map<RepairKind, number>();
  for (const part of parts) for (const r of part) counts.set(r.kind, (counts.get(r.kind) ?? 0) + r.paragraphs);
  return [...counts].map(([kind, paragraphs]) => ({ kind, paragraphs }));
}
