import { dateOfLine, dateOfTimestamp, type LineDate } from '../metadata/dates.ts';
import { bylineOf, closesWithBracket, normalCaseName, type Byline } from './bylines.ts';
import { captionOf } from './captions.ts';
import { featuresOf, type BlockFeatures } from './block-features.ts';
import { comparableText } from '../text/normalize.ts';

export { normalCaseName } from './bylines.ts';

/** The article inside a scraped page: headline parts, body paragraphs, captions and bylines. */
export interface ArticleStructure {
  title: string | null;
  kicker: string | null;
  section: string | null;
  source: string | null;
  authors: string[];
  /** The line the publication date was read from when it stands on its own (e.g. "Thứ ba 20/4/2021"). */
  dateLine: string | null;
  /** The publication date the page states (declared in HTML or on a date line), when it states one. */
  published: { date: string; evidence: string } | null;
  lead: string | null;
  paragraphs: string[];
  captions: string[];
}

export interface StructureHints {
  /**
   * The text was written as a document (Markdown, DOCX), not scraped from a page: its lists and its
   * closing lines are content, not menus or a page footer.
   */
  authored?: boolean;
  /** The headline as the format declares it (HTML `<h1>`/`og:title`/JSON-LD, a Markdown `#` heading). */
  title?: string | undefined;
  source?: string | undefined;
  author?: string | undefined;
  /** The publication time the format declares (ISO 8601), and where it was declared. */
  published?: { value: string; evidence: string } | undefined;
  /** Per line: the page's structure marks it as chrome (see `HtmlText.chrome`). */
  chrome?: boolean[] | undefined;
}

