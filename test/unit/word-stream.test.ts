import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractKeywords, keywordsOfWords } from '../../shared/domain/metadata/summary.ts';
import { simhash, simhashOfWords } from '../../shared/domain/text/simhash.ts';
import { fold, foldedWordHash, isPatternSpace, isWordCode, words } from '../../shared/domain/text/tokenize.ts';
import { WORD_AFTER_CLAUSE_BREAK, WORD_CAPITALISED, WORD_HAS_DIGIT, wordStream } from '../../shared/domain/text/word-stream.ts';
import { englishText, prng, scrapedText } from '../../bench/corpus.ts';
import { countWords as referenceCountWords } from '../support/reference-normalize.ts';

const TRICKY = [
  'Ủy ban nhân dân tỉnh Nghệ An tổ chức hội nghị. Ủy ban nhân dân tỉnh Nghệ An tổng kết năm 2024.',
  // A capital sigma lower-cases by its place in the word but folds one letter at a time.
  'ΟΔΟΣ ΟΔΟΣ ΟΔΟΣ οδος ΣΟΦΙΑ σοφία',
  // The ångström sign folds differently once lower-cased; a lone combining mark folds to nothing.
  '\u212Bngstr\u00F6m \u0301 a\u0301b \u212B \u0130stanbul İSTANBUL ǅemal',
  // Words beyond the tables and outside the BMP (a surrogate pair is no word character).
  '東京 東京 𝐀𝐁 x𝐀y Москва МОСКВА москва',
  '',
  '   ,;.  ',
];

describe('word stream', () => {
  it('splits the words `words()` splits, with their offsets', () => {
    for (const text of TRICKY) {
      const stream = wordStream(text);
      const spelledOut = Array.from({ length: stream.length }, (_, w) => text.slice(stream.starts[w], stream.ends[w]));
      assert.deepEqual(spelledOut, words(text));
    }
  });

  it('gives one id per lower-case spelling and flags capitals, digits and clause breaks', () => {
    const stream = wordStream('Hà Nội, hà nội 2024 HÀ');
    assert.deepEqual([...stream.ids], [0, 1, 0, 1, 2, 0]);
    assert.deepEqual(stream.spelled, ['hà', 'nội', '2024']);
    assert.equal((stream.flags[0] ?? 0) & WORD_CAPITALISED, WORD_CAPITALISED);
    assert.equal((stream.flags[2] ?? 0) & (WORD_CAPITALISED | WORD_AFTER_CLAUSE_BREAK), WORD_AFTER_CLAUSE_BREAK);
    assert.equal((stream.flags[4] ?? 0) & WORD_HAS_DIGIT, WORD_HAS_DIGIT);
  });

  it('gives the fingerprint simhash() gives on the text', () => {
    for (const text of TRICKY) assert.equal(simhashOfWords(wordStream(text)), simhash(text), text);
  });

  it('gives the keywords of the parts joined by line breaks', () => {
    const title = 'Cải cách hành chính ở Nghệ An';
    const body = 'Cải cách hành chính được đẩy mạnh. Tỉnh ủy Nghệ An chỉ đạo cải cách hành chính, chuyển đổi số và cải cách hành chính.';
    assert.deepEqual(keywordsOfWords([wordStream(title), wordStream(body)], 'vi'), extractKeywords(`${title}\n${body}`, 'vi'));
    assert.ok(extractKeywords(`${title}\n${body}`, 'vi').includes('cải cách hành chính'));
  });

  it('hashes the folded form of every word character as fold() spells it', () => {
    const fnv = (t: string): number | undefined => {
      if (t.length === 0) return undefined;
      let h = 0x811c9dc5;
      for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
      return h >>> 0;
    };
    const differing: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const word = `Đ${String.fromCharCode(code)}ọc`;
      if (isWordCode(code) && foldedWordHash(word) !== fnv(fold(word))) differing.push(code);
    }
    assert.deepEqual(differing, []);
  });
});

describe('the words a stream counts as it reads them', () => {
  it('are those countWords counts, on articles', () => {
    const rand = prng(81);
    for (let k = 0; k < 60; k++) {
      for (const text of [scrapedText(rand), englishText(rand), ...TRICKY]) assert.equal(wordStream(text).countedWords, referenceCountWords(text));
    }
  });

  it('are those countWords counts, whatever white space, marks, signs and symbols stand between and in the words', () => {
    const rand = prng(82);
    // White space countWords splits at (and some it does not), word characters below U+00C0 that it
    // does not count (ª ² µ º ½), signs from U+00C0 on that it does (× – “ …), a combining mark, letters
    // beyond the tables and outside the BMP, and a lone surrogate.
    const pieces = ['Hà', 'nội', '18-NQ/TW', 'a', 'Z', '9', ' ', ' ', '\n', '\t', '\r', '\u00a0', '\u2003', '\u000b', ',', '.', '-', '(', 'ª', '²', 'µ', 'º', '½', '×', '÷', '–', '“', '…', '\u0301', '東京', 'Москва', '𝐀', '\ud835', '\udc00', '©', '§'];
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let j = Math.floor(rand() * 10); j > 0; j--) text += pieces[Math.floor(rand() * pieces.length)] ?? '';
      assert.equal(wordStream(text).countedWords, referenceCountWords(text), JSON.stringify(text));
    }
  });
});

describe('isPatternSpace', () => {
  it('agrees with the pattern \\s on every code unit', () => {
    const differing: number[] = [];
    for (let code = 0; code < 0x10000; code++) if (isPatternSpace(code) !== /\s/u.test(String.fromCharCode(code))) differing.push(code);
    assert.deepEqual(differing, []);
  });
});
