import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../bench/corpus.ts';
import { withoutOuterBrackets } from '../../shared/domain/clean/bylines.ts';
import { repairMojibake, repairMojibakeLines } from '../../shared/domain/decode/mojibake.ts';

/**
 * Pieces random texts are made of: plain and Vietnamese words, mojibake of both kinds (UTF-8 read
 * as Windows-1252, with C1 controls and lost bytes), brackets, dashes, line terminators, surrogates
 * (paired and lone), combining marks and symbols beyond the tables.
 */
const PIECES = [
  'the', 'Minh', 'Khang', 'người', 'Việt', 'ĐẢNG', 'ủy', 'tổng hợp', 'Hà Nội', 'ngÆ°á»i', 'Ä\u0090áº£ng', 'tá»\u0095ng', 'Ã¡',
  'â€œ', 'â€\u009d', '\uFFFD', '\u0080', '\u00A0', '©', '€', '™', 'Œ', '(', ')', '((', '))', '-', '–', '—', '•', '|', ':', '.', ',',
  '\n', '\r\n', '\r', '\u2028', '\u2029', ' ', '  ', '\t', '😀', '\uD800', '\uDC00', 'e\u0301', '\u0300', '中文', 'Ω', '\u2122', '\u20AC',
];

/** `count` random texts of up to `maxPieces` pieces, the same on every run. */
function randomTexts(seed: number, count: number, maxPieces: number): string[] {
  const rand = prng(seed);
  const pick = (): string => PIECES[Math.floor(rand() * PIECES.length)] ?? '';
  return Array.from({ length: count }, () => {
    const pieces = Math.floor(rand() * maxPieces);
    let text = '';
    for (let k = 0; k < pieces; k++) text += (rand() < 0.5 ? ' ' : '') + pick();
    return text;
  });
}

describe('fast paths give the results of the patterns and splits they replaced, on random texts', () => {
  it('a line wrapped in brackets loses them as /^\\((.*)\\)$/u read them', () => {
    for (const text of randomTexts(1, 20_000, 8)) {
      for (const line of [text, `(${text})`, `(${text}`, `${text})`]) {
        assert.equal(withoutOuterBrackets(line), line.replace(/^\((.*)\)$/u, '$1'), JSON.stringify(line));
      }
    }
  });

  it('mojibake repair of a text\'s lines is that of each line, skipped or not', () => {
    for (const text of randomTexts(2, 5_000, 30)) {
      const { paragraphs, repairs } = repairMojibake(text.split('\n'));
      assert.deepEqual(repairMojibakeLines(text), { text: repairs.length > 0 ? paragraphs.join('\n') : text, repairs }, JSON.stringify(text));
    }
  });
});