/** "(Baonghean.vn) -": the publisher as a domain name in parentheses opening the lead. */
const SOURCE_PREFIX = /^\(\s*([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,6})\s*\)\s*[-–—:]?\s*/iu;
/** "TTO - ", "VOV.VN - ": a publisher's short name in capitals opening the lead, then a dash. */
const AGENCY_PREFIX = /^([\p{Lu}][\p{Lu}\p{N}]{1,7}(?:\.[\p{Lu}]{2,4})?)\s+[-–—]\s+(?=\p{Lu})/u;
/** "… thông suốt. ( HY- VPTU)": author initials and their office closing the last paragraph. */
const TRAILING_INITIALS = /\s*\(\s*([\p{Lu}]{1,6}\s*[-–]\s*[\p{Lu}]{1,8})\s*\)\s*$/u;
/** Navigation separators: menus and breadcrumbs ("Trang chủ | Tin tức", "Thế giới › Bình luận"). */
const NAV_SEPARATOR = /\s[|»›>•·/]\s|\s[|»›]|[|»›]\s|^☰/u;
/** An inline pointer to another article inside the body: "Đọc thêm: …", "Xem thêm >> …", "Read more: …". */
const INLINE_LINK = /^(?:đọc\s+thêm|xem\s+thêm|xem\s+tiếp|tin\s+liên\s+quan|bài\s+liên\s+quan|có\s+thể\s+bạn\s+quan\s+tâm|read\s+more|see\s+also|related)\s*[:：>»-]/iu;
/** Label lines of page chrome: "Chuyên mục: Kinh tế", "Tags: …", "#kinh #tế", "Ý kiến (12)". */
const CHROME_LABEL = /^(?:chuyên\s+mục|danh\s+mục|thể\s+loại|từ\s+khóa|từ\s+khoá|tags?|nhãn|keywords?|categories|category|chia\s+sẻ|share|bình\s+luận|ý\s+kiến|phản\s+hồi|comments?)\b\s*[:：(]|^#\p{L}/iu;
/**
 * Footer lines of news sites and portals: copyright, licence, masthead ("© 2020 …", "Giấy phép số …",
 * "Cơ quan chủ quản: …", "Tòa soạn: …"). Addresses and phone numbers alone are not: a listing
 * article prints them ("Địa chỉ: Số 27A …"); after the article, position drops them.
 */
const FOOTER_LINE = /^(?:©|\(c\)\s|copyright\b|bản\s+quyền|giấy\s+phép|cơ\s+quan\s+chủ\s+quản|chịu\s+trách\s+nhiệm|tổng\s+biên\s+tập\s*:|tòa\s+soạn\s*:|toà\s+soạn\s*:|all\s+rights\s+reserved|ghi\s+rõ\s+nguồn|liên\s+hệ\s+quảng\s+cáo)/iu;
/** A headline opening a group of headline-like lines has at least this many words (syllables). */
const MIN_GROUPED_HEADLINE_WORDS = 5;
/** Related-article lists: this many headline-like lines in a row end the article. */
const LIST_RUN = 3;

/** Headlines run from a short phrase to a long sentence; outside this range a line is something else. */
const MIN_HEADLINE_WORDS = 3;
const MAX_HEADLINE_WORDS = 40;
/** A first line longer than this is a paragraph, even in one sentence, never the headline. */
const MAX_LEADING_HEADLINE_WORDS = 35;
/** A headline is at most one sentence; a second full stop makes the line prose. */
const MAX_HEADLINE_SENTENCES = 1;
/** Over this share of digits a line is a table row, a score or a counter, not a headline. */
const MAX_HEADLINE_DIGIT_SHARE = 0.3;
/** Mastheads are short ("Báo Nghệ An"); a longer line starting like one is a headline about the paper. */
const MAX_SITE_NAME_WORDS = 10;
/** Kickers are banners: all capitals and a few words; shorter all-caps lines are labels. */
const MIN_KICKER_WORDS = 4;
/** Section names are one to three words ("Thời sự", "Tin tức"). */
const MAX_SECTION_WORDS = 3;
/** A byline belongs to the headline when this few lines (dates and bylines only) stand between them. */
const NEAR_TITLE_LINES = 2;
/** A line at least half of whose words are boilerplate vocabulary ("Xem nhiều", "Tổng 161") is chrome… */
const BOILERPLATE_MAJORITY = 0.5;
/** …when it is short: a longer line is a sentence that merely uses those words. */
const MAX_BOILERPLATE_LINE_WORDS = 12;
/** A short unpunctuated line with two boilerplate words ("Tin liên quan", "Bài viết cùng chuyên mục") heads chrome. */
const CHROME_HEADING_BOILERPLATE_WORDS = 2;
const MAX_CHROME_HEADING_WORDS = 8;

/** Date lines hold a date and a few words; longer lines are never read for one. */
const MAX_DATE_LINE_WORDS = 25;
/** Byline lines are short; longer lines are never read for one. */
const MAX_BYLINE_CHARS = 300;
/** How far past the article a page's footer may hold its publication line ("Ngày đăng: …"). */
const TAIL_DATE_LINES = 200;

/** A line's features and the page's chrome flag; its date and byline readings are made once, when first asked (most lines of a long text never are). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the features are copied in by the constructor
interface Line extends BlockFeatures {}
/**
 * The fields Line's constructor copies one by one. A field added to BlockFeatures and not copied would
 * be undefined on every line without a type error (the declaration merging above promises it):
 * listed here, it fails to compile until it is both listed and copied.
 */
type CopiedFeatures = 'text' | 'words' | 'endsSentence' | 'isQuestion' | 'allCaps' | 'nameLike' | 'dateLine' | 'bullet' | 'boilerplateShare' | 'boilerplateWords' | 'stopWordDensity' | 'titleCaseShare' | 'digitShare' | 'score' | 'content';
const everyFeatureCopied: [Exclude<keyof BlockFeatures, CopiedFeatures>] extends [never] ? true : never = true;
void everyFeatureCopied;
// biome-ignore lint: declaration merging gives the class the feature fields it copies
class Line {
  #date: LineDate | null | undefined;
  #byline: Byline | null | undefined;
  #mayBeHeadline: boolean | undefined;
  #caption: string | null | undefined;

  constructor(f: BlockFeatures, readonly chrome: boolean) {
    // Field by field, not Object.assign: every line of every document is one, and assign added the
    // fields one map transition at a time (about 3,000 instructions a line, 1.3 % of processing).
    // Every field of CopiedFeatures (above), which the compiler holds to BlockFeatures.
    this.text = f.text;
    this.words = f.words;
    this.endsSentence = f.endsSentence;
    this.isQuestion = f.isQuestion;
    this.allCaps = f.allCaps;
    this.nameLike = f.nameLike;
    this.dateLine = f.dateLine;
    this.bullet = f.bullet;
    this.boilerplateShare = f.boilerplateShare;
    this.boilerplateWords = f.boilerplateWords;
    this.stopWordDensity = f.stopWordDensity;
    this.titleCaseShare = f.titleCaseShare;
    this.digitShare = f.digitShare;
    this.score = f.score;
    this.content = f.content;
  }

  get date(): LineDate | undefined {
    this.#date ??= this.words <= MAX_DATE_LINE_WORDS ? (dateOfLine(this.text) ?? null) : null;
    return this.#date ?? undefined;
  }

  get byline(): Byline | undefined {
    this.#byline ??= this.text.length <= MAX_BYLINE_CHARS ? (bylineOf(this.text) ?? null) : null;
    return this.#byline ?? undefined;
  }

  /** The line as a photo caption without its credit (`captionOf`): the article's end and its body both ask. */
  get caption(): string | undefined {
    this.#caption ??= captionOf(this.text) ?? null;
    return this.#caption ?? undefined;
  }

  /** See `mayBeHeadline`: the headline is looked for above the first paragraph more than once. */
  get mayBeHeadline(): boolean {
    this.#mayBeHeadline ??= mayBeHeadline(this);
    return this.#mayBeHeadline;
  }
}

export function extractStructure(lines: string[], hints: StructureHints = {}): ArticleStructure {
  const blocks: Line[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (!text) return;
    blocks.push(new Line(featuresOf(text), hints.chrome?.[i] ?? false));
  });
  const result: ArticleStructure = {
    title: null, kicker: null, section: null, source: null, authors: [], dateLine: null, published: null, lead: null, paragraphs: [], captions: [],
  };
  // Lines that are footer chrome are never the story, wherever they stand.
  const footer = (b: Line): boolean => FOOTER_LINE.test(b.text);
  const isContent = (b: Line): boolean => b.content && !b.chrome && !INLINE_LINK.test(b.text) && !FOOTER_LINE.test(b.text) && !(b.byline?.labelled ?? false);

  let firstContent = blocks.findIndex(isContent);
  let titleIndex = hints.title ? declaredTitleIndex(blocks, hints.title) : -1;
  if (titleIndex !== -1 && titleIndex >= firstContent && firstContent !== -1) {
    // The declared headline is long enough to read as prose: the article starts after it.
    const next = blocks.findIndex((b, i) => i > titleIndex && isContent(b));
    firstContent = next;
  }
  if (!hints.title) {
    // A one-sentence headline ("Năm 2012, Đảng bộ … được giao.") is long enough to look like content;
    // when the lines above it hold no headline, it is the headline.
    if (firstContent !== -1 && headlineCandidates(blocks, firstContent).length === 0 && isHeadlineLike(blocks, firstContent)) {
      const next = blocks.findIndex((b, i) => i > firstContent && isContent(b));
      if (next !== -1) firstContent = next;
    }
    titleIndex = pickHeadline(blocks, firstContent === -1 ? Math.min(blocks.length, 1) : firstContent);
  }
  const lastContent = firstContent === -1 ? -1 : articleEnd(blocks, firstContent, isContent, hints.authored ?? false);

  const body: string[] = [];
  const keep = (text: string): void => {
    // A photo caption or pull quote printed twice in a row is one paragraph; a refrain further on is content.
    if (body[body.length - 1] === text) return;
    body.push(text);
  };
  const addCaption = (caption: string): void => {
    if (caption && !result.captions.includes(caption)) result.captions.push(caption);
  };
  const labelledAuthors: string[] = [];
  const shapeAuthors: string[] = [];
  const takeByline = (b: Line, shapeAllowed: boolean): boolean => {
    if (!b.byline) return false;
    if (!b.byline.labelled && !shapeAllowed) return false;
    if (b.byline.source && !result.source) result.source = b.byline.source;
    (b.byline.labelled ? labelledAuthors : shapeAuthors).push(...b.byline.authors);
    return true;
  };

  const headEnd = firstContent === -1 ? Math.min(blocks.length, 1) : firstContent;
  if (hints.title) result.title = titleIndex !== -1 ? (blocks[titleIndex]?.text ?? hints.title) : hints.title;
  else if (titleIndex !== -1) result.title = blocks[titleIndex]?.text ?? null;
  for (let i = 0; i < headEnd; i++) {
    const b = blocks[i];
    if (!b || i === titleIndex) continue;
    const nearTitle = titleIndex !== -1 && Math.abs(i - titleIndex) <= NEAR_TITLE_LINES && !blocks.slice(Math.min(i, titleIndex) + 1, Math.max(i, titleIndex)).some((x) => !x.date && !x.byline);
    if (b.date) {
      result.dateLine ??= b.text;
      continue;
    }
    if (takeByline(b, nearTitle || (titleIndex === -1 && b.allCaps))) continue;
    if (i < titleIndex || titleIndex === -1) {
      if (b.chrome || NAV_SEPARATOR.test(b.text) || CHROME_LABEL.test(b.text)) continue;
      if (b.allCaps && b.words >= MIN_KICKER_WORDS) result.kicker ??= b.text;
      // A short line is a section when more of the header follows it; alone, it is the headline ("Thông báo").
      else if (!result.section && b.words <= MAX_SECTION_WORDS && !b.endsSentence && /\p{L}/u.test(b.text) && blocks.slice(i + 1, headEnd).some((x) => !x.date)) result.section = b.text;
      else if (titleIndex === -1 && !result.title) result.title = b.text;
      continue;
    }
    // Between the headline and the first paragraph: the sapo, or chrome.
    const caption = b.caption;
    if (caption !== undefined) addCaption(caption);
    else if (!b.chrome && !isBoilerplate(b) && !NAV_SEPARATOR.test(b.text) && !CHROME_LABEL.test(b.text) && !INLINE_LINK.test(b.text)) keep(b.text);
  }

  // An all-caps line with no headline beside it is the headline, printed in capitals.
  if (!result.title && result.kicker) {
    result.title = result.kicker;
    result.kicker = null;
  }

  if (firstContent === -1) {
    for (const b of blocks.slice(headEnd)) if (b.boilerplateShare < BOILERPLATE_MAJORITY && !b.chrome && !b.date) keep(b.text);
  } else {
    for (const b of blocks.slice(firstContent, lastContent + 1)) {
      const caption = b.caption;
      if (caption !== undefined) addCaption(caption);
      else if (b.byline?.labelled && !b.content) takeByline(b, false);
      else if (b.chrome || INLINE_LINK.test(b.text) || footer(b) || (b.date && !b.content)) continue;
      else if (hints.authored ? b.boilerplateShare < BOILERPLATE_MAJORITY || b.words > MAX_BOILERPLATE_LINE_WORDS : !isBoilerplate(b) && !CHROME_LABEL.test(b.text)) keep(b.text);
    }
    // After the article: bylines (bare names only first thing; of several, the one closing the
    // article), captions, the source.
    let sawOther = false;
    for (const b of blocks.slice(lastContent + 1)) {
      if (hints.authored && (b.boilerplateShare < BOILERPLATE_MAJORITY || b.words > MAX_BOILERPLATE_LINE_WORDS)) {
        keep(b.text);
        continue;
      }
      const caption = b.caption;
      if (caption !== undefined) {
        addCaption(caption);
        continue;
      }
      if (b.date) continue;
      if (!sawOther && b.byline && !b.byline.labelled) shapeAuthors.length = 0;
      if (takeByline(b, !sawOther)) continue;
      sawOther = true;
    }
  }

  const authors = labelledAuthors.length > 0 ? labelledAuthors : shapeAuthors;
  result.authors.push(...new Set(authors));
  if (result.authors.length === 0 && hints.author) result.authors.push(normalCaseName(hints.author));
  splitSourceAndInitials(body, result);
  if (hints.source && !result.source) result.source = hints.source;
  result.paragraphs = body.filter(Boolean);
  result.lead = result.paragraphs.find((p) => featuresOf(p).content) ?? null;
  result.published = statedPublication(blocks, hints, headEnd, titleIndex, lastContent);
  return result;
}

