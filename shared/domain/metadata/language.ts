import { fold, isWordCode, TABLED_CODES, words as wordsOf, WORD_CODES } from '../text/tokenize.ts';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';

export type LanguageCode = 'vi' | 'en' | 'und';

// Letters that only Vietnamese uses among Latin-script languages.
const VIETNAMESE_LETTERS = 'ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ';
/** Those letters as a table by code unit (each is one, below U+1F00): one read per character, no pattern call per word. */
const IS_VIETNAMESE_LETTER = new Uint8Array(0x1f00);
for (const letter of VIETNAMESE_LETTERS) IS_VIETNAMESE_LETTER[letter.charCodeAt(0)] = 1;

/**
 * The same letters in either case, by code unit: a capital lower-cases to one of them one unit for
 * one unit (no unit from U+1F00 on lower-cases to one), so the letter test needs no lower-cased copy.
 */
const IS_VIETNAMESE_LETTER_ANY_CASE = new Uint8Array(0x1f00);
for (let code = 0; code < IS_VIETNAMESE_LETTER_ANY_CASE.length; code++) {
  const lower = String.fromCharCode(code).toLowerCase();
  if (lower.length === 1 && IS_VIETNAMESE_LETTER[lower.charCodeAt(0)] === 1) IS_VIETNAMESE_LETTER_ANY_CASE[code] = 1;
}

function holdsVietnameseLetter(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (IS_VIETNAMESE_LETTER[word.charCodeAt(i)] === 1) return true;
  return false;
}
// Frequent Vietnamese words, folded, so text typed without diacritics is still recognised.
const VI_FOLDED = new Set([
  'va', 'cua', 'cac', 'la', 'co', 'nhung', 'duoc', 'trong', 'cho', 'voi', 'mot', 'nay', 'da', 'khong', 'nguoi', 'den',
  'tai', 've', 'de', 'thi', 'tren', 'nhu', 'cung', 'theo', 'tu', 'nam', 'ngay', 'tinh', 'dang', 'cong', 'tac', 'viec',
  'nhan', 'dan', 'xa', 'hoi', 'chi', 'dao', 'thuc', 'hien', 'nhiem', 'vu', 'can', 'bo', 'khi', 'se', 'ra', 'lam',
]);
const EN = new Set([
  'the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'it', 'with', 'as', 'was', 'on', 'are', 'be', 'by', 'this', 'at',
  'from', 'or', 'an', 'have', 'has', 'not', 'but', 'which', 'were', 'their', 'its', 'will', 'they', 'been', 'would',
]);
/** A language shows in its first few hundred words; reading further changes nothing but the cost. */
const SAMPLE_CHARS = 2000;

/**
 * Language of a text by letter, syllable and stop-word evidence; `und` when nothing is convincing.
 * Vietnamese typed without diacritics ("bao cao ket qua") is still Vietnamese: every word is a
 * well-formed Vietnamese syllable, which English, French or German prose almost never is.
 */
export function detectLanguage(text: string): LanguageCode {
  // Most texts are Vietnamese and decided by their letters: read from the code units, no word
  // strings and no lower-cased copy.
  if (enoughVietnameseLetters(text.slice(0, SAMPLE_CHARS))) return 'vi';
  const sample = text.slice(0, SAMPLE_CHARS).toLowerCase();
  const words = wordsOf(sample);
  if (words.length === 0) return 'und';
  const n = words.length;
  let viLetters = 0;
  let viWords = 0;
  let enWords = 0;
  for (const word of words) {
    if (holdsVietnameseLetter(word)) {
      viLetters++;
      // The share only grows: once past the bar, the rest of the sample cannot change the answer.
      if (viLetters / n > 0.15) return 'vi';
    }
    if (EN.has(word)) enWords++;
  }
  // Folding keeps word boundaries, so the folded sample splits into the same words.
  for (const word of wordsOf(fold(sample))) if (VI_FOLDED.has(word)) viWords++;
  let syllables = 0;
  const verdicts = new Map<string, boolean>(); // words repeat: judge each once
  for (const word of words) {
    let valid = verdicts.get(word);
    if (valid === undefined) {
      valid = isVietnameseSyllable(word);
      verdicts.set(word, valid);
    }
    if (valid) syllables++;
  }
  const syllableShare = syllables / n;
  if (n >= 2 && syllableShare >= 0.9 && (viWords > 0 || n >= 4) && enWords / n < 0.3) return 'vi';
  if (viWords / n > 0.15 && viWords > enWords && syllableShare > 0.7) return 'vi';
  if (enWords / n > 0.1) return 'en';
  return 'und';
}

/**
 * Whether the loop over words below would return 'vi' on its letters: more than 15 % of the
 * sample's words (as `words()` splits them) hold a Vietnamese letter, in either case. Lower-casing
 * keeps every unit in a word or out of one (İ becomes two letters), so the sample's words are those
 * of its lower-cased copy. One pass counts both.
 */
function enoughVietnameseLetters(sample: string): boolean {
  let n = 0;
  let viLetters = 0;
  let inWord = false;
  let counted = false;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (!(code < TABLED_CODES ? WORD_CODES[code] === 1 : isWordCode(code))) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      counted = false;
      n++;
    }
    if (!counted && IS_VIETNAMESE_LETTER_ANY_CASE[code] === 1) {
      counted = true;
      viLetters++;
    }
  }
  return viLetters / n > 0.15;
}
