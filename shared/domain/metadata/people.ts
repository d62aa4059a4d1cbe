/**
 * Vietnamese personal names: a family name from the common list followed by one to four
 * capitalised syllables. Syllables that are words of office names ("Văn Phòng Tỉnh") end a name;
 * names of streets, places and schools ("đường Lê Lợi", "THPT Phan Bội Châu"), photo credits and
 * bylines on a line of their own are not people.
 */
import { isLetterOrMarkCode, isPatternSpace, TABLED_CODES } from '../text/tokenize.ts';
import { PLACES } from './place-names.ts';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';
import { byCodePoints, SHAPE_BEFORE_CAPITAL, SHAPE_FIRST_UPPER, SHAPE_REST_LOWER, shapeOf, tailOf, WordTable, wordAt, writtenWords, type WrittenWords } from '../text/written-words.ts';

const FAMILY_NAMES = new Set([
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý',
  'Đào', 'Đoàn', 'Vương', 'Trịnh', 'Trương', 'Lâm', 'Phùng', 'Mai', 'Tô', 'Hà', 'Tạ', 'Lưu', 'Lương', 'Cao', 'Đinh', 'Quách',
  'Thái', 'Văn', 'Nghiêm', 'Kiều', 'Chu', 'Triệu', 'Lại', 'Châu', 'Đồng', 'Tăng', 'Khúc', 'La', 'Âu', 'Mạc', 'Thân', 'Hứa',
  'Giang', 'Nông', 'Lò', 'Quan', 'Doãn', 'Tống', 'Hầu', 'Lã', 'Từ', 'Diệp', 'Mạnh', 'Vi', 'Hàn', 'Đàm', 'Bạch', 'Tôn',
  // Family names of the northern and central highland peoples.
  'Lô', 'Lường', 'Quàng', 'Cầm', 'Sầm', 'Xồng', 'Thào', 'Giàng', 'Vàng', 'Sùng', 'Lầu', 'Mùa', 'Hờ',
]);
/** FAMILY_NAMES, found in a text's words in place. */
const FAMILY_WORDS = new WordTable(FAMILY_NAMES);
/**
 * Family names that are not also common words or place syllables: a name starting with one may
 * follow a capitalised word ("Giám đốc Công an tỉnh Thanh Hóa Trịnh Văn Bình"), where "Ban Văn Hóa"
 * or "Cu Ba Đồng Hới" must not yield a person.
 */
const UNAMBIGUOUS_FAMILY_NAMES = new Set([
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Lý', 'Trịnh', 'Trương',
  'Phùng', 'Lương', 'Đinh', 'Quách', 'Nghiêm', 'Kiều', 'Triệu', 'Khúc', 'Doãn', 'Tống', 'Hứa', 'Tôn',
]);
/** Words of office and place names: a name never runs through them ("Văn Phòng Tỉnh ủy" is no person). */
const OFFICE_WORDS = new Set([
  'Tỉnh', 'Phòng', 'Ban', 'Đảng', 'Ủy', 'Khối', 'Bộ', 'Sở', 'Huyện', 'Xã', 'Phố', 'Chính', 'Trị', 'Nhân', 'Dân',
  'Ương', 'Nghị', 'Quyết', 'Chỉ', 'Kế', 'Hoạch', 'Cục', 'Viện', 'Trường', 'Ty', 'Tổng', 'Nhà', 'Nước', 'Việt',
  'Nội', 'Thường', 'Vụ', 'Bí', 'Thư', 'Chủ', 'Tịch', 'Phó', 'Trưởng', 'Bà', 'Chị',
]);
/** Office words that are never a given name, even closing a name. */
const NEVER_GIVEN = new Set(['Tỉnh', 'Phòng', 'Ban', 'Đảng', 'Ủy', 'Khối', 'Bộ', 'Sở', 'Huyện', 'Xã', 'Phố', 'Ương', 'Cục', 'Viện', 'Ty', 'Tổng', 'Nhà', 'Nước', 'Bà', 'Chị']);
/**
 * Syllables common both in given names and in office or place names (Văn, Thành, Nam, Hà…): allowed
 * inside a name, but a name does not end on one when more capitalised words follow ("Hà Nội"), and a
 * two-syllable name never does ("Lê Văn" is half of a name).
 */
