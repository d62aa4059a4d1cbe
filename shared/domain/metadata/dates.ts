/** Publication dates as written in Vietnamese and English news, resolved to YYYY-MM-DD. */

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
  const withNam = [...text.matchAll(/năm\s+(\d{4})(?!\s*-\s*\d)/giu)].map((m) => Number(m[1]));
  const any = [...text.matchAll(/(?<![\d/.-])((?:19|20)\d{2})(?![\d/.-])/gu)].map((m) => Number(m[1]));
  const pool = (withNam.length > 0 ? withNam : any).filter((y) => y >= 1945 && y <= 2100);
  return pool.length > 0 ? Math.max(...pool) : undefined;
}

/** A date stated on its own line or at the very start of the lead. */
export function publishedDate(candidates: Array<string | null>, context: string): PublishedDate | undefined {
  for (const candidate of candidates) {
    if (!candidate) continue;
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
      const year = lead[4] ? Number(lead[4]) : contextYear(context);
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
  const found: Array<{ at: number; date: string }> = [];
  const collect = (re: RegExp, toDate: (m: RegExpMatchArray) => string | undefined): void => {
    for (const m of text.matchAll(new RegExp(re.source, `${re.flags.replace('g', '')}g`))) {
      const date = toDate(m);
      if (date) found.push({ at: m.index ?? 0, date });
    }
  };
  collect(NUMERIC, (m) => (m[3] ? iso(Number(m[3]), Number(m[2]), Number(m[1])) : undefined));
  collect(WORDS_VI, (m) => iso(Number(m[3]), Number(m[2]), Number(m[1])));
  collect(ISO, (m) => iso(Number(m[1]), Number(m[2]), Number(m[3])));
  collect(ENGLISH, (m) => iso(Number(m[3]), monthNumber(m[1] ?? ''), Number(m[2])));
  collect(ENGLISH_DAY_FIRST, (m) => iso(Number(m[3]), monthNumber(m[2] ?? ''), Number(m[1])));
  const ordered = [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.date))];
  return ordered.slice(0, MAX_DATES_MENTIONED);
}
