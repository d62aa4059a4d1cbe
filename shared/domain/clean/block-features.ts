import { countWords } from '../text/normalize.ts';
import { foldedUnits, isPatternSpace, isUpperCaseCode, isWordCode, LETTER_CASE, TABLED_CODES, WORD_CODES } from '../text/tokenize.ts';
import { UNIT_INFO_DIFFERENCE_RUNS } from '../text/character-tables.ts';
import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../text/fnv.ts';
import { expandRuns } from '../text/runs.ts';

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
function foldedWordCounts(text: string): { foldedWords: number; stopWords: number; remaining: number; phraseWords: number } {
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
  return { foldedWords: count, ...roleCounts(units, count) };
}

/** Function words, words of boilerplate phrases and the other words that are not numbers, of the `count` words found in `units`. */
function roleCounts(units: Uint16Array, count: number): { stopWords: number; remaining: number; phraseWords: number } {
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
  return { stopWords, remaining, phraseWords };
}

/**
 * The words with a role in an open-addressing table by those hashes (a slot holds a word's index in
 * ROLE_WORDS plus one, 0 when empty; ROLE_KEYS its hash): a word that ROLE_BITS lets through is
 * found without a lookup in ROLES_BY_HASH and a walk of its array. Function words are a third of
 * prose, and those lookups and walks were about a sixth of readLine's self time (592 of 8,800 ms
 * of the steady-state profile of the scraped pages).
 */
const ROLE_SLOT_BITS = 9;
const ROLE_WORDS: Array<{ word: string; role: WordRole }> = [...ROLES_BY_HASH.values()].flat();
const ROLE_KEYS = new Int32Array(ROLE_WORDS.length);
const ROLE_SLOTS = new Int32Array(1 << ROLE_SLOT_BITS);
for (const [index, { word }] of ROLE_WORDS.entries()) {
  const key = fnv1a(word) & 0x3fffffff;
  ROLE_KEYS[index] = key;
  let slot = key & ((1 << ROLE_SLOT_BITS) - 1);
  while ((ROLE_SLOTS[slot] ?? 0) !== 0) slot = (slot + 1) & ((1 << ROLE_SLOT_BITS) - 1);
  ROLE_SLOTS[slot] = index + 1;
}

/** The role of word `k` (of `count` found in `units`), if it has one. */
function roleAt(units: Uint16Array, k: number, count: number): WordRole | undefined {
  const key = (wordHashes[k] ?? 0) & 0x3fffffff;
  if (ROLE_BITS[key & 0xffff] === 0) return undefined;
  const mask = (1 << ROLE_SLOT_BITS) - 1;
  for (let slot = key & mask; ; slot = (slot + 1) & mask) {
    const entry = ROLE_SLOTS[slot] ?? 0;
    if (entry === 0) return undefined;
    if (ROLE_KEYS[entry - 1] === key) {
      const candidate = ROLE_WORDS[entry - 1] as { word: string; role: WordRole };
      if (isWordAt(units, k, count, candidate.word)) return candidate.role;
    }
  }
}

