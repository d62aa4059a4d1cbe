import { countWords, foldDiacritics, wordTokens } from '../text/normalize.ts';

/** Line-level features the structure step decides on; each generalises beyond one site. */
export interface BlockFeatures {
  text: string;
  words: number;
  /** Ends like a sentence (., !, ?, …, closing quote) — article paragraphs do, menus and counters do not. */
  endsSentence: boolean;
  isQuestion: boolean;
  allCaps: boolean;
  /** 2–5 capitalised words and nothing else: a byline such as "Thanh Lê". */
  nameLike: boolean;
  /** Starts with a weekday or is only a date: "Thứ ba 20/4/2021". */
  dateLine: boolean;
  bullet: boolean;
  /** Share of the text made of words from the boilerplate vocabulary (navigation, counters, share bars). */
  boilerplateShare: number;
  /** Share of words that are function words (Vietnamese or English): high in prose, near zero in menus. */
  stopWordDensity: number;
  /** Share of words starting with a capital: menus and tag lists capitalise everything. */
  titleCaseShare: number;
  /** Share of characters that are digits: counters and dates. */
  digitShare: number;
  /** How much the block reads like article prose; see `contentScore`. */
  score: number;
  /** A paragraph of running text: it anchors where the article body starts and ends. */
  content: boolean;
}

const UPPER_START = /^[\p{Lu}][\p{L}\p{M}'’.-]*$/u;
// Function words, folded: present in any prose paragraph, absent from navigation and counters.
const STOP_WORDS = new Set([
  'va', 'cua', 'cac', 'la', 'co', 'nhung', 'duoc', 'trong', 'cho', 'voi', 'mot', 'nay', 'da', 'khong', 'den', 'tai', 've',
  'de', 'thi', 'tren', 'nhu', 'cung', 'theo', 'tu', 'khi', 'se', 'ra', 'lam', 'nhieu', 'hon', 'dang', 'bi', 'boi', 'nen',
  'vao', 'sau', 'truoc', 'giua', 'nhat', 'rat', 'deu', 'con', 'hay', 'hoac', 'neu', 'vi', 'tuy', 'ma', 'ca', 'moi',
  'the', 'and', 'of', 'to', 'in', 'is', 'that', 'for', 'it', 'with', 'as', 'was', 'on', 'are', 'be', 'by', 'this', 'at',
  'from', 'or', 'an', 'have', 'has', 'not', 'but', 'which', 'were', 'their', 'its', 'will', 'they', 'been', 'a',
]);
const BOILERPLATE_PHRASES = [
  'go top', 'back to top', 'len dau trang', 've dau trang', 'print', 'send mail', 'send email', 'in bai', 'in trang', 'gui email',
  'gui bai', 'cac tin da dang', 'tin da dang', 'tin lien quan', 'bai lien quan', 'tin khac', 'cac tin khac', 'tin moi', 'xem nhieu',
  'doc nhieu', 'doc tiep', 'xem them', 'thong ke truy cap', 'nguoi truc tuyen', 'luot truy cap', 'dang truy cap', 'truy cap',
  'tong', 'khach', 'thanh vien', 'online', 'tags', 'tag', 'chia se', 'binh luan', 'phan hoi', 'su kien noi bat', 'share',
  'tweet', 'like', 'related articles', 'related', 'read more', 'copyright', 'ban quyen', 'all rights reserved', 'trang chu',
  'home', 'lien he', 'contact', 'sitemap', 'so do site', 'dang nhap', 'dang ky', 'login', 'subscribe', 'facebook', 'twitter', 'zalo',
];
// Longest first so "cac tin da dang" is consumed before "tin".
const BOILERPLATE_PATTERN = new RegExp(
  `\\b(${[...BOILERPLATE_PHRASES].sort((a, b) => b.length - a.length).join('|')})\\b`,
  'g',
);

/** Ratios are read from the start of a block; a paragraph does not change character after 20,000 characters. */
const SAMPLE_CHARS = 20_000;

export function featuresOf(fullText: string): BlockFeatures {
  const text = fullText.length > SAMPLE_CHARS ? fullText.slice(0, SAMPLE_CHARS) : fullText;
  const tokens = wordTokens(text);
  const letters = text.replace(/[^\p{L}]/gu, '');
  const allCaps = letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
  const nameWords = text.split(/\s+/).filter(Boolean);
  const nameWords2 = /^by\s/i.test(text) ? nameWords.slice(1) : nameWords;
  const nameLike =
    nameWords2.length >= 2 && nameWords2.length <= 5 && !/\d/.test(text) && nameWords2.every((w) => UPPER_START.test(w));
  const folded = foldDiacritics(text);
  const foldedWords = wordTokens(folded).length;
  const remaining = wordTokens(folded.replace(BOILERPLATE_PATTERN, ' ').replace(/\d+/g, ' ')).length;
  const foldedTokens = wordTokens(folded);
  const stopWordDensity = foldedTokens.length === 0 ? 0 : foldedTokens.filter((t) => STOP_WORDS.has(t)).length / foldedTokens.length;
  const letterTokens = tokens.filter((t) => /^\p{L}/u.test(t));
  const titleCaseShare = letterTokens.length === 0 ? 0 : letterTokens.filter((t) => /^\p{Lu}/u.test(t)).length / letterTokens.length;
  const digitShare = text.length === 0 ? 0 : (text.match(/\d/g)?.length ?? 0) / text.replace(/\s/g, '').length;
  const features = {
    text: fullText,
    words: text === fullText ? tokens.length : countWords(fullText),
    endsSentence: /[.!?…:;"”»)](\s*\.\/\.)?$/u.test(fullText.slice(-20)),
    isQuestion: /\?\s*$/.test(fullText.slice(-20)),
    allCaps,
    nameLike,
    dateLine:
      tokens.length <= 8 &&
      /^(thứ\s+\p{L}+|chủ nhật|ngày|monday|tuesday|wednesday|thursday|friday|saturday|sunday)?[\s,]*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/iu.test(text),
    bullet: /^[•·▪►▸»*-]\s/u.test(text),
    boilerplateShare: foldedWords === 0 ? 1 : 1 - remaining / foldedWords,
    stopWordDensity,
    titleCaseShare,
    digitShare,
  };
  const score = contentScore(features);
  return { ...features, score, content: score >= CONTENT_THRESHOLD && tokens.length >= 12 && !features.isQuestion };
}

export const CONTENT_THRESHOLD = 2.5;

/**
 * How much a block reads like article prose, from features that hold on any site: length, function
 * words, sentence punctuation, and against it capitalised menus, digit-heavy counters, the
 * boilerplate vocabulary and questions (polls: "Theo bạn, …?").
 */
export function contentScore(b: Omit<BlockFeatures, 'score' | 'content'>): number {
  return (
    (Math.min(b.words, 50) / 50) * 2.5 +
    Math.min(b.stopWordDensity, 0.4) * 4 +
    (b.endsSentence ? 1 : 0) +
    (/[,;:]/u.test(b.text) ? 0.5 : 0) -
    // Vietnamese official prose capitalises every office and body ("Ban Thường vụ Đảng ủy Khối"), so this weighs little.
    b.titleCaseShare * 1 -
    b.digitShare * 3 -
    b.boilerplateShare * 3 -
    (b.isQuestion ? 1.5 : 0)
  );
}
