/**
 * The end of `bylineOf` before its lower-case gate and `creditOf` before its capitals gate (issue 15),
 * kept as the references `namesByline` and `creditOf` are tested against
 * (test/unit/struct-fast-paths.test.ts); the shapes, separators and marks are the live ones.
 */
import {
  closesWithBracket, COMPILED_MARK, holdsTheo, isNameShape, isPlausibleName, NAME_SEPARATORS, names, normalCaseName, type Byline,
} from '../../shared/domain/clean/bylines.ts';
import { isPatternSpace } from '../../shared/domain/text/tokenize.ts';
import { isVietnameseSyllable } from '../../shared/domain/text/vietnamese-syllable.ts';

/** `mayHoldParts` as a loop over the code units, before it was a pattern. */
export function mayHoldParts(text: string): boolean {
  if (text.includes('|')) return true;
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const space = isPatternSpace(text.charCodeAt(i));
    if (space && previousSpace) return true;
    previousSpace = space;
  }
  return false;
}

export function namesByline(namesText: string, labelled: boolean): Byline | undefined {
  const raw = namesText.split(NAME_SEPARATORS).map((n) => n.replace(/[|:]/g, '').trim()).filter(Boolean);
  if (raw.length === 0 || raw.length > 6) return undefined;
  if (labelled) {
    if (!raw.every((n) => isNameShape(n) || /^\p{Lu}[\p{L}.]*$/u.test(n))) return undefined;
    return { authors: raw.map(normalCaseName), source: null, labelled: true };
  }
  if (/\p{L}{3}\.$/u.test(namesText.slice(-7)) || !raw.every(isPlausibleName)) return undefined;
  return { authors: raw.map(normalCaseName), source: null, labelled: false };
}

export function creditOf(text: string): Byline | undefined {
  const withoutTheo = text.replace(/^theo\s+/iu, '');
  let rest = withoutTheo;
  let source: string | null = null;
  const theo = holdsTheo(rest) ? /\s+theo\s+(.+)$/iu.exec(rest) : null;
  if (theo?.[1]) {
    source = theo[1].replace(/[/\s]+$/u, '');
    rest = rest.slice(0, theo.index);
  }
  // Both marks end the line: its last letters say whether either can be there before the patterns scan it.
  if (/(?:dịch|hợp)$/iu.test(rest.slice(-4))) rest = rest.replace(/\s+(?:lược\s+dịch|tổng\s+hợp|biên\s+dịch|dịch)$/iu, '');
  if (closesWithBracket(rest)) rest = rest.replace(COMPILED_MARK, '');
  // "Theo Thu Vân" alone names a source; "Hải Nam lược dịch" or "Lan Anh (T/h)" marks an author.
  const marked = rest !== withoutTheo;
  // "Minh Khang - Thu Vân (Báo ABC)": names, then the publication in brackets.
  // Each shape is tried only when its punctuation is there: the lazy patterns backtrack over every line.
  const bracketed = rest.endsWith(')') ? /^(.+?)\s*\(([^()]+)\)$/u.exec(rest) : null;
  const inBrackets = bracketed?.[1] && bracketed[2] ? names(bracketed[1]) : undefined;
  if (inBrackets && bracketed?.[2]) return { authors: inBrackets, source: source ?? bracketed[2], labelled: true, credit: true };
  // "Thu Vân/Báo ABC": names, then the publication after a slash.
  const slashed = rest.includes('/') ? /^([^/]+?)\s*\/\s*(.+)$/u.exec(rest) : null;
  const beforeSlash = slashed?.[1] && slashed[2] ? names(slashed[1]) : undefined;
  if (beforeSlash && slashed?.[2]) return { authors: beforeSlash, source: source ?? slashed[2].replace(/\/$/u, ''), labelled: true, credit: true };
  // "Hồng Ngọc - Tạp chí XYZ": a Vietnamese name, then a publication (not a name, not a headline).
  const dashed = rest.includes('-') || rest.includes('–') ? /^(.+?)\s+[-–]\s+([^:]+)$/u.exec(rest) : null;
  if (dashed?.[1] && dashed[2] && !isPlausibleName(dashed[2]) && dashed[2].split(/\s+/).length <= 6) {
    const author = names(dashed[1]);
    if (author && dashed[1].split(/\s+/).every((w) => isVietnameseSyllable(w))) return { authors: author, source: source ?? dashed[2], labelled: true, credit: true };
  }
  if (marked && rest !== text && isPlausibleName(rest.trim())) return { authors: [normalCaseName(rest.trim())], source, labelled: true, credit: true };
  return undefined;
}