/**
 * The line holding the declared headline: the same text, else one part of it when the declaration is a
 * `<title>` that still carries a site or section name on a side the HTML reader could not tell
 * ("Sở Nội vụ - Hội nghị tổng kết …": the page prints "Hội nghị tổng kết …").
 */
function declaredTitleIndex(blocks: Line[], title: string): number {
  // Whitespace, case and punctuation aside, the same text: each line is made comparable once, however often compared.
  const comparable: string[] = [];
  const lineAt = (i: number): string => (comparable[i] ??= comparableText((blocks[i] as Line).text));
  // A text without a letter or a number is the same as nothing.
  const wanted = comparableText(title);
  const exact = wanted ? blocks.findIndex((_, i) => lineAt(i) === wanted) : -1;
  if (exact !== -1) return exact;
  const parts = title.split(/\s+(?:[-–—|»]|::)\s+/u).filter((p) => p.split(/\s+/).length >= MIN_HEADLINE_WORDS);
  if (parts.length < 2) return -1;
  const wantedParts = parts.map(comparableText).filter(Boolean);
  return blocks.findIndex((_, i) => wantedParts.includes(lineAt(i)));
}

/**
 * The publication date the page states: declared in its markup, else a date line labelled as
 * publication, else an unlabelled date line in the header (nearest the headline), else one after the
 * article, else an update date. A print date never counts.
 */
