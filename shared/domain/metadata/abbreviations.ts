import { isPatternSpace, TABLED_CODES, WORD_CODES } from '../text/tokenize.ts';
import { eachMatchInChunk, wholeText, type ChunkedText, type JoinedChunk, type SearchCursor, type TextSource } from '../text/joined-chunks.ts';
import { docRefSpans } from './doc-refs.ts';

/**
 * Abbreviations common in Vietnamese government writing, with expansions (tone marks placed as in
 * "ủy", "hòa"). The metadata step reports the ones a text uses; the search step uses them as synonyms.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  UBND: 'Ủy ban nhân dân',
  HĐND: 'Hội đồng nhân dân',
  UBMTTQ: 'Ủy ban Mặt trận Tổ quốc',
  MTTQ: 'Mặt trận Tổ quốc',
  BTV: 'Ban Thường vụ',
  BCH: 'Ban Chấp hành',
  BCĐ: 'Ban Chỉ đạo',
  TCCS: 'tổ chức cơ sở',
  CCHC: 'cải cách hành chính',
  'KT-XH': 'kinh tế - xã hội',
  UVBTVTU: 'Ủy viên Ban Thường vụ Tỉnh ủy',
  UVBTV: 'Ủy viên Ban Thường vụ',
  TVTU: 'Thường vụ Tỉnh ủy',
  BTVTU: 'Ban Thường vụ Tỉnh ủy',
  VPTU: 'Văn phòng Tỉnh ủy',
  CCVC: 'công chức, viên chức',
  CBCC: 'cán bộ, công chức',
  CBCCVC: 'cán bộ, công chức, viên chức',
  CCQ: 'các cơ quan',
  BCT: 'Bộ Chính trị',
  BCHTW: 'Ban Chấp hành Trung ương',
  'QP-AN': 'quốc phòng - an ninh',
  ANTT: 'an ninh trật tự',
  THCS: 'trung học cơ sở',
  THPT: 'trung học phổ thông',
  CNTT: 'công nghệ thông tin',
  TNCS: 'Thanh niên Cộng sản',
  HTX: 'hợp tác xã',
  CSGT: 'cảnh sát giao thông',
  BHXH: 'bảo hiểm xã hội',
  BHYT: 'bảo hiểm y tế',
  NTM: 'nông thôn mới',
  ĐBQH: 'đại biểu Quốc hội',
  ĐBSCL: 'đồng bằng sông Cửu Long',
};

/** The dictionary's entries in its order, listed once rather than on every call. */
const DICTIONARY = Object.entries(ABBREVIATIONS);

/** "(BCH)": an abbreviation in parentheses, possibly defined by the words just before it. */
const PARENTHESISED = /\(\s*([\p{Lu}][\p{Lu}-]{1,9})\s*\)/gu;
const BOUNDARY_BEFORE = /[\p{L}\p{N}-]/u;

/**
 * Abbreviations a text uses, with expansions: the text's own definitions first ("Ban Chấp hành
 * (BCH)"), then the dictionary. Codes inside document references ("NQ/TW") are not abbreviations in use.
 */
export function extractAbbreviations(text: string): Record<string, string> {
  return abbreviationsIn(wholeText(text));
}

