/**
 * Place names that are written like people's names in Vietnamese (capitalised syllables, often
 * starting with a family name: "Thái Bình", "Hà Nội", "Bình Nhưỡng"): general geography vocabulary —
 * the provinces and main cities of Viet Nam, countries and regions, and the foreign places Vietnamese
 * news writes in Sino-Vietnamese reading. A run that is one of these, or starts with one before a
 * name ("Thủ tướng Đức Annegret Kramp-Karrenbauer"), is not a person.
 */
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';

export const COUNTRIES: readonly string[] = [
  'Mỹ', 'Hoa Kỳ', 'Nga', 'Trung Quốc', 'Nhật Bản', 'Nhật', 'Hàn Quốc', 'Triều Tiên', 'Đức', 'Pháp', 'Anh', 'Ý', 'Italy',
  'Tây Ban Nha', 'Bồ Đào Nha', 'Hà Lan', 'Bỉ', 'Thụy Sĩ', 'Thụy Điển', 'Na Uy', 'Phần Lan', 'Đan Mạch', 'Ba Lan', 'Ukraine',
  'Thổ Nhĩ Kỳ', 'Iran', 'Iraq', 'Israel', 'Syria', 'Ai Cập', 'Ấn Độ', 'Pakistan', 'Indonesia', 'Malaysia', 'Singapore',
  'Thái Lan', 'Campuchia', 'Lào', 'Myanmar', 'Philippines', 'Australia', 'Úc', 'Canada', 'Mexico', 'Brazil', 'Argentina',
  'Venezuela', 'Cuba', 'Nam Phi', 'Saudi Arabia', 'Ả Rập Xê Út', 'Qatar', 'Afghanistan', 'Đài Loan', 'Hong Kong', 'Hồng Kông',
  'Việt Nam', 'EU', 'Liên Hợp Quốc', 'LHQ', 'NATO', 'Armenia', 'Azerbaijan', 'Belarus', 'Hy Lạp', 'Áo', 'Séc', 'Hungary',
  'Croatia', 'Serbia', 'Romania', 'Bulgaria', 'Slovakia', 'Slovenia', 'Estonia', 'Latvia', 'Litva', 'Ireland', 'Scotland',
  'Iceland', 'Nigeria', 'Kenya', 'Ethiopia', 'Algeria', 'Maroc', 'Libya', 'Tunisia', 'Sudan', 'Yemen', 'Oman', 'Jordan',
  'Lebanon', 'Li-băng', 'Kuwait', 'UAE', 'Bahrain', 'Kazakhstan', 'Uzbekistan', 'Mông Cổ', 'Nepal', 'Bangladesh', 'Sri Lanka',
  'Brunei', 'Timor Leste', 'Đông Timor', 'New Zealand', 'Chile', 'Peru', 'Colombia', 'Ecuador', 'Bolivia', 'Uruguay', 'Paraguay',
  'Kurd', 'Palestine', 'Châu Âu', 'Châu Á', 'Châu Phi', 'Châu Mỹ', 'Trung Đông', 'Đông Nam Á', 'ASEAN', 'Liên Xô', 'Vatican',
].slice().sort((a, b) => b.length - a.length);

