/**
 * The vocabulary of Vietnamese offices and organisations that role and organisation extraction
 * share: title phrases, organisation heads, and the lower-case words allowed inside their names.
 */

/**
 * Title phrases that open a role, longest first within a family so "Phó Bí thư" wins over "Phó".
 * Each is matched word by word, case-sensitively: mid-sentence titles are capitalised in this writing.
 */
export const TITLES: readonly string[] = [
  'Tổng Bí thư', 'Phó Bí thư', 'Bí thư',
  'Chủ tịch nước', 'Phó Chủ tịch', 'Chủ tịch',
  'Phó Thủ tướng', 'Thủ tướng', 'Bộ trưởng', 'Thứ trưởng',
  'Phó Tổng Giám đốc', 'Tổng Giám đốc', 'Phó Giám đốc', 'Giám đốc',
  'Phó Trưởng', 'Trưởng',
  'Phó Chủ nhiệm', 'Chủ nhiệm', 'Chánh Văn phòng', 'Phó Chánh Văn phòng', 'Chánh án', 'Phó Chánh án', 'Chánh thanh tra',
  'Viện trưởng', 'Phó Viện trưởng', 'Hiệu trưởng', 'Phó Hiệu trưởng', 'Cục trưởng', 'Phó Cục trưởng', 'Vụ trưởng', 'Vụ phó',
  'Tỉnh ủy viên', 'Huyện ủy viên', 'Thành ủy viên', 'Ủy viên',
  'UVBTVTU', 'UVBTV', 'UVTW', 'UVBCH', 'UVBTVHU', 'ĐBQH',
  'Đại biểu Quốc hội', 'Tư lệnh', 'Phó Tư lệnh', 'Chính ủy', 'Phó Chính ủy', 'Chỉ huy trưởng',
  'Đại tướng', 'Thượng tướng', 'Trung tướng', 'Thiếu tướng', 'Đại tá', 'Thượng tá', 'Trung tá', 'Thiếu tá',
  'Chủ tịch Hội đồng quản trị', 'Tổng Thư ký', 'Thư ký',
  'Huấn luyện viên trưởng', 'Huấn luyện viên', 'HLV trưởng', 'HLV', 'Đồn trưởng', 'Chỉ huy trưởng', 'Trưởng phòng', 'Phó Trưởng phòng',
  'Chánh Thanh tra', 'Phó Chánh Thanh tra', 'Kiểm sát viên', 'Thẩm phán',
];

/**
 * Titles that open a role segment after a comma ("Ủy viên Bộ Chính trị, Thường trực Ban Bí thư") but
 * inside a running title are part of it ("Phó Bí thư Thường trực Tỉnh ủy").
 */
export const QUALIFIER_TITLES: readonly string[] = ['Thường trực'];

/** Lower-case words for the body a title is held in, without naming it: "Hiệu trưởng nhà trường". */
export const GENERIC_BODIES: readonly string[] = ['bệnh viện', 'nhà trường', 'công ty', 'doanh nghiệp', 'đơn vị', 'trường', 'hợp tác xã'];

/** A title may be preceded by "nguyên" (former): "nguyên Bí thư Tỉnh ủy". */
export const TITLE_PREFIXES = new Set(['nguyên', 'Nguyên', 'quyền', 'Quyền']);

/**
 * Organisation names that are complete on their own ("Tỉnh ủy chỉ đạo…") and multi-word heads that
 * may be followed by lower-case words ("Ban cán sự Đảng", "Đảng bộ tỉnh").
 */
export const STANDALONE_ORGANIZATIONS = new Set([
  'Tỉnh ủy', 'Huyện ủy', 'Thành ủy', 'Quốc hội', 'Chính phủ', 'Bộ Chính trị', 'Ban Bí thư', 'Trung ương Đảng',
  'Mặt trận Tổ quốc', 'Ban Thường vụ Tỉnh ủy', 'Ban Chấp hành Trung ương',
]);

