import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishText, prng, scrapedText, variedScrapedText } from '../../bench/corpus.ts';
import { languageOfWords } from '../../shared/domain/metadata/language.ts';
import { wordStream } from '../../shared/domain/text/word-stream.ts';
import { detectLanguage as referenceDetectLanguage } from '../support/reference-language.ts';

/** Words in either case, with and without Vietnamese letters, the letters whose lower case is not one unit for one, and separators. */
const PIECES = [
  'người', 'NGƯỜI', 'Người', 'Đảng', 'ĐẢNG', 'đảng', 'ủy', 'ỦY', 'the', 'THE', 'and', 'bao', 'cao', 'ket', 'qua', 'İstanbul', 'ΣΟΦΙΑ',
  'Σ', '\u212Bngström', '𐐀', '中文', '123', 'e\u0301', '\u1EA0', ' ', '.', '\n',
];

function randomText(rand: () => number, pieces: number): string {
  let text = '';
  for (let j = pieces; j > 0; j--) {
    if (rand() < 0.1) text += String.fromCharCode(Math.floor(rand() * 0x2100));
    else text += (rand() < 0.7 ? ' ' : '') + (PIECES[Math.floor(rand() * PIECES.length)] ?? '');
  }
  return text;
}

describe('the language told from a text\'s words is the language told from its characters', () => {
  it('short random texts in any case get the same verdict', () => {
    const rand = prng(61);
    const verdicts = new Map<string, number>();
    for (let k = 0; k < 20_000; k++) {
      const text = randomText(rand, Math.floor(rand() * 14));
      const language = languageOfWords(wordStream(text));
      assert.equal(language, referenceDetectLanguage(text), JSON.stringify(text));
      verdicts.set(language, (verdicts.get(language) ?? 0) + 1);
    }
    assert.ok(['vi', 'en', 'und'].every((l) => (verdicts.get(l) ?? 0) > 1_000), JSON.stringify([...verdicts]));
  });

  it('a word cut by the end of the sample counts for what the sample holds of it', () => {
    const rand = prng(62);
    const verdicts = new Map<string, number>();
    for (let k = 0; k < 2_000; k++) {
      // 665 words of three characters with the space before them, as many holding a Vietnamese letter
      // as keep the share at 15 % or below with the word that crosses character 2,000: that word decides.
      const words = Array.from({ length: 665 }, (_, w) => (w < Math.floor(0.15 * 666) ? (rand() < 0.5 ? 'đa' : 'ĐA') : 'zq'));
      words.sort(() => rand() - 0.5);
      const letterAt = Math.floor(rand() * 12);
      const last = `${'x'.repeat(letterAt)}${rand() < 0.5 ? 'đ' : 'Đ'}${'y'.repeat(Math.floor(rand() * 4))}`;
      const text = ` ${words.join(' ')} ${last}${randomText(rand, 6)}`;
      const language = languageOfWords(wordStream(text));
      assert.equal(language, referenceDetectLanguage(text), JSON.stringify(text.slice(1_990)));
      verdicts.set(language, (verdicts.get(language) ?? 0) + 1);
    }
    // The letter fell inside the sample in some texts and beyond it in others.
    assert.ok((verdicts.get('vi') ?? 0) > 200 && verdicts.size > 1, JSON.stringify([...verdicts]));
  });

  it('generated articles, Vietnamese and English, get the same verdict', () => {
    const rand = prng(63);
    for (let k = 0; k < 90; k++) {
      const text = [scrapedText, variedScrapedText, englishText][k % 3]?.(rand, 200 + Math.floor(rand() * 6000)) ?? '';
      assert.equal(languageOfWords(wordStream(text)), referenceDetectLanguage(text));
    }
  });
});
