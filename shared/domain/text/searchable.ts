import { normalizeTonePlacement } from './tone-placement.ts';

/**
 * The copy of a text that search engines tokenise: one tone placement, and đ folded to d (FTS5's
 * remove_diacritics folds every Vietnamese mark but đ, a letter of its own in Unicode). Both changes
 * keep every word a word, so token positions still line up with the displayed text for snippets.
 */
export function searchableText(text: string): string {
  return normalizeTonePlacement(text).replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'));
}
