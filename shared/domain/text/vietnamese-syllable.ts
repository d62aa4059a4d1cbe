/**
 * Vietnamese orthographic syllables: an optional initial consonant, one to three vowels, an optional
 * final consonant, at most one tone mark. Loose on purpose (it scores decodings, it does not
 * proof-read), but a wrong decoding of legacy bytes almost never produces such syllables.
 */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const SYLLABLE = /^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?([aăâeêioôơuưy]{1,3})(ch|nh|ng|[cmnpt])?$/u;

/** Verdicts by token: names and common words repeat within and across documents. Bounded, cleared when full. */
const SYLLABLE_VERDICTS = new Map<string, boolean>();
const MAX_SYLLABLE_VERDICTS = 20_000;

export function isVietnameseSyllable(token: string): boolean {
  let verdict = SYLLABLE_VERDICTS.get(token);
  if (verdict === undefined) {
    if (SYLLABLE_VERDICTS.size >= MAX_SYLLABLE_VERDICTS) SYLLABLE_VERDICTS.clear();
    verdict = judgeSyllable(token);
    // A long token (a run of text, not a syllable) is judged without being kept.
    if (token.length <= 16) SYLLABLE_VERDICTS.set(token, verdict);
  }
  return verdict;
}

function judgeSyllable(token: string): boolean {
  const decomposed = token.toLowerCase().normalize('NFD');
  const tones = decomposed.match(TONE_MARKS)?.length ?? 0;
  if (tones > 1) return false;
  const base = decomposed.replace(TONE_MARKS, '').normalize('NFC');
  return SYLLABLE.test(base);
}

const WORD = /[\p{L}\p{M}]+/gu;
// Characters a correct decoding of Vietnamese prose does not produce: symbols above ASCII, C1 controls.
const IMPLAUSIBLE = /[\u0080-\u009F\u00A1-\u00BF\u00D7\u00F7\u2020-\u2022\u2030\u2039\u203A\u02C6\u02DC]|(?![\u0000-\u007F])\p{S}/gu;

/**
 * How Vietnamese a decoded text looks: +1 per non-ASCII word that is a valid syllable, −1 per one
 * that is not, −1 per implausible symbol, −3 per replacement character.
 */
export function vietnameseScore(text: string): number {
  let score = 0;
  const verdicts = new Map<string, boolean>(); // words repeat: judge each once
  for (const [word] of text.matchAll(WORD)) {
    if (/^[\u0000-\u007F]*$/.test(word)) continue;
    let valid = verdicts.get(word);
    if (valid === undefined) {
      valid = isVietnameseSyllable(word);
      verdicts.set(word, valid);
    }
    score += valid ? 1 : -1;
  }
  score -= text.match(IMPLAUSIBLE)?.length ?? 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) score -= 3;
  return score;
}

/** Share of words with letters beyond ASCII that a Western European decoding makes plausible. */
export function latinScore(text: string): number {
  let score = 0;
  for (const [word] of text.matchAll(WORD)) if (!/^[\u0000-\u007F]*$/.test(word)) score += 0.5;
  score -= text.match(IMPLAUSIBLE)?.length ?? 0;
  return score;
}
