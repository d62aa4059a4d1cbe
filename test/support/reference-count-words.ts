/**
 * Frozen copy of `countWords` (shared/domain/text/normalize.ts) as it was when processDocument took a
 * body's word count from it, before the word stream counted the words while reading them: the
 * reference that count is pinned against.
 */

/** Number of whitespace-separated words holding a letter or digit ("18-NQ/TW" is one word). */
export function referenceCountWords(text: string): number {
  let count = 0;
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
