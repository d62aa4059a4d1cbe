/**
 * Bylines and source lines in the forms Vietnamese and English news pages print them: a name line,
 * an all-caps name, "Tác giả: X | Nguồn: Y", "BÀI VÀ ẢNH: X", "X (tổng hợp)", "By X". "Theo X" and
 * "Nguồn: X" name a source (a publisher), not an author.
 */
import { foldDiacritics } from '../text/normalize.ts';
import { isPatternSpace, isUpperCaseCode, TABLED_CODES } from '../text/tokenize.ts';
import { isVietnameseSyllable } from '../text/vietnamese-syllable.ts';

export interface Byline {
  authors: string[];
  source: string | null;
  /** Said so by a label ("Tác giả:", "Bài và ảnh:", "By") or a marker ("(tổng hợp)"), not only by its shape. */
  labelled: boolean;
  /** A credit line ("Minh Khang/Báo ABC", "Thu Vân - Tạp chí XYZ"): it may also stand inside a story as a caption. */
  credit?: boolean;
}

/** Author labels: Vietnamese newsroom credits ("Bài và ảnh", "Nhóm PV") and English ones. */
const AUTHOR_LABEL = /^(?:tác\s+giả|bài\s*(?:và|,|&|\+|-)\s*ảnh|bài\s+viết|bài|người\s+viết|phóng\s+viên|nhóm\s+phóng\s+viên|nhóm\s+pv|pv|ctv|thực\s+hiện|written\s+by|author|by|text)\s*[:：]?\s+(?=\p{L})/iu;
/** A source label: "Nguồn: tinh.gov.vn", "Theo Báo ABC", "Source: Reuters". */
const SOURCE_LABEL = /^(?:nguồn|theo|source|via)\s*[:：]?\s+(?=\S)/iu;
/** "(tổng hợp)", "(theo Reuters)", "(lược dịch)": what the author did, after the name. */
export const COMPILED_MARK = /\s*\((?:tổng\s+hợp|t\/h|th|lược\s+dịch|dịch|biên\s+dịch|theo\s+[^)]{1,40}|compiled)\)\s*$/iu;
/** Writers' collectives printed as a byline: they are the author as printed. */
const COLLECTIVE = /^(?:nhóm\s+phóng\s+viên|nhóm\s+pv|nhóm\s+ctv|phóng\s+viên|pv|ban\s+biên\s+tập|bbt|ptv|ctv)(?:\s+[\p{L}\p{M}.]+){0,4}$/iu;
export const NAME_SEPARATORS = /\s*(?:[-–|,;&/]|\s+và\s+|\s+and\s+)\s*/iu;
const NAME_WORD = /^(?:\p{Lu}[\p{L}\p{M}'’-]*\.?|\p{Lu}\.(?:\p{Lu}\.?)*)$/u;
/** Vietnamese family names: a name of three or more syllables printed in capitals starts with one. */
const FAMILY_NAMES = new Set([
  'nguyen', 'tran', 'le', 'pham', 'hoang', 'huynh', 'phan', 'vu', 'vo', 'dang', 'bui', 'do', 'ho', 'ngo', 'duong', 'ly',
  'dao', 'doan', 'vuong', 'trinh', 'truong', 'lam', 'phung', 'mai', 'to', 'ha', 'ta', 'luu', 'luong', 'cao', 'dinh', 'quach',
  'thai', 'nghiem', 'kieu', 'chu', 'trieu', 'lai', 'chau', 'tang', 'khuc', 'la', 'au', 'mac', 'than', 'hua', 'giang', 'nong',
  'lo', 'quan', 'doan', 'tong', 'hau', 'tu', 'diep', 'vi', 'han', 'dam', 'bach', 'ton', 'lu', 'cu', 'kim', 'son',
]);
/**
 * Words of page banners and section names that are never name syllables ("TIN NÓNG", "ĐIỂM
 * TIN TRONG NGÀY", "TIN MỚI", "SỰ KIỆN"): common Vietnamese news-site vocabulary, compared with
 * their tone marks (folded, "tuần" would be the name "Tuấn"). Syllables that are also given names
 * (Trang, Liên, Khoa, Quốc, Thế …) are left out on purpose.
 */
const NOT_NAME_WORDS = new Set([
  'tin', 'mới', 'nổi', 'bật', 'sự', 'kiện', 'trong', 'tuần', 'chào', 'mừng', 'năm', 'nay', 'hôm', 'ngày', 'video', 'clip', 'ảnh',
  'đọc', 'nhiều', 'xem', 'chuyên', 'mục', 'đề', 'thời', 'kinh', 'tế', 'xã', 'hội', 'giải', 'pháp', 'luật', 'giáo', 'dục', 'sức',
  'khỏe', 'khoẻ', 'du', 'lịch', 'đời', 'sống', 'bạn', 'tập', 'chủ', 'hệ', 'quảng', 'cáo', 'đăng', 'nhập', 'ký', 'tìm', 'kiếm',
  'và', 'của', 'các', 'những', 'với', 'cho', 'về', 'không', 'có', 'là', 'một', 'đặc', 'biệt', 'nóng', 'giới', 'thông', 'điện',
  'tử', 'cổng', 'báo', 'tạp', 'chí', 'online', 'hot', 'news', 'home', 'menu', 'top', 'share', 'tags', 'print', 'email', 'login', 'search',
]);

/** "Theo Minh Khang/baoabc.vn", "Thu Vân/Báo ABC", "Hồng Ngọc - Tạp chí XYZ", "Lan Anh (T/h) Theo Báo ABC", "Hải Nam lược dịch". */
export function creditOf(text: string): Byline | undefined {
  const withoutTheo = text.replace(/^theo\s+/iu, '');
  // Every credit opens with a name of two words or more, each capitalised: running text rarely does.
  if (!mayOpenWithTwoNameWords(withoutTheo)) return undefined;
  let rest = withoutTheo;
  let source: string | null = null;
  const theo = holdsTheo(rest) ? /\s+theo\s+(.+)$/iu.exec(rest) : null;
  if (theo?.[1]) {
    source = theo[1].replace(/[/\s]+$/u, '');
    rest = rest.slice(0, theo.index);
  }
  // Both marks end the line: its last letters say whether either can be there before the patterns scan it.
  if (/(?:dịch|hợp)$/iu.test(rest.slice(-4))) rest = rest.replace(/\s+(?:lược\s+dịch|tổng\s+hợp|biên\s+dịch|dịch)$/iu, '');
  if (closesWithBracket(rest)) rest = rest.replace(COMPILED_MARK, '');
  // "Theo Thu Vân" alone names a source; "Hải Nam lược dịch" or "Lan Anh (T/h)" marks an author.
  const marked = rest !== withoutTheo;
  // "Minh Khang - Thu Vân (Báo ABC)": names, then the publication in brackets.
  // Each shape is tried only when its punctuation is there: the lazy patterns backtrack over every line.
  const bracketed = rest.endsWith(')') ? /^(.+?)\s*\(([^()]+)\)$/u.exec(rest) : null;
  const inBrackets = bracketed?.[1] && bracketed[2] ? names(bracketed[1]) : undefined;
  if (inBrackets && bracketed?.[2]) return { authors: inBrackets, source: source ?? bracketed[2], labelled: true, credit: true };
  // "Thu Vân/Báo ABC": names, then the publication after a slash.
  const slashed = rest.includes('/') ? /^([^/]+?)\s*\/\s*(.+)$/u.exec(rest) : null;
  const beforeSlash = slashed?.[1] && slashed[2] ? names(slashed[1]) : undefined;
  if (beforeSlash && slashed?.[2]) return { authors: beforeSlash, source: source ?? slashed[2].replace(/\/$/u, ''), labelled: true, credit: true };
  // "Hồng Ngọc - Tạp chí XYZ": a Vietnamese name, then a publication (not a name, not a headline).
  const dashed = rest.includes('-') || rest.includes('–') ? /^(.+?)\s+[-–]\s+([^:]+)$/u.exec(rest) : null;
  if (dashed?.[1] && dashed[2] && !isPlausibleName(dashed[2]) && dashed[2].split(/\s+/).length <= 6) {
    const author = names(dashed[1]);
    if (author && dashed[1].split(/\s+/).every((w) => isVietnameseSyllable(w))) return { authors: author, source: source ?? dashed[2], labelled: true, credit: true };
  }
  if (marked && rest !== text && isPlausibleName(rest.trim())) return { authors: [normalCaseName(rest.trim())], source, labelled: true, credit: true };
  return undefined;
}

/**
 * Whether the first two words of `text` (runs of non-space characters) may both open with a capital,
 * as the first two words of a credit's first name do (that name, cut at a dash, comma, slash or
 * bracket, is in name shape): false when there are fewer than two, or the tables say one opens with
 * something else.
 */
function mayOpenWithTwoNameWords(text: string): boolean {
  let i = 0;
  for (let words = 0; words < 2; words++) {
    while (i < text.length && isPatternSpace(text.charCodeAt(i))) i++;
    if (i === text.length) return false;
    const first = text.charCodeAt(i);
    if (first < TABLED_CODES && !isUpperCaseCode(first)) return false;
    while (i < text.length && !isPatternSpace(text.charCodeAt(i))) i++;
  }
  return true;
}

/** The names of a credit ("Minh Khang - Thu Vân, Hồng Ngọc") in normal case, when every part is one. */
export function names(part: string): string[] | undefined {
  const listed = part.split(/\s+[-–]\s+|,\s*/u);
  return listed.every((n) => isPlausibleName(n)) ? listed.map(normalCaseName) : undefined;
}

const THEO = 'theo';

/**
 * Whether "theo" is written anywhere, in any case: the credit's source pattern cannot match without
 * it (no character but T, H, E and O folds to their lower case), so it runs only on lines that have it.
 */
export function holdsTheo(text: string): boolean {
  // One comparison in a loop, not four chained by &&: the fourth was first reached by a line holding
  // "the" after many lines, and its operations, without type feedback, deoptimised the function.
  for (let i = 0; i + 3 < text.length; i++) {
    let k = 0;
    // `| 0x20` maps only the upper-case ASCII letter to its lower case here.
    while (k < 4 && (text.charCodeAt(i + k) | 0x20) === THEO.charCodeAt(k)) k++;
    if (k === 4) return true;
  }
  return false;
}

/** Splits "A - B, C và D" into names in normal case. */
export function namesOf(text: string): string[] {
  return text
    .split(NAME_SEPARATORS)
    .map((n) => n.replace(/[|:]/g, '').trim())
    .filter((n) => n.length > 0)
    .map(normalCaseName);
}

/** "HÀN GIANG" → "Hàn Giang"; initials such as "HY" and "T.Yến" stay as written. */
export function normalCaseName(name: string): string {
  const words = name.split(/\s+/);
  if (words.length === 1 && name.length <= 4) return name;
  return words
    .map((w) => (w === w.toUpperCase() && /\p{L}{2,}/u.test(w) && !w.includes('.') ? w.charAt(0) + w.slice(1).toLowerCase() : w))
    .join(' ');
}

/** Whether every word is capitalised (or an initial) and the name has 2–5 words. */
export function isNameShape(name: string): boolean {
  const words = name.split(/\s+/).filter(Boolean);
  return words.length >= 2 && words.length <= 5 && words.every((w) => NAME_WORD.test(w)) && !/\d/.test(name);
}

/** A name printed in capitals: two syllables (a pen name), or three to five starting with a family name; no banner words. */
function isCapitalName(name: string): boolean {
  const words = name.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 5) return false;
  if (words.some((w) => NOT_NAME_WORDS.has(w))) return false;
  return words.length === 2 || FAMILY_NAMES.has(foldDiacritics(words[0] ?? ''));
}

export function isPlausibleName(name: string): boolean {
  if (!isNameShape(name)) return false;
  if (name === name.toUpperCase()) return isCapitalName(name);
  return !name.split(/\s+/).some((w) => NOT_NAME_WORDS.has(w.toLowerCase()));
}

const LEADING_DASH = new Set([...'-–—•·'].map((c) => c.charCodeAt(0)));
const TRAILING_DASH = new Set([...'-–—'].map((c) => c.charCodeAt(0)));

/** `text.replace(/^[-–—•·]\s*|\s*[-–—]$/gu, '')` without the pattern's scan from every position. */
function withoutOuterDashes(text: string): string {
  let start = 0;
  if (LEADING_DASH.has(text.charCodeAt(0))) for (start = 1; start < text.length && isPatternSpace(text.charCodeAt(start)); ) start++;
  let end = text.length;
  if (end > start && TRAILING_DASH.has(text.charCodeAt(end - 1))) for (end--; end > start && isPatternSpace(text.charCodeAt(end - 1)); ) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** A line terminator as a pattern's `.` reads it: `.` matches any other code unit. */
const isLineTerminator = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

/**
 * `text.replace(/^\((.*)\)$/u, '$1')` without the pattern: it runs on every short line of running
 * text, and nearly none opens with a bracket.
 */
export function withoutOuterBrackets(text: string): string {
  const last = text.length - 1;
  if (last < 1 || text.charCodeAt(0) !== 0x28 || text.charCodeAt(last) !== 0x29) return text;
  for (let i = 1; i < last; i++) if (isLineTerminator(text.charCodeAt(i))) return text;
  return text.slice(1, last);
}

/** Whether the last character before any trailing white space is `)`: COMPILED_MARK cannot match otherwise. */
export function closesWithBracket(text: string): boolean {
  let end = text.length;
  while (end > 0 && isPatternSpace(text.charCodeAt(end - 1))) end--;
  return end > 0 && text.charCodeAt(end - 1) === 0x29;
}

/**
 * Whether `text` holds a bar or two white-space characters in a row: where the parts of a byline
 * split. A pattern, not a loop over the code units: the engine's compiled scan reads a line in about
 * a fifth of the instructions (callgrind), and most short lines are asked.
 */
export function mayHoldParts(text: string): boolean {
  return PART_BREAK.test(text);
}
const PART_BREAK = /[|]|\s\s/u;

const BYLINE_OPENERS = new Set([...'(-–—•·'].map((c) => c.charCodeAt(0)));

/**
 * `/^\s*[\p{Lu}(\-–—•·]/u.test(line)` read from the tables: bylines and credits open with a capital,
 * a bracket or a dash. A code unit beyond the tables is left to the pattern.
 */
export function opensLikeByline(line: string): boolean {
  let i = 0;
  while (i < line.length && isPatternSpace(line.charCodeAt(i))) i++;
  if (i === line.length) return false;
  const code = line.charCodeAt(i);
  if (BYLINE_OPENERS.has(code)) return true;
  return code < TABLED_CODES ? isUpperCaseCode(code) : /^\p{Lu}/u.test(line.slice(i));
}

/** `text.replace(/\s*[|]\s*$/u, '')` without the pattern's scan from every position. */
function withoutTrailingBar(text: string): string {
  let end = text.length;
  while (end > 0 && isPatternSpace(text.charCodeAt(end - 1))) end--;
  if (end === 0 || text.charCodeAt(end - 1) !== 0x7c) return text;
  for (end--; end > 0 && isPatternSpace(text.charCodeAt(end - 1)); ) end--;
  return text.slice(0, end);
}

/** A word (a run of non-space characters) opening with a lower-case letter. */
const LOWER_CASE_WORD = /(?:^|\s)(\p{Ll}\S*)/gu;
/** The words NAME_SEPARATORS may take away as separators, in lower case. */
const JOINING_WORDS = new Set(['và', 'and']);

/**
 * Whether `text` holds a word opening with a lower-case letter other than a joining word: such a
 * word stays in one of the parts NAME_SEPARATORS cuts, where neither a name's shape nor an initial's
 * can take it (both open every word with a capital).
 */
function holdsLowerCaseWord(text: string): boolean {
  // An `exec` loop: `matchAll` copies the pattern on every call.
  LOWER_CASE_WORD.lastIndex = 0;
  for (let match = LOWER_CASE_WORD.exec(text); match !== null; match = LOWER_CASE_WORD.exec(text)) {
    if (!JOINING_WORDS.has((match[1] ?? '').toLowerCase())) {
      LOWER_CASE_WORD.lastIndex = 0;
      return true;
    }
  }
  return false;
}

/**
 * The byline or source a line states, or undefined when it is no such line. `shapeOnly` lines — a
 * bare name — count only where the caller's position says a byline stands (under the headline, or
 * right after the last paragraph).
 */
export function bylineOf(line: string): Byline | undefined {
  // Bylines and credits open with a capital, a bracket or a dash; running text in lower case never is one.
  if (!opensLikeByline(line)) return undefined;
  // "(Theo Báo ABC)", "- Minh Khang -": the brackets and dashes around a byline are not part of it.
  const text = withoutTrailingBar(withoutOuterDashes(withoutOuterBrackets(line.trim())));
  // "Nguồn: https://…/article.htm": the publisher is the site the address names.
  const url = /^(?:nguồn|source)\s*[:：]\s*https?:\/\/(?:www\.)?([^/\s]+)\S*$/iu.exec(text);
  if (url?.[1]) return { authors: [], source: url[1], labelled: true };
  if (text.length === 0 || text.length > 120) return undefined;
  // "Tác giả: Minh Khang | Nguồn: tinh.gov.vn": labelled parts side by side; a date part is the credit's date.
  // Without a bar or two white-space characters in a row the split gives the line itself, or nothing: neither is acted on.
  const parts = mayHoldParts(text) ? text.split(/\s+[|]\s+|\s{2,}/u).filter((p) => !/^[\d\s/.:-]+$/u.test(p)) : [];
  if (parts.length === 1 && parts[0] !== text) return bylineOf(parts[0] ?? '');
  if (parts.length > 1) {
    // Each part must read as a byline. Read into an array of bylines only (Array#map's result held
    // undefined now and then, another elements kind, which deoptimised this function once a run).
    const read: Byline[] = [];
    for (const part of parts) {
      const byline = bylineOf(part);
      if (!byline) break;
      read.push(byline);
    }
    if (read.length === parts.length) {
      const authors = read.flatMap((r) => r.authors);
      const source = read.find((r) => r.source)?.source ?? null;
      return { authors, source, labelled: read.some((r) => r.labelled) };
    }
  }
  const credit = creditOf(text);
  if (credit) return credit;
  const source = SOURCE_LABEL.exec(text);
  if (source) {
    const name = text.slice(source[0].length).trim();
    if (name.split(/\s+/).length <= 6 && !/[.!?]$/u.test(name.replace(/\.[a-z]{2,6}$/i, ''))) return { authors: [], source: name, labelled: true };
    return undefined;
  }
  const label = AUTHOR_LABEL.exec(text);
  const rest = label ? text.slice(label[0].length) : text;
  const compiled = closesWithBracket(rest) ? COMPILED_MARK.exec(rest) : null;
  const namesText = compiled ? rest.slice(0, compiled.index) : rest;
  if (COLLECTIVE.test(namesText.trim())) return { authors: [normalCaseName(namesText.trim())], source: null, labelled: true };
  return namesByline(namesText, Boolean(label || compiled));
}

/**
 * The byline `namesText` is when it lists names, each in name shape (`labelled`: after a label or
 * before a "(tổng hợp)" mark, where initials count too); undefined otherwise.
 */
export function namesByline(namesText: string, labelled: boolean): Byline | undefined {
  // Names are capitalised: a word in lower case (but a "và" or "and" the names are split at) leaves
  // a part that no reading below takes, so running text stops here, before the split.
  if (holdsLowerCaseWord(namesText)) return undefined;
  // The names as written (`namesOf` without the normal case), put in normal case once they pass.
  const raw = namesText.split(NAME_SEPARATORS).map((n) => n.replace(/[|:]/g, '').trim()).filter(Boolean);
  if (raw.length === 0 || raw.length > 6) return undefined;
  if (labelled) {
    // Labelled: any name-shaped words after the label, initials included ("Bài: T.Yến").
    if (!raw.every((n) => isNameShape(n) || /^\p{Lu}[\p{L}.]*$/u.test(n))) return undefined;
    return { authors: raw.map(normalCaseName), source: null, labelled: true };
  }
  // A bare name never ends a sentence ("John Smith." is a caption); an initial may ("Nguyễn V.").
  // Three letters and a stop fit in the last seven code units: the pattern never scans the whole line.
  if (/\p{L}{3}\.$/u.test(namesText.slice(-7)) || !raw.every(isPlausibleName)) return undefined;
  return { authors: raw.map(normalCaseName), source: null, labelled: false };
}