/** The first of `phrases` (longest first) whose words are the words from `k` on. */
function phraseAt(units: Uint16Array, k: number, count: number, phrases: string[][]): string[] | undefined {
  for (let p = 0; p < phrases.length; p++) {
    const phrase = phrases[p] as string[];
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

/**
 * Case of each code unit up to U+1EFF (1 lower, 2 upper, 3 letter without case): the tokenizer's table,
 * generated from this definition per character (test/support/reference-character-tables.ts):
 *   lower and upper case differ: 2 when the character is its upper case, else 1; else 3 for a letter.
 */
const CASE = LETTER_CASE;

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

/**
 * Everything the one-pass reading of a line needs of a code unit below the tables, in one number:
 * its folded unit (low 16 bits; FOLD_DROPPED for a word character that folds to nothing, a combining
 * mark) and the classes below. UNSAFE marks the few whose fold is longer than one unit or changes
 * whether they are part of a word (ǆ → dz, ͺ → space): a line holding one is read the two-pass way.
 */
const FOLD_DROPPED = 0xffff;
const NON_SPACE = 1 << 16;
const DIGIT = 1 << 17;
const UPPER = 1 << 18;
const LOWER = 1 << 19;
/** A letter, cased or not (`CASE` > 0). */
const LETTER = 1 << 20;
/** Part of a word as `characterCounts` reads words: a digit, a letter or a combining diacritic. */
const COUNTED_WORD = 1 << 21;
/** Part of a word as `words()` splits them (WORD_CODES). */
const WORD = 1 << 22;
const UNSAFE = 1 << 23;
/**
 * The table reaches past the tokenizer's through General Punctuation (U+2000–U+206F): the curly
 * quotes, dashes and ellipses of running text would otherwise send a line the two-pass way.
 */
const UNIT_INFO_CODES = 0x2070;
/** Generated from its definition (test/support/reference-character-tables.ts: referenceUnitInfo), as runs. */
export const UNIT_INFO: Readonly<Int32Array> = expandRuns(new Int32Array(UNIT_INFO_CODES), UNIT_INFO_DIFFERENCE_RUNS, true);

/** The folded code units of the words of the line last read by `readLine` (the units between words are never read). */
let lineUnits: Uint16Array = new Uint16Array(4096);

/** Everything `characterCounts` and `foldedWordCounts` find. */
interface LineCounts {
  words: number;
  capitalisedWords: number;
  letterWords: number;
  digits: number;
  nonSpace: number;
  upper: number;
  lower: number;
  foldedWords: number;
  stopWords: number;
  remaining: number;
  phraseWords: number;
}

/**
 * `characterCounts(text)` and `foldedWordCounts(text)` in one pass over the text, one table read per
 * code unit: each is classified and folded where it is read, and the folded words are cut by the
 * original units (a word character folds to one or to nothing, anything else to a non-word unit:
 * the same words). Undefined when the text holds a unit beyond UNIT_INFO or an UNSAFE one.
 */
function readLine(text: string): LineCounts | undefined {
  if (lineUnits.length < text.length) lineUnits = new Uint16Array(Math.max(text.length, lineUnits.length * 2));
  const units = lineUnits;
  let words = 0;
  let capitalisedWords = 0;
  let letterWords = 0;
  let digits = 0;
  let nonSpace = 0;
  let upper = 0;
  let lower = 0;
  let previousWordChar = 0;
  let count = 0;
  let n = 0; // folded units written
  let inWord = false; // inside a run of word code units of the original text
  let wordStart = 0; // where the current run's folded units start
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= UNIT_INFO_CODES) return undefined;
    const info = UNIT_INFO[code] as number;
    if ((info & UNSAFE) !== 0) return undefined;
    nonSpace += (info >>> 16) & 1;
    digits += (info >>> 17) & 1;
    upper += (info >>> 18) & 1;
    lower += (info >>> 19) & 1;
    const wordChar = info & COUNTED_WORD;
    if (wordChar !== 0 && previousWordChar === 0) {
      words++;
      if ((info & LETTER) !== 0) {
        letterWords++;
        if ((info & UPPER) !== 0) capitalisedWords++;
      }
    }
    previousWordChar = wordChar;
    if ((info & WORD) !== 0) {
      if (!inWord) {
        inWord = true;
        wordStart = n;
        h = FNV_OFFSET;
      }
      const folded = info & 0xffff;
      if (folded === FOLD_DROPPED) continue;
      units[n++] = folded;
      h = Math.imul(h ^ folded, FNV_PRIME);
    } else if (inWord) {
      inWord = false;
      if (n > wordStart) count = addWord(count, wordStart, n, h);
    }
  }
  if (inWord && n > wordStart) count = addWord(count, wordStart, n, h);
  const { stopWords, remaining, phraseWords } = roleCounts(units, count);
  return { words, capitalisedWords, letterWords, digits, nonSpace, upper, lower, foldedWords: count, stopWords, remaining, phraseWords };
}

/**
 * What `readLine` finds, the two-pass way, as an object of its result's shape: a spread of the two
 * counts was an object of another shape, and the first line read this way deoptimised featuresOf
 * ("wrong map"; `process` of the 942 files).
 */