const AMBIGUOUS_SYLLABLES = new Set(['Văn', 'Thị', 'Đại', 'Nam', 'Trung', 'Thành', 'Chí', 'Anh', 'Hà', 'Quốc', 'Công', 'Đồng']);
/** Provinces and countries that look like names: "Hà Tĩnh", "Thái Lan". */
const PLACE_NAMES = new Set([
  'Hà Nội', 'Hà Giang', 'Hà Nam', 'Hà Tĩnh', 'Thái Bình', 'Thái Nguyên', 'Thái Lan', 'Lâm Đồng', 'Cao Bằng', 'Đồng Nai',
  'Đồng Tháp', 'Đồng Hới', 'Hồ Gươm', 'Hồ Tây', 'Châu Âu', 'Châu Á', 'Châu Phi', 'Mai Châu', 'Giang Nam', 'Hà Lan',
  'Hàn Quốc', 'Lào Cai', 'Trung Quốc', 'Đồng Xoài', 'Hà Đông', 'Hà Tiên', 'Lý Sơn', 'Đồng Hỷ', 'Lâm Hà', 'Tây Ninh',
]);
/** Words after which a name is a street, a place or a school: "đường Lê Lợi", "THPT Phan Bội Châu". */
export const PLACE_WORDS: ReadonlySet<string> = new Set([
  'đường', 'phố', 'phường', 'xã', 'huyện', 'quận', 'tỉnh', 'trấn', 'thành', 'cầu', 'chợ', 'sông', 'núi', 'làng', 'bến',
  'đại lộ', 'lộ', 'ngõ', 'hẻm', 'kiệt', 'Đường', 'Phố', 'Phường', 'Quận', 'Huyện', 'Xã', 'Tỉnh', 'TP', 'THPT', 'THCS', 'TH',
  'PTTH', 'học', 'Học', 'trường', 'Trường', 'viện', 'Viện',
]);
/** Administrative words after which a level word is part of an office, so a name may follow: "UBND tỉnh Lê Hồng Sơn". */
const OFFICE_BEFORE_LEVEL = /^(?:\p{Lu}{2,}|ủy|Ủy|an|Công an|đoàn|bộ)$/u;
/** A two-syllable "name" whose last syllable starts a common word is that word: "Đoàn Thanh niên". */
const COMPOUND_AFTER = new Set(['Thanh niên', 'Văn hóa', 'Nhân dân', 'Thanh tra', 'Văn phòng', 'Giang sơn', 'Quốc phòng', 'Quốc gia']);
const HONORIFIC = /^(đồng|chí|ông|bà|anh|chị|cô|em|bác|cụ|Đồng|Ông|Bà|Anh|Chị|Cô|Em|Bác|Cụ)$/u;

const CAPITALISED = /^[\p{Lu}][\p{Ll}\p{M}]*$/u;
/** A capitalised word followed by up to five more, separated by single spaces: every candidate name. */
const CAPITALISED_RUN = /(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{M}]*(?: \p{Lu}[\p{Ll}\p{M}]*){1,5}(?![\p{L}\p{M}])/gu;
/** The word before a run, to tell "Ban Văn Hóa" (office) from "ông Văn Anh Tuấn" (person). */
const WORDS_BEFORE = /(?:([\p{L}\p{M}]+)\s)?([\p{L}\p{M}]+)\s$/u;
/** Administrative levels: after "UBND tỉnh" a name is a person, after "phường" it is a street. */
const LEVEL_WORDS = new Set(['tỉnh', 'huyện', 'xã', 'quận', 'phường', 'trấn']);
/** A photo credit ("Ảnh: Trần Hậu") names the photographer, not a person in the story. */
const CREDIT_BEFORE = /(?:Ảnh|ảnh|Photo|Nguồn|Theo)\s*:\s*$/u;
const MAX_NAME_SYLLABLES = 5;

/**
 * Names of people in running text, in order of first mention. Scans lazily: inputs can be large.
 * `words` are the text's words when another reader has found them already.
 */
