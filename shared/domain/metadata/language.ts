import { fold, isWordCode, TABLED_CODES, words as wordsOf, WORD_CODES } from '../text/tokenize.ts';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';
import type { WordStream } from '../text/word-stream.ts';

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
  return languageByWords(text);
}

/**
 * `detectLanguage(stream.text)` from the text's words already found (the stream covers at least the
 * text's first SAMPLE_CHARS characters): the letter test reads each distinct word once.
 */
export function languageOfWords(stream: WordStream): LanguageCode {
  if (enoughVietnameseLetterWords(stream)) return 'vi';
  return languageByWords(stream.text);
}

/** The language of a text that does not have enough Vietnamese letters to decide it. */
function languageByWords(text: string): LanguageCode {
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

/**
 * `enoughVietnameseLetters(stream.text.slice(0, SAMPLE_CHARS))` from the words: the sample's words
 * are the stream's that start in it (the last maybe cut short). Words spelled alike in lower case hold
 * a Vietnamese letter alike (each such letter in any case lower-cases to one, unit for unit), so each
 * distinct spelling is read once, as first written. The sample's words are counted first (the starts
 * ascend): the count of those holding a letter only grows, so the reading stops once it passes 15 %
 * of them, early in a Vietnamese sample.
 */
function enoughVietnameseLetterWords(stream: WordStream): boolean {
  const { text, starts, ends, ids } = stream;
  const n = wordsStartingBefore(starts, stream.length, SAMPLE_CHARS);
  // 0: not read yet, 1: holds a Vietnamese letter, 2: holds none.
  const verdicts = new Array<number>(stream.spelled.length).fill(0);
  let viLetters = 0;
  // The same test as the answer's: once it holds, no word read further can undo it.
  for (let w = 0; w < n && !(viLetters / n > 0.15); w++) {
    const start = starts[w] ?? 0;
    const end = ends[w] ?? 0;
    if (end > SAMPLE_CHARS) {
      if (holdsVietnameseLetterAnyCase(text, start, SAMPLE_CHARS)) viLetters++;
      continue;
    }
    const id = ids[w] ?? 0;
    let verdict = verdicts[id] ?? 0;
    if (verdict === 0) {
      verdict = holdsVietnameseLetterAnyCase(text, start, end) ? 1 : 2;
      verdicts[id] = verdict;
    }
    if (verdict === 1) viLetters++;
  }
  return viLetters / n > 0.15;
}

/** How many of the first `length` words (their `starts` ascending) start before `offset`. */
function wordsStartingBefore(starts: Int32Array, length: number, offset: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((starts[middle] ?? 0) < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

function holdsVietnameseLetterAnyCase(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < IS_VIETNAMESE_LETTER_ANY_CASE.length && IS_VIETNAMESE_LETTER_ANY_CASE[code] === 1) return true;
  }
  return false;
}