function statedPublication(blocks: Line[], hints: StructureHints, headEnd: number, titleIndex: number, lastContent: number): ArticleStructure['published'] {
  const declared = hints.published && dateOfTimestamp(hints.published.value);
  if (declared && hints.published) return { date: declared, evidence: hints.published.evidence };
  // The header and the page's footer: a date inside the story is never its publication date.
  const tailStart = Math.max(lastContent + 1, headEnd);
  const dated: Array<{ b: Line; i: number }> = [];
  const look = (from: number, to: number): void => {
    for (let i = from; i < Math.min(to, blocks.length); i++) if (blocks[i]?.date) dated.push({ b: blocks[i] as Line, i });
  };
  look(0, headEnd);
  look(tailStart, tailStart + TAIL_DATE_LINES);
  const anchor = titleIndex === -1 ? headEnd : titleIndex;
  const byDistance = (list: typeof dated): typeof dated => [...list].sort((x, y) => Math.abs(x.i - anchor) - Math.abs(y.i - anchor));
  const pick =
    dated.find((x) => x.b.date?.label === 'published') ??
    byDistance(dated.filter((x) => x.i < headEnd && x.b.date?.label === 'none'))[0] ??
    dated.find((x) => x.b.date?.label === 'none') ??
    dated.find((x) => x.b.date?.label === 'updated');
  return pick?.b.date ? { date: pick.b.date.date, evidence: pick.b.text } : null;
}

