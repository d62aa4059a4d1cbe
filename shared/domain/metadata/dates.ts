/** Publication dates as written in Vietnamese and English news, resolved to YYYY-MM-DD. */

export interface PublishedDate {
  date: string;
  /** The text the date was read from. */
  evidence: string;
}

const NUMERIC = /(?<!\d)(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?(?![\d/.-]\d)/u;
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/u;
const WORDS_VI = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const ENGLISH = new RegExp(`\\b(${MONTHS.join('|')})\\s+(\\d{1,2}),?\\s+(\\d{4})\\b`, 'i');
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
      const date = iso(Number(english[3]), MONTHS.indexOf((english[1] ?? '').toLowerCase()) + 1, Number(english[2]));
      if (date) return { date, evidence: english[0] };
    }
    const lead = LEAD_DATE.exec(text);
    // Without a lead word ("Sáng", "Ngày") only a full date counts: "12.5 percent" is not 12 May.
    if (lead && (lead[1] || lead[4])) {
      const year = lead[4] ? Number(lead[4]) : contextYear(context);
      const date = year === undefined ? undefined : iso(year, Number(lead[3]), Number(lead[2]));
      if (date) return { date, evidence: lead[0].trim() };
    }
  }
  return undefined;
}

/** Every full date the text mentions, in order, without duplicates. */
export function datesMentioned(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(new RegExp(NUMERIC.source, 'gu'))) {
    if (!m[3]) continue;
    const date = iso(Number(m[3]), Number(m[2]), Number(m[1]));
    if (date) found.add(date);
  }
  return [...found];
}
