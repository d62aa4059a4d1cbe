import { Parser } from 'htmlparser2';
import { comparableText } from '../text/normalize.ts';

/** Text blocks from an HTML page, with what the page itself says about the article. */
export interface HtmlText {
  /** The headline by agreement of `<h1>`, `og:title`, JSON-LD `headline` and `<title>` minus the site name. */
  title: string | undefined;
  siteName: string | undefined;
  author: string | undefined;
  /** Publication time as the page declares it: `article:published_time`, JSON-LD `datePublished`, `<time datetime>`. */
  published: { value: string; evidence: string } | undefined;
  /** One entry per block-level element, in reading order. */
  blocks: string[];
  /**
   * Per block: the page's structure marks it as chrome — mostly link text (menus, tag and
   * related-article lists) or inside an element whose class or id names a page part that never holds
   * the story (share bars, comments, breadcrumbs, sidebars). A feature for the structure step, which
   * may still read a byline or a date from such a block.
   */
  chrome: boolean[];
}

// Elements that never hold article text. A <form> is not among them: some sites wrap the whole page in one.
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'nav', 'footer', 'aside', 'iframe', 'svg', 'button', 'select', 'textarea', 'menu', 'head']);
const BLOCKS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section', 'article', 'main',
  'blockquote', 'pre', 'figure', 'figcaption', 'dd', 'dt', 'dl', 'hr', 'header', 'address', 'caption', 'form',
]);
/** Table cells: a data row reads as one line ("Riverside $120,000"); layout columns and cells holding paragraphs split. */
const CELLS = new Set(['td', 'th']);
/** A block whose text is mostly link text and short is a menu, a tag list or a related-articles list. */
const MAX_LINK_DENSITY = 0.5;
/**
 * Class and id words of page parts that never hold the story, as CMS themes name them (WordPress,
 * Drupal, Joomla and the Vietnamese news CMSs alike). Matched as whole words of the attribute.
 */
const CHROME_HINT = /(?:^|[\s_-])(?:comments?|share|sharing|social|related|relate|tags?|keywords?|breadcrumbs?|menu|navbar|sidebar|widget|banner|ads?|advert\w*|cookie|subscribe|newsletter|login|weather|popular|most-?read|ticker|toolbar|pagination|footer)(?:$|[\s_-])/i;

/** Whether `text` holds `unit` at least `count` times (searched no further than that). */
export function holdsAtLeast(text: string, unit: string, count: number): boolean {
  let found = 0;
  for (let at = text.indexOf(unit); at !== -1 && found < count; at = text.indexOf(unit, at + 1)) found++;
  return found >= count;
}

interface OpenBlock {
  text: string;
  linkChars: number;
}

/** Browsers stop nesting elements at this depth (Chromium's tree builder does); so do we. */
export const MAX_NESTING = 512;
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][\w:-]*)(?=[\s/>])[^>]*>/g;

/**
 * Drops tags nested deeper than MAX_NESTING, in one linear pass. The parser keeps its open-element
 * stack with Array#unshift, so 200,000 nested <div>s would otherwise cost quadratic time.
 */
export function capNesting(html: string): string {
  // Every element opened takes a tag, and every tag a `<`: with no more of them than that, no
  // element can be nested too deep, known without reading the tags.
  if (!holdsAtLeast(html, '<', MAX_NESTING + 1)) return html;
  let depth = 0;
  let deepest = 0;
  for (const m of html.matchAll(TAG)) {
    if (VOID_ELEMENTS.has((m[2] ?? '').toLowerCase()) || m[0].endsWith('/>')) continue;
    depth = Math.max(0, depth + (m[1] ? -1 : 1));
    deepest = Math.max(deepest, depth);
  }
  if (deepest <= MAX_NESTING) return html;
  depth = 0;
  return html.replace(TAG, (tag: string, close: string, name: string) => {
    if (VOID_ELEMENTS.has(name.toLowerCase()) || tag.endsWith('/>')) return tag;
    if (close) {
      const dropped = depth > MAX_NESTING;
      depth = Math.max(0, depth - 1);
      return dropped ? '' : tag;
    }
    return ++depth > MAX_NESTING ? '' : tag;
  });
}

