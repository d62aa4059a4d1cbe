/**
 * People named after a title or honorific, in any script: "Tổng thống Pháp Jean Martin", "Chủ tịch
 * Trung Quốc Hồ Cẩm Đào", "ca sĩ Minh Khang, Thu Vân", "HLV Park Hang-seo", "ông Moon Jae-in"; and
 * foreign names that speak ("John Smith nói"). Family-name lists cannot find these: the title is
 * the evidence. A country between title and name is skipped; places and organisations are not people.
 */
import { isLetterOrMarkCode, isUpperCaseCode, LOWER_UNITS, lowerCase, TABLED_CODES } from '../text/tokenize.ts';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';
import { COUNTRIES, PLACES, placePrefixOf, placePrefixOfWords } from './place-names.ts';
import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../text/fnv.ts';
import { byCodePoints, SHAPE_ALL_UPPER, SHAPE_BEFORE_CAPITAL, SHAPE_FIRST_UPPER, SHAPE_LETTERS, SHAPE_REST_LOWER, SHAPE_UPPER_SAME, shapeOf, tailOf, WordTable, writtenWords, type WrittenWords } from '../text/written-words.ts';

export { COUNTRIES } from './place-names.ts';

/**
 * Person titles and honorifics of Vietnamese news prose (offices, ranks, professions, sport roles,
 * religious titles), longest first so "Phó Thủ tướng" wins over "Thủ tướng". Matched at word starts,
 * in the case written here or capitalised at a sentence start.
 */
const PERSON_TITLES = [
  'tổng thống', 'phó tổng thống', 'thủ tướng', 'phó thủ tướng', 'chủ tịch', 'phó chủ tịch', 'tổng bí thư', 'bí thư', 'bộ trưởng',
  'thứ trưởng', 'ngoại trưởng', 'quốc vương', 'nhà vua', 'vua', 'nữ hoàng', 'hoàng tử', 'công chúa', 'thái tử', 'giáo hoàng',
  'thượng nghị sĩ', 'hạ nghị sĩ', 'nghị sĩ', 'đại sứ', 'tổng thư ký', 'người phát ngôn', 'phát ngôn viên', 'thị trưởng', 'thống đốc',
  'tướng', 'đại tướng', 'thượng tướng', 'trung tướng', 'thiếu tướng', 'đại tá', 'thượng tá', 'trung tá', 'thiếu tá', 'đại úy',
  'giám đốc', 'tổng giám đốc', 'phó giám đốc', 'nhà sáng lập', 'người sáng lập', 'chủ tịch hội đồng quản trị', 'ceo',
  'hlv', 'huấn luyện viên', 'cầu thủ', 'tiền vệ', 'tiền đạo', 'hậu vệ', 'trung vệ', 'thủ môn', 'thủ thành', 'võ sĩ', 'tay vợt',
  'vận động viên', 'vđv', 'kỳ thủ', 'tay đua', 'ca sĩ', 'nhạc sĩ', 'nghệ sĩ', 'nsnd', 'nsưt', 'danh ca', 'diễn viên', 'người mẫu',
  'hoa hậu', 'á hậu', 'đạo diễn', 'nhà sản xuất', 'nhà văn', 'nhà thơ', 'nhà báo', 'phóng viên', 'biên tập viên', 'nhiếp ảnh gia',
  'họa sĩ', 'nhà nghiên cứu', 'nhà khoa học', 'nhà sử học', 'chuyên gia', 'giáo sư', 'phó giáo sư', 'gs', 'pgs', 'ts', 'tiến sĩ',
  'thạc sĩ', 'bác sĩ', 'bs', 'dược sĩ', 'kỹ sư', 'luật sư', 'kiến trúc sư', 'thẩm phán', 'công tố viên', 'đầu bếp', 'doanh nhân',
  'tỷ phú', 'nhà đầu tư', 'hòa thượng', 'thượng tọa', 'đại đức', 'ni sư', 'sư', 'linh mục', 'mục sư', 'nhà sư', 'nghệ nhân',
  'ông', 'bà', 'anh', 'chị', 'cô', 'cụ', 'bác', 'chú', 'em', 'ngài', 'nữ sĩ', 'nam ca sĩ', 'nữ ca sĩ', 'nam diễn viên', 'nữ diễn viên',
  'đội trưởng', 'thủ quân', 'danh thủ', 'cựu danh thủ', 'tân binh', 'ngôi sao', 'hoa khôi', 'siêu mẫu', 'á vương', 'người đẹp',
  'nhà tạo mẫu', 'nhà thiết kế', 'nhà lãnh đạo', 'lãnh đạo', 'ông chủ', 'bà chủ', 'chủ tịch nước', 'chú rể', 'cô dâu', 'bị cáo',
  'nghi phạm', 'nghi can', 'nạn nhân', 'tác giả', 'dịch giả', 'giáo viên', 'cô giáo', 'thầy giáo', 'sinh viên', 'học sinh',
  'nhà vô địch', 'cựu vô địch', 'nữ hoàng', 'mỹ nhân', 'nam thần', 'nữ thần', 'nhà hoạt động', 'nhà ngoại giao', 'điều phối viên',
  'kts', 'ths', 'ncs', 'nsưt', 'nhà thơ', 'rapper', 'mc', 'blogger', 'youtuber', 'streamer', 'bé', 'cháu', 'vợ', 'chồng', 'mr', 'mrs', 'ms', 'dr', 'president', 'minister',
  'prime minister', 'senator', 'coach', 'professor', 'sir',
].sort((a, b) => b.length - a.length);
/** Titles that are also plain words when capitalised mid-sentence ("Anh" is England): only lower case counts. */
const LOWER_ONLY = new Set(['anh', 'cô', 'em', 'bé', 'cháu', 'vợ', 'chồng', 'sư', 'chú', 'bác', 'cụ', 'vua', 'tướng']);
/** Words that start organisations, places and things, never a person's name. */
const NOT_NAME_START = new Set([
  'Bộ', 'Sở', 'Ban', 'Công', 'Ngân', 'Trường', 'Viện', 'Bệnh', 'Đại', 'Học', 'Hội', 'Liên', 'Ủy', 'Tòa', 'Cục',
  'Tổng', 'Nhà', 'Quỹ', 'Câu', 'CLB', 'UBND', 'HĐND', 'Quân', 'Đảng', 'Chính', 'Tỉnh', 'Huyện', 'Xã', 'Phường',
  'Thủ', 'Sân', 'Đội', 'Giải', 'Cúp', 'World', 'Premier', 'Champions', 'League', 'FC', 'The', 'Tây', 'Đông', 'Nam', 'Bắc',
  // First words of titles: "ông Phó Giám đốc", "bà Trưởng phòng" name an office, not a person.
  'Phó', 'Trưởng', 'Giám', 'Chủ', 'Bí', 'Thứ', 'Vụ', 'Phòng', 'Chánh', 'Hiệu', 'Thượng', 'Trung', 'Thiếu', 
]);
/** What follows a person's name in news prose: a verb of saying or judging, an age, an apposition with a role. */
const PERSON_AFTER = /^(?:\s*(?:nói|cho biết|cho hay|cho rằng|khẳng định|tuyên bố|chia sẻ|phát biểu|nhấn mạnh|bày tỏ|thừa nhận|giải thích|tiết lộ|nhận định|nhận xét|bình luận|đánh giá|kêu gọi|viết|kể|said|says|told|wrote)(?![\p{L}])|\s*\(\s*\d{1,3}\s*(?:tuổi)?\s*[),]|\s*\(\s*(?:sinh|SN|sn)\s+\d|\s[-–]\s+(?:\p{Ll}|(?:Giám|Chủ|Tổng|Phó|Trưởng|Bộ|Thủ|Bí)\s\p{Ll})|,\s*(?:người|nhà|cựu|chủ tịch|giám đốc|giáo sư|chuyên gia|phát ngôn viên|ngoại trưởng|bộ trưởng|thủ tướng|tổng thống|who|the)\s)/u;

const NAME_PARTICLE = /^(?:al-\p{Lu}[\p{L}\p{M}]*|el-\p{Lu}[\p{L}\p{M}]*|de|van|von|der|den|da|di|del|dos|du|bin|ibn|le|la)$/u;
/** First letters of the particles: any other lower-case word ends a name. */
const PARTICLE_INITIALS = new Set([...'abdeilv'].map((c) => c.charCodeAt(0)));
const NAME_WORD = /^\p{Lu}[\p{Ll}\p{M}'’]*(?:-\p{L}[\p{Ll}\p{M}'’]*)*\.?$/u;
const WORD_AT = /[\p{L}\p{M}][\p{L}\p{M}'’.-]*/uy;
const MAX_NAME_WORDS = 4;
/** Capitalised words in a row, single spaces between. */
const CAPITALISED_WORDS = /\p{Lu}[\p{L}\p{M}'’-]*(?: \p{Lu}[\p{L}\p{M}'’-]*)*/uy;

