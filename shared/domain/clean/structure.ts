import { captionOf } from './captions.ts';
import { featuresOf, type BlockFeatures } from './block-features.ts';

/** The article inside a scraped page: headline parts, body paragraphs, captions and bylines. */
export interface ArticleStructure {
  title: string | null;
  kicker: string | null;
  section: string | null;
  source: string | null;
  authors: string[];
  /** The line the publication date was read from when it stands on its own (e.g. "Thứ ba 20/4/2021"). */
  dateLine: string | null;
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
  title?: string | undefined;
  source?: string | undefined;
  author?: string | undefined;
}

/** "(Baonghean.vn) -": the publisher as a domain name in parentheses opening the lead. */
const SOURCE_PREFIX = /^\(\s*([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.[a-z]{2,6})\s*\)\s*[-–—:]?\s*/iu;
/** "… thông suốt. ( HY- VPTU)": author initials and their office closing the last paragraph. */
const TRAILING_INITIALS = /\s*\(\s*([\p{Lu}]{1,6}\s*[-–]\s*[\p{Lu}]{1,8})\s*\)\s*$/u;
/** "HÀN GIANG - PHƯƠNG GIANG |": an all-caps byline with separators. */
const BYLINE_SEPARATORS = /\s*[-–|,;&]\s*|\s+và\s+|\s+and\s+/iu;

export function extractStructure(lines: string[], hints: StructureHints = {}): ArticleStructure {
  const blocks = lines.map((l) => l.trim()).filter(Boolean).map(featuresOf);
  const result: ArticleStructure = {
    title: null, kicker: null, section: null, source: null, authors: [], dateLine: null, lead: null, paragraphs: [], captions: [],
  };
  let firstContent = blocks.findIndex((b) => b.content);
  // A one-sentence headline ("Năm 2012, Đảng bộ … được giao.") is long enough to look like content;
  // when the lines above it hold no headline, it is the headline.
  if (firstContent !== -1 && !hasHeadlineCandidate(blocks.slice(0, firstContent)) && isHeadlineLike(blocks, firstContent)) {
    const next = blocks.findIndex((b, i) => i > firstContent && b.content);
    if (next !== -1) firstContent = next;
  }
  let lastContent = -1;
  blocks.forEach((b, i) => {
    if (b.content) lastContent = i;
  });

  const body: string[] = [];
  const seen = new Set<string>();
  const keep = (text: string): void => {
    if (seen.has(text)) return; // photo captions and pull quotes printed twice
    seen.add(text);
    body.push(text);
  };
  const addCaption = (caption: string): void => {
    if (caption && !result.captions.includes(caption)) result.captions.push(caption);
  };

  const headEnd = firstContent === -1 ? Math.min(blocks.length, 1) : firstContent;
  readHeader(blocks.slice(0, headEnd), result, keep, addCaption);
  if (firstContent === -1) {
    for (const b of blocks.slice(headEnd)) if (b.boilerplateShare < 0.5) keep(b.text);
  } else {
    for (const b of blocks.slice(firstContent, lastContent + 1)) {
      const caption = captionOf(b.text);
      if (caption !== undefined) addCaption(caption);
      else if (hints.authored ? b.boilerplateShare < 0.5 || b.words > 12 : !isBoilerplate(b)) keep(b.text);
    }
    for (const b of blocks.slice(lastContent + 1)) {
      if (hints.authored && (b.boilerplateShare < 0.5 || b.words > 12)) keep(b.text);
      else readTail(b, result, keep, addCaption);
    }
  }

  if (hints.title && !result.title) result.title = hints.title;
  if (hints.author && result.authors.length === 0) result.authors.push(hints.author);
  splitSourceAndInitials(body, result);
  if (hints.source && !result.source) result.source = hints.source;
  result.paragraphs = body.filter(Boolean);
  result.lead = result.paragraphs.find((p) => featuresOf(p).content) ?? null;
  return result;
}

function readHeader(
  head: BlockFeatures[],
  result: ArticleStructure,
  keep: (text: string) => void,
  addCaption: (caption: string) => void,
): void {
  head.forEach((b, i) => {
    const later = head.slice(i + 1).filter((x) => !x.dateLine);
    if (b.dateLine && !result.dateLine) result.dateLine = b.text;
    else if (!result.title && b.allCaps && b.words >= 4 && !looksLikeByline(b)) result.kicker ??= b.text;
    else if (looksLikeByline(b) && (result.title || b.allCaps)) result.authors.push(...bylineNames(b.text));
    else if (!result.title && !result.section && b.words <= 3 && !b.endsSentence && later.length > 0) result.section = b.text;
    else if (!result.title) result.title = b.text;
    else {
      const caption = captionOf(b.text);
      if (caption !== undefined) addCaption(caption);
      else if (!isBoilerplate(b)) keep(b.text);
    }
  });
}

function hasHeadlineCandidate(head: BlockFeatures[]): boolean {
  const texts = head.filter((b) => !b.dateLine && !looksLikeByline(b) && !(b.allCaps && b.words >= 4));
  return texts.some((b) => b.words > 3 || b.endsSentence) || texts.length >= 2;
}

function isHeadlineLike(blocks: BlockFeatures[], i: number): boolean {
  const b = blocks[i];
  if (!b || b.words > 35) return false;
  const sentenceEnds = b.text.match(/[.!?…](?=\s|$)/gu)?.length ?? 0;
  return sentenceEnds <= 1;
}

function readTail(
  b: BlockFeatures,
  result: ArticleStructure,
  keep: (text: string) => void,
  addCaption: (caption: string) => void,
): void {
  const caption = captionOf(b.text);
  if (caption !== undefined) addCaption(caption);
  else if (looksLikeByline(b)) result.authors.push(...bylineNames(b.text));
  else if (b.endsSentence && !b.isQuestion && b.words >= 6 && !isBoilerplate(b)) keep(b.text);
}

function isBoilerplate(b: BlockFeatures): boolean {
  return b.bullet || (b.words <= 12 && b.boilerplateShare >= 0.5);
}

function looksLikeByline(b: BlockFeatures): boolean {
  if (b.nameLike && !b.endsSentence) return true;
  if (!b.allCaps || b.words > 12 || /\d/.test(b.text)) return false;
  const names = bylineNames(b.text);
  return names.length >= 1 && /[|]\s*$|\s[-–]\s/u.test(b.text);
}

function bylineNames(text: string): string[] {
  return text
    .replace(/^(?:by|bài và ảnh|bài|tác giả)\s*:?\s+/iu, '')
    .split(BYLINE_SEPARATORS)
    .map((n) => n.replace(/[|]/g, '').trim())
    .filter((n) => n.length > 0)
    .map(normalCaseName);
}

/** "HÀN GIANG" → "Hàn Giang"; initials such as "HY" stay as written. */
export function normalCaseName(name: string): string {
  const words = name.split(/\s+/);
  if (words.length === 1 && name.length <= 4) return name;
  return words
    .map((w) => (w === w.toUpperCase() ? w.charAt(0) + w.slice(1).toLocaleLowerCase('vi') : w))
    .join(' ');
}

function splitSourceAndInitials(body: string[], result: ArticleStructure): void {
  // The prefix opens the lead, which is the first or (after a sapo or subheading) second paragraph.
  for (const [index, paragraph] of body.slice(0, 2).entries()) {
    const match = SOURCE_PREFIX.exec(paragraph);
    if (!match) continue;
    result.source = match[1] ?? null;
    body[index] = paragraph.slice(match[0].length);
    break;
  }
  const lastIndex = body.length - 1;
  const last = body[lastIndex];
  if (last !== undefined) {
    const match = TRAILING_INITIALS.exec(last);
    if (match?.[1]) {
      const [author] = match[1].split(/\s*[-–,]\s*/);
      if (author) result.authors.push(author);
      body[lastIndex] = last.slice(0, match.index).trim();
    }
  }
}
