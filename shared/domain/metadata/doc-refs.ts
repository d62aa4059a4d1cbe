/**
 * References to party and state documents, normalised as NUMBER-TYPE/ISSUER ("18-NQ/TW"),
 * NUMBER/YEAR/TYPE-ISSUER ("14/2005/NQ-CP"), NUMBER/TYPE-ISSUER ("123/QĐ-UBND"), or as written
 * when there is no code ("Chỉ thị 03"), each with its type and issuer spelled out.
 */
import { eachMatchInChunk, wholeChunk, wholeText, type ChunkedText, type JoinedChunk, type SearchCursor } from '../text/joined-chunks.ts';
import { isUpperCaseCode, TABLED_CODES } from '../text/tokenize.ts';

export interface DocRef {
  /** The normalised reference, as listed in `docRefs`. */
  ref: string;
  number: string;
  year: number | null;
  /** Type code as written in the reference ("NQ"), or the code of a named type ("Chỉ thị" → "CT"). */
  type: string | null;
  typeName: string | null;
  issuer: string | null;
  issuerName: string | null;
}

/** Type codes of party and state documents. */
export const DOCUMENT_TYPE_NAMES: Readonly<Record<string, string>> = {
  NQ: 'Nghị quyết', KH: 'Kế hoạch', CT: 'Chỉ thị', QĐ: 'Quyết định', QĐi: 'Quy định', KL: 'Kết luận', TB: 'Thông báo',
  QC: 'Quy chế', HD: 'Hướng dẫn', BC: 'Báo cáo', CV: 'Công văn', TT: 'Thông tư', NĐ: 'Nghị định', TTr: 'Tờ trình',
  CTr: 'Chương trình', ĐA: 'Đề án', PL: 'Pháp lệnh', TTLT: 'Thông tư liên tịch', NQLT: 'Nghị quyết liên tịch', QH: 'Luật',
};

/** Issuer codes: party committees and state bodies. */
export const ISSUER_NAMES: Readonly<Record<string, string>> = {
  TW: 'Ban Chấp hành Trung ương', TU: 'Tỉnh ủy', HU: 'Huyện ủy', ThU: 'Thành ủy', ĐU: 'Đảng ủy', QU: 'Quận ủy',
  ĐUK: 'Đảng ủy Khối', BCS: 'Ban cán sự đảng', BTGTW: 'Ban Tuyên giáo Trung ương', BTCTW: 'Ban Tổ chức Trung ương',
  VPTW: 'Văn phòng Trung ương Đảng', CP: 'Chính phủ', TTg: 'Thủ tướng Chính phủ', VPCP: 'Văn phòng Chính phủ', QH: 'Quốc hội',
  UBTVQH: 'Ủy ban Thường vụ Quốc hội', UBND: 'Ủy ban nhân dân', HĐND: 'Hội đồng nhân dân', BTC: 'Bộ Tài chính',
  BNV: 'Bộ Nội vụ', BYT: 'Bộ Y tế', BCA: 'Bộ Công an', BQP: 'Bộ Quốc phòng', BTP: 'Bộ Tư pháp', BGDĐT: 'Bộ Giáo dục và Đào tạo',
  BKHĐT: 'Bộ Kế hoạch và Đầu tư', BTNMT: 'Bộ Tài nguyên và Môi trường', BLĐTBXH: 'Bộ Lao động - Thương binh và Xã hội',
  BNNPTNT: 'Bộ Nông nghiệp và Phát triển nông thôn', BTTTT: 'Bộ Thông tin và Truyền thông', BXD: 'Bộ Xây dựng',
  BGTVT: 'Bộ Giao thông vận tải', BCT: 'Bộ Công Thương', NHNN: 'Ngân hàng Nhà nước', TANDTC: 'Tòa án nhân dân tối cao',
  VKSNDTC: 'Viện kiểm sát nhân dân tối cao', MTTQ: 'Mặt trận Tổ quốc',
};

const NAMED_TYPES = Object.fromEntries(Object.entries(DOCUMENT_TYPE_NAMES).filter(([code]) => code !== 'QH').map(([code, name]) => [name, code]));

/** A code such as "NQ", "QĐi", "TTg", "ThU": capitals with at most two lower-case letters. */
const CODE = '\\p{Lu}[\\p{Lu}\\p{Ll}]{0,7}';
/**
 * Each pattern as its opening lookbehind (`before`, sticky) and the rest (`rest`, global). A pattern
 * opening with a lookbehind is tried at every position of the text; the rest opens with a digit or
 * a name that the expression engine looks for quickly. `eachMatchOf` finds the rest's matches and
 * tests the lookbehind at each: exactly the whole pattern's matches, at a third of the cost.
 */
