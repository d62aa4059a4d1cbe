/**
 * The end of `bylineOf` before its lower-case gate (issue 15), kept as the reference `namesByline` is
 * tested against (test/unit/struct-fast-paths.test.ts); the shapes and separators are the live ones.
 */
import { isNameShape, isPlausibleName, NAME_SEPARATORS, normalCaseName, type Byline } from '../../shared/domain/clean/bylines.ts';

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
