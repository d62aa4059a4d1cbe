/**
 * People named after a title or honorific, in any script: "Tổng thống Mỹ Donald Trump", "Chủ tịch
 * Trung Quốc Tập Cận Bình", "ca sĩ Trọng Tấn, Việt Hoàn", "HLV Park Hang-seo", "ông Moon Jae-in"; and
 * foreign names that speak ("Angela Merkel nói"). Family-name lists cannot find these: the title is
 * the evidence. A country between title and name is skipped; places and organisations are not people.
 */
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';

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
  'rapper', 'mc', 'blogger', 'youtuber', 'streamer', 'bé', 'cháu', 'vợ', 'chồng', 'mr', 'mrs', 'ms', 'dr', 'president', 'minister',
  'prime minister', 'senator', 'coach', 'professor', 'sir',
].sort((a, b) => b.length - a.length);
/** Titles that are also plain words when capitalised mid-sentence ("Anh" is England): only lower case counts. */
const LOWER_ONLY = new Set(['anh', 'cô', 'em', 'bé', 'cháu', 'vợ', 'chồng', 'sư', 'chú', 'bác', 'cụ', 'vua', 'tướng']);
/** Countries and regions written between a title and a name ("Thủ tướng Đức Angela Merkel"). */
export const COUNTRIES = [
  'Mỹ', 'Hoa Kỳ', 'Nga', 'Trung Quốc', 'Nhật Bản', 'Nhật', 'Hàn Quốc', 'Triều Tiên', 'Đức', 'Pháp', 'Anh', 'Ý', 'Italy',
  'Tây Ban Nha', 'Bồ Đào Nha', 'Hà Lan', 'Bỉ', 'Thụy Sĩ', 'Thụy Điển', 'Na Uy', 'Phần Lan', 'Đan Mạch', 'Ba Lan', 'Ukraine',
  'Thổ Nhĩ Kỳ', 'Iran', 'Iraq', 'Israel', 'Syria', 'Ai Cập', 'Ấn Độ', 'Pakistan', 'Indonesia', 'Malaysia', 'Singapore',
  'Thái Lan', 'Campuchia', 'Lào', 'Myanmar', 'Philippines', 'Australia', 'Úc', 'Canada', 'Mexico', 'Brazil', 'Argentina',
  'Venezuela', 'Cuba', 'Nam Phi', 'Saudi Arabia', 'Ả Rập Xê Út', 'Qatar', 'Afghanistan', 'Đài Loan', 'Hong Kong', 'Hồng Kông',
  'Việt Nam', 'EU', 'Liên Hợp Quốc', 'LHQ', 'NATO', 'Armenia', 'Azerbaijan', 'Belarus', 'Hy Lạp', 'Áo', 'Séc', 'Hungary',
].sort((a, b) => b.length - a.length);
/** Words that start organisations, places and things, never a person's name. */
const NOT_NAME_START = new Set([
  'Bộ', 'Sở', 'Ban', 'Công', 'Tập', 'Ngân', 'Trường', 'Viện', 'Bệnh', 'Đại', 'Học', 'Hội', 'Liên', 'Ủy', 'Văn', 'Tòa', 'Cục',
  'Tổng', 'Nhà', 'Quỹ', 'Câu', 'CLB', 'UBND', 'HĐND', 'Quân', 'Đảng', 'Chính', 'Quốc', 'Thành', 'Tỉnh', 'Huyện', 'Xã', 'Phường',
  'Thủ', 'Sân', 'Đội', 'Giải', 'Cúp', 'World', 'Premier', 'Champions', 'League', 'FC', 'The', 'Tây', 'Đông', 'Nam', 'Bắc',
  // First words of titles: "ông Phó Giám đốc", "bà Trưởng phòng" name an office, not a person.
  'Phó', 'Trưởng', 'Giám', 'Chủ', 'Bí', 'Thứ', 'Vụ', 'Phòng', 'Chánh', 'Hiệu', 'Thượng', 'Trung', 'Thiếu', 'Khám', 'Thái',
]);
/** What follows a person's name in news prose: a verb of saying or judging, an age, an apposition with a role. */
const PERSON_AFTER = /^(?:\s*(?:nói|cho biết|cho hay|cho rằng|khẳng định|tuyên bố|chia sẻ|phát biểu|nhấn mạnh|bày tỏ|thừa nhận|giải thích|tiết lộ|nhận định|nhận xét|bình luận|đánh giá|kêu gọi|viết|kể|said|says|told|wrote)(?![\p{L}])|\s*\(\s*\d{1,3}\s*(?:tuổi)?\s*\)|,\s*(?:người|nhà|cựu|chủ tịch|giám đốc|giáo sư|chuyên gia|phát ngôn viên|ngoại trưởng|bộ trưởng|thủ tướng|tổng thống|who|the)\s)/u;