interface SplitPattern {
  before: RegExp;
  rest: RegExp;
}
// "03- CT/TƯ", "18-NQ/TW", "09 - NQ/TU"
const PARTY_CODE: SplitPattern = {
  before: /(?<![\p{L}\p{N}/])/uy,
  rest: new RegExp(`(\\d{1,4})\\s*-\\s*(${CODE})\\s*\\/\\s*(${CODE})(?![\\p{L}\\p{N}])`, 'gu'),
};
// "14/2005/NQ-CP", "52/2019/QĐ-UBND", "123/QĐ-UBND"
const STATE_CODE: SplitPattern = {
  before: /(?<![\p{L}\p{N}/])/uy,
  rest: new RegExp(`(\\d{1,5})\\/(?:(\\d{4})\\/)?(${CODE})-(${CODE})(?![\\p{L}\\p{N}])`, 'gu'),
};
// "Chỉ thị 03" with no code after the number
const NAMED: SplitPattern = {
  before: /(?<![\p{L}])/uy,
  rest: new RegExp(`(${Object.keys(NAMED_TYPES).join('|')})\\s+(?:số\\s+)?(\\d{1,4})(?![\\p{N}]|\\s*-\\s*\\p{Lu}|\\/)`, 'gu'),
};

/**
 * Visits the matches of `(?<!…)rest` in text order that start in the chunk's stretch, as `text.matchAll`
 * finds the whole pattern's: where the rest matches but the lookbehind does not hold, the search goes
 * on from the next position, as the whole pattern's search would (its matches at earlier positions
 * were none).
 */
function eachMatchOf(chunk: JoinedChunk, { before, rest }: SplitPattern, cursor: SearchCursor, visit: (m: RegExpExecArray) => void): void {
  eachMatchInChunk(rest, chunk, cursor, (m) => {
    before.lastIndex = m.index;
    if (before.test(chunk.text)) visit(m);
    else rest.lastIndex = m.index + 1;
  });
}

/**
 * Whether a CODE match has at most two lower-case letters, and fewer than other code units. Its
 * letters are capitals or lower case: below the tables, a letter that is no capital is lower case,
 * counted without the pattern's copy of the code; beyond them the pattern counts.
 */
function isCode(code: string): boolean {
  let lower = 0;
  for (let i = 0; i < code.length; i++) {
    const unit = code.charCodeAt(i);
    if (unit >= TABLED_CODES) {
      lower = code.replace(/\P{Ll}/gu, '').length;
      break;
    }
    if (!isUpperCaseCode(unit)) lower++;
  }
  return lower <= 2 && lower < code.length - lower;
}

/** TƯ (Trung ương) is written TW in document codes; ĐU, TU and the like stay as they are. */
function normaliseIssuer(issuer: string): string {
  return issuer === 'TƯ' ? 'TW' : issuer;
}

function describe(ref: string, number: string, year: number | null, type: string | null, issuer: string | null): DocRef {
  return {
    ref, number, year, type,
    typeName: type ? (DOCUMENT_TYPE_NAMES[type] ?? null) : null,
    issuer,
    issuerName: issuer ? (ISSUER_NAMES[issuer] ?? null) : null,
  };
}

/** Every document reference in the text, described, in pattern order then text order, without duplicates. */
export function extractDocRefDetails(text: string): DocRef[] {
  return docRefDetailsIn(wholeText(text));
}

/**
 * `extractDocRefDetails` of a text read in chunks: a 50 MB document is not copied once more whole
 * only to be searched. The three patterns are read side by side, their references listed one after another.
 */
export function docRefDetailsIn(text: ChunkedText): DocRef[] {
  const party = new Map<string, DocRef>();
  const state = new Map<string, DocRef>();
  const named = new Map<string, DocRef>();
  const add = (refs: Map<string, DocRef>, ref: DocRef): void => {
    if (!refs.has(ref.ref)) refs.set(ref.ref, ref);
  };
  const cursors = { party: { at: 0 }, state: { at: 0 }, named: { at: 0 } };
  for (const chunk of text.chunks()) {
    eachMatchOf(chunk, PARTY_CODE, cursors.party, (m) => {
      const [, number = '', type = '', rawIssuer = ''] = m;
      if (!isCode(type) || !isCode(rawIssuer)) return;
      const issuer = normaliseIssuer(rawIssuer);
      add(party, describe(`${number}-${type}/${issuer}`, number, null, type, issuer));
    });
    eachMatchOf(chunk, STATE_CODE, cursors.state, (m) => {
      const [, number = '', year, type = '', rawIssuer = ''] = m;
      if (!isCode(type) || !isCode(rawIssuer)) return;
      const issuer = normaliseIssuer(rawIssuer);
      add(state, describe(year ? `${number}/${year}/${type}-${issuer}` : `${number}/${type}-${issuer}`, number, year ? Number(year) : null, type, issuer));
    });
    eachMatchOf(chunk, NAMED, cursors.named, (m) => {
      const [, name = '', number = ''] = m;
      add(named, { ...describe(`${name} ${number}`, number, null, NAMED_TYPES[name] ?? null, null), typeName: name });
    });
  }
  // A reference is listed once, as the first pattern that found it found it first.
  const refs = new Map(party);
  for (const found of [state, named]) for (const [key, ref] of found) if (!refs.has(key)) refs.set(key, ref);
  return [...refs.values()];
}

export function extractDocRefs(text: string): string[] {
  return extractDocRefDetails(text).map((r) => r.ref);
}

/** Character spans of coded references, so abbreviation detection can skip "NQ" or "TW" inside them. */
export function docRefSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const chunk = wholeChunk(text);
  for (const pattern of [PARTY_CODE, STATE_CODE]) {
    eachMatchOf(chunk, pattern, { at: 0 }, (m) => void spans.push([m.index, m.index + m[0].length]));
  }
  return spans;
}
