/** The code before the one-pass fast paths replaced it, kept as the reference they are tested against (test/unit/fast-paths-lines.test.ts). */
import { countWords } from '../../shared/domain/text/normalize.ts';
import { foldedUnits, isWordCode, TABLED_CODES, WORD_CODES } from '../../shared/domain/text/tokenize.ts';
import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../../shared/domain/text/fnv.ts';

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
  /** Share of the text made of words from the boilerplate vocabulary (navigation, counters, share bars) and numbers. */
  boilerplateShare: number;
  /** Words that belong to a boilerplate phrase (numbers not counted): a line of numbers alone is no menu. */
  boilerplateWords: number;
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
/** Boilerplate phrases by their first word, longest first, so "cac tin da dang" wins over "tin". */
const BOILERPLATE_BY_FIRST_WORD = new Map<string, string[][]>();
for (const phrase of [...BOILERPLATE_PHRASES].sort((a, b) => b.length - a.length)) {
  const parts = phrase.split(' ');
  const list = BOILERPLATE_BY_FIRST_WORD.get(parts[0] ?? '') ?? [];
  list.push(parts);
  BOILERPLATE_BY_FIRST_WORD.set(parts[0] ?? '', list);
}

/** What a folded word may be: a function word, the first word of boilerplate phrases, or both. */
interface WordRole {
  stop: boolean;
  phrases: string[][] | undefined;
}
/** One lookup per word for both questions: this runs over every word of every document. */
const WORD_ROLES = new Map<string, WordRole>();
for (const word of new Set([...STOP_WORDS, ...BOILERPLATE_BY_FIRST_WORD.keys()])) {
  WORD_ROLES.set(word, { stop: STOP_WORDS.has(word), phrases: BOILERPLATE_BY_FIRST_WORD.get(word) });
}

/** The words with a role by the FNV-1a hash of their code units (30 bits, a small integer key). */
const ROLES_BY_HASH = new Map<number, Array<{ word: string; role: WordRole }>>();
/** 16 bits of those hashes, set: a word whose bit is clear has no role, known without the map. */
const ROLE_BITS = new Uint8Array(1 << 16);
for (const [word, role] of WORD_ROLES) {
  const key = fnv1a(word) & 0x3fffffff;
  ROLES_BY_HASH.set(key, [...(ROLES_BY_HASH.get(key) ?? []), { word, role }]);
  ROLE_BITS[key & 0xffff] = 1;
}

/** Reused word bounds of a line's folded text: this runs for every line of every document. */
let wordStarts: Int32Array = new Int32Array(1024);
let wordEnds: Int32Array = new Int32Array(1024);
let wordHashes: Int32Array = new Int32Array(1024);

/**
 * The words of `fold(text)` as `words()` splits them, counted: function words, and words left once
 * boilerplate phrases and numbers are taken out. Read from the folded code units and
 * looked up by hash: no folded string, no string per word.
 */
function foldedWordCounts(text: string): { words: number; stopWords: number; remaining: number; phraseWords: number } {
  const { units, length } = foldedUnits(text);
  let count = 0;
  let starts = wordStarts;
  let ends = wordEnds;
  let hashes = wordHashes;
  for (let i = 0; i < length; ) {
    const first = units[i] as number;
    if (!(first < TABLED_CODES ? WORD_CODES[first] === 1 : isWordCode(first))) {
      i++;
      continue;
    }
    const start = i;
    let h = FNV_OFFSET;
    for (; i < length; i++) {
      const c = units[i] as number;
      if (!(c < TABLED_CODES ? WORD_CODES[c] === 1 : isWordCode(c))) break;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    if (count === starts.length) {
      starts = wordStarts = grown(starts);
      ends = wordEnds = grown(ends);
      hashes = wordHashes = grown(hashes);
    }
    starts[count] = start;
    ends[count] = i;
    hashes[count] = h;
    count++;
  }
  let stopWords = 0;
  let remaining = 0;
  let phraseWords = 0;
  let phraseEnd = 0; // words before this index belong to a boilerplate phrase
  for (let i = 0; i < count; i++) {
    const role = roleAt(units, i, count);
    if (role?.stop) stopWords++;
    if (i < phraseEnd) continue;
    const phrase = role?.phrases ? phraseAt(units, i, count, role.phrases) : undefined;
    if (phrase) {
      phraseEnd = i + phrase.length;
      phraseWords += phrase.length;
    }
    else if (!isNumberAt(units, wordStarts[i] ?? 0, wordEnds[i] ?? 0)) remaining++;
  }
  return { words: count, stopWords, remaining, phraseWords };
}

/** The role of word `k` (of `count` found in `units`), if it has one. */
function roleAt(units: Uint16Array, k: number, count: number): WordRole | undefined {
  const key = (wordHashes[k] ?? 0) & 0x3fffffff;
  if (ROLE_BITS[key & 0xffff] === 0) return undefined;
  const candidates = ROLES_BY_HASH.get(key);
  if (candidates === undefined) return undefined;
  for (const candidate of candidates) if (isWordAt(units, k, count, candidate.word)) return candidate.role;
  return undefined;
}

/** The first of `phrases` (longest first) whose words are the words from `k` on. */
function phraseAt(units: Uint16Array, k: number, count: number, phrases: string[][]): string[] | undefined {
  for (const phrase of phrases) {
    let j = 0;
    while (j < phrase.length && isWordAt(units, k + j, count, phrase[j] ?? '')) j++;
    if (j === phrase.length) return phrase;
  }
  return undefined;
}

/** Whether word `k` (of `count`) is spelled `word`. */
function isWordAt(units: Uint16Array, k: number, count: number, word: string): boolean {
  if (k >= count) return false;
  const start = wordStarts[k] ?? 0;
  if ((wordEnds[k] ?? 0) - start !== word.length) return false;
  for (let j = 0; j < word.length; j++) if (units[start + j] !== word.charCodeAt(j)) return false;
  return true;
}

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function isNumberAt(units: Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = units[i] ?? 0;
    if (c < 48 || c > 57) return false;
  }
  return end > start;
}

