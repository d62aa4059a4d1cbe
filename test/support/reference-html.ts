/** Code of decode/html.ts before its fast paths, kept as the reference they are tested against (test/unit/clean-fast-paths.test.ts). */
import { MAX_NESTING } from '../../shared/domain/decode/html.ts';

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const TAG = /<(\/?)([a-zA-Z][\w:-]*)(?=[\s/>])[^>]*>/g;

/** `capNesting` as it was: every tag read, whatever the page's length. */
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

/** A block's text as `flush` tidied it. */
export const collapsed = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Whether a tidied block has 40 words or more, as `flush` counted them. */
export const fortyWordsOrMore = (text: string): boolean => !(text.split(' ').length < 40);

/** A headline as `agreedHeadline` and the structure step's `sameText` compared it, with one pattern. */
export const comparableText = (s: string): string => s.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