/**
 * `text.charCodeAt(at)`, NaN past the end as there, but without reading past the end: the first
 * such read deoptimises the optimised code that made it (V8 speculates charCodeAt in bounds), and a
 * word at the text's end is common.
 */
function unitAt(text: string, at: number): number {
  return at < text.length ? text.charCodeAt(at) : NaN;
}

/**
 * End of the CAPITALISED_WORDS match at `at`, read from the tables, or -1 when a code unit beyond
 * them is met (the pattern decides then). A capital starts each word; a space and a capital go on.
 */
function capitalisedWordsEnd(text: string, at: number): number {
  let end = at;
  for (let pos = at; pos < text.length; ) {
    const capital = text.charCodeAt(pos);
    if (capital >= TABLED_CODES) return -1;
    if (!isUpperCaseCode(capital)) return end;
    for (pos++; pos < text.length; pos++) {
      const code = text.charCodeAt(pos);
      if (code >= TABLED_CODES) return -1;
      if (!(isLetterOrMarkCode(code) || code === APOSTROPHE || code === RIGHT_QUOTE || code === HYPHEN)) break;
    }
    end = pos;
    if (unitAt(text, pos) !== 32) return end;
    pos++;
  }
  return end;
}
const MAX_LISTED = 6;

interface Found {
  name: string;
  end: number;
}

/**
 * Capitalised words that open sentences and headings without being part of a name ("Theo Reuters",
 * "Ngoài Smith", "Hay John Smith"): common Vietnamese words, skipped at a run's start.
 */
const LEADING_WORDS = new Set([
  'Theo', 'Ngoài', 'Hay', 'Từ', 'Tàu', 'Báo', 'Nhóm', 'Kho', 'Điện', 'Tờ', 'Đội', 'Sân', 'Trong', 'Với', 'Cùng', 'Khi', 'Sau',
  'Trước', 'Tại', 'Ở', 'Và', 'Nhưng', 'Còn', 'Cả', 'Cho', 'Của', 'Như', 'Nếu', 'Vì', 'Do', 'Bởi', 'Để', 'Đến', 'Giữa', 'Dù',
  'Việc', 'Người', 'Chùa', 'Đền', 'Sông', 'Ngoại',
]);

