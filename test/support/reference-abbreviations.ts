/** The code before the single scan for the dictionary's abbreviations, kept as the reference it is tested against (test/unit/fast-paths-lines.test.ts). */
import { ABBREVIATIONS } from '../../shared/domain/metadata/abbreviations.ts';
import { docRefSpans } from './reference-doc-refs.ts';

// The dictionary is the live one: what is frozen here is the way it was searched, not its entries.

/** "(BCH)": an abbreviation in parentheses, possibly defined by the words just before it. */
const PARENTHESISED = /\(\s*([\p{Lu}][\p{Lu}-]{1,9})\s*\)/gu;
const BOUNDARY_BEFORE = /[\p{L}\p{N}-]/u;

/**
 * Abbreviations a text uses, with expansions: the text's own definitions first ("Ban Chấp hành
 * (BCH)"), then the dictionary. Codes inside document references ("NQ/TW") are not abbreviations in use.
 */
export function extractAbbreviations(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of text.matchAll(PARENTHESISED)) {
    const abbr = m[1] ?? '';
    if (found[abbr]) continue;
    const initials = abbr.replace(/-/g, '');
    // Take as many words before the parenthesis as the abbreviation has letters, when their initials agree.
    const words = text.slice(Math.max(0, m.index - 120), m.index).trim().split(/[\s,]+/).filter((w) => /^[\p{L}\p{M}]+$/u.test(w));
    const candidate = words.slice(-initials.length);
    if (candidate.length === initials.length && candidate.map((w) => w.charAt(0).toUpperCase()).join('') === initials.toUpperCase()) {
      found[abbr] = candidate.join(' ');
    }
  }
  // The document references are found only once an abbreviation stands as a word: most texts use none.
  let spans: Array<[number, number]> | undefined;
  const refSpans = (): Array<[number, number]> => (spans ??= docRefSpans(text));
  for (const [abbr, expansion] of Object.entries(ABBREVIATIONS)) {
    if (found[abbr] || !usedStandalone(text, abbr, refSpans)) continue;
    found[abbr] = expansion;
  }
  return found;
}

/** True when `abbr` occurs as a word of its own, outside any document reference. */
function usedStandalone(text: string, abbr: string, spans: () => Array<[number, number]>): boolean {
  for (let i = text.indexOf(abbr); i !== -1; i = text.indexOf(abbr, i + 1)) {
    const before = text.charAt(i - 1);
    const after = text.charAt(i + abbr.length);
    if ((before && BOUNDARY_BEFORE.test(before)) || (after && BOUNDARY_BEFORE.test(after))) continue;
    if (spans().some(([start, end]) => i >= start && i < end)) continue;
    return true;
  }
  return false;
}