function twoPassCounts(text: string): LineCounts {
  const { words, capitalisedWords, letterWords, digits, nonSpace, upper, lower } = characterCounts(text);
  const { foldedWords, stopWords, remaining, phraseWords } = foldedWordCounts(text);
  return { words, capitalisedWords, letterWords, digits, nonSpace, upper, lower, foldedWords, stopWords, remaining, phraseWords };
}

/** Records word `count` (folded units [start, end), hash `h`); the new count. */
function addWord(count: number, start: number, end: number, h: number): number {
  if (count === wordStarts.length) {
    wordStarts = grown(wordStarts);
    wordEnds = grown(wordEnds);
    wordHashes = grown(wordHashes);
  }
  wordStarts[count] = start;
  wordEnds[count] = end;
  wordHashes[count] = h;
  return count + 1;
}

/**
 * Whether `text` may be 2–5 capitalised words (after a leading "By"), as `nameLike` asks: false when
 * there are too few or too many words, or the tables say a word opens with something other than a
 * capital. Running text of a few words is turned away here, before it is split and each word matched.
 */
function mayBeNameWords(text: string): boolean {
  let words = 0;
  for (let i = 0; i < text.length; ) {
    const first = text.charCodeAt(i);
    if (isPatternSpace(first)) {
      i++;
      continue;
    }
    // The "By" of "By John Smith" is no name word (the pattern below decides whether it is that "By").
    if (first < TABLED_CODES && !isUpperCaseCode(first) && !(words === 0 && (first | 0x20) === 0x62 && BY.test(text))) return false;
    words++;
    while (i < text.length && !isPatternSpace(text.charCodeAt(i))) i++;
  }
  return words >= 2 && words <= 6;
}

const BY = /^by\s/i;

export function featuresOf(fullText: string): BlockFeatures {
  const text = fullText.length > SAMPLE_CHARS ? fullText.slice(0, SAMPLE_CHARS) : fullText;
  const counts = readLine(text) ?? twoPassCounts(text);
  const allCaps = counts.upper >= 2 && counts.lower === 0;
  let nameLike = false;
  if (counts.words <= 7 && counts.digits === 0 && mayBeNameWords(text)) {
    const nameWords = text.split(/\s+/).filter(Boolean);
    const nameWords2 = BY.test(text) ? nameWords.slice(1) : nameWords;
    nameLike = nameWords2.length >= 2 && nameWords2.length <= 5 && nameWords2.every((w) => UPPER_START.test(w));
  }
  const { foldedWords, stopWords, remaining, phraseWords } = counts;
  const features: BlockFeatures = {
    text: fullText,
    words: text === fullText ? counts.words : countWords(fullText),
    endsSentence: endsSentence(fullText),
    isQuestion: endsWithQuestion(fullText),
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
    score: 0,
    content: false,
  };
  // Scored where it stands, not copied into another object: this runs for every line of every document.
  features.score = contentScore(features);
  features.content = features.score >= CONTENT_THRESHOLD && counts.words >= 12 && !features.isQuestion;
  return features;
}

/** Code units a sentence may end with (`.`, `!`, `?`, `…`, a colon, semicolon, closing quote or bracket). */
const SENTENCE_ENDS = new Set([...'.!?…:;"”»)'].map((c) => c.charCodeAt(0)));

/**
 * `/[.!?…:;"”»)](\s*\.\/\.)?$/u.test(text)`: its last code unit ends a sentence (the pattern's
 * optional "./." ends in a full stop, which is one), read in place.
 */
function endsSentence(text: string): boolean {
  return SENTENCE_ENDS.has(text.charCodeAt(text.length - 1));
}

/** `/\?\s*$/.test(text.slice(-20))`: a question mark among the last 20 code units, only white space after it. */
function endsWithQuestion(text: string): boolean {
  const stop = Math.max(0, text.length - 20);
  let i = text.length - 1;
  while (i >= stop && isPatternSpace(text.charCodeAt(i))) i--;
  return i >= stop && text.charCodeAt(i) === 0x3f;
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