const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;
const FULL_STOP = 0x2e;
const HYPHEN = 0x2d;
/** What `/[.'’-]+$/u` removes from a word's end. */
const TRAILING_PUNCTUATION = new Set([FULL_STOP, APOSTROPHE, RIGHT_QUOTE, HYPHEN]);

/**
 * Whether `nameRun` at `at` certainly stops before a second word (most capitalised words: a sentence
 * start before a lower-case word), read by code unit; false when unsure (any code beyond the table).
 * Its first word is what WORD_AT matches, less trailing punctuation; a second word needs a space after
 * it and a capital, a particle's initial or an untabled code after that.
 */
function endsAtFirstWord(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (!(code < TABLED_CODES)) return false;
  if (!isLetterOrMarkCode(code)) return true;
  let matchEnd = at + 1;
  for (; matchEnd < text.length; matchEnd++) {
    const c = text.charCodeAt(matchEnd);
    if (!(c < TABLED_CODES)) return false;
    if (!(isLetterOrMarkCode(c) || c === APOSTROPHE || c === RIGHT_QUOTE || c === FULL_STOP || c === HYPHEN)) break;
  }
  let wordEnd = matchEnd;
  while (wordEnd > at) {
    const c = text.charCodeAt(wordEnd - 1);
    if (c === APOSTROPHE || c === RIGHT_QUOTE || c === FULL_STOP || c === HYPHEN) wordEnd--;
    else break;
  }
  if (text.charCodeAt(wordEnd) !== 32) return true;
  const next = text.charCodeAt(wordEnd + 1);
  return next < TABLED_CODES && !isUpperCaseCode(next) && !PARTICLE_INITIALS.has(next);
}

/** Lower-case words that may go on a name: "Pieter de Vries", "Ahmed al-Rashid". */
const PARTICLE_WORDS = new WordTable(['de', 'van', 'von', 'der', 'den', 'da', 'di', 'del', 'dos', 'du', 'bin', 'ibn', 'le', 'la', 'al', 'el']);

/**
 * Whether no name starts at capitalised word `w` and no run of capitalised words goes on from it, so
 * the scan moves to the next word: read from the words, false when unsure (`nameRun` then decides).
 * A word with a digit ends its name's first word there, before any space; a word of letters followed
 * by a space and a lower-case word that is no particle, or by a mark that goes on no word, is alone.
 */
function endsAtFirstWordOf(words: WrittenWords, w: number): boolean {
  if ((shapeOf(words, w) & SHAPE_LETTERS) === 0) return true;
  const end = words.ends[w] ?? 0;
  // The text's last word: nothing follows (read past the end, charCodeAt's NaN decided the same, and
  // deoptimised the optimised code the first time).
  if (end >= words.text.length) return true;
  const after = words.text.charCodeAt(end);
  if (after === FULL_STOP) return endsWordAtFullStop(words.text, end);
  if (after !== 32) return !(after === APOSTROPHE || after === RIGHT_QUOTE || after === HYPHEN || after >= TABLED_CODES);
  if (w + 1 >= words.length || words.starts[w + 1] !== end + 1) {
    const next = unitAt(words.text, end + 1);
    return next < TABLED_CODES;
  }
  const first = unitAt(words.text, end + 1);
  return first < TABLED_CODES && (shapeOf(words, w + 1) & SHAPE_FIRST_UPPER) === 0 && !(PARTICLE_INITIALS.has(first) && PARTICLE_WORDS.findWord(words, w + 1) >= 0);
}

/**
 * Whether a word of letters followed by the full stop at `at` ends there for WORD_AT (whose match
 * takes the full stop, to be cut off again): nothing after the stop goes on the match. False when unsure.
 */
function endsWordAtFullStop(text: string, at: number): boolean {
  const next = unitAt(text, at + 1);
  return !(next >= TABLED_CODES || isLetterOrMarkCode(next) || next === APOSTROPHE || next === RIGHT_QUOTE || next === FULL_STOP || next === HYPHEN);
}

/**
 * Up to four capitalised words starting at `at` (single spaces between them), stopping at a non-name
 * word; an initial keeps its full stop ("John F. Smith"); a word followed by digits ends no name.
 */
