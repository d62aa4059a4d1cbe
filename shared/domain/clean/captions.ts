/**
 * Photo captions end in a credit: "… tỉnh. Ảnh: N.Đ", "… Ảnh Huy Dương", "(Photo: Reuters)".
 * The caption text is kept, the credit dropped.
 */
const CREDIT = /(?:^|\s)[([]?\s*(?:Ảnh(?: minh họa| minh hoạ)?|Nguồn ảnh|Photo|Image|Picture)\s*(:)?\s*([^()[\]]{0,40}?)\s*[)\]]?\s*$/u;
/** Every caption names its credit with one of these words: lines without one skip the full pattern. */
const CREDIT_WORD = /Ảnh|Nguồn ảnh|Photo|Image|Picture/;
const CREDIT_NAME = /^(?:[\p{Lu}][\p{L}\p{M}.]*|[\p{Lu}.]+)(?:[\s-]+(?:[\p{Lu}][\p{L}\p{M}.]*|[\p{Lu}.]+)){0,4}$/u;

/** The caption without its credit, or undefined when the line is not a photo caption. */
export function captionOf(line: string): string | undefined {
  if (!CREDIT_WORD.test(line)) return undefined;
  const match = CREDIT.exec(line);
  if (!match) return undefined;
  const [whole, colon, credit = ''] = match;
  // Without a colon, only a name-like credit ("Ảnh Huy Dương") marks a caption; "Ảnh hưởng …" does not.
  if (!colon && !CREDIT_NAME.test(credit)) return undefined;
  if (credit && !CREDIT_NAME.test(credit) && credit.split(/\s+/).length > 4) return undefined;
  return line.slice(0, line.length - whole.length).trim();
}
