/**
 * Vietnamese personal names: a family name from the common list followed by one to three
 * capitalised syllables. Syllables that are words of office names ("Văn Phòng Tỉnh") end a name.
 */
const FAMILY_NAMES = new Set([
  'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý',
  'Đào', 'Đoàn', 'Vương', 'Trịnh', 'Trương', 'Lâm', 'Phùng', 'Mai', 'Tô', 'Hà', 'Tạ', 'Lưu', 'Lương', 'Cao', 'Đinh', 'Quách',
  'Thái', 'Văn', 'Nghiêm', 'Kiều', 'Chu', 'Triệu', 'Lại', 'Châu', 'Đồng', 'Tăng', 'Khúc', 'La', 'Âu', 'Mạc', 'Thân', 'Hứa',
  'Giang', 'Nông', 'Lò', 'Quan', 'Doãn', 'Tống', 'Hầu', 'Lã', 'Từ', 'Diệp',  'Mạnh', 'Vi', 'Hàn', 'Đàm', 'Bạch',
]);
/** Words of office and place names: a name never runs through them ("Văn Phòng Tỉnh ủy" is no person). */
const OFFICE_WORDS = new Set([
  'Tỉnh', 'Phòng', 'Ban', 'Đảng', 'Ủy', 'Khối', 'Bộ', 'Sở', 'Huyện', 'Xã', 'Phố', 'Chính', 'Trị', 'Nhân', 'Dân',
  'Ương', 'Nghị', 'Quyết', 'Chỉ', 'Kế', 'Hoạch', 'Cục', 'Viện', 'Trường', 'Ty', 'Tổng', 'Nhà', 'Nước', 'Việt',
  'Nội', 'Thường', 'Vụ', 'Bí', 'Thư', 'Chủ', 'Tịch', 'Phó', 'Trưởng', 'Bà', 'Chị',
]);
/**
 * Syllables common both in given names and in office or place names (Văn, Thành, Nam, Hà…): allowed
 * inside a name, but a name does not end on one when more capitalised words follow ("Hà Nội"), and a
 * two-syllable name never does ("Lê Văn" is half of a name).
 */
const AMBIGUOUS_SYLLABLES = new Set(['Văn', 'Thị', 'Đại', 'Nam', 'Trung', 'Thành', 'Chí', 'Anh', 'Hà', 'Quốc', 'Công', 'Đồng']);

const CAPITALISED = /^[\p{Lu}][\p{Ll}\p{M}]*$/u;
/** A capitalised word followed by up to three more, separated by single spaces: every candidate name. */
const CAPITALISED_RUN = /(?<![\p{L}\p{M}])\p{Lu}[\p{Ll}\p{M}]*(?: \p{Lu}[\p{Ll}\p{M}]*){1,4}(?![\p{L}\p{M}])/gu;
/** The word before a run, to tell "Ban Văn Hóa" (office) from "ông Văn Anh Tuấn" (person). */
const WORD_BEFORE = /([\p{L}\p{M}]+)\s$/u;

/** Names of people in running text, in order of first mention. Scans lazily: inputs can be large. */
export function extractPeople(text: string): string[] {
  const people = new Set<string>();
  for (const match of text.matchAll(CAPITALISED_RUN)) {
    const words = match[0].split(' ');
    // A run may hold a name after office words ("Tỉnh ủy Lê Văn Dũng" is split by case already;
    // "Chủ tịch UBND Lê Văn Dũng" is not): start at each family name in the run.
    for (let i = 0; i < words.length; i++) {
      if (!FAMILY_NAMES.has(words[i] ?? '')) continue;
      const before = i > 0 ? words[i - 1] : WORD_BEFORE.exec(text.slice(Math.max(0, match.index - 12), match.index))?.[1];
      if (before && CAPITALISED.test(before) && !/^(đồng|chí|ông|bà|anh|chị)$/iu.test(before)) continue;
      const name = [words[i] ?? ''];
      for (let j = i + 1; j < words.length && name.length < 4; j++) {
        const syllable = words[j] ?? '';
        if (OFFICE_WORDS.has(syllable)) break;
        name.push(syllable);
      }
      const last = name[name.length - 1] ?? '';
      const endsAmbiguously = AMBIGUOUS_SYLLABLES.has(last) && (name.length === 2 || i + name.length < words.length);
      if (name.length >= 2 && !endsAmbiguously) people.add(name.join(' '));
      break;
    }
  }
  return [...people];
}
