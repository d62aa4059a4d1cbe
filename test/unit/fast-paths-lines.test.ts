import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishText, prng, scrapedText, variedScrapedText } from '../../bench/corpus.ts';
import { featuresOf } from '../../shared/domain/clean/block-features.ts';
import { ABBREVIATIONS, extractAbbreviations } from '../../shared/domain/metadata/abbreviations.ts';
import { dateOfLine, datesMentioned } from '../../shared/domain/metadata/dates.ts';
import { detectLanguage } from '../../shared/domain/metadata/language.ts';
import { docRefSpans, extractDocRefDetails } from '../../shared/domain/metadata/doc-refs.ts';
import { keywordsOfWords } from '../../shared/domain/metadata/summary.ts';
import { countWords, normalizeText, repairSentenceSpacing } from '../../shared/domain/text/normalize.ts';
import { simhash, simhashOfWords } from '../../shared/domain/text/simhash.ts';
import { wordStream } from '../../shared/domain/text/word-stream.ts';
import { featuresOf as referenceFeaturesOf } from '../support/reference-block-features.ts';
import { extractAbbreviations as referenceAbbreviations } from '../support/reference-abbreviations.ts';
import { detectLanguage as referenceDetectLanguage } from '../support/reference-language.ts';
import { dateOfLine as referenceDateOfLine, datesMentioned as referenceDatesMentioned } from '../support/reference-dates.ts';
import { docRefSpans as referenceDocRefSpans, extractDocRefDetails as referenceDocRefDetails } from '../support/reference-doc-refs.ts';
import { normalizeText as referenceNormalizeText, repairSentenceSpacing as referenceRepairSentenceSpacing } from '../support/reference-normalize.ts';
import { simhash as referenceSimhash, simhashOfWords as referenceSimhashOfWords } from '../support/reference-simhash.ts';
import { keywordsOfWords as referenceKeywordsOfWords } from '../support/reference-summary.ts';

/**
 * Pieces of random lines: prose and boilerplate words (function words, menu phrases, counters),
 * capitals, digits, punctuation, white space, combining marks, and the characters whose fold is
 * longer than one unit or changes whether they are part of a word (ǆ, ͺ, ΅), with surrogates and
 * symbols beyond the tables.
 */
const PIECES = [
  'the', 'and', 'Minh', 'người', 'Việt', 'ĐẢNG', 'ủy', 'và', 'của', 'các', 'được', 'go top', 'Back to top', 'lên đầu trang',
  'Tin liên quan', 'Các tin khác', 'Chia sẻ', 'Tổng', 'lượt truy cập', 'Xem nhiều', 'Đọc tiếp', 'Facebook', 'Zalo', '123', '5120831',
  '18-NQ/TW', '20/4/2021', 'Thứ ba', 'By', ' ', '  ', '\t', '\u00A0', '.', ',', ':', '?', '!', '…', '”', '•', '-', '|', 'e\u0301', '\u0300',
  '\u0301a', 'ǆ', 'ǅemal', '\u037A', '\u0385', 'Σ', 'İ', '\u212Bngström', 'Москва', '中文', '😀', '\uD800', '\u2122', '\u1EA0',
];

/** `count` random lines of up to `maxPieces` pieces, some with random code units below U+2100, the same on every run. */
function randomLines(seed: number, count: number, maxPieces: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => {
    let line = '';
    for (let k = Math.floor(rand() * maxPieces); k > 0; k--) {
      if (rand() < 0.15) line += String.fromCharCode(Math.floor(rand() * 0x2100));
      else line += (rand() < 0.5 ? ' ' : '') + (PIECES[Math.floor(rand() * PIECES.length)] ?? '');
    }
    return line;
  });
}

/** The generated articles of the benchmark, scraped, varied and English, as lines and as bodies. */
function articles(seed: number, count: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, (_, k) => [scrapedText, variedScrapedText, englishText][k % 3]?.(rand, 500 + Math.floor(rand() * 6000)) ?? '');
}

/** `countWords` before its state machine: a word is counted at its first letter or digit. */
function referenceCountWords(text: string): number {
  let count = 0;
  let inWord = false;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 0xa0) {
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      counted = false;
    }
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;
    if (alnum && !counted) {
      count++;
      counted = true;
    }
  }
  return count;
}

