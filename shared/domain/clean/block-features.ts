import { foldDiacritics, wordTokens } from '../text/normalize.ts';

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
  /** A long paragraph of running text. */
  content: boolean;
}

const UPPER_START = /^[\p{Lu}][\p{L}\p{M}'’.-]*$/u;
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

export function featuresOf(text: string): BlockFeatures {
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
  return {
    text,
    words: tokens.length,
    endsSentence: /[.!?…:;"”»)](\s*\.\/\.)?$/u.test(text),
    isQuestion: /\?\s*$/.test(text),
    allCaps,
    nameLike,
    dateLine:
      tokens.length <= 8 &&
      /^(thứ\s+\p{L}+|chủ nhật|ngày|monday|tuesday|wednesday|thursday|friday|saturday|sunday)?[\s,]*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/iu.test(text),
    bullet: /^[•·▪►▸»*-]\s/u.test(text),
    boilerplateShare: foldedWords === 0 ? 1 : 1 - remaining / foldedWords,
    // A poll ("Theo bạn, …?") is long and punctuated too, but never anchors the article body.
    content: tokens.length >= 15 && /[.!?…:;,]/u.test(text) && !/\?\s*$/.test(text),
  };
}
