import { fold, isUpperCaseCode, TABLED_CODES, words } from './tokenize.ts';

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
/**
 * What every match of MISSING_SPACE_AFTER_SENTENCE holds: a line without it is left as it is before
 * that pattern (and its replacer) runs. Most lines with a stop before a non-space ("Baonghean.vn",
 * "T.H") have no lower-case letter before it or capital after it.
 */
const STOP_BETWEEN_CASES = /\p{Ll}[.!?]\p{Lu}/u;

/**
 * Code units one of the replacements below changes: CR, INVISIBLE, CONTROL, SPACES, and Ð/ð (which
 * ETH_AT_WORD_START may change). NFC never makes one of them from others, so a text that holds none
 * after NFC gives the replacements nothing to do.
 */
const REPLACED_RANGES = [[0x00, 0x09], [0x0b, 0x1f], [0x7f, 0xa0], [0xad, 0xad], [0xd0, 0xd0], [0xf0, 0xf0], [0x1680, 0x1680], [0x2000, 0x200d], [0x202f, 0x202f], [0x205f, 0x2060], [0x3000, 0x3000], [0xfeff, 0xfeff]] as const;
/** Those code units as one class (no `u` flag: code units, as `charCodeAt` reads them). */
const REPLACED_CLASS = `[${REPLACED_RANGES.map(([from, to]) => `\\u${hex4(from)}-\\u${hex4(to)}`).join('')}]`;

/** REPLACED_CLASS, tested on its own. */
const REPLACED = new RegExp(REPLACED_CLASS);
/**
 * Where a line of a text without REPLACED code units may change when tidied: two spaces in a row, a
 * space before or after a line break (what `trim` removes; a space opening or closing the whole text
 * is looked at apart), a sentence stop before anything but white space (STOP_BETWEEN_CASES, if the
 * code units around it allow it), and a line or paragraph separator (the only other white space such
 * a text can hold). A line without any is left as it is by every step of the tidying.
 */
const MAY_CHANGE = '  | \\n|\\n |[.!?]\\S|[\\u2028\\u2029]';
const TIDIED_AT = new RegExp(MAY_CHANGE, 'g');
/** The same, or a code unit of REPLACED: one scan finds the lines to tidy or that the replacements must run. */
const TIDIED_OR_REPLACED_AT = new RegExp(`${REPLACED_CLASS}|${MAY_CHANGE}`, 'g');

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}

export function normalizeText(raw: string): string {
  // The replacements of the character pass after NFC (CR first: it composes with nothing, so the order does not matter).
  const nfc = raw.normalize('NFC');
  return tidyLines(nfc, true) ?? (tidyLines(replaceCharacters(raw), false) as string);
}

function replaceCharacters(raw: string): string {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(SPACES, ' ');
  return /[\u00D0\u00F0]/.test(text)
    ? text.replace(ETH_AT_WORD_START, (_m, before: string, eth: string) => before + (eth === '\u00D0' ? 'Đ' : 'đ'))
    : text;
}

/**
 * Each line with runs of spaces collapsed, trimmed and its sentence spacing repaired:
 * `text.split('\n').map(…).join('\n')`, where only the lines MAY_CHANGE finds are cut out and
 * rebuilt: most lines of a text need nothing. With `untilReplaced`, undefined as soon as a code unit
 * of REPLACED is found (the same scan).
 */
function tidyLines(text: string, untilReplaced: boolean): string | undefined {
  const at = untilReplaced ? TIDIED_OR_REPLACED_AT : TIDIED_AT;
  const tidying: Tidying = { text, untilReplaced, at, pieces: undefined, copiedTo: 0, lineStart: -1 };
  at.lastIndex = 0;
  // A space opening the text has no line break before it for the pattern to find.
  if (text.charCodeAt(0) === 32 && !tidyAndSkip(tidying, 0, 0)) return undefined;
  for (let match = at.exec(text); match !== null; match = at.exec(text)) {
    const found = match.index;
    const unit = text.charCodeAt(found);
    at.lastIndex = found + 1;
    const stop = unit === 0x2e || unit === 0x21 || unit === 0x3f;
    if (untilReplaced && !stop && unit !== 32 && unit !== 10 && unit !== 0x2028 && unit !== 0x2029) {
      at.lastIndex = 0;
      return undefined;
    }
    if (stop && !mayStandBetweenCases(text, found)) continue;
    // "\n ": the space opens the next line; anything else is in the line it stands in (the first
    // match in it: the lines tidied so far are skipped whole).
    const start = unit === 10 ? found + 1 : text.lastIndexOf('\n', found) + 1;
    if (!tidyAndSkip(tidying, start, found + 1)) {
      at.lastIndex = 0;
      return undefined;
    }
  }
  // Nor a space closing it a line break after it.
  if (text.charCodeAt(text.length - 1) === 32) {
    const start = text.lastIndexOf('\n') + 1;
    if (start !== tidying.lineStart) tidyLine(tidying, start);
  }
  if (!tidying.pieces) return text;
  tidying.pieces.push(text.slice(tidying.copiedTo));
  return tidying.pieces.join('');
}

