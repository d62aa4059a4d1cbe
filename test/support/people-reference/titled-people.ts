// Frozen copy of shared/domain/metadata/titled-people.ts as of 311c2d6, before the readers of names shared one word
// stream: the reference test/unit/name-readers-random.test.ts pins the readers to. Not to be edited.
/**
 * People named after a title or honorific, in any script: "Tổng thống Pháp Jean Martin", "Chủ tịch
 * Trung Quốc Hồ Cẩm Đào", "ca sĩ Minh Khang, Thu Vân", "HLV Park Hang-seo", "ông Moon Jae-in"; and
 * foreign names that speak ("John Smith nói"). Family-name lists cannot find these: the title is
 * the evidence. A country between title and name is skipped; places and organisations are not people.
 */
import { isLetterOrMarkCode, isUpperCaseCode, isWordCode, LOWER_UNITS, lowerCase, startsWithCapital, TABLED_CODES, WORD_CODES } from '../../../shared/domain/text/tokenize.ts';
import { isVietnameseSyllable } from '../../../shared/domain/text/vietnamese-syllable.ts';
import { COUNTRIES, PLACES, placePrefixOf } from '../../../shared/domain/metadata/place-names.ts';
import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../../../shared/domain/text/fnv.ts';

export { COUNTRIES } from '../../../shared/domain/metadata/place-names.ts';

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
/**
 * Words are maximal runs of letters, marks and digits, by code point (as `/[\p{L}\p{M}\p{N}]+/u`
 * finds them): a title or a name only ever starts where one does. Scanned by code unit from tables,
 * without a match object per word.
 */
const ASTRAL_WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
const astralVerdicts = new Map<number, boolean>();

/** Length in code units of the word character at `at` (2 for a surrogate pair), 0 when none is there. */
function wordCharAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 0xd800 || code > 0xdbff) return isWordCode(code) ? 1 : 0;
  const low = text.charCodeAt(at + 1);
  if (!(low >= 0xdc00 && low <= 0xdfff)) return 0;
  const point = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  let verdict = astralVerdicts.get(point);
  if (verdict === undefined) {
    verdict = ASTRAL_WORD_CHAR.test(String.fromCodePoint(point));
    astralVerdicts.set(point, verdict);
  }
  return verdict ? 2 : 0;
}

/** Capitalised words in a row, single spaces between. */
const CAPITALISED_WORDS = /\p{Lu}[\p{L}\p{M}'’-]*(?: \p{Lu}[\p{L}\p{M}'’-]*)*/uy;
const isUpperCaseStart = startsWithCapital;

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
    if (text.charCodeAt(pos) !== 32) return end;
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
  // Fewer than two words name no one, whatever follows.
  if (words.length < 2) return undefined;
  while (words.length > 2 && LEADING_WORDS.has(words[0] ?? '')) words.shift();
  // "Trung Quốc Vương Nghị", "Google John Smith": a place or a company before the name is not part of it.
  const place = placePrefixOf(words.join(' '));
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
  for (const c of candidates) if (text.charCodeAt(at + c.length) === 32 && text.startsWith(c, at)) return c;
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

/** The title written at `at`, where the word `word` starts, as written; undefined when none starts there. */
function titleAt(text: string, at: number, word: string): string | undefined {
  // Plain lower-casing: Vietnamese has no locale-specific case rules, and the locale-aware call is slow.
  const titles = TITLES_BY_FIRST_WORD.get(lowerCase(word));
  if (!titles) return undefined;
  // Only as far as the group's longest title and the space after it is compared (or lower-cased).
  const head = text.slice(at, at + (titles[0]?.length ?? 0) + 1);
  const lower = lowerCase(head);
  for (const title of titles) {
    if (lower.charCodeAt(title.length) !== 32 || !lower.startsWith(title)) continue;
    const written = head.slice(0, title.length);
    if (LOWER_ONLY.has(title) && written !== title) continue;
    // As listed, capitalised at a sentence start or as an office ("Tổng thống"), or in capitals ("HLV").
    if (written === title || written === title.charAt(0).toUpperCase() + title.slice(1) || written === title.toUpperCase()) return written;
  }
  return undefined;
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

/** A foreign-looking run that names a person: no vocabulary of things, places or organisations around it. */
function isForeignPersonRun(text: string, at: number, name: string): boolean {
  const words = name.split(' ');
  if (!looksForeign(name) || isThing(text, at, name)) return false;
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
 * with no letter or mark before it (what the pattern's first atom and look-behind ask), read from the
 * tables; a position beyond them is left to the pattern. The global scan tried every position.
 */
function listedNameMatches(text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < TABLED_CODES) {
      if (!isUpperCaseCode(code)) continue;
      const before = text.charCodeAt(at - 1);
      if (at > 0 && before < TABLED_CODES && isLetterOrMarkCode(before)) continue;
      if (endsListItemAtFirstWord(text, at)) continue;
    } else if (code >= 0xdc00 && code <= 0xdfff && isHighSurrogate(text.charCodeAt(at - 1))) continue; // inside a pair
    LISTED_NAMES.lastIndex = at;
    const match = LISTED_NAMES.exec(text);
    if (match) {
      found.push(match);
      at += match[0].length - 1;
    }
  }
  return found;
}

/**
 * Whether a list item starting with the capital at `at` certainly has no second word, so no list
 * starts there: the item's first word (letters, marks and hyphens) is not followed by a space and a
 * capital. Read from the tables; false when unsure (a code unit beyond them, or a full stop or an
 * apostrophe that may go on the word), so the pattern decides.
 */
function endsListItemAtFirstWord(text: string, at: number): boolean {
  let end = at + 1;
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end);
    if (code >= TABLED_CODES) return false;
    if (!(isLetterOrMarkCode(code) || code === HYPHEN)) break;
  }
  const after = text.charCodeAt(end);
  if (after === FULL_STOP || after === APOSTROPHE || after === RIGHT_QUOTE) return false;
  if (after !== 32) return true;
  const next = text.charCodeAt(end + 1);
  return next < TABLED_CODES && !isUpperCaseCode(next);
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
/**
 * Names listed beside a known person ("Minh Khang, Thu Vân, Hồng Ngọc", a team's line-up, a cast with
 * roles in brackets): every capitalised run of two to four words in a list with one found name.
 */