function nameRun(text: string, at: number): Found | undefined {
  if (endsAtFirstWord(text, at)) return undefined;
  const words: string[] = [];
  let pos = at;
  let end = at;
  while (words.length < MAX_NAME_WORDS) {
    // A word in lower case continues a name only as a particle: most runs end here, at no regex's cost.
    const next = text.charCodeAt(pos);
    if (words.length > 0 && next < TABLED_CODES && !isUpperCaseCode(next) && !PARTICLE_INITIALS.has(next)) break;
    WORD_AT.lastIndex = pos;
    const m = WORD_AT.exec(text);
    if (!m) break;
    const matched = m[0];
    // Each pattern is asked only when the code units it needs are there: an initial is one capital,
    // alone or before a full stop; only a word starting with a particle's initial can be one.
    const initial = words.length > 0 && ((matched.charCodeAt(1) === FULL_STOP && /^\p{Lu}\.$/u.test(matched.slice(0, 2))) || (matched.length <= 2 && /^\p{Lu}$/u.test(matched) && text.charAt(pos + 1) === ' '));
    const word = initial ? matched.slice(0, /^\p{Lu}\./u.test(matched) ? 2 : 1) : TRAILING_PUNCTUATION.has(matched.charCodeAt(matched.length - 1)) ? matched.replace(/[.'’-]+$/u, '') : matched;
    // "Pieter de Vries", "Anna van Dijk", "Ahmed al-Rashid": particles inside a name.
    const particle = words.length > 0 && PARTICLE_INITIALS.has(word.charCodeAt(0)) && NAME_PARTICLE.test(word) && /^ ?\p{Lu}/u.test(text.slice(pos + word.length, pos + word.length + 2).replace(/^-/, ' '));
    if (!particle && (!NAME_WORD.test(word) || (word === word.toUpperCase() && !initial))) break;
    // "John F Smith": a lone capital inside a run is an initial; anywhere else ("Kho K12") it ends no name.
    const after = text.charCodeAt(pos + word.length);
    if (after >= 0x30 && after <= 0x39) return undefined;
    if (word.length < 2 && !initial && (words.length === 0 || text.charAt(pos + 1) !== ' ')) return undefined;
    words.push(word);
    end = pos + word.length;
    if (text.charAt(end) !== ' ') break;
    pos = end + 1;
  }
  return nameOf(words, end);
}

/**
 * `nameRun(words.text, at)` read from the words when word `w` starts at `at` (-1 when none does),
 * or null when unsure: each word of the name a word of the text of letters only, none followed by an
 * apostrophe, a full stop or a hyphen that would go on it, none a particle, none beyond the BMP.
 */
function nameRunOf(words: WrittenWords, w: number, at: number): Found | undefined | null {
  if (w < 0) return null;
  const { text, starts, ends } = words;
  const found: string[] = [];
  let end = at;
  for (let k = w; found.length < MAX_NAME_WORDS; k++) {
    const pos = found.length === 0 ? at : end + 1;
    if (found.length > 0) {
      // A word in lower case continues a name only as a particle.
      const next = unitAt(text, pos);
      if (next < TABLED_CODES && !isUpperCaseCode(next) && !PARTICLE_INITIALS.has(next)) break;
      // No letter or mark after the space: no word.
      if (!(k < words.length && starts[k] === pos)) break;
    }
    const shape = shapeOf(words, k);
    const size = (ends[k] ?? 0) - pos;
    // A first word holding a digit (or opening with one) is a name's word only as far as the digit: alone.
    if ((shape & SHAPE_LETTERS) === 0) {
      if (found.length === 0) return undefined;
      return null;
    }
    // A full stop ends the word unless the match goes on after it (or the word is an initial: "John F. Smith").
    const after = unitAt(text, ends[k] ?? 0);
    if (after === APOSTROPHE || after === RIGHT_QUOTE || after === HYPHEN || (after === FULL_STOP && ((size < 2 && found.length > 0) || !endsWordAtFullStop(text, ends[k] ?? 0)))) return null;
    if (found.length > 0 && PARTICLE_INITIALS.has(text.charCodeAt(pos)) && PARTICLE_WORDS.findWord(words, k) >= 0) return null;
    // An initial is one capital (a pair beyond the BMP is left to the pattern).
    if ((shape & SHAPE_ALL_UPPER) !== 0 && size === 2 && isHighSurrogate(text.charCodeAt(pos))) return null;
    const initial = found.length > 0 && size === 1 && (shape & SHAPE_ALL_UPPER) !== 0 && text.charAt(pos + 1) === ' ';
    if ((shape & (SHAPE_FIRST_UPPER | SHAPE_REST_LOWER)) !== (SHAPE_FIRST_UPPER | SHAPE_REST_LOWER) || (!initial && (shape & SHAPE_UPPER_SAME) !== 0)) break;
    if (size < 2 && !initial && (found.length === 0 || text.charAt(pos + 1) !== ' ')) return undefined;
    found.push(text.slice(pos, pos + size));
    end = pos + size;
    if (unitAt(text, end) !== 32) break;
  }
  return nameOf(found, end);
}

/** `nameRun(words.text, at)`, read from the words when one of them (after word `from`) starts at `at`. */
function nameRunAt(words: WrittenWords, from: number, at: number): Found | undefined {
  let k = from;
  while (k < words.length && (words.starts[k] ?? 0) < at) k++;
  const run = nameRunOf(words, k < words.length && words.starts[k] === at ? k : -1, at);
  return run === null ? nameRun(words.text, at) : run;
}

/** The name of a run's words ending at `end`, less what opens sentences, places and companies; undefined when none. */
function nameOf(words: string[], end: number): Found | undefined {
  // Fewer than two words name no one, whatever follows.
  if (words.length < 2) return undefined;
  while (words.length > 2 && LEADING_WORDS.has(words[0] ?? '')) words.shift();
  // "Trung Quốc Vương Nghị", "Google John Smith": a place or a company before the name is not part of it.
  const place = placePrefixOfWords(words);
  if (place) words.splice(0, place.split(' ').length);
  else if (words.length > 2 && COMPANIES.has(words[0] ?? '')) words.shift();
  if (words.length < 2 || NOT_NAME_START.has(words[0] ?? '') || LEADING_WORDS.has(words[0] ?? '') || words[words.length - 1]?.endsWith('.')) return undefined;
  const name = words.join(' ');
  // "Xi măng Hải Phòng", "Than Quảng Ninh": a club or a place named after a province.
  if (PLACES.has(name) || PLACES.has(words.slice(-2).join(' '))) return undefined;
  return { name, end };
}

/** The country written at `at` followed by a space, or undefined. */
function countryAt(text: string, at: number): string | undefined {
  const candidates = COUNTRIES_BY_FIRST_UNIT.get(text.charCodeAt(at));
  if (candidates === undefined) return undefined;
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k] as string;
    if (at + c.length < text.length && text.charCodeAt(at + c.length) === 32 && text.startsWith(c, at)) return c;
  }
  return undefined;
}