/** Heads after which an organisation name goes on with a capitalised word or an administrative level. */
export const ORGANIZATION_HEADS: readonly string[] = [
  'Ban cán sự Đảng', 'Ban cán sự đảng', 'Ban Chấp hành', 'Ban Thường vụ', 'Ban Chỉ đạo', 'Ban chỉ đạo', 'Ban Quản lý', 'Ban quản lý',
  'Ủy ban', 'UBND', 'HĐND', 'UBMTTQ', 'MTTQ', 'Hội đồng', 'Tỉnh ủy', 'Huyện ủy', 'Thành ủy', 'Đảng ủy', 'Đảng bộ', 'Chi bộ',
  'Văn phòng', 'Công an', 'Bộ Chỉ huy', 'Bộ đội', 'Mặt trận', 'Liên đoàn', 'Liên hiệp', 'Tổng công ty', 'Công ty', 'Tập đoàn',
  'Ngân hàng', 'Trường', 'Đại học', 'Học viện', 'Bệnh viện', 'Trung tâm', 'Viện kiểm sát', 'Viện', 'Tổng cục', 'Chi cục', 'Cục',
  'Tòa án', 'Kho bạc', 'Quốc hội', 'Chính phủ', 'Bộ Chính trị', 'Ban Bí thư', 'Đoàn', 'Tỉnh đoàn', 'Hội', 'Báo', 'Đài',
  'Ban', 'Sở', 'Bộ', 'Vụ', 'Phòng', 'Thanh tra', 'Trung ương Đảng', 'Mặt trận Tổ quốc', 'BTV', 'BCH', 'BCĐ', 'UBKT',
  'Đảng đoàn', 'Đảng Cộng sản', 'Trung ương', 'Câu lạc bộ', 'CLB', 'Bảo tàng', 'Thư viện', 'Nhà hát', 'Đồn', 'Cơ quan',
  'Đoàn đại biểu Quốc hội', 'Đoàn Thanh niên', 'Bộ Tư lệnh', 'Bộ đội Biên phòng', 'Hợp tác xã', 'Quỹ', 'Hiệp hội',
];

/** Administrative levels written in lower case inside names: "UBND tỉnh", "Đảng bộ xã", "Công an thành phố". */
export const LEVEL_WORDS = new Set(['tỉnh', 'huyện', 'xã', 'thành', 'phố', 'phường', 'thị', 'trấn', 'quận', 'khối', 'nước']);

/** Lower-case words and pairs that occur inside organisation names ("Đảng ủy Khối các cơ quan tỉnh"). */
export const NAME_LOWER_PHRASES: readonly string[] = [
  'các', 'cơ quan', 'nhân dân', 'xã hội', 'vận tải', 'thể thao', 'dân sự', 'nông thôn', 'môi trường', 'đào tạo', 'truyền thông',
  'du lịch', 'dự phòng', 'quốc gia', 'quốc phòng', 'an ninh', 'chiến binh', 'giáo chức', 'thập đỏ', 'đỏ', 'cổ phần', 'trách nhiệm hữu hạn',
];

/**
 * Ordinary words that never continue a name, even right after a capitalised word: where "Sở Y tế
 * Nghệ An cho biết" ends.
 */
export const NAME_BREAKERS = new Set([
  'cho', 'vừa', 'đã', 'đang', 'sẽ', 'về', 'tổ', 'là', 'có', 'được', 'bị', 'phát', 'tiếp', 'trao', 'cùng', 'với', 'khánh', 'ký',
  'tham', 'nhấn', 'tại', 'trong', 'để', 'đến', 'này', 'khi', 'thì', 'mà', 'của', 'làm', 'ra', 'vào', 'lên', 'thăm', 'kiểm',
  'đánh', 'biết', 'họp', 'dự', 'gặp', 'nêu', 'đề', 'yêu', 'chủ', 'phối', 'bắt', 'khởi', 'ban', 'nhận', 'chỉ', 'lãnh',
  'thực', 'tuyên', 'công', 'báo', 'quyết', 'ghi', 'đạt', 'góp', 'tặng', 'cũng', 'ở', 'do', 'từ', 'theo', 'trên', 'dưới',
  'sau', 'trước', 'nhằm', 'qua', 'dẫn', 'còn', 'đều', 'luôn',
]);

/**
 * Capitalised words whose lower-case second syllable is one of a few: after "Khối" in "Đảng bộ Khối
 * lần thứ…" or "Đảng" in "Ban cán sự Đảng quan tâm…" the sentence goes on.
 */
export const SECOND_SYLLABLES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['Khối', new Set<string>()],
  ['Đảng', new Set(['ủy', 'bộ', 'viên', 'đoàn', 'vụ'])],
]);

/** Document types: "Trung ương Đảng và Kế hoạch 86" is an organisation and then a document. */
export const DOCUMENT_TYPES: readonly string[] = [
  'Nghị quyết', 'Kế hoạch', 'Chỉ thị', 'Quyết định', 'Thông tư', 'Nghị định', 'Công văn', 'Kết luận', 'Quy định', 'Hướng dẫn',
  'Thông báo', 'Quy chế', 'Báo cáo', 'Luật', 'Hiến pháp', 'Pháp lệnh',
];

/** Joins two parts of one name ("Sở Giáo dục và Đào tạo") unless what follows is a new organisation or title. */
export const NAME_CONJUNCTIONS = new Set(['và']);

/** Honorifics that may stand between a role and a name ("Chủ tịch UBND tỉnh, ông Nguyễn Văn A"). */
export const HONORIFICS = new Set(['ông', 'bà', 'anh', 'chị', 'đồng chí', 'Ông', 'Bà', 'Anh', 'Chị', 'Đồng chí', 'các đồng chí', 'Các đồng chí']);
