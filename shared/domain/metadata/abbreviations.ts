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

/** "Ban Chấp hành (BCH)": an expansion the text defines itself. */
const DEFINED_IN_TEXT = /((?:[\p{L}\p{M}]+[\s,-]+){1,8}?)\(\s*([\p{Lu}][\p{Lu}-]{1,9})\s*\)/gu;
const CAPS_TOKEN = /(?<![\p{L}\p{N}-])([\p{Lu}]{2,}(?:-[\p{Lu}]{2,})?)(?![\p{L}\p{N}])/gu;

/**
 * Abbreviations a text uses, with expansions: the text's own definitions first, then the dictionary.
 * Codes inside document references ("NQ/TW") are not abbreviations in use.
 */
export function extractAbbreviations(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of text.matchAll(DEFINED_IN_TEXT)) {
    const abbr = m[2] ?? '';
    const words = (m[1] ?? '').trim().split(/[\s,-]+/);
    const initials = abbr.replace(/-/g, '');
    // Take as many trailing words as the abbreviation has letters, when their initials agree.
    const candidate = words.slice(-initials.length);
    const agree = candidate.map((w) => w.charAt(0).toUpperCase()).join('') === initials.toUpperCase();
    if (agree) found[abbr] = candidate.join(' ');
  }
  const spans = docRefSpans(text);
  for (const m of text.matchAll(CAPS_TOKEN)) {
    const abbr = m[1] ?? '';
    const expansion = ABBREVIATIONS[abbr];
    if (!expansion || found[abbr]) continue;
    if (spans.some(([start, end]) => m.index >= start && m.index < end)) continue;
    found[abbr] = expansion;
  }
  return found;
}