/** The countries by their first code unit, in list order: only those can start where that unit stands. */
const COUNTRIES_BY_FIRST_UNIT = new Map<number, string[]>();
for (const c of COUNTRIES) COUNTRIES_BY_FIRST_UNIT.set(c.charCodeAt(0), [...(COUNTRIES_BY_FIRST_UNIT.get(c.charCodeAt(0)) ?? []), c]);

/** The titles by their first word, longest first: one map lookup per word rules most words out. */
const TITLES_BY_FIRST_WORD = new Map<string, string[]>();
for (const title of PERSON_TITLES) {
  const first = title.split(' ')[0] ?? '';
  TITLES_BY_FIRST_WORD.set(first, [...(TITLES_BY_FIRST_WORD.get(first) ?? []), title]);
}

/** The groups of titles by first word, for words whose every code unit LOWER_UNITS maps. */
const SURE_GROUPS = new Map<string, TitleGroup>([...TITLES_BY_FIRST_WORD].map(([first, titles]) => [first, { titles, known: first.length }]));

/** Hash value of a word that holds a code unit LOWER_UNITS does not map (no title does): it may be anything. */
const UNSURE = -1;
/**
 * The title first words' lower-case FNV-1a hashes, 16 bits of each, set: a word whose bit is clear
 * starts no title, found without slicing or lower-casing it (nearly every word of running text).
 */
const TITLE_FIRST_BITS = new Uint8Array(1 << 16);
for (const first of TITLES_BY_FIRST_WORD.keys()) {
  TITLE_FIRST_BITS[(fnv1a(first) >>> 0) & 0xffff] = 1;
}

/**
 * The first words of the titles as `titleAt` accepts them written (as listed, capitalised, in capitals),
 * and the titles each opens: a word written otherwise opens no title, though it lower-cases to a first word.
 */
const TITLE_FORMS = new WordTable(PERSON_TITLES.flatMap((title) => [title, title.charAt(0).toUpperCase() + title.slice(1), title.toUpperCase()].map((written) => written.split(' ')[0] ?? '')));
const TITLE_FORM_GROUPS: ReadonlyArray<TitleGroup | null> = TITLE_FORMS.words.map((form) => titlesStartingWith(form));

/**
 * The titles whose first word is `word` lower-cased, longest first, or null: the lower-case units'
 * hash rules nearly every word out without a string or a map lookup.
 */
function titlesStartingWith(word: string): TitleGroup | null {
  let h = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    const lower = code < TABLED_CODES ? (LOWER_UNITS[code] ?? 0) : 0;
    if (lower === 0) {
      h = UNSURE;
      break;
    }
    h = Math.imul(h ^ lower, FNV_PRIME);
  }
  if (h !== UNSURE && TITLE_FIRST_BITS[(h >>> 0) & 0xffff] !== 1) return null;
  // Plain lower-casing: Vietnamese has no locale-specific case rules, and the locale-aware call is slow.
  const first = lowerCase(word);
  const titles = TITLES_BY_FIRST_WORD.get(first);
  if (titles === undefined) return null;
  // A word lower-cased unit by unit is its titles' first word already: `titleAt` compares what follows it.
  return h === UNSURE ? { titles, known: 0 } : (SURE_GROUPS.get(first) ?? null);
}

/** Titles sharing a first word, and how many of their code units the word matched already. */
interface TitleGroup {
  titles: readonly string[];
  known: number;
}

/** The title of `titles` (those starting with the word at `at`) written at `at`, as written; undefined when none is. */
function titleAt(text: string, at: number, { titles, known }: TitleGroup): string | undefined {
  for (let k = 0; k < titles.length; k++) {
    const title = titles[k] as string;
    // The text lower-cased unit by unit, as far as the title and the space after it, in place.
    const same = sameLowerCase(text, at, title, known);
    if (same === UNSURE) return titleAtByLowerCase(text, at, titles);
    if (same === 0 || text.charCodeAt(at + title.length) !== 32) continue;
    const written = text.slice(at, at + title.length);
    if (writtenAsTitle(written, title)) return written;
  }
  return undefined;
}

/**
 * 1 when text[at, at + title.length) lower-cased is `title`, 0 when not, UNSURE when a code unit read
 * lower-cases to no single unit of the table (a capital sigma, a dotted capital I, one beyond it).
 * The first `known` units are known to match.
 */
function sameLowerCase(text: string, at: number, title: string, known: number): number {
  for (let k = known; k < title.length; k++) {
    const code = text.charCodeAt(at + k);
    const lower = code < TABLED_CODES ? (LOWER_UNITS[code] ?? 0) : 0;
    if (lower === 0) return Number.isNaN(code) ? 0 : UNSURE;
    if (lower !== title.charCodeAt(k)) return 0;
  }
  return 1;
}

/** `titleAt` by lower-casing the text as far as the group's longest title and the space after it. */
function titleAtByLowerCase(text: string, at: number, titles: readonly string[]): string | undefined {
  const head = text.slice(at, at + (titles[0]?.length ?? 0) + 1);
  const lower = lowerCase(head);
  for (const title of titles) {
    if (lower.charCodeAt(title.length) !== 32 || !lower.startsWith(title)) continue;
    const written = head.slice(0, title.length);
    if (writtenAsTitle(written, title)) return written;
  }
  return undefined;
}