/** A site's name as its masthead prints it: "Báo Nghệ An", "Cổng Thông tin điện tử tỉnh …", "Tạp chí …". */
const SITE_NAME = /^(?:(?:báo|tạp chí|đài|kênh|truyền hình)\s+\p{Lu}|(?:cổng|trang)\s+(?:thông\s+tin|tin)|website\s)/iu;

/** A line that may be a headline: a phrase, not a date, menu, breadcrumb, byline, counter, banner or site name. */
function mayBeHeadline(b: Line): boolean {
  if (b.chrome || b.date || b.byline || b.dateLine || b.bullet) return false;
  if (SITE_NAME.test(b.text) && b.words <= MAX_SITE_NAME_WORDS && !/\d/u.test(b.text)) return false;
  if (b.words < MIN_HEADLINE_WORDS || b.words > MAX_HEADLINE_WORDS || b.allCaps) return false;
  if (NAV_SEPARATOR.test(b.text) || CHROME_LABEL.test(b.text) || INLINE_LINK.test(b.text)) return false;
  if (b.boilerplateShare >= BOILERPLATE_MAJORITY || b.digitShare > MAX_HEADLINE_DIGIT_SHARE || /[:：]$/u.test(b.text)) return false;
  if (b.caption !== undefined) return false;
  return sentenceEnds(b.text) <= MAX_HEADLINE_SENTENCES;
}

function headlineCandidates(blocks: Line[], before: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < before; i++) if (blocks[i]?.mayBeHeadline) found.push(i);
  return found;
}

/**
 * The headline of a page without declared one: the nearest headline-like line above the first
 * paragraph, one without a final full stop preferred (a short sapo sentence sits there too).
 */
function pickHeadline(blocks: Line[], firstContent: number): number {
  const candidates = headlineCandidates(blocks, firstContent);
  const unstopped = candidates.filter((i) => !/[.…]$/u.test(blocks[i]?.text ?? ''));
  const nearest = unstopped[unstopped.length - 1] ?? candidates[candidates.length - 1] ?? -1;
  // Headline, sapo and an unpunctuated first line stand together above the first paragraph (date and
  // byline lines may sit between): the headline opens that group.
  let top = nearest;
  for (let i = nearest - 1; i >= 0; i--) {
    const b = blocks[i] as Line;
    if (b.date || b.byline) continue;
    // A section line ("Tin tức") above the headline is shorter than any headline.
    if (!b.mayBeHeadline || /[.…]$/u.test(b.text) || b.words < MIN_GROUPED_HEADLINE_WORDS) break;
    top = i;
  }
  return top;
}

