import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { prng } from '../../bench/corpus.ts';
import { opensLikeByline, withoutOuterBrackets } from '../../shared/domain/clean/bylines.ts';
import { repairMojibake, repairMojibakeLines } from '../../shared/domain/decode/mojibake.ts';
import { wordsBefore } from '../../shared/domain/metadata/people.ts';
import { isPatternSpace, words } from '../../shared/domain/text/tokenize.ts';
import { WORD_CAPITALISED, wordStream } from '../../shared/domain/text/word-stream.ts';

/**
 * Pieces random texts are made of: plain and Vietnamese words, mojibake of both kinds (UTF-8 read
 * as Windows-1252, with C1 controls and lost bytes), brackets, dashes, line terminators, surrogates
 * (paired and lone), combining marks and symbols beyond the tables.
 */
const PIECES = [
  'the', 'Minh', 'Khang', 'người', 'Việt', 'ĐẢNG', 'ủy', 'tổng hợp', 'Hà Nội', 'ngÆ°á»i', 'Ä\u0090áº£ng', 'tá»\u0095ng', 'Ã¡',
  'â€œ', 'â€\u009d', '\uFFFD', '\u0080', '\u00A0', '©', '€', '™', 'Œ', '(', ')', '((', '))', '-', '–', '—', '•', '|', ':', '.', ',',
  'UBND', 'HĐND', 'KT-XH', 'QP-AN', 'ĐBSCL', 'BCH', 'BCHTW', 'UBNDD', 'TTHCC', '-', '18-NQ/TW', 'số 12/2020/NĐ-CP', '45/KH-UBND', 'Số 03/QĐ-BCH', '12-NQ/BCH', 'Kết luận 05-KL/BTV', 'Ban Chấp hành (BCH)',
  '7', 'Hà', 'HĐ', 'HÀ', 'hà', 'ΟΔΟΣ', 'οδος', 'Σ', '\u0130stanbul', 'İ', 'ǅemal', 'ǆ', '\u212Bngström', 'Москва', 'x𝐀y', '𝐉ohn', '\n', '\r\n', '\r', '\u2028', '\u2029', ' ', '  ', '\t', '😀', '\uD800', '\uDC00', 'e\u0301', '\u0300', '中文', 'Ω', '\u2122', '\u20AC',
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

const VIETNAMESE = ['người', 'dân', 'Việt Nam', 'tổng hợp', 'Hà Nội', 'Ủy ban', 'nhân dân', 'được', 'những', 'Thanh Lê', 'khách', 'phát triển'];

/** Texts whose lines are text or its mojibake (UTF-8 read as Windows-1252, once or twice), mixed with random ones. */
function mixedMojibakeTexts(seed: number, count: number): string[] {
  const rand = prng(seed);
  const misread = (text: string): string => iconv.decode(Buffer.from(text, 'utf8'), 'windows1252');
  return randomTexts(seed, count, 6).map((noise) => {
    const lines: string[] = [];
    for (let k = Math.floor(rand() * 8); k >= 0; k--) {
      const phrase = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => VIETNAMESE[Math.floor(rand() * VIETNAMESE.length)] ?? '').join(' ');
      const kind = rand();
      lines.push(kind < 0.4 ? misread(phrase) : kind < 0.5 ? misread(misread(phrase)) : kind < 0.8 ? phrase : noise);
    }
    return lines.join(rand() < 0.5 ? '\n' : '\r\n');
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

  it('a byline opens as /^\\s*[\\p{Lu}(\\-–—•·]/u reads it', () => {
    for (const text of randomTexts(6, 20_000, 4)) {
      for (const line of [text, text.trimStart(), `\u3000\uFEFF${text}`]) assert.equal(opensLikeByline(line), /^\s*[\p{Lu}(\-–—•·]/u.test(line), JSON.stringify(line));
    }
  });

  it('the two words before a place are the groups /(?:([\\p{L}\\p{M}]+)\\s)?([\\p{L}\\p{M}]+)\\s$/u finds in the 24 code units before it', () => {
    const pattern = /(?:([\p{L}\p{M}]+)\s)?([\p{L}\p{M}]+)\s$/u;
    let found = 0;
    for (const text of randomTexts(7, 3_000, 20)) {
      for (let index = 0; index <= text.length; index++) {
        const expected = pattern.exec(text.slice(Math.max(0, index - 24), index));
        assert.deepEqual(wordsBefore(text, index), [expected?.[1], expected?.[2]], `${JSON.stringify(text)} at ${index}`);
        if (expected?.[1]) found++;
      }
    }
    assert.ok(found > 1000, `only ${found} places with two words before them`);
  });

  it('white space is what \\s matches, for every code unit', () => {
    for (let code = 0; code < 0x10000; code++) assert.equal(isPatternSpace(code), /^\s$/u.test(String.fromCharCode(code)), code.toString(16));
  });

  it('mojibake repair of a text\'s lines is that of each line, skipped or not', () => {
    let repaired = 0;
    for (const text of [...randomTexts(2, 2_000, 30), ...mixedMojibakeTexts(5, 3_000)]) {
      const { paragraphs, repairs } = repairMojibake(text.split('\n'));
      assert.deepEqual(repairMojibakeLines(text), { text: repairs.length > 0 ? paragraphs.join('\n') : text, repairs }, JSON.stringify(text));
      if (repairs.length > 0) repaired++;
    }
    assert.ok(repaired > 100, `only ${repaired} texts repaired: the texts do not exercise the repair`);
  });

  it('a word stream numbers each lower-case spelling once, in order of first sight, and flags capitals', () => {
    for (const text of randomTexts(4, 5_000, 40)) {
      const stream = wordStream(text);
      const split = words(text);
      const lower = split.map((w) => w.toLowerCase());
      const firstSeen = [...new Set(lower)];
      assert.deepEqual(stream.spelled, firstSeen, JSON.stringify(text));
      assert.deepEqual([...stream.ids], lower.map((l) => firstSeen.indexOf(l)), JSON.stringify(text));
      assert.deepEqual([...stream.flags].map((f) => (f & WORD_CAPITALISED) !== 0), split.map((w, k) => w.charCodeAt(0) !== lower[k]?.charCodeAt(0)), JSON.stringify(text));
      for (const [id, spelling] of firstSeen.entries()) assert.equal(stream.idOf(spelling), id);
      assert.equal(stream.idOf('\u0000'), undefined);
    }
  });
});
