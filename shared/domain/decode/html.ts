import { Parser } from 'htmlparser2';

/** Text blocks from an HTML page, with the page's own hints for title and publisher. */
export interface HtmlText {
  title: string | undefined;
  siteName: string | undefined;
  author: string | undefined;
  published: string | undefined;
  /** One entry per block-level element, in reading order, navigation-like blocks removed. */
  blocks: string[];
}

// Elements that never hold article text.
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'nav', 'footer', 'aside', 'form', 'iframe', 'svg', 'button', 'select', 'menu', 'head']);
const BLOCKS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section', 'article', 'main',
  'blockquote', 'pre', 'figure', 'figcaption', 'dd', 'dt', 'dl', 'hr', 'header', 'address', 'caption', 'td', 'th',
]);
/** A block whose text is mostly link text and short is a menu, a tag list or a related-articles list. */
const MAX_LINK_DENSITY = 0.5;

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
  let current: OpenBlock = { text: '', linkChars: 0 };
  let skipDepth = 0;
  let linkDepth = 0;
  let articleDepth = 0;
  let inTitle = false;
  let inH1 = false;
  let titleTag = '';
  let h1 = '';
  const meta: Record<string, string> = {};

  const flush = (): void => {
    const text = current.text.replace(/\s+/g, ' ').trim();
    const words = text.split(' ').length;
    const linkDensity = text.length === 0 ? 0 : current.linkChars / text.length;
    if (text && !(linkDensity > MAX_LINK_DENSITY && words < 40)) blocks.push(text);
    current = { text: '', linkChars: 0 };
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'meta') {
          const key = (attrs.property ?? attrs.name ?? '').toLowerCase();
          if (key && attrs.content) meta[key] = attrs.content;
          return;
        }
        if (name === 'title') inTitle = true;
        if (skipDepth > 0 || SKIPPED.has(name) || (name === 'header' && articleDepth === 0)) {
          skipDepth++;
          return;
        }
        if (name === 'article' || name === 'main') articleDepth++;
        if (name === 'h1') inH1 = true;
        if (name === 'a') linkDepth++;
        if (BLOCKS.has(name)) flush();
      },
      ontext(data) {
        if (inTitle) titleTag += data;
        if (skipDepth > 0) return;
        if (inH1) h1 += data;
        current.text += data;
        if (linkDepth > 0) current.linkChars += data.trim().length;
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (name === 'meta') return; // opened without touching skipDepth, so closed the same way
        if (skipDepth > 0) {
          skipDepth--;
          return;
        }
        if (name === 'article' || name === 'main') articleDepth = Math.max(0, articleDepth - 1);
        if (name === 'h1') inH1 = false;
        if (name === 'a') linkDepth = Math.max(0, linkDepth - 1);
        if (BLOCKS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();

  const clean = (s: string | undefined): string | undefined => s?.replace(/\s+/g, ' ').trim() || undefined;
  return {
    title: clean(h1) ?? clean(meta['og:title']) ?? clean(titleTag),
    siteName: clean(meta['og:site_name']),
    author: clean(meta['author'] ?? meta['article:author']),
    published: clean(meta['article:published_time'] ?? meta['date']),
    blocks,
  };
}