/** Ratios are read from the start of a block; a paragraph does not change character after 20,000 characters. */
const SAMPLE_CHARS = 20_000;

/** Case of each code unit up to U+1EFF (1 lower, 2 upper, 3 letter without case), computed once. */
const CASE = (() => {
  const table = new Uint8Array(0x1f00);
  for (let code = 0; code < table.length; code++) {
    const ch = String.fromCharCode(code);
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper) table[code] = ch === upper ? 2 : 1;
    else if (/\p{L}/u.test(ch)) table[code] = 3;
  }
  return table;
})();

function caseOf(code: number): number {
  if (code < CASE.length) return CASE[code] ?? 0;
  const ch = String.fromCharCode(code);
  if (ch.toLowerCase() !== ch.toUpperCase()) return ch === ch.toUpperCase() ? 2 : 1;
  return /\p{L}/u.test(ch) ? 3 : 0;
}

/** Letters, capitals at word starts, digits and non-space characters, in one pass over the text. */
function characterCounts(text: string): { words: number; capitalisedWords: number; letterWords: number; digits: number; nonSpace: number; upper: number; lower: number } {
  // Counted in locals, not in the result's fields: this reads every character of every line.
  let words = 0;
  let capitalisedWords = 0;
  let letterWords = 0;
  let digits = 0;
  let nonSpace = 0;
  let upper = 0;
  let lower = 0;
  let previousWordChar = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!(code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0)) nonSpace++;
    const isDigit = code >= 48 && code <= 57;
    const letterCase = code < CASE.length ? (CASE[code] ?? 0) : caseOf(code);
    if (isDigit) digits++;
    if (letterCase === 2) upper++;
    else if (letterCase === 1) lower++;
    const wordChar = isDigit || letterCase > 0 || (code >= 0x0300 && code <= 0x036f);
    if (wordChar && !previousWordChar) {
      words++;
      if (letterCase > 0) {
        letterWords++;
        if (letterCase === 2) capitalisedWords++;
      }
    }
    previousWordChar = wordChar;
  }
  return { words, capitalisedWords, letterWords, digits, nonSpace, upper, lower };
}

export function featuresOf(fullText: string): BlockFeatures {
  const text = fullText.length > SAMPLE_CHARS ? fullText.slice(0, SAMPLE_CHARS) : fullText;
  const counts = characterCounts(text);
  const allCaps = counts.upper >= 2 && counts.lower === 0;
  let nameLike = false;
  if (counts.words <= 7 && counts.digits === 0) {
    const nameWords = text.split(/\s+/).filter(Boolean);
    const nameWords2 = /^by\s/i.test(text) ? nameWords.slice(1) : nameWords;
    nameLike = nameWords2.length >= 2 && nameWords2.length <= 5 && nameWords2.every((w) => UPPER_START.test(w));
  }
  const { words: foldedWords, stopWords, remaining, phraseWords } = foldedWordCounts(text);
  const tail = fullText.slice(-20);
  const features = {
    text: fullText,
    words: text === fullText ? counts.words : countWords(fullText),
    endsSentence: /[.!?…:;"”»)](\s*\.\/\.)?$/u.test(tail),
    isQuestion: /\?\s*$/.test(tail),
    allCaps,
    nameLike,
    dateLine:
      counts.words <= 8 &&
      /^(thứ\s+\p{L}+|chủ nhật|ngày|monday|tuesday|wednesday|thursday|friday|saturday|sunday)?[\s,]*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/iu.test(text),
    bullet: /^[•·▪►▸»*-]\s/u.test(text),
    boilerplateShare: foldedWords === 0 ? 1 : 1 - remaining / foldedWords,
    boilerplateWords: phraseWords,
    stopWordDensity: foldedWords === 0 ? 0 : stopWords / foldedWords,
    titleCaseShare: counts.letterWords === 0 ? 0 : counts.capitalisedWords / counts.letterWords,
    digitShare: counts.nonSpace === 0 ? 0 : counts.digits / counts.nonSpace,
  };
  const score = contentScore(features);
  // Spelled out rather than spread: this runs for every line of every document.
  return {
    text: features.text,
    words: features.words,
    endsSentence: features.endsSentence,
    isQuestion: features.isQuestion,
    allCaps: features.allCaps,
    nameLike: features.nameLike,
    dateLine: features.dateLine,
    bullet: features.bullet,
    boilerplateShare: features.boilerplateShare,
    boilerplateWords: features.boilerplateWords,
    stopWordDensity: features.stopWordDensity,
    titleCaseShare: features.titleCaseShare,
    digitShare: features.digitShare,
    score,
    content: score >= CONTENT_THRESHOLD && counts.words >= 12 && !features.isQuestion,
  };
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
