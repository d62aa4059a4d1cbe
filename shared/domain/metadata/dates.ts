/** Publication dates as written in Vietnamese and English news, resolved to YYYY-MM-DD. */
import { eachMatchInChunk, wholeText, type ChunkedText, type JoinedChunk, type SearchCursor } from '../text/joined-chunks.ts';

export interface PublishedDate {
  date: string;
  /** The text the date was read from. */
  evidence: string;
}

const NUMERIC = /(?<!\d)(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?(?![\d/.-]\d)/u;
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/u;
const FULL_NUMERIC = /(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.-]\d)/u;
const WORDS_VI = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAME = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
// "March 3, 2024", "Mar 3 2024"
const ENGLISH = new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
// "3 March 2024", "3rd of March, 2024"
const ENGLISH_DAY_FIRST = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME},?\\s+(\\d{4})\\b`, 'i');
/** A full numeric date d/m/yyyy this close to a line's start is that line's date ("Cập nhật: 08:15 | 20/04/2021"). */
const DATELINE_REACH = 40;

function monthNumber(name: string): number {
  const prefix = name.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(prefix)) + 1;
}
/** The opening of a news lead: "Ngày 18/6,", "Chiều nay 21/8,", "Sáng 10/7,", "Thứ ba 20/4/2021". */
const LEAD_DATE = /^((?:sáng|chiều|trưa|tối|đêm)(?:\s+nay)?|ngày|hôm nay|hôm qua|thứ\s+\p{L}+|chủ nhật)?[\s,(]*(?:ngày\s+)?(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?/iu;

function iso(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * The year an article is about when a date omits it: the latest year written as "năm YYYY"
 * ("6 tháng đầu năm 2012"), else the latest plausible year mentioned at all.
 */
export function contextYear(text: string): number | undefined {
  return contextYearIn(wholeText(text));
}

/**
 * Four-digit years, "năm 2012" and any, as global patterns compiled once. `contextYear` reads the
 * whole text of a page whose lead gives no year: over the 500 generated scraped pages 15.8 → 10.2 M
 * instructions a pass (callgrind, difference of 13 and 3 passes).
 */
const YEAR_AFTER_NAM = /năm\s+(\d{4})(?!\s*-\s*\d)/giu;
const ANY_YEAR = /(?<![\d/.-])((?:19|20)\d{2})(?![\d/.-])/gu;

/** The latest plausible year of `re` (global, never matching the empty string) in the chunks, and whether it matched at all. */
interface LatestYear {
  matched: boolean;
  latest: number | undefined;
}

/** `contextYear` of a text read in chunks. */
export function contextYearIn(text: ChunkedText): number | undefined {
  const withNam: LatestYear = { matched: false, latest: undefined };
  const any: LatestYear = { matched: false, latest: undefined };
  const cursors: [SearchCursor, SearchCursor] = [{ at: 0 }, { at: 0 }];
  for (const chunk of text.chunks()) {
    readYears(chunk, YEAR_AFTER_NAM, cursors[0], withNam);
    // Any year is read only while no year has followed "năm" (it was read, and dropped, every time).
    if (!withNam.matched) readYears(chunk, ANY_YEAR, cursors[1], any);
  }
  return withNam.matched ? withNam.latest : any.latest;
}

/** Reads the years `re` captures first in the chunk into `years`, in text order. */
function readYears(chunk: JoinedChunk, re: RegExp, cursor: SearchCursor, years: LatestYear): void {
  eachMatchInChunk(re, chunk, cursor, (m) => {
    years.matched = true;
    const year = Number(m[1]);
    if (year >= 1945 && year <= 2100 && (years.latest === undefined || year > years.latest)) years.latest = year;
  });
}

/**
 * A date stated on its own line or at the very start of the lead. A lead's date without its year
 * takes the year of `context` (the whole text, or its `contextYear` when it is read in chunks).
 */
export function publishedDate(candidates: Array<string | null>, context: string | (() => number | undefined)): PublishedDate | undefined {
  for (const [k, candidate] of candidates.entries()) {
    // A candidate read before (a lead that is also the first paragraph) gave no date then either.
    if (!candidate || candidates.indexOf(candidate) < k) continue;
    const text = candidate.replace(/^\([^)]*\)\s*[-–—]\s*/u, '').trim();
    const words = WORDS_VI.exec(text);
    if (words && words.index < 20) {
      const date = iso(Number(words[3]), Number(words[2]), Number(words[1]));
      if (date) return { date, evidence: words[0] };
    }
    const isoMatch = ISO.exec(text);
    if (isoMatch && isoMatch.index < 20) {
      const date = iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
      if (date) return { date, evidence: isoMatch[0] };
    }
    const english = ENGLISH.exec(text);
    if (english && english.index < 30) {
      const date = iso(Number(english[3]), monthNumber(english[1] ?? ''), Number(english[2]));
      if (date) return { date, evidence: english[0] };
    }
    const dayFirst = ENGLISH_DAY_FIRST.exec(text);
    if (dayFirst && dayFirst.index < 30) {
      const date = iso(Number(dayFirst[3]), monthNumber(dayFirst[2] ?? ''), Number(dayFirst[1]));
      if (date) return { date, evidence: dayFirst[0] };
    }
    const lead = LEAD_DATE.exec(text);
    // Without a lead word ("Sáng", "Ngày") only a full date counts: "12.5 percent" is not 12 May.
    if (lead && (lead[1] || lead[4])) {
      const year = lead[4] ? Number(lead[4]) : typeof context === 'string' ? contextYear(context) : context();
      const date = year === undefined ? undefined : iso(year, Number(lead[3]), Number(lead[2]));
      if (date) return { date, evidence: lead[0].trim() };
    }
    const full = FULL_NUMERIC.exec(text);
    if (full && full.index < DATELINE_REACH) {
      const date = iso(Number(full[3]), Number(full[2]), Number(full[1]));
      if (date) return { date, evidence: full[0] };
    }
  }
  return undefined;
}

/** At most this many dates are listed: a timetable or a log should not fill the metadata row. */
export const MAX_DATES_MENTIONED = 50;

/**
 * Every full date (with a year) the text mentions, in any supported form, in text order, without
 * duplicates: "19.5.2020", "ngày 20 tháng 4 năm 2021", ISO, "March 3, 2024", "3 March 2024".
 */
export function datesMentioned(text: string): string[] {
  return datesMentionedIn(wholeText(text));
}

/** `datesMentioned` of a text read in chunks. */
export function datesMentionedIn(text: ChunkedText): string[] {
  const ordered = new Set<string>();
  const readers = MENTIONED_DATE_READERS.map(([re, toDate]) => ({ re, toDate, cursor: { at: 0 } }));
  for (const chunk of text.chunks()) {
    // Every reader needs a year: a whole text without four digits in a row holds no date. (Not so
    // a chunk's stretch: a match starting in it may move where the next chunk's search starts.)
    if (chunk.offset === 0 && chunk.end === chunk.text.length && !FOUR_DIGITS.test(chunk.text)) return [];
    const found: Array<{ at: number; date: string }> = [];
    for (const { re, toDate, cursor } of readers) {
      eachMatchInChunk(re, chunk, cursor, (m) => {
        const date = toDate(m);
        if (date) found.push({ at: m.index, date });
      });
    }
    // Every match of a chunk comes before the next chunk's: ordered chunk by chunk, the dates are
    // in text order (the sort is stable: at one position, in the readers' order).
    for (const { date } of found.sort((a, b) => a.at - b.at)) {
      ordered.add(date);
      if (ordered.size === MAX_DATES_MENTIONED) return [...ordered];
    }
  }
  return [...ordered];
}

/** What a date line says its date is. */
export type DateLabel = 'published' | 'updated' | 'printed' | 'none';

/** A date standing on a line of its own (a page's date line), with the label that names it. */
export interface LineDate extends PublishedDate {
  label: DateLabel;
}

// Labels of date lines on Vietnamese and English news pages and portals (the CMS vocabulary of
// "posted on", "updated", "printed on"), folded to lower case. The nearest one before a date names it.
const DATE_LABELS: Array<[RegExp, DateLabel]> = [
  [/ngày\s+in|in\s+ngày|printed(?:\s+on)?|print\s+date/giu, 'printed'],
  [/cập\s+nhật(?:\s+lúc)?|updated?(?:\s+on|\s+at)?|last\s+modified|modified|sửa\s+đổi|chỉnh\s+sửa/giu, 'updated'],
  [/ngày\s+đăng|đăng\s+ngày|đăng\s+lúc|đăng\s+bởi|ngày\s+xuất\s+bản|xuất\s+bản|phát\s+hành|đăng\s+tải|published(?:\s+on)?|posted(?:\s+on|\s+by)?|publication\s+date|(?<![\p{L}])đăng(?![\p{L}])/giu, 'published'],
];
const WEEKDAYS = /(?<![\p{L}])(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)(?![\p{L}])/giu;
const TIMES = /(?<!\d)\d{1,2}\s*(?::|h)\s*\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?(?!\d)|\(?\s*(?:gmt|utc)\s*[+-]?\s*\d{0,2}(?::?\d{2})?\s*\)?/giu;
/** Counters that share a date line ("Ngày đăng: 02/10/2020 | Lượt xem: 14.262"): not words of the line. */
const COUNTERS = /(?:lượt\s+xem|lượt\s+đọc|lượt\s+thích|bình\s+luận|views?|comments?|ý\s+kiến)\s*:?\s*[\d.,]*/giu;
const LINE_FILLERS = /(?<![\p{L}])(?:ngày|lúc|vào|at|on|by|giờ)(?![\p{L}])/giu;
/** A date line holds its date and at most this many other words (a poster's name, a place). */
const MAX_DATE_LINE_WORDS = 4;
const MAX_DATE_LINE_CHARS = 160;

/**
 * The publication-relevant date of a line that is a date line — a date with its year, its weekday,
 * time, time zone and label, and little else — or undefined for any other line (a story sentence
 * that mentions a date is no date line). With several dates, a publication label wins.
 */
export function dateOfLine(line: string): LineDate | undefined {
  // Every supported date form holds digits: most lines are ruled out by one cheap test.
  if (line.length > MAX_DATE_LINE_CHARS || !/\d/.test(line)) return undefined;
  const dates = fullDatesIn(line);
  if (dates.length === 0) return undefined;
  let rest = line;
  for (const d of dates) rest = rest.replace(d.evidence, ' ');
  rest = rest.replace(TIMES, ' ').replace(WEEKDAYS, ' ').replace(COUNTERS, ' ');
  const labels: Array<{ at: number; end: number; label: DateLabel }> = [];
  for (const [pattern, label] of DATE_LABELS) {
    for (const m of line.matchAll(pattern)) labels.push({ at: m.index ?? 0, end: (m.index ?? 0) + m[0].length, label });
    rest = rest.replace(pattern, ' ');
  }
  rest = rest.replace(LINE_FILLERS, ' ');
  const words = rest.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length > MAX_DATE_LINE_WORDS) return undefined;
  const labelled = dates.map((d) => {
    const before = labels.filter((l) => l.end <= d.at && !dates.some((o) => o.at > l.end && o.at < d.at)).sort((a, b) => b.at - a.at)[0];
    return { ...d, label: before?.label ?? 'none' };
  });
  return labelled.find((d) => d.label === 'published') ?? labelled.find((d) => d.label === 'none') ?? labelled[0];
}

type DateReader = [RegExp, (m: RegExpMatchArray) => string | undefined];
const globally = (re: RegExp): RegExp => new RegExp(re.source, `${re.flags.replace('g', '')}g`);
/**
 * Every full date is read with its year in four digits: a text without four digits in a row holds
 * none, known from one quick search instead of five patterns. The pattern, not a loop over the code
 * units: irregexp skips ahead on it (a loop took three times its instructions, callgrind).
 */
const FOUR_DIGITS = /\d{4}/;
/** The patterns `datesMentioned` reads, in its order, compiled once as global expressions (a date without a year is none). */
const MENTIONED_DATE_READERS: DateReader[] = [
  [globally(NUMERIC), (m) => (m[3] ? iso(Number(m[3]), Number(m[2]), Number(m[1])) : undefined)],
  [globally(WORDS_VI), (m) => iso(Number(m[3]), Number(m[2]), Number(m[1]))],
  [globally(ISO), (m) => iso(Number(m[1]), Number(m[2]), Number(m[3]))],
  [globally(ENGLISH), (m) => iso(Number(m[3]), monthNumber(m[1] ?? ''), Number(m[2]))],
  [globally(ENGLISH_DAY_FIRST), (m) => iso(Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1]))],
];
/** The full-date patterns, compiled once as global expressions, each with how its match becomes a date. */
const FULL_DATE_READERS: DateReader[] = [
  [globally(WORDS_VI), (m) => iso(Number(m[3]), Number(m[2]), Number(m[1]))],
  [globally(ISO), (m) => iso(Number(m[1]), Number(m[2]), Number(m[3]))],
  [globally(FULL_NUMERIC), (m) => iso(Number(m[3]), Number(m[2]), Number(m[1]))],
  [globally(ENGLISH), (m) => iso(Number(m[3]), monthNumber(m[1] ?? ''), Number(m[2]))],
  [globally(ENGLISH_DAY_FIRST), (m) => iso(Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1]))],
];

/** Every full date (with a year) in a line, with where it starts and the text it was read from. */
function fullDatesIn(text: string): Array<PublishedDate & { at: number }> {
  const found: Array<PublishedDate & { at: number }> = [];
  if (!FOUR_DIGITS.test(text)) return found;
  for (const [re, toDate] of FULL_DATE_READERS) {
    // As in `datesMentioned`: no copy of the pattern per line, as `matchAll` made.
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const at = m.index;
      const date = toDate(m);
      if (date && !found.some((f) => f.at <= at && at < f.at + f.evidence.length)) found.push({ date, evidence: m[0], at });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

/** A declared ISO timestamp ("2020-11-02T08:00:00+07:00") as the date it was written with. */
export function dateOfTimestamp(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}
