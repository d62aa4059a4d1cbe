import { fold, words } from './tokenize.ts';

/**
 * Text normalisation applied to every format after decoding.
 * The displayed text keeps the author's spelling; only invisible or broken characters change.
 */

const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g;
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
// Vertical tab (Word's manual line break), form feed (a page break) and NEL separate words: deleting them would glue two words.
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\u000B\u000C\u0085]+/g;
// Icelandic never starts a word with Ð/ð, Vietnamese text typed on Western layouts often does for Đ/đ.
const ETH_AT_WORD_START = /(^|[^\p{L}\p{M}])([\u00D0\u00F0])(?=\p{L})/gu;
// "tỉnh.Đồng chí": a lower-case word, a sentence end and an upper-case word with no space between.
const MISSING_SPACE_AFTER_SENTENCE = /(\p{Ll}{2})([.!?])(\p{Lu}\p{Ll})/gu;
const STOP_THEN_NON_SPACE = /[.!?]\S/;

export function normalizeText(raw: string): string {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(SPACES, ' ');
  const withD = /[\u00D0\u00F0]/.test(text)
    ? text.replace(ETH_AT_WORD_START, (_m, before: string, eth: string) => before + (eth === '\u00D0' ? 'Đ' : 'đ'))
    : text;
  return withD
    .split('\n')
    // Most lines hold no double space: a plain search rules them out before the pattern runs.
    .map((line) => repairSentenceSpacing((line.includes('  ') ? line.replace(/ {2,}/g, ' ') : line).trim()))
    .join('\n');
}

/** Inserts the missing space in `tỉnh.Đồng chí` but leaves URLs, e-mail addresses and `N.Đ` alone. */
export function repairSentenceSpacing(line: string): string {
  // Most lines have a space after every stop: a plain scan rules them out before the Unicode pattern runs.
  if (!STOP_THEN_NON_SPACE.test(line)) return line;
  return line.replace(MISSING_SPACE_AFTER_SENTENCE, (match: string, before: string, stop: string, after: string, offset: number) => {
    // The word the match sits in, up to the nearest whitespace on each side (never the whole line).
    const start = line.lastIndexOf(' ', offset) + 1;
    const end = line.indexOf(' ', offset + match.length);
    const token = line.slice(start, end === -1 ? undefined : end);
    return /[/@]|www\.|\.(com|vn|org|net)\b/i.test(token) ? match : `${before}${stop} ${after}`;
  });
}

/**
 * Number of whitespace-separated words holding a letter or digit ("18-NQ/TW" is one word), counted
 * in one pass without building an array (inputs can be tens of megabytes).
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      counted = false;
    }
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;
    if (alnum && !counted) {
      count++;
      counted = true;
    }
  }
  return count;
}

/** Collapses all whitespace (including U+00A0) to single spaces, as the gold files are compared. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Folds text for accent-insensitive matching: tone marks and other diacritics removed, `đ` → `d`
 * (Unicode does not decompose đ, so NFD alone leaves it), lower-cased.
 */
export const foldDiacritics = fold;

/** Word tokens (runs of letters, digits and marks), as the search engines split them. */
export const wordTokens = words;
