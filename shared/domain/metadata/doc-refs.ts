/**
 * References to party and state documents, normalised as NUMBER-TYPE/ISSUER ("18-NQ/TW"),
 * NUMBER/YEAR/TYPE-ISSUER ("14/2005/NQ-CP"), or as written when there is no code ("Chỉ thị 03").
 */

// "03- CT/TƯ", "18-NQ/TW", "09 - NQ/TU"
const PARTY_CODE = /(?<![\p{L}\p{N}/])(\d{1,4})\s*-\s*([\p{Lu}]{1,5})\s*\/\s*([\p{Lu}]{1,6})(?![\p{L}\p{N}])/gu;
// "14/2005/NQ-CP", "52/2019/QĐ-UBND"
const STATE_CODE = /(?<![\p{L}\p{N}/])(\d{1,4})\/(\d{4})\/([\p{Lu}]{1,5})-([\p{Lu}]{1,8})(?![\p{L}\p{N}])/gu;
// "Chỉ thị 03" with no code after the number
const NAMED = /\b(Chỉ thị|Nghị quyết|Quyết định|Kế hoạch|Thông tư|Nghị định|Công văn|Kết luận|Quy định|Hướng dẫn)\s+(?:số\s+)?(\d{1,4})(?![\p{N}]|\s*-\s*[\p{Lu}]|\/)/gu;

/** TƯ (Trung ương) is written TW in document codes; ĐU, TU and the like stay as they are. */
function normaliseIssuer(issuer: string): string {
  return issuer === 'TƯ' ? 'TW' : issuer;
}

export function extractDocRefs(text: string): string[] {
  const refs = new Set<string>();
  for (const m of text.matchAll(PARTY_CODE)) refs.add(`${m[1]}-${m[2]}/${normaliseIssuer(m[3] ?? '')}`);
  for (const m of text.matchAll(STATE_CODE)) refs.add(`${m[1]}/${m[2]}/${m[3]}-${m[4]}`);
  for (const m of text.matchAll(NAMED)) refs.add(`${m[1]} ${m[2]}`);
  return [...refs];
}

/** Character spans of coded references, so abbreviation detection can skip "NQ" or "TW" inside them. */
export function docRefSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const re of [PARTY_CODE, STATE_CODE]) {
    for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}
