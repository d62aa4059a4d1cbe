import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishText, prng, scrapedText, variedScrapedText } from '../../bench/corpus.ts';
import { normalizeText } from '../../shared/domain/text/normalize.ts';
import { normalizeText as referenceNormalizeText } from '../support/reference-tidy-lines.ts';

/**
 * Code units around what the tidying scan looks for: spaces, line breaks, stops before white space
 * of every kind `\s` knows and before letters, the separators, the replaced units (controls, NBSP,
 * soft hyphen, Ð/ð, the wide spaces, BOM), lone surrogates, and letters either side of a stop.
 */
const UNITS = [
  ' ', ' ', ' ', '\n', '\n', '.', '!', '?', 'a', 'b', 'T', 'Đ', 'đ', 'ệ', 'Ả', '\u2028', '\u2029', '\t', '\u000B', '\u000C', '\r',
  '\u0000', '\u001F', '\u007F', '\u0085', '\u00A0', '\u00AD', '\u00D0', '\u00F0', '\u1680', '\u2000', '\u200A', '\u200B', '\u200D',
  '\u202F', '\u205F', '\u2060', '\u3000', '\uFEFF', '\uD800', '\uDC00', '1', ',', '/', '@', '“', '…', '\u0301',
];
const WORDS = ['tỉnh', 'Đồng', 'chí', 'Baonghean.vn', 'www.', 'T.H', 'Hà', 'Nội', 'the', 'Minh'];

/** `count` random texts of units and words, the same on every run. */
function randomTexts(seed: number, count: number, maxPieces: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let k = Math.floor(rand() * maxPieces); k > 0; k--) {
      const r = rand();
      if (r < 0.6) text += UNITS[Math.floor(rand() * UNITS.length)] ?? '';
      else if (r < 0.95) text += WORDS[Math.floor(rand() * WORDS.length)] ?? '';
      else text += String.fromCharCode(Math.floor(rand() * 0x10000));
    }
    return text;
  });
}

describe('code-unit scans give what the patterns they replaced gave', () => {
  it('a text is normalised as when the places to tidy were found by the pattern', () => {
    for (const text of randomTexts(21, 30_000, 40)) assert.equal(normalizeText(text), referenceNormalizeText(text), JSON.stringify(text));
    const rand = prng(22);
    for (let k = 0; k < 120; k++) {
      const article = [scrapedText, variedScrapedText, englishText][k % 3]?.(rand, 500 + Math.floor(rand() * 6000)) ?? '';
      // As written, with Windows line ends and double spaces, and with stops glued to the next sentence.
      for (const text of [article, article.replaceAll('\n', '\r\n'), article.replaceAll(' ', '  '), article.replaceAll('. ', '.'), article.replaceAll('\n', ' \n ')]) {
        assert.equal(normalizeText(text), referenceNormalizeText(text), JSON.stringify(text.slice(0, 200)));
      }
    }
  });
});
