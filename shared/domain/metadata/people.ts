import { wordTokens } from '../text/normalize.ts';

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
const NOT_NAME_SYLLABLES = new Set([
  'Tỉnh', 'Phòng', 'Ban', 'Đảng', 'Ủy', 'Khối', 'Bộ', 'Sở', 'Huyện', 'Xã', 'Thành', 'Phố', 'Chính', 'Trị', 'Nhân', 'Dân',
  'Quốc', 'Hội', 'Trung', 'Ương', 'Nghị', 'Quyết', 'Chỉ', 'Thị', 'Kế', 'Hoạch', 'Đại', 'Cục', 'Viện', 'Trường', 'Công',
  'Ty', 'Tổng', 'Nhà', 'Nước', 'Việt', 'Nam', 'Hà', 'Nội', 'Văn', 'Thường', 'Vụ', 'Bí', 'Thư', 'Chủ', 'Tịch', 'Phó',
  'Trưởng', 'Đồng', 'Chí',  'Bà', 'Anh', 'Chị',
]);
// Syllables that are given names far more often than office words, despite appearing in both lists.
const GIVEN_NAME_EXCEPTIONS = new Set(['Văn', 'Thị', 'Đại', 'Nam', 'Trung', 'Thành', 'Chí', 'Anh', 'Hà', 'Quốc', 'Công', 'Đồng']);

const CAPITALISED = /^[\p{Lu}][\p{Ll}\p{M}]*$/u;

/** Names of people in running text, in order of first mention. */
export function extractPeople(text: string): string[] {
  const people = new Set<string>();
  const tokens = text.match(/[\p{L}\p{M}]+|[^\p{L}\p{M}\s]+|\s+/gu) ?? [];
  // Walk word tokens; a name is a family name then 1–3 capitalised syllables, separated only by spaces.
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i] ?? '';
    if (!FAMILY_NAMES.has(first)) continue;
    if (i > 0 && isCapitalisedWordBefore(tokens, i)) continue;
    const parts = [first];
    let j = i + 1;
    while (parts.length < 4 && tokens[j] === ' ' && CAPITALISED.test(tokens[j + 1] ?? '')) {
      const syllable = tokens[j + 1] ?? '';
      if (NOT_NAME_SYLLABLES.has(syllable) && !GIVEN_NAME_EXCEPTIONS.has(syllable)) break;
      parts.push(syllable);
      j += 2;
    }
    const endsOnOfficeWord = parts.length > 1 && NOT_NAME_SYLLABLES.has(parts[parts.length - 1] ?? '') &&
      CAPITALISED.test(tokens[j + 1] ?? '') && tokens[j] === ' ';
    if (parts.length >= 3 || (parts.length === 2 && !endsOnOfficeWord && !NOT_NAME_SYLLABLES.has(parts[1] ?? ''))) {
      if (!endsOnOfficeWord) people.add(parts.join(' '));
    }
    i = j - 1;
  }
  return [...people].filter((name) => wordTokens(name).length >= 2);
}

/** True when the family name continues a capitalised phrase ("Ban Văn Hóa") rather than starting a name. */
function isCapitalisedWordBefore(tokens: string[], i: number): boolean {
  return tokens[i - 1] === ' ' && CAPITALISED.test(tokens[i - 2] ?? '') && !/^(đồng|chí|ông|bà|anh|chị)$/iu.test(tokens[i - 2] ?? '');
}