/** As listed, capitalised at a sentence start or as an office ("Tổng thống"), or in capitals ("HLV"); some in lower case only. */
function writtenAsTitle(written: string, title: string): boolean {
  if (written === title) return true;
  if (LOWER_ONLY.has(title)) return false;
  return written === title.charAt(0).toUpperCase() + title.slice(1) || written === title.toUpperCase();
}

/** Whether any word of the name is not a Vietnamese syllable: a foreign name ("John Smith"). */
function looksForeign(name: string): boolean {
  return name.split(' ').some((w) => !isVietnameseSyllable(w.replace(/['’.-]/gu, '')));
}

/** Companies written before their people ("ông chủ Google John Smith"). */
const COMPANIES = new Set(['Facebook', 'Google', 'Apple', 'Microsoft', 'Amazon', 'Samsung', 'Tesla', 'Twitter', 'Alibaba', 'Huawei', 'Meta']);

/**
 * First and last words of foreign names of things, places and organisations as Vietnamese news writes
 * them (clubs, leagues, media, companies, products, geography): general English and Romance vocabulary.
 */
const THING_FIRST = new Set([
  'The', 'New', 'San', 'Santa', 'Los', 'Las', 'La', 'Le', 'Les', 'El', 'Real', 'Manchester', 'Man', 'Atletico', 'Inter', 'AC', 'FC',
  'Bayern', 'Borussia', 'Dinamo', 'Premier', 'Champions', 'Europa', 'World', 'Daily', 'Galaxy', 'Google', 'Apple', 'Samsung',
  'Microsoft', 'Facebook', 'Twitter', 'Air', 'Formula', 'Grand', 'Royal', 'University', 'Institute', 'Saint', 'St', 'Fort', 'Mount',
  'Lake', 'Cape', 'North', 'South', 'East', 'West', 'Hong', 'Kuala', 'Silicon', 'Wall', 'White', 'Golden', 'Red', 'Blue', 'Black',
  'Green', 'Big', 'Super', 'Mega', 'Sony', 'Nokia', 'Xiaomi', 'Huawei', 'Oppo', 'Vivo', 'Honda', 'Toyota', 'Tesla',
  'Qualcomm', 'Snapdragon', 'Asus', 'Intel', 'AMD', 'Nvidia', 'LG', 'Dell', 'HP', 'Lenovo', 'Acer', 'Canon', 'Nikon', 'Adobe',
  'Oracle', 'IBM', 'Uber', 'Grab', 'Visa', 'Mastercard', 'Wi-Fi', 'Home', 'American', 'British',
  'Russian', 'Chinese', 'Japanese', 'Korean', 'French', 'German', 'Spanish', 'Italian', 'Web', 'Travel', 'Tour', 'Ajax',
  'Barça', 'Barca', 'Juventus', 'Chelsea', 'Arsenal', 'Liverpool', 'Tottenham', 'Everton', 'Napoli', 'Roma', 'Lazio', 'Porto',
  'Benfica', 'Celtic', 'Rangers', 'Port', 'Amazon', 'Netflix', 'Youtube', 'YouTube', 'Instagram', 'Tiktok', 'TikTok', 'Windows', 'Android', 'Pixel', 'Model', 'Nintendo',
  'Good', 'Happy', 'Hotel', 'Club', 'Team', 'Star', 'Miss', 'Mister', 'Asian', 'Asia', 'Euro', 'Copa', 'Serie', 'Ligue',
]);
const THING_LAST = new Set([
  'League', 'Cup', 'City', 'United', 'Airlines', 'Airways', 'Times', 'Post', 'News', 'Mail', 'Club', 'Group', 'Inc', 'Ltd', 'Corp',
  'Company', 'Foundation', 'Station', 'Island', 'Islands', 'Bay', 'Beach', 'River', 'Hotel', 'Resort', 'Park', 'Street', 'Road',
  'Avenue', 'Square', 'Center', 'Centre', 'Digital', 'Pay', 'Travel', 'Tour', 'Games', 'Awards', 'Award', 'Festival', 'Show', 'Pro',
  'Plus', 'Ultra', 'Edition', 'Series', 'Studio', 'Studios', 'Records', 'Music', 'Network', 'Channel', 'TV', 'Radio',
  'Journal', 'Magazine', 'Review', 'Press', 'Tribune', 'Herald', 'Gazette', 'Telegraph', 'Guardian', 'Independent', 'Madrid',
  'Barcelona', 'Milan', 'Munich', 'Dortmund', 'Valley', 'Mountains', 'Lake', 'Sea', 'Ocean', 'Stadium', 'Arena', 'Museum', 'Bank',
  'Capital', 'Fund', 'Motors', 'Electronics', 'Software', 'Systems', 'Technologies', 'Labs', 'Lab', 'Energy', 'Oil', 'Gas', 'Air',
  'Force', 'Army', 'Navy', 'Agency', 'Council', 'Committee', 'Party', 'Union', 'Association', 'Federation', 'Institute', 'College',
  'University', 'School', 'Academy', 'Hospital', 'Clinic', 'Church', 'Temple', 'Palace', 'Tower', 'Bridge', 'Airport', 'Port',
  'Video', 'Clip', 'Photo', 'Photos', 'Images', 'Tours', 'Model',
  'International', 'Global', 'Holdings', 'Corporation', 'Limited', 'Liga', 'Film',
]);
/** Words right before a capitalised run that make it a place, an organisation or a work, not a person. */
const THING_BEFORE = /(?:^|[\s(])(?:đại học|trường|clb|câu lạc bộ|đội|đội tuyển|công ty|hãng|tập đoàn|tờ|báo|tạp chí|kênh|đài|sân|giải|thành phố|tp|bang|tỉnh|vùng|khu|đảo|sông|núi|hồ|biển|vịnh|thương hiệu|dòng|mẫu|phim|bộ phim|ca khúc|bài hát|album|chương trình|ứng dụng|mạng xã hội|trang|tại|ở|đến|từ|sang|về|thủ đô|quận|hạt|nước|xứ|cảng|vườn|khách sạn|nhà hàng|quán|giải đấu|mùa giải|cúp|hội nghị|diễn đàn|tổ chức|quỹ|ngân hàng|hệ điều hành|phiên bản|game|trò chơi|sự kiện)\s+$/iu;

/** A run named as or among things, places and organisations: their first or last words, or a word before it. */
function isThing(text: string, at: number, name: string): boolean {
  const words = name.split(' ');
  if (THING_FIRST.has(words[0] ?? '') || THING_LAST.has(words[words.length - 1] ?? '')) return true;
  return THING_BEFORE.test(text.slice(Math.max(0, at - 20), at).toLowerCase());
}

/**
 * A foreign-looking run that names a person, as far as its own words and the marks around it tell:
 * `isThing` (the vocabulary of things, places and organisations around it) is asked apart.
 */
function looksForeignPerson(text: string, at: number, name: string): boolean {
  const words = name.split(' ');
  if (!looksForeign(name)) return false;
  // Vietnamese letters beyond Latin-1 mean a Vietnamese run with a foreign-looking word, not a foreign name.
  if (/[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u036f\u1ea0-\u1ef9]/u.test(name)) return false;
  // English nouns by their endings ("Data Protection", "Future Perspective").
  if (words.some((w) => /(?:tion|sion|ment|ness|ity|ship|ture|ive|ics|ism)$/u.test(w))) return false;
  const before = text.slice(Math.max(0, at - 20), at);
  const after = text.slice(at + name.length, at + name.length + 12);
  // A title in quotes, a term with its abbreviation ("(… - MST)"), a model number ("Galaxy S9").
  if ((/["“'‘]\s*$/u.test(before) && /^\s*["”'’]/u.test(after)) || /^\s*(?:\(|-\s)\p{Lu}{2,}|^\s+\d/u.test(after)) return false;
  return !THING_BEFORE.test(before.toLowerCase());
}

/** A capitalised run of two to four words, optionally with a bracket after it ("Minh Khang (Nam)"). */
const LIST_ITEM = String.raw`\p{Lu}[\p{L}\p{M}-]*(?:[.'’][\p{L}\p{M}]+)*(?: \p{Lu}[\p{L}\p{M}-]*(?:[.'’][\p{L}\p{M}]+)*){1,3}(?: \([^()]{1,30}\))?`;
/**
 * Three or more items separated by ", ", " và ", " - ", " – " or " and ". The capital comes before
 * the look behind it (no letter or mark before that capital), so the scan can skip to capitals.
 */
const LISTED_NAMES = new RegExp(String.raw`\p{Lu}(?<![\p{L}\p{M}]\p{Lu})${LIST_ITEM.slice(String.raw`\p{Lu}`.length)}(?:(?:, | và | - | – | and )${LIST_ITEM}){2,}`, 'uy');

/**
 * The matches `text.matchAll(/LISTED_NAMES/gu)` finds, tried only where one can start: at a capital
 * with no letter or mark before it (what the pattern's first atom and look-behind ask) and, after the
 * item's first word, a space and a capital (or a hyphen, a full stop or an apostrophe that may go on
 * the word: the pattern decides). In a word of the text (letters, digits and marks, read by code point)
 * only the capital opening its last run of letters can be that: a word of an item holds no digit.
 */
function listedNameMatches(text: string, words: WrittenWords): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  const { starts, ends } = words;
  let from = 0;
  for (let w = 0; w < words.length; w++) {
    const shape = shapeOf(words, w);
    const tail = tailOf(words, w);
    // Most words: lower case, or a capital before a lower-case word.
    if (tail === 0 && (shape & SHAPE_FIRST_UPPER) === 0) continue;
    const at = (starts[w] ?? 0) + tail;
    const end = ends[w] ?? 0;
    if (at < from || at >= end) continue;
    const after = unitAt(text, end);
    if (after === 32) {
      if ((shape & SHAPE_BEFORE_CAPITAL) === 0) continue;
    } else if (!(after === HYPHEN || after === FULL_STOP || after === APOSTROPHE || after === RIGHT_QUOTE)) continue;
    if (!separatorWithinItem(text, at)) continue;
    LISTED_NAMES.lastIndex = at;
    const match = LISTED_NAMES.exec(text);
    if (match) {
      found.push(match);
      from = match.index + match[0].length;
    }
  }
  return found;
}

/**
 * Whether a list's first separator may follow an item starting at `at`: an item is at most four words
 * with no space or line break inside (and a bracket), so a separator (", ", " và ", " - ", " – ",
 * " and ") or the bracket opens before the fifth space and the next line break.
 */
function separatorWithinItem(text: string, at: number): boolean {
  let spaces = 0;
  for (let k = at; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code === 32) {
      if (++spaces > 4) return false;
      if (text.startsWith('và ', k + 1) || text.startsWith('and ', k + 1)) return true;
    } else if (code === 0x2c || code === 0x28 || code === HYPHEN || code === 0x2013) return true;
    else if (code === 0x0a) return false;
  }
  return false;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
/**
 * Names listed beside a known person ("Minh Khang, Thu Vân, Hồng Ngọc", a team's line-up, a cast with
 * roles in brackets): every capitalised run of two to four words in a list with one found name.
 */
export function listedPeople(text: string, known: ReadonlySet<string>, words: WrittenWords = writtenWords(text, true)): string[] {
  const found: string[] = [];
  // Lists: runs separated by ", ", " và ", " - ", optionally each with a bracket after it ("Minh Khang (Nam)").
  for (const m of listedNameMatches(text, byCodePoints(words))) {
    // Separators inside brackets ("Văn Toàn (phút 12, 80)") do not split the list.
    const flat = m[0].replace(/\([^()]*\)/gu, '()').split(/, | và | - | – | and /u);
    const items = flat.map((x) => x.replace(/\s*\(\)$/u, '').trim());
    // An address ("xã Chu Minh, Ba Vì, Hà Nội") or a list holding a place is no list of people.
    // Every item with its own bracket ("Minh Khang (Nam), Thu Vân (Lan)", "Văn Toàn (12')") lists people too.
    const bracketed = flat.every((x) => /\)$/u.test(x));
    if ((!bracketed && !items.some((x) => known.has(x))) || items.some((x) => PLACES.has(x)) || /(?:xã|phường|huyện|quận|tỉnh|thị trấn|TP\.?|TX\.?)\s*$/u.test(text.slice(Math.max(0, (m.index ?? 0) - 12), m.index))) continue;
    for (const [k, x] of items.entries()) {
      const words = x.split(' ');
      // "John Smith, Theo Jones": inside a list a capitalised common word opens no sentence.
      if (words.length < 2 || words.length > 4 || known.has(x) || NOT_NAME_START.has(words[0] ?? '') || (k === 0 && LEADING_WORDS.has(words[0] ?? ''))) continue;
      if (THING_FIRST.has(words[0] ?? '') || THING_LAST.has(words[words.length - 1] ?? '') || placePrefixOf(x)) continue;
      if (words.every((w) => NAME_WORD.test(w))) found.push(x);
    }
  }
  return found;
}

/**
 * Names after person titles and honorifics, and foreign names that speak, in order of first mention.
 * `stream` holds the text's words when another reader has found them already.
 */
export function extractTitledPeople(text: string, stream: WrittenWords = writtenWords(text, true)): string[] {
  const found = new Set<string>();
  const words = byCodePoints(stream);
  const { starts } = words;
  // Words are visited once each; a title or a name moves the scan past what it covered.
  let scanFrom = 0;
  for (let w = 0; w < words.length; w++) {
    const i = starts[w] ?? 0;
    if (i < scanFrom) continue;
    const capital = (shapeOf(words, w) & SHAPE_FIRST_UPPER) !== 0;
    // Only a word written as a title's first word is written can open one (see `titleAt`).
    const form = TITLE_FORMS.findWord(words, w);
    const titles = form < 0 ? null : (TITLE_FORM_GROUPS[form] ?? null);
    if (titles === null && !capital) continue;
    const title = titles === null ? undefined : titleAt(text, i, titles);
    if (title) {
      let at = i + title.length + 1;
      const country = countryAt(text, at);
      // "Thủ tướng Đức Anna Schmidt" skips the country; "HLV Đức Huy" is a name that starts like one.
      let run = country ? nameRunAt(words, w, at + country.length + 1) : undefined;
      let startsLikeCountry = false;
      if (run && country) at += country.length + 1;
      else {
        run = nameRunAt(words, w, at);
        startsLikeCountry = country !== undefined;
      }
      if (run) {
        const names = run.name.split(' ');
        // Only a Vietnamese given name starts like a country ("Đức Huy"); "Nga Ivanov" is the country and a
        // surname. Asked of every run, not only of one that starts like a country: first asked so long
        // after this function was optimised, the test had no type feedback and deoptimised it, and
        // TurboFan compiled it again (77 M instructions; `process` of the 942 files).
        const vietnamese = names.every((w) => isVietnameseSyllable(w));
        if ((startsLikeCountry && !vietnamese) || THING_LAST.has(names[names.length - 1] ?? '')) run = undefined;
      }
      for (let listed = 0; run && listed < MAX_LISTED; listed++) {
        found.add(run.name);
        // "ca sĩ Minh Khang, Thu Vân và Hồng Ngọc": a list of names after one title.
        const joiner = /^(?:, | - | – | và | cùng )/u.exec(text.slice(run.end, run.end + 6));
        if (!joiner) break;
        run = nameRunAt(words, w, run.end + joiner[0].length);
      }
      scanFrom = at;
      continue;
    }
    if (!capital || endsAtFirstWordOf(words, w)) continue;
    const run = nameRunAt(words, w, i);
    if (run) {
      const at = run.end - run.name.length;
      // A name found before is found again: what follows decides only whether to add it.
      // A foreign-looking name, or one that speaks, unless things are named around it (asked last: the dearest).
      if (!found.has(run.name) && (looksForeignPerson(text, at, run.name) || PERSON_AFTER.test(text.slice(run.end, run.end + 24))) && !isThing(text, at, run.name)) found.add(run.name);
      scanFrom = run.end;
    } else {
      // No name here: a run of capitalised words ("Thổ Nhĩ Kỳ") is passed whole, not restarted inside.
      const runEnd = capitalisedWordsEnd(text, i);
      if (runEnd >= 0) scanFrom = runEnd;
      else {
        CAPITALISED_WORDS.lastIndex = i;
        scanFrom = i + (CAPITALISED_WORDS.exec(text)?.[0].length ?? 0);
      }
    }
  }
  return [...found];
}