export function listedPeople(text: string, known: ReadonlySet<string>): string[] {
  const found: string[] = [];
  // Lists: runs separated by ", ", " và ", " - ", optionally each with a bracket after it ("Minh Khang (Nam)").
  for (const m of listedNameMatches(text)) {
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

/** Names after person titles and honorifics, and foreign names that speak, in order of first mention. */
export function extractTitledPeople(text: string): string[] {
  const found = new Set<string>();
  // Words are visited once each; a title or a name moves the scan past what it covered.
  let scanFrom = 0;
  for (let end = 0; ; ) {
    // The next word's start: code units below the table are read from it, others as wordCharAt says.
    let i = end;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code < TABLED_CODES) {
        if (WORD_CODES[code] === 1) break;
        i++;
      } else if (wordCharAt(text, i) > 0) break;
      else i += code <= 0xdbff && code >= 0xd800 && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    }
    if (i >= text.length) break;
    // The word's end and the hash of its lower case, in one pass over it.
    let h = FNV_OFFSET;
    end = i;
    while (end < text.length) {
      const code = text.charCodeAt(end);
      if (code < TABLED_CODES) {
        if (WORD_CODES[code] !== 1) break;
        const lower = LOWER_UNITS[code] ?? 0;
        h = h === UNSURE || lower === 0 ? UNSURE : Math.imul(h ^ lower, FNV_PRIME);
        end++;
        continue;
      }
      const step = wordCharAt(text, end);
      if (step === 0) break;
      h = UNSURE;
      end += step;
    }
    if (i < scanFrom) continue;
    const mayBeTitle = h === UNSURE || TITLE_FIRST_BITS[(h >>> 0) & 0xffff] === 1;
    const first = text.charCodeAt(i);
    if (!mayBeTitle && first < TABLED_CODES && !isUpperCaseCode(first)) continue;
    const word = text.slice(i, end);
    const title = mayBeTitle ? titleAt(text, i, word) : undefined;
    if (title) {
      let at = i + title.length + 1;
      const country = countryAt(text, at);
      // "Thủ tướng Đức Anna Schmidt" skips the country; "HLV Đức Huy" is a name that starts like one.
      let run = country ? nameRun(text, at + country.length + 1) : undefined;
      if (run && country) at += country.length + 1;
      else {
        run = nameRun(text, at);
        // Only a Vietnamese given name starts like a country ("Đức Huy"); "Nga Ivanov" is the country and a surname.
        if (run && country && !run.name.split(' ').every((w) => isVietnameseSyllable(w))) run = undefined;
      }
      if (run && THING_LAST.has(run.name.split(' ').pop() ?? '')) run = undefined;
      for (let listed = 0; run && listed < MAX_LISTED; listed++) {
        found.add(run.name);
        // "ca sĩ Minh Khang, Thu Vân và Hồng Ngọc": a list of names after one title.
        const joiner = /^(?:, | - | – | và | cùng )/u.exec(text.slice(run.end, run.end + 6));
        if (!joiner) break;
        run = nameRun(text, run.end + joiner[0].length);
      }
      scanFrom = at;
      continue;
    }
    if (!isUpperCaseStart(word)) continue;
    const run = nameRun(text, i);
    if (run) {
      const at = run.end - run.name.length;
      if (!isThing(text, at, run.name) && (isForeignPersonRun(text, at, run.name) || PERSON_AFTER.test(text.slice(run.end, run.end + 24)))) found.add(run.name);
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