export function extractPeople(text: string, words: WrittenWords = writtenWords(text, true)): string[] {
  const people = new Set<string>();
  for (const { index, end, words: run } of capitalisedRuns(text, byCodePoints(words))) {
    // A run may hold a name after office words ("Tỉnh ủy Lê Văn Dũng" is split by case already;
    // "Chủ tịch UBND Lê Văn Dũng" is not): start at each family name in the run.
    for (let i = 0; i < run.length; i++) {
      const family = run[i] ?? '';
      if (!FAMILY_NAMES.has(family)) continue;
      // "TP. Hồ Chí Minh", "TP.Cao Lãnh", "H.Chư Sê": an abbreviated level word makes it a place.
      if (i === 0 && /(?:TP|Tp|TX|Q|H|P)\.\s?$/u.test(text.slice(Math.max(0, index - 4), index))) break;
      const preceding = i > 0 ? [run[i - 2], run[i - 1]] : wordsBefore(text, index);
      const before = preceding[1];
      if (before && PLACE_WORDS.has(before) && !(LEVEL_WORDS.has(before) && OFFICE_BEFORE_LEVEL.test(preceding[0] ?? ''))) break;
      // "Lâm Thị Hương Thành": a middle name "Thị" makes any family name a person's, whatever comes before.
      const female = run[i + 1] === 'Thị';
      if (before && CAPITALISED.test(before) && !HONORIFIC.test(before) && !UNAMBIGUOUS_FAMILY_NAMES.has(family) && !female) continue;
      const name = [family];
      for (let j = i + 1; j < run.length && name.length < MAX_NAME_SYLLABLES; j++) {
        const syllable = run[j] ?? '';
        // An office word ends the name where an office goes on ("… Thứ trưởng", "… Tỉnh ủy"); closing the
        // run before punctuation it is a given name ("Lê Văn Chính,", "Trần Minh Trường (30 tuổi)").
        if (!OFFICE_WORDS.has(syllable)) {
          name.push(syllable);
          continue;
        }
        const closesRun = j === run.length - 1 && nextWord(text, end, run.length, run) === '';
        if (!(closesRun && name.length >= 2 && !NEVER_GIVEN.has(syllable))) break;
        name.push(syllable);
      }
      const last = name[name.length - 1] ?? '';
      const endsAmbiguously = AMBIGUOUS_SYLLABLES.has(last) && (name.length === 2 || i + name.length < run.length);
      const joined = name.join(' ');
      // A name found before is found again: what follows decides only whether to add it.
      if (people.has(joined)) break;
      // A Vietnamese family name heads Vietnamese syllables: "La Rioja", "La Paz" are no people.
      if (name.some((w) => w.length > 1 && !isVietnameseSyllable(w))) break;
      const compound = name.length === 2 && COMPOUND_AFTER.has(`${last} ${nextWord(text, end, i + name.length, run)}`);
      if (name.length >= 2 && !endsAmbiguously && !compound && !PLACE_NAMES.has(joined) && !PLACES.has(joined) && !isCreditOrByline(text, index, end)) {
        people.add(joined);
      }
      break;
    }
  }
  return [...people];
}

/** A match of CAPITALISED_RUN: where it starts and ends, and its words. */
interface Run {
  index: number;
  end: number;
  words: readonly string[];
}

/**
 * The matches of CAPITALISED_RUN, in order, read from the words. A run's first word is a capital and
 * lower-case letters and marks (\p{L} and \p{M} read by code point, as the pattern does) with neither
 * a letter nor a mark before it, and a space and a capital after it. In a word of the text (letters,
 * digits and marks) only the capital opening its last run of letters can be that: one before it is
 * followed by a digit or a letter within the word, not by the space. A run of such words, single
 * spaces between them, is the match; where a word that opens with a capital goes on with anything else
 * (a digit, a capital), or a run's first word holds a digit, the pattern decides.
 */