function isHeadlineLike(blocks: Line[], i: number): boolean {
  const b = blocks[i];
  if (!b || b.words > MAX_LEADING_HEADLINE_WORDS) return false;
  return sentenceEnds(b.text) <= MAX_HEADLINE_SENTENCES;
}

/** Full stops, question and exclamation marks and ellipses that end a sentence (not "19.5" or "N.Đ"). */
function sentenceEnds(text: string): number {
  return text.match(/[.!?…](?=\s|$)/gu)?.length ?? 0;
}

/**
 * Where the article ends: its last line before the page turns to chrome for good — a byline, a menu
 * or chrome line, a share or tag row. A run of headline-like lines (a related-articles list) ends it
 * too unless the story goes on after the run (then the run was captions or subheadings).
 */
function articleEnd(blocks: Line[], firstContent: number, isContent: (b: Line) => boolean, authored: boolean): number {
  let end = firstContent;
  let boundary = false;
  let run = 0;
  let endBeforeRun = end;
  for (let i = firstContent + 1; i < blocks.length; i++) {
    const b = blocks[i] as Line;
    if (isContent(b)) {
      if (boundary && !authored) break;
      end = i;
      run = 0;
      continue;
    }
    if (boundary) continue;
    if (b.byline?.labelled && !b.byline.credit) {
      boundary = true;
      continue;
    }
    // Captions and bare names stay where they are: inside the story if it goes on, else they close it.
    if (b.caption !== undefined || INLINE_LINK.test(b.text) || b.byline) {
      run = 0;
      continue;
    }
    // A bare name may be a subheading ("Emma Stone") inside the story: only a labelled byline ends it.
    const chromeHeading = b.boilerplateWords >= CHROME_HEADING_BOILERPLATE_WORDS && !b.endsSentence && b.words <= MAX_CHROME_HEADING_WORDS;
    // A line of figures alone (a table cell, a score) is no sign the page turned to chrome.
    const boilerplate = isBoilerplate(b) && /\p{L}/u.test(b.text);
    if (b.chrome || NAV_SEPARATOR.test(b.text) || CHROME_LABEL.test(b.text) || FOOTER_LINE.test(b.text) || boilerplate || chromeHeading || b.date !== undefined) {
      boundary = true;
      continue;
    }
    const listItem = !b.endsSentence && b.words >= MIN_HEADLINE_WORDS && !/[;]/u.test(b.text);
    if (listItem && run === 0) endBeforeRun = end;
    run = listItem ? run + 1 : 0;
    end = i;
  }
  // The lines after the last paragraph were a list of other articles: the story ended before it.
  if (run >= LIST_RUN) end = endBeforeRun;
  return end;
}

/** A bullet, a line without letters, or a short line mostly of boilerplate vocabulary ("Tổng 161", "Xem nhiều"). */
function isBoilerplate(b: BlockFeatures): boolean {
  return b.bullet || !/\p{L}/u.test(b.text) || (b.words <= MAX_BOILERPLATE_LINE_WORDS && b.boilerplateShare >= BOILERPLATE_MAJORITY && b.boilerplateWords > 0);
}

function splitSourceAndInitials(body: string[], result: ArticleStructure): void {
  // The prefix opens the lead, which is the first or (after a sapo or subheading) second paragraph.
  for (const [index, paragraph] of body.slice(0, 2).entries()) {
    const match = SOURCE_PREFIX.exec(paragraph) ?? AGENCY_PREFIX.exec(paragraph);
    if (!match) continue;
    result.source ??= match[1] ?? null;
    body[index] = paragraph.slice(match[0].length);
    break;
  }
  const lastIndex = body.length - 1;
  const last = body[lastIndex];
  if (last !== undefined) {
    const match = closesWithBracket(last) ? TRAILING_INITIALS.exec(last) : null;
    if (match?.[1]) {
      const [author] = match[1].split(/\s*[-–,]\s*/);
      if (author) result.authors.push(author);
      body[lastIndex] = last.slice(0, match.index).trim();
    }
  }
}
