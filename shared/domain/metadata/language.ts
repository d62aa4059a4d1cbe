import { foldDiacritics, wordTokens } from '../text/normalize.ts';

export type LanguageCode = 'vi' | 'en' | 'und';

// Letters that only Vietnamese uses among Latin-script languages.
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;
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

/** Language of a text by letter and stop-word evidence; `und` when neither is convincing. */
export function detectLanguage(text: string): LanguageCode {
  const sample = text.slice(0, 20000).toLowerCase();
  const tokens = wordTokens(sample);
  if (tokens.length === 0) return 'und';
  // Folding keeps word boundaries, so the folded sample has the same tokens in the same order.
  const folded = wordTokens(foldDiacritics(sample));
  const viLetters = tokens.filter((t) => VIETNAMESE_LETTERS.test(t)).length / tokens.length;
  const viWords = folded.filter((t) => VI_FOLDED.has(t)).length / tokens.length;
  const enWords = tokens.filter((t) => EN.has(t)).length / tokens.length;
  if (viLetters > 0.15 || (viWords > 0.15 && viWords > enWords)) return 'vi';
  if (enWords > 0.1) return 'en';
  return 'und';
}