/** Provinces and main cities of Viet Nam, in their usual spellings. */
const VIETNAM = [
  'Hà Nội', 'Sài Gòn', 'Đà Nẵng', 'Hải Phòng', 'Cần Thơ', 'Huế', 'An Giang', 'Bà Rịa', 'Vũng Tàu', 'Bắc Giang',
  'Bắc Kạn', 'Bạc Liêu', 'Bắc Ninh', 'Bến Tre', 'Bình Định', 'Bình Dương', 'Bình Phước', 'Bình Thuận', 'Cà Mau', 'Cao Bằng',
  'Đắk Lắk', 'Đắk Nông', 'Điện Biên', 'Đồng Nai', 'Đồng Tháp', 'Gia Lai', 'Hà Giang', 'Hà Nam', 'Hà Tĩnh', 'Hải Dương',
  'Hậu Giang', 'Hòa Bình', 'Hưng Yên', 'Khánh Hòa', 'Kiên Giang', 'Kon Tum', 'Lai Châu', 'Lâm Đồng', 'Lạng Sơn', 'Lào Cai',
  'Long An', 'Nam Định', 'Nghệ An', 'Ninh Bình', 'Ninh Thuận', 'Phú Thọ', 'Phú Yên', 'Quảng Bình', 'Quảng Nam', 'Quảng Ngãi',
  'Quảng Ninh', 'Quảng Trị', 'Sóc Trăng', 'Sơn La', 'Tây Ninh', 'Thái Bình', 'Thái Nguyên', 'Thanh Hóa', 'Thanh Hoá',
  'Thừa Thiên Huế', 'Tiền Giang', 'Trà Vinh', 'Tuyên Quang', 'Vĩnh Long', 'Vĩnh Phúc', 'Yên Bái', 'Hà Tây', 'Hà Bắc', 'Hà Đông',
  'Hà Tiên', 'Hội An', 'Nha Trang', 'Đà Lạt', 'Vinh', 'Hạ Long', 'Phú Quốc', 'Côn Đảo', 'Sa Pa', 'Tam Kỳ', 'Cao Lãnh',
  'Hoàng Mai', 'Ba Vì', 'Đồng Hới', 'Lý Sơn', 'Mai Châu', 'Hồ Gươm', 'Hồ Tây', 'Tây Nguyên', 'Nam Bộ', 'Bắc Bộ', 'Trung Bộ',
];
/** Foreign places Vietnamese writes in Sino-Vietnamese reading, and a few landmarks that stand for governments. */
const FOREIGN_READINGS = [
  'Thái Bình Dương', 'Đại Tây Dương', 'Ấn Độ Dương', 'Bắc Băng Dương', 'Bình Nhưỡng', 'Bắc Kinh', 'Thượng Hải', 'Quảng Châu',
  'Quảng Đông', 'Quảng Tây', 'Vân Nam', 'Tứ Xuyên', 'Sơn Đông', 'Hà Bắc', 'Hồ Nam', 'Hồ Bắc', 'Phúc Kiến', 'Chiết Giang',
  'Giang Tô', 'Thiên Tân', 'Trùng Khánh', 'Tân Cương', 'Tây Tạng', 'Đài Bắc', 'Ma Cao', 'Hoa Thịnh Đốn', 'Luân Đôn', 'Ba Lê',
  'Điện Kremlin', 'Nhà Trắng', 'Lầu Năm Góc', 'Giang Nam', 'La Hay', 'Biển Đông', 'Hoàng Sa', 'Trường Sa',
];

export const PLACES: ReadonlySet<string> = new Set([...COUNTRIES, ...VIETNAM, ...FOREIGN_READINGS]);
const PLACE_FIRST_WORDS: ReadonlySet<string> = new Set([...PLACES].map((place) => place.split(' ')[0] ?? ''));

/**
 * The place a run starts with ("Thái Bình Dương John Smith", "Nghệ An Lê Thị Hoa"). A one-syllable
 * country is no such start: "Anh", "Đức", "Nga", "Mỹ" open given names too ("Anh Tú", "Đức Huy").
 */
export function placePrefixOf(run: string): string | undefined {
  // Every place starts with one of a few hundred words: most runs are ruled out before splitting.
  const space = run.indexOf(' ');
  return space < 0 || !PLACE_FIRST_WORDS.has(run.slice(0, space)) ? undefined : placePrefixOfSplit(run.split(' '));
}

/** `placePrefixOf(words.join(' '))` for words without spaces, not joined. */
export function placePrefixOfWords(words: readonly string[]): string | undefined {
  return words.length < 2 || !PLACE_FIRST_WORDS.has(words[0] ?? '') ? undefined : placePrefixOfSplit(words);
}

/** `placePrefixOf` of a run split at its spaces, whose first word starts a place. */
function placePrefixOfSplit(words: readonly string[]): string | undefined {
  for (let n = Math.min(3, words.length - 1); n >= 1; n--) {
    const head = words.slice(0, n).join(' ');
    if (PLACES.has(head) && (n > 1 || !isVietnameseSyllable(head))) return head;
  }
  return undefined;
}