const NAME_WORD = /^\p{Lu}[\p{Ll}\p{M}'’]*(?:-\p{L}[\p{Ll}\p{M}'’]*)*\.?$/u;
const WORD_AT = /[\p{L}\p{M}][\p{L}\p{M}'’.-]*/uy;
const MAX_NAME_WORDS = 4;
const MAX_LISTED = 6;

interface Found {
  name: string;
  end: number;
}

/** Up to four capitalised words starting at `at` (single spaces between them), stopping at a non-name word. */
function nameRun(text: string, at: number): Found | undefined {
  const words: string[] = [];
  let pos = at;
  let end = at;
  while (words.length < MAX_NAME_WORDS) {
    WORD_AT.lastIndex = pos;
    const m = WORD_AT.exec(text);
    if (!m) break;
    const word = m[0].replace(/[.-]+$/u, '');
    if (!NAME_WORD.test(word) || word === word.toUpperCase() && word.length > 1 && !/\./.test(word)) break;
    words.push(word);
    end = pos + word.length;
    if (text.charAt(end) !== ' ') break;
    pos = end + 1;
  }
  if (words.length < 2 || NOT_NAME_START.has(words[0] ?? '')) return undefined;
  const name = words.join(' ');
  if (COUNTRIES.includes(name)) return undefined;
  return { name, end };
}

/** The country written at `at` followed by a space, or undefined. */
function countryAt(text: string, at: number): string | undefined {
  return COUNTRIES.find((c) => text.startsWith(`${c} `, at));
}

function titleAt(text: string, at: number): string | undefined {
  const previous = text.charAt(at - 1);
  if (at > 0 && /[\p{L}\p{M}\p{N}]/u.test(previous)) return undefined;
  const head = text.slice(at, at + 40);
  const lower = head.toLocaleLowerCase('vi');
  for (const title of PERSON_TITLES) {
    if (!lower.startsWith(`${title} `)) continue;
    const written = head.slice(0, title.length);
    if (LOWER_ONLY.has(title) && written !== title) continue;
    // As listed, capitalised at a sentence start or as an office ("Tổng thống"), or in capitals ("HLV").
    if (written === title || written === title.charAt(0).toLocaleUpperCase('vi') + title.slice(1) || written === title.toLocaleUpperCase('vi')) return written;
  }
  return undefined;
}

/** Whether any word of the name is not a Vietnamese syllable: a foreign name ("Angela Merkel"). */
function looksForeign(name: string): boolean {
  return name.split(' ').some((w) => !isVietnameseSyllable(w.replace(/['’.-]/gu, '')));
}

/** Names after person titles and honorifics, and foreign names that speak, in order of first mention. */
export function extractTitledPeople(text: string): string[] {
  const found = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 10) continue;
    const title = titleAt(text, i);
    if (title) {
      let at = i + title.length + 1;
      const country = countryAt(text, at);
      if (country) at += country.length + 1;
      let run = nameRun(text, at);
      for (let listed = 0; run && listed < MAX_LISTED; listed++) {
        found.add(run.name);
        // "ca sĩ Trọng Tấn, Việt Hoàn và Anh Thơ": a list of names after one title.
        const joiner = /^(?:, | - | – | và | cùng )/u.exec(text.slice(run.end, run.end + 6));
        if (!joiner) break;
        run = nameRun(text, run.end + joiner[0].length);
      }
      i = at - 1;
      continue;
    }
    if (/\p{Lu}/u.test(text.charAt(i)) && !/[\p{L}\p{M}]/u.test(text.charAt(i - 1))) {
      const run = nameRun(text, i);
      if (run && looksForeign(run.name) && PERSON_AFTER.test(text.slice(run.end, run.end + 24))) found.add(run.name);
      if (run) i = run.end;
    }
  }
  return [...found];
}
