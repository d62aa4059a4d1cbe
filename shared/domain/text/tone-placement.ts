/**
 * Vietnamese has two tone-mark placements for open syllables ending in oa, oe, uy: the old style puts
 * the mark on the last vowel (hoà, khoẻ, thuỷ), the new style on the first (hòa, khỏe, thủy). Search
 * uses the new style on both sides so either spelling finds the other; display keeps the author's.
 */
const OLD_STYLE = /([oOuU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?![\p{L}\p{M}])/gu;
const PAIRS: Record<string, string> = { o: 'ae', u: 'y' };

export function normalizeTonePlacement(text: string): string {
  return text.replace(OLD_STYLE, (match: string, first: string, second: string, offset: number, whole: string) => {
    const [base = '', ...marks] = second.normalize('NFD');
    if (!PAIRS[first.toLowerCase()]?.includes(base.toLowerCase())) return match;
    // In "quý" the u belongs to the initial "qu": the mark already sits on the only vowel.
    if (first.toLowerCase() === 'u' && /[qQ]/.test(whole.charAt(offset - 1))) return match;
    return (first + marks.join('')).normalize('NFC') + base;
  });
}
