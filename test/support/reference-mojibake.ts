/**
 * Frozen copy of `isWellSpelled` (shared/domain/decode/mojibake.ts) as it was when every word was
 * judged afresh, before the verdicts were remembered: the reference `wellSpelled` is pinned against.
 */

const NUCLEI = new Set(
  ('a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê ' +
    'iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu').split(' '),
);
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const SPELLINGS = ['(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?', '([bcdđghklmnprstvx])?'].map(
  (initial) => new RegExp(`^${initial}([aăâeêioôơuưy]+)(ch|nh|ng|[cmnpt])?$`, 'u'),
);

export function referenceIsWellSpelled(word: string): boolean {
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