function capitalisedRuns(text: string, words: WrittenWords): Run[] {
  const { starts, ends } = words;
  const runs: Run[] = [];
  const CAPITALISED_WORD = SHAPE_FIRST_UPPER | SHAPE_REST_LOWER;
  let from = 0;
  for (let w = 0; w + 1 < words.length; w++) {
    // The next word must follow a single space and open with a capital.
    if ((shapeOf(words, w) & SHAPE_BEFORE_CAPITAL) === 0) continue;
    const end = ends[w] ?? 0;
    const tail = tailOf(words, w);
    const at = (starts[w] ?? 0) + tail;
    // Letters only: the word itself must be a capital and lower case; after a digit the pattern decides.
    if (at < from || at >= end || (tail === 0 && (shapeOf(words, w) & CAPITALISED_WORD) !== CAPITALISED_WORD)) continue;
    let last = w;
    let sure = tail === 0;
    // A next word first: then the text goes on after this one (no read past its end).
    while (sure && last - w < 5 && last + 1 < words.length && text.charCodeAt(ends[last] ?? 0) === 32 && starts[last + 1] === (ends[last] ?? 0) + 1) {
      const shape = shapeOf(words, last + 1) & CAPITALISED_WORD;
      if (shape === CAPITALISED_WORD) last++;
      else {
        // A word without a capital ends the run; one with a capital and more than lower case may end it inside.
        sure = (shape & SHAPE_FIRST_UPPER) === 0;
        break;
      }
    }
    if (sure) {
      // Only a run holding a family name can name someone: the others are not made strings.
      let family = w;
      while (family <= last && FAMILY_WORDS.findWord(words, family) < 0) family++;
      if (family <= last) {
        const run: string[] = [];
        for (let k = w; k <= last; k++) run.push(wordAt(words, k));
        runs.push({ index: at, end: ends[last] ?? 0, words: run });
      }
      from = ends[last] ?? 0;
      continue;
    }
    CAPITALISED_RUN_AT.lastIndex = at;
    const match = CAPITALISED_RUN_AT.exec(text);
    if (!match) continue;
    runs.push({ index: match.index, end: match.index + match[0].length, words: match[0].split(' ') });
    from = match.index + match[0].length;
  }
  return runs;
}

const CAPITALISED_RUN_AT = new RegExp(CAPITALISED_RUN.source, 'uy');

/** Whether a name right after this word is a street, place or school rather than a person. */
export function isPlaceWord(word: string): boolean {
  return PLACE_WORDS.has(word) && !LEVEL_WORDS.has(word);
}

/**
 * The groups WORDS_BEFORE finds in the 24 code units before `index`, read backwards from the tables:
 * the word just before (letters and marks up to a white-space character ending the window) and,
 * when a single white-space character stands before it, the word before that one. The pattern's
 * leftmost match starts at the earlier word, or at the later one when the earlier is missing. A code
 * unit beyond the tables (an astral letter's half, say) is left to the pattern.
 */
export function wordsBefore(text: string, index: number): [string | undefined, string | undefined] {
  const from = Math.max(0, index - 24);
  if (index - 1 < from || !isPatternSpace(text.charCodeAt(index - 1))) return [undefined, undefined];
  const lastEnd = index - 1;
  const lastStart = letterRunStart(text, from, lastEnd);
  if (lastStart < 0) return wordsBeforeByPattern(text, from, index);
  if (lastStart === lastEnd) return [undefined, undefined];
  const last = text.slice(lastStart, lastEnd);
  if (lastStart - 1 < from || !isPatternSpace(text.charCodeAt(lastStart - 1))) return [undefined, last];
  const firstStart = letterRunStart(text, from, lastStart - 1);
  if (firstStart < 0) return wordsBeforeByPattern(text, from, index);
  return [firstStart < lastStart - 1 ? text.slice(firstStart, lastStart - 1) : undefined, last];
}

/** Where the run of letters and marks ending at `end` starts (not before `from`); -1 at a code unit beyond the tables. */
function letterRunStart(text: string, from: number, end: number): number {
  let start = end;
  for (; start > from; start--) {
    const code = text.charCodeAt(start - 1);
    if (code >= TABLED_CODES) return -1;
    if (!isLetterOrMarkCode(code)) break;
  }
  return start;
}

function wordsBeforeByPattern(text: string, from: number, index: number): [string | undefined, string | undefined] {
  const found = WORDS_BEFORE.exec(text.slice(from, index));
  return [found?.[1], found?.[2]];
}

/** The word after position `k` of the run ending at `end`: inside the run, or the first word after it in the text. */
function nextWord(text: string, end: number, k: number, words: readonly string[]): string {
  if (k < words.length) return words[k] ?? '';
  return /^\s([\p{L}\p{M}]+)/u.exec(text.slice(end, end + 16))?.[1] ?? '';
}

/** "Ảnh: Trần Hậu", or a name alone on its line (a byline or signature): only white space around it there. */
function isCreditOrByline(text: string, index: number, end: number): boolean {
  if (CREDIT_BEFORE.test(text.slice(Math.max(0, index - 10), index))) return true;
  for (let k = index - 1; k >= 0; k--) {
    const code = text.charCodeAt(k);
    if (code === 0x0a) break;
    if (!isPatternSpace(code)) return false;
  }
  for (let k = end; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code === 0x0a) break;
    if (!isPatternSpace(code)) return false;
  }
  return true;
}