/** `extractAbbreviations` of a text read in chunks: a 50 MB document is not copied once more whole only to be searched. */
export function abbreviationsIn(text: ChunkedText): Record<string, string> {
  const found: Record<string, string> = {};
  const used = new Set<string>();
  const defined: SearchCursor = { at: 0 };
  const standalone: SearchCursor = { at: 0 };
  const runs = new DocRefRuns(text.whole);
  for (const chunk of text.chunks()) {
    eachMatchInChunk(PARENTHESISED, chunk, defined, (m) => {
      const abbr = m[1] ?? '';
      if (found[abbr]) return;
      const initials = abbr.replace(/-/g, '');
      // Take as many words before the parenthesis as the abbreviation has letters, when their initials agree.
      const words = chunk.text.slice(Math.max(0, m.index - 120), m.index).trim().split(/[\s,]+/).filter((w) => /^[\p{L}\p{M}]+$/u.test(w));
      const candidate = words.slice(-initials.length);
      if (candidate.length === initials.length && candidate.map((w) => w.charAt(0).toUpperCase()).join('') === initials.toUpperCase()) {
        found[abbr] = candidate.join(' ');
      }
    });
    standaloneAbbreviations(chunk, standalone, runs, used);
  }
  if (used.size === 0) return found;
  for (const [abbr, expansion] of DICTIONARY) {
    // The set first: most of the dictionary is not used, and `found`'s keys vary from text to text,
    // so reading it for every entry was a megamorphic keyed load (0.5 % of processing at steady state).
    if (!used.has(abbr) || found[abbr]) continue;
    found[abbr] = expansion;
  }
  return found;
}

/**
 * The dictionary's abbreviations, longest first, in one expression: the text is searched once for
 * all of them, not once for each. At a position it finds the longest one there; a shorter one there
 * or one starting inside it has a letter or hyphen beside it and is never a word of its own.
 */
const ANY_ABBREVIATION = new RegExp(
  Object.keys(ABBREVIATIONS)
    .sort((a, b) => b.length - a.length)
    .map((abbr) => abbr.replace(/[-\\^$.*+?()[\]{}|/]/g, '\\$&'))
    .join('|'),
  'g',
);

/** Adds to `used` the dictionary's abbreviations the chunk holds as a word of their own, outside any document reference. */
function standaloneAbbreviations(chunk: JoinedChunk, cursor: SearchCursor, runs: DocRefRuns, used: Set<string>): void {
  const { text } = chunk;
  eachMatchInChunk(ANY_ABBREVIATION, chunk, cursor, (m) => {
    const abbr = m[0];
    const i = m.index;
    if (used.has(abbr)) return;
    const before = text.charAt(i - 1);
    const after = text.charAt(i + abbr.length);
    if ((before && BOUNDARY_BEFORE.test(before)) || (after && BOUNDARY_BEFORE.test(after))) return;
    if (!runs.inside(chunk, i)) used.add(abbr);
  });
}

/**
 * Whether a position lies inside a coded document reference ("45/KH-UBND"). A reference holds only
 * letters, digits, white space, hyphens and slashes, so only the run of those around the position is
 * searched (a unit beyond the tables or a mark counts as one of them): the same references as in the
 * whole text. A run that reaches beyond its chunk is read from the whole text, and kept for the next
 * position in it (a text without a stop is one run).
 */
class DocRefRuns {
  private last: { start: number; end: number; spans: Array<[number, number]> } | undefined;

  constructor(private readonly whole: TextSource) {}

  inside(chunk: JoinedChunk, i: number): boolean {
    const { text, offset } = chunk;
    const [start, end] = runAround(text, i);
    if ((start > 0 || offset === 0) && (end < text.length || offset + end === this.whole.length)) {
      return docRefSpans(text.slice(start, end)).some(([from, to]) => i >= start + from && i < start + to);
    }
    const at = offset + i;
    if (!this.last || at < this.last.start || at >= this.last.end) {
      const [from, to] = runAround(this.whole, at);
      this.last = { start: from, end: to, spans: docRefSpans(this.whole.slice(from, to)) };
    }
    const { start: from, spans } = this.last;
    return spans.some(([s, e]) => at >= from + s && at < from + e);
  }
}

/** The run of code units that may be in a document reference around position `i`. */
function runAround(text: TextSource, i: number): [number, number] {
  let start = i;
  while (start > 0 && mayBeInDocRef(text.charCodeAt(start - 1))) start--;
  let end = i;
  while (end < text.length && mayBeInDocRef(text.charCodeAt(end))) end++;
  return [start, end];
}

function mayBeInDocRef(code: number): boolean {
  return code >= TABLED_CODES || WORD_CODES[code] === 1 || isPatternSpace(code) || code === 0x2d || code === 0x2f;
}