/**
 * Tidies the line starting at `start` and goes on after it: the rest of the line (from `from`) is
 * only looked at for a code unit of REPLACED, once, so a long line is never scanned again per match
 * (a megabyte of spaces on one line holds a match at every code unit). False when one is there.
 */
function tidyAndSkip(tidying: Tidying, start: number, from: number): boolean {
  const end = tidyLine(tidying, start);
  if (tidying.untilReplaced && from < end && REPLACED.test(tidying.text.slice(from, end))) return false;
  tidying.at.lastIndex = end;
  return true;
}

/** A text being tidied: how, the pieces of the result so far, where the text is copied up to, the start of the line last tidied. */
interface Tidying {
  text: string;
  /** Whether a code unit of REPLACED is looked for too, with `at` (TIDIED_OR_REPLACED_AT, else TIDIED_AT). */
  untilReplaced: boolean;
  at: RegExp;
  pieces: string[] | undefined;
  copiedTo: number;
  lineStart: number;
}

/** Tidies the line starting at `start` (after the lines tidied so far); where it ends. */
function tidyLine(tidying: Tidying, start: number): number {
  const { text } = tidying;
  tidying.lineStart = start;
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  const line = text.slice(start, end);
  // Most lines hold no double space: a plain search rules them out before the pattern runs.
  const tidied = repairSentenceSpacing((line.includes('  ') ? line.replace(/ {2,}/g, ' ') : line).trim());
  if (tidied !== line) {
    (tidying.pieces ??= []).push(text.slice(tidying.copiedTo, start), tidied);
    tidying.copiedTo = end;
  }
  return end;
}

/** Whether the stop at `at` may have a lower-case letter before it and a capital after it (false only when neither can be). */
function mayStandBetweenCases(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 1);
  if (next < TABLED_CODES && !isUpperCaseCode(next)) return false;
  const previous = text.charCodeAt(at - 1);
  if (previous >= 0xdc00 && previous <= 0xdfff) return true;
  return LOWER_CASE_LETTER.test(String.fromCharCode(previous));
}

const LOWER_CASE_LETTER = /^\p{Ll}$/u;

/** Inserts the missing space in `tỉnh.Đồng chí` but leaves URLs, e-mail addresses and `N.Đ` alone. */
export function repairSentenceSpacing(line: string): string {
  if (!STOP_BETWEEN_CASES.test(line)) return line;
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
  // 0 between words, 1 in a word not yet counted (no letter or digit so far), 2 in a counted word:
  // the rest of a counted word is only searched for its end.
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0) {
      state = 0;
      continue;
    }
    if (state === 2) continue;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0) {
      count++;
      state = 2;
    } else state = 1;
  }
  return count;
}

/** Whether each BMP code unit is a letter or a number (1) or not (2), learnt when first met (0). */
const LETTER_OR_NUMBER = new Uint8Array(0x10000);
const LETTER_OR_NUMBER_PATTERN = /^[\p{L}\p{N}]$/u;

/** Whether the character of `size` code units at `at` is a letter or a number. */
function isLetterOrNumberAt(text: string, at: number, size: number): boolean {
  if (size === 2) return LETTER_OR_NUMBER_PATTERN.test(text.slice(at, at + 2));
  const code = text.charCodeAt(at);
  let verdict = LETTER_OR_NUMBER[code] as number;
  if (verdict === 0) LETTER_OR_NUMBER[code] = verdict = LETTER_OR_NUMBER_PATTERN.test(String.fromCharCode(code)) ? 1 : 2;
  return verdict === 1;
}

/**
 * A text as two headlines are compared, whitespace, case and punctuation aside:
 * `text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()`, the runs found
 * with a table instead of that pattern (whose global replace cost about 50 ns a code unit).
 */
export function comparableText(text: string): string {
  const lower = text.normalize('NFC').toLowerCase();
  let out = '';
  let runStart = 0; // where the run of letters and numbers being read started
  let between = false; // reading characters that are neither
  for (let i = 0; i < lower.length; ) {
    const code = lower.charCodeAt(i);
    // A surrogate pair is one character, as the pattern's `u` flag reads it.
    const size = code >= 0xd800 && code <= 0xdbff && (lower.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    if (isLetterOrNumberAt(lower, i, size)) {
      if (between) {
        out += ' ';
        runStart = i;
        between = false;
      }
    } else if (!between) {
      out += lower.slice(runStart, i);
      between = true;
    }
    i += size;
  }
  if (!between) out += lower.slice(runStart);
  return out.trim();
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