describe('one-pass readings give the results of the code they replaced, on random texts', () => {
  it('a line read in one pass has the features the three passes gave it', () => {
    let twoPass = 0;
    for (const line of [...randomLines(11, 40_000, 14), ...articles(12, 60).flatMap((a) => a.split('\n'))]) {
      assert.deepEqual(featuresOf(line), referenceFeaturesOf(line), JSON.stringify(line));
      if (/[\u01C4-\u01CC\u037A\u0385]|[^\u0000-\u1EFF]/u.test(line)) twoPass++;
    }
    // Both readings are exercised: lines with units the one pass leaves to the two-pass reading, and lines without.
    assert.ok(twoPass > 5_000 && twoPass < 35_000, `${twoPass} lines read the two-pass way`);
  });

  it('a long line is read from its first 20,000 characters in both readings', () => {
    const rand = prng(13);
    for (let k = 0; k < 20; k++) {
      const line = scrapedText(rand, 30_000).replace(/\n/g, ' ');
      assert.deepEqual(featuresOf(line), referenceFeaturesOf(line));
    }
  });

  it('keywords counted in reused buffers, without sorting by rank first, are the keywords counted before', () => {
    const rand = prng(14);
    const texts = [...articles(15, 90), ...randomLines(16, 300, 200)];
    for (const text of texts) {
      const cut = Math.floor(rand() * Math.min(200, text.length));
      const [title, body] = [text.slice(0, cut), text.slice(cut)];
      for (const language of ['vi', 'en']) {
        const parts = title ? [wordStream(title), wordStream(body)] : [wordStream(body)];
        assert.deepEqual(keywordsOfWords(parts, language), referenceKeywordsOfWords(parts, language), JSON.stringify({ title, language }));
      }
    }
  });

  it('keywords of a text longer than the reused buffers are those counted before', () => {
    const body = scrapedText(prng(17), 120_000);
    assert.deepEqual(keywordsOfWords([wordStream(body)], 'vi'), referenceKeywordsOfWords([wordStream(body)], 'vi'));
  });

  it('words are counted as the first-letter count counted them', () => {
    for (const text of [...randomLines(18, 20_000, 20), ...articles(19, 30)]) assert.equal(countWords(text), referenceCountWords(text), JSON.stringify(text));
  });

  it('document references found by the split lookbehinds are those the whole patterns found', () => {
    const rand = prng(20);
    const pieces = [
      '18-NQ/TW', '05 - KL/TƯ', '123/QĐ-UBND', '14/2005/NQ-CP', '12345-NQ/TW', 'x18-NQ/TW', '/18-NQ/TW', 'Chỉ thị 03', 'Quyết định số 12',
      'Nghị quyết liên tịch 5', 'XNghị quyết 7', 'Kế hoạch 86-KH/TU', 'Thông tư 1/', '𝐀Chỉ thị 4', '😀18-NQ/TW', '1', '2020', '/', '-', ' ', '\n',
      'NQ', 'TW', 'Đề án 06', 'a', 'Ư', '\uD835', '\uDC00',
    ];
    let found = 0;
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let j = Math.floor(rand() * 12); j > 0; j--) text += (rand() < 0.4 ? ' ' : '') + (pieces[Math.floor(rand() * pieces.length)] ?? '');
      const details = extractDocRefDetails(text);
      assert.deepEqual(details, referenceDocRefDetails(text), JSON.stringify(text));
      assert.deepEqual(docRefSpans(text), referenceDocRefSpans(text), JSON.stringify(text));
      found += details.length;
    }
    assert.ok(found > 10_000, `only ${found} references found`);
  });

  it('fingerprints from mixes slid along the words are the fingerprints mixed per shingle', () => {
    for (const text of [...randomLines(21, 5_000, 40), ...articles(22, 60)]) {
      assert.equal(simhash(text), referenceSimhash(text), JSON.stringify(text));
      const stream = wordStream(text);
      assert.equal(simhashOfWords(stream), referenceSimhashOfWords(stream), JSON.stringify(text));
    }
  });

  it('abbreviations found in one search for the whole dictionary are those found one abbreviation at a time', () => {
    const rand = prng(23);
    const pieces = [
      'UBND', 'HĐND', 'UBMTTQ', 'MTTQ', 'BCH', 'BCHTW', 'UVBTVTU', 'BTVTU', 'TVTU', 'CBCC', 'CBCCVC', 'KT-XH', 'QP-AN', 'ĐBSCL', 'HTX',
      '45/KH-UBND', '12/2020/NĐ-CP', '18-NQ/TW', '03 -\nCT/HĐND', '123/QĐ-UBND.', 'Ban Chấp hành (BCH)', '(UBND)', 'xUBND', 'UBND-', '-UBND',
      'UBND2', '12 - UBND / HĐND', '5 -\n BCH /TW', '𝐀UBND', '\u0301UBND', 'a', 'Ư', ' ', '\n', ',', '.', '/', '-', '(', ')', '7', '\u00A0', '\u2028',
    ];
    let found = 0;
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let j = Math.floor(rand() * 10); j > 0; j--) text += (rand() < 0.5 ? ' ' : '') + (pieces[Math.floor(rand() * pieces.length)] ?? '');
      const abbreviations = extractAbbreviations(text);
      assert.deepEqual(Object.entries(abbreviations), Object.entries(referenceAbbreviations(text)), JSON.stringify(text));
      found += Object.keys(abbreviations).length;
    }
    assert.ok(found > 10_000, `only ${found} abbreviations found`);
  });

  it('an abbreviation of the dictionary inside a longer one has a letter, digit or hyphen beside it there (what the one search for all of them relies on)', () => {
    const keys = Object.keys(ABBREVIATIONS);
    let inside = 0;
    for (const longer of keys) {
      for (const shorter of keys) {
        if (shorter === longer) continue;
        for (let i = longer.indexOf(shorter); i !== -1; i = longer.indexOf(shorter, i + 1)) {
          inside++;
          assert.match(longer.charAt(i - 1) + longer.charAt(i + shorter.length), /[\p{L}\p{N}-]/u, `${shorter} inside ${longer}`);
        }
      }
    }
    assert.ok(inside > 0, 'no abbreviation of the dictionary lies inside another: the check tests nothing');
  });

  it('texts normalised behind the pattern gates are the texts normalised before', () => {
    const rand = prng(24);
    const pieces = [
      'tỉnh.Đồng chí', 'Baonghean.vn', 'T.H', 'www.Example.com', 'ab.Cd', 'a.B', 'xy!Zw', 'cd?Éf', 'N.Đ', '𝐚𝐛.𝐀𝐛', 'ab.𝐀b', 'e\u0301e.Ab',
      '\r\n', '\r', '\u00AD', '\u200B', '\u0085', '\u00A0', '\t', '\u000B', 'Ðảng', 'ð', '\uFEFF', '\u2028', '  ', ' ', '\n', '.', 'Ab',
    ];
    for (const text of [...randomLines(25, 10_000, 12), ...articles(26, 30)]) {
      assert.equal(normalizeText(text), referenceNormalizeText(text), JSON.stringify(text));
    }
    for (let k = 0; k < 20_000; k++) {
      let line = '';
      for (let j = Math.floor(rand() * 8); j > 0; j--) line += (rand() < 0.3 ? ' ' : '') + (pieces[Math.floor(rand() * pieces.length)] ?? '');
      assert.equal(normalizeText(line), referenceNormalizeText(line), JSON.stringify(line));
      assert.equal(repairSentenceSpacing(line), referenceRepairSentenceSpacing(line), JSON.stringify(line));
    }
  });

  it('dates read behind the four-digit gate are the dates read before', () => {
    const rand = prng(27);
    const pieces = [
      '20/4/2021', '19.5.2020', '2021-04-20', 'ngày 20 tháng 4 năm 2021', 'March 3, 2024', '3rd of March, 2024', 'Mar 3 2024', '10/7', '12.5',
      '202', '2021', '20212', 'Thứ ba', 'Ngày đăng:', 'Cập nhật', '08:15', '|', 'Lượt xem: 14.262', 'ngày', 'tháng', 'năm', ' ', ',', '\n',
    ];
    let dates = 0;
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let j = Math.floor(rand() * 8); j > 0; j--) text += (rand() < 0.5 ? ' ' : '') + (pieces[Math.floor(rand() * pieces.length)] ?? '');
      const mentioned = datesMentioned(text);
      assert.deepEqual(mentioned, referenceDatesMentioned(text), JSON.stringify(text));
      assert.deepEqual(dateOfLine(text), referenceDateOfLine(text), JSON.stringify(text));
      dates += mentioned.length;
    }
    assert.ok(dates > 10_000, `only ${dates} dates mentioned`);
  });

  it('the language told from letters in either case is the language told from the lower-cased sample', () => {
    const rand = prng(28);
    const pieces = ['người', 'NGƯỜI', 'Đảng', 'ĐẢNG', 'ủy', 'ỦY', 'the', 'THE', 'and', 'bao', 'cao', 'ket', 'qua', 'İstanbul', 'ΣΟΦΙΑ', '𐐀', '中文', '123', ' ', '.', '\n'];
    const verdicts = new Map<string, number>();
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let j = Math.floor(rand() * 12); j > 0; j--) text += (rand() < 0.7 ? ' ' : '') + (pieces[Math.floor(rand() * pieces.length)] ?? '');
      const language = detectLanguage(text);
      assert.equal(language, referenceDetectLanguage(text), JSON.stringify(text));
      verdicts.set(language, (verdicts.get(language) ?? 0) + 1);
    }
    for (const text of [...randomLines(29, 3_000, 30), ...articles(30, 30)]) assert.equal(detectLanguage(text), referenceDetectLanguage(text), JSON.stringify(text));
    assert.ok(['vi', 'en', 'und'].every((l) => (verdicts.get(l) ?? 0) > 1_000), JSON.stringify([...verdicts]));
  });
});