export function htmlToText(rawHtml: string): HtmlText {
  const html = capNesting(rawHtml);
  const blocks: string[] = [];
  const chrome: boolean[] = [];
  let current: OpenBlock = { text: '', linkChars: 0 };
  let skipDepth = 0;
  let linkDepth = 0;
  let articleDepth = 0;
  /** Depth of open elements whose class or id is a chrome hint (void elements never count). */
  let chromeDepth = 0;
  const chromeStack: boolean[] = [];
  let inTitle = false;
  let inJsonLd = false;
  let jsonLd = '';
  let h1Depth = 0;
  let h1Done = false;
  let titleTag = '';
  let h1 = '';
  let timeDatetime: string | undefined;
  const meta: Record<string, string> = {};

  const flush = (): void => {
    const text = collapsed(current.text);
    if (text) {
      const linkDensity = current.linkChars / text.length;
      blocks.push(text);
      // Under 40 words (39 spaces once collapsed), asked only of a block that is mostly link text.
      chrome.push(chromeDepth > 0 || (linkDensity > MAX_LINK_DENSITY && !holdsAtLeast(text, ' ', 39)));
    }
    current = { text: '', linkChars: 0 };
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'meta') {
          const key = (attrs.property ?? attrs.name ?? attrs.itemprop ?? '').toLowerCase();
          if (key && attrs.content && !(key in meta)) meta[key] = attrs.content;
          return;
        }
        if (name === 'title') inTitle = true;
        if (name === 'script' && (attrs.type ?? '').toLowerCase() === 'application/ld+json') inJsonLd = true;
        if (skipDepth > 0 || SKIPPED.has(name) || (name === 'header' && articleDepth === 0)) {
          skipDepth++;
          return;
        }
        if (name === 'time' && timeDatetime === undefined && attrs.datetime && chromeDepth === 0) timeDatetime = attrs.datetime;
        if (VOID_ELEMENTS.has(name)) {
          if (name === 'br' || name === 'hr') flush();
          return;
        }
        const hinted = CHROME_HINT.test(`${attrs.class ?? ''} ${attrs.id ?? ''}`) && name !== 'body' && name !== 'html';
        chromeStack.push(hinted);
        if (hinted) chromeDepth++;
        if (name === 'article' || name === 'main') articleDepth++;
        if (name === 'h1') h1Depth++;
        if (name === 'a') linkDepth++;
        if (BLOCKS.has(name)) flush();
        else if (CELLS.has(name)) {
          // A short cell of plain text before this one is a data cell of the same row; link text or a
          // long cell is a layout column (a menu, a sidebar) and stands alone.
          const before = current.text.trim();
          if (before && current.linkChars * 2 < before.length && before.length <= 200) current.text += ' ';
          else flush();
        }
      },
      ontext(data) {
        if (inTitle) titleTag += data;
        if (inJsonLd) jsonLd += data;
        if (skipDepth > 0) return;
        if (h1Depth > 0 && !h1Done) h1 += data;
        current.text += data;
        if (linkDepth > 0) current.linkChars += data.trim().length;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (name === 'script' && inJsonLd) {
          inJsonLd = false;
          jsonLd += '\n';
        }
        if (name === 'meta') return; // opened without touching skipDepth, so closed the same way
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (VOID_ELEMENTS.has(name)) return;
        if (BLOCKS.has(name)) flush();
        if (chromeStack.pop()) chromeDepth--;
        if (name === 'article' || name === 'main') articleDepth = Math.max(0, articleDepth - 1);
        if (name === 'h1' && h1Depth > 0 && --h1Depth === 0 && h1.trim()) h1Done = true;
        if (name === 'a') linkDepth = Math.max(0, linkDepth - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();

  const ld = linkedData(jsonLd);
  const siteName = clean(meta['og:site_name']) ?? ld.publisher;
  return {
    title: agreedHeadline([clean(h1), clean(meta['og:title']), ld.headline, clean(meta['twitter:title']), withoutSiteName(clean(titleTag), siteName)]),
    siteName,
    author: clean(meta['author'] ?? meta['article:author']) ?? ld.author,
    published: declaredPublication(meta, ld.datePublished, timeDatetime),
    blocks,
    chrome,
  };
}

/** White space `collapsed` must rewrite inside a trimmed text: a character other than a space, or two in a row. */
const UNCOLLAPSED = /[^\S ]|\s\s/;

/**
 * `text.replace(/\s+/g, ' ').trim()`, trimmed first: then a block whose words are already one space
 * apart (most paragraphs) is not rebuilt match by match.
 */
export function collapsed(text: string): string {
  const trimmed = text.trim();
  return UNCOLLAPSED.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

const clean = (s: string | undefined): string | undefined => (s && collapsed(s)) || undefined;

/** The first candidate that another one agrees with (equal or one inside the other), else the first there is. */
function agreedHeadline(candidates: Array<string | undefined>): string | undefined {
  const present = candidates.filter((c): c is string => Boolean(c) && (c?.length ?? 0) <= 500);
  // Made once per candidate, not once per pair compared.
  const comparable = present.map(comparableText);
  for (const [i, mine] of comparable.entries()) {
    if (!mine) continue;
    const agreed = comparable.some((theirs, j) => {
      if (j === i) return false;
      return theirs === mine || (theirs.length > 0 && (theirs.includes(mine) || mine.includes(theirs)) && Math.min(theirs.length, mine.length) >= 12);
    });
    if (agreed) return present[i];
  }
  return present[0];
}

/**
 * `<title>` without the site name: "Headline - Site", "Site | Headline". Only the last or the first
 * part is cut (a headline may hold " - " itself): the declared site name, else the shorter end part.
 */
function withoutSiteName(title: string | undefined, siteName: string | undefined): string | undefined {
  if (!title) return undefined;
  const separator = /\s+(?:[-–—|»]|::)\s+/gu;
  const cuts = [...title.matchAll(separator)];
  const first = cuts[0];
  const last = cuts[cuts.length - 1];
  if (!first || !last) return title;
  const head = title.slice(0, first.index);
  const tail = title.slice((last.index ?? 0) + last[0].length);
  const withoutTail = title.slice(0, last.index);
  const withoutHead = title.slice((first.index ?? 0) + first[0].length);
  if (siteName) {
    const site = comparableText(siteName);
    if (comparableText(tail) === site) return withoutTail;
    if (comparableText(head) === site) return withoutHead;
  }
  // Site and section names are short: cut the shorter end when it is much shorter than the rest.
  if (tail.length * 2 <= withoutTail.length) return withoutTail;
  if (head.length * 2 <= withoutHead.length && /[|»]/u.test(first[0])) return withoutHead;
  return title;
}

interface LinkedData {
  headline?: string;
  datePublished?: string;
  author?: string;
  publisher?: string;
}

/** The article object of the page's JSON-LD (schema.org Article, NewsArticle, BlogPosting …), tolerant of bad JSON. */
function linkedData(scripts: string): LinkedData {
  const found: LinkedData = {};
  for (const script of scripts.split('\n').filter((s) => s.trim())) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(script);
    } catch {
      continue;
    }
    const queue: unknown[] = [parsed];
    for (let i = 0; i < queue.length && i < 200; i++) {
      const node = queue[i];
      if (Array.isArray(node)) {
        queue.push(...node);
        continue;
      }
      if (!node || typeof node !== 'object') continue;
      const record = node as Record<string, unknown>;
      if (Array.isArray(record['@graph'])) queue.push(...record['@graph']);
      const type = String(record['@type'] ?? '');
      if (!/Article|Posting|Report|WebPage/i.test(type)) continue;
      if (typeof record.headline === 'string') found.headline ??= clean(record.headline);
      if (typeof record.datePublished === 'string') found.datePublished ??= record.datePublished;
      found.author ??= nameOf(record.author);
      found.publisher ??= nameOf(record.publisher);
    }
  }
  return found;
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return nameOf(value[0]);
  if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') return clean((value as { name: string }).name);
  return undefined;
}

/** The publication time the page declares, in order of how specific the declaration is. */
function declaredPublication(meta: Record<string, string>, ldDate: string | undefined, timeDatetime: string | undefined): HtmlText['published'] {
  const declared: Array<[string | undefined, string]> = [
    [meta['article:published_time'], 'article:published_time'],
    [ldDate, 'JSON-LD datePublished'],
    [meta['datepublished'], 'itemprop datePublished'],
    [meta['pubdate'] ?? meta['publishdate'] ?? meta['dc.date.issued'] ?? meta['dc.date'] ?? meta['date'], 'meta date'],
    [timeDatetime, '<time datetime>'],
  ];
  for (const [value, source] of declared) {
    const v = clean(value);
    if (v && /^\d{4}-\d{2}-\d{2}/.test(v)) return { value: v, evidence: `${source} ${v}` };
  }
  return undefined;
}
