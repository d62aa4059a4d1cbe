import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { englishText, prng, scrapedText, variedScrapedText } from '../../bench/corpus.ts';
import { featuresOf } from '../../shared/domain/clean/block-features.ts';
import { contextYear, dateOfLine, datesMentioned } from '../../shared/domain/metadata/dates.ts';
import { featuresOf as referenceFeaturesOf } from '../support/reference-block-roles.ts';
import { contextYear as referenceContextYear, dateOfLine as referenceDateOfLine, datesMentioned as referenceDatesMentioned } from '../support/reference-dates-match-all.ts';

/**
 * Pieces of date lines: dates of every form with and without a year, four digits that are no date
 * (a phone number, "2021-2025"), three-digit runs, labels, times, weekdays and counters.
 */
const DATE_PIECES = [
  '20/4/2021', '20/4', '19.5.2020', '1-1-1999', '31/02/2020', '2021-03-04', '2021-13-40', 'ngày 20 tháng 4 năm 2021', 'Ngày 5 tháng 13 năm 2020',
  'March 3, 2024', 'Mar 3 2024', '3 March 2024', '3rd of March, 2024', 'năm 2021', '0912345678', '2021-2025', '123', '999', '1234', '12',
  'Cập nhật:', 'Ngày đăng:', 'đăng lúc', 'Printed on', 'Posted by', '08:15', '8h30', 'GMT+7', '|', 'Thứ ba,', 'Chủ nhật', 'Lượt xem: 14.262',
  'năm 2012', 'Năm 1999', 'NĂM 2020', 'năm 1900', 'năm 2021 - 2025', 'năm  2030', 'năm', '1944', '2101', '2019', '/2018', '2017.', 'ngày', 'lúc', ' ', ' ', '  ', '-', '/', '.', 'Hà Nội', 'Minh', '(', ')', ',', '\n', '２０２１', '٢٠٢١',
];

/** `count` random lines of date pieces, now and then a random digit or code unit, the same on every run. */
function randomDateLines(seed: number, count: number, maxPieces: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => {
    let line = '';
    for (let k = Math.floor(rand() * maxPieces); k > 0; k--) {
      const r = rand();
      if (r < 0.1) line += String.fromCharCode(48 + Math.floor(rand() * 10));
      else if (r < 0.13) line += String.fromCharCode(Math.floor(rand() * 0x2100));
      else line += DATE_PIECES[Math.floor(rand() * DATE_PIECES.length)] ?? '';
    }
    return line;
  });
}

describe('code-unit scans give what the patterns they replaced gave', () => {
  it('dates read in `exec` loops are the dates read with the pattern and `matchAll`', () => {
    for (const line of randomDateLines(23, 40_000, 10)) {
      assert.deepEqual(dateOfLine(line), referenceDateOfLine(line), JSON.stringify(line));
      assert.deepEqual(datesMentioned(line), referenceDatesMentioned(line), JSON.stringify(line));
    }
    const rand = prng(24);
    for (let k = 0; k < 90; k++) {
      const article = [scrapedText, variedScrapedText, englishText][k % 3]?.(rand, 500 + Math.floor(rand() * 6000)) ?? '';
      assert.deepEqual(datesMentioned(article), referenceDatesMentioned(article));
      for (const line of article.split('\n')) assert.deepEqual(dateOfLine(line), referenceDateOfLine(line), JSON.stringify(line));
    }
  });

  it('the year of a text, any year read only when no year follows "năm", in `exec` loops, is the year read before', () => {
    let years = 0;
    for (const text of randomDateLines(25, 40_000, 16)) {
      const year = contextYear(text);
      assert.equal(year, referenceContextYear(text), JSON.stringify(text));
      if (year !== undefined) years++;
    }
    // Most random texts hold a year, some none: both ways are tried.
    assert.ok(years > 10_000 && years < 39_000, String(years));
    const rand = prng(26);
    for (let k = 0; k < 90; k++) {
      const article = [scrapedText, variedScrapedText, englishText][k % 3]?.(rand, 500 + Math.floor(rand() * 6000)) ?? '';
      assert.equal(contextYear(article), referenceContextYear(article));
    }
  });

  it('a line has the features it had when the words with a role were looked up in a Map by hash', () => {
    // Function words and boilerplate phrases as written (with their diacritics, in any case), and
    // random short words, some of which share the 16 bits of a role word's hash.
    const roleWords = ['và', 'của', 'các', 'là', 'có', 'những', 'được', 'trong', 'the', 'and', 'of', 'a', 'Tin', 'liên', 'quan', 'tin', 'khác',
      'Xem', 'nhiều', 'go', 'top', 'Back', 'to', 'lên', 'đầu', 'trang', 'Chia', 'sẻ', 'Bình', 'luận', 'Facebook', 'Zalo', 'tags', 'tag', 'Copyright',
      'all', 'rights', 'reserved', 'Đăng', 'nhập', 'Trang', 'chủ', 'read', 'more', 'VÀ', 'THE', 'Online', '2021', '12', 'va', 'cua', 'Thong', 'ke'];
    const rand = prng(27);
    const letters = 'abcdeghiklmnopqrstuvxyđăâêôơư';
    const randomWord = (): string => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => letters[Math.floor(rand() * letters.length)] ?? '').join('');
    let lines = 0;
    for (let k = 0; k < 30_000; k++) {
      const parts: string[] = [];
      for (let n = Math.floor(rand() * 14); n > 0; n--) parts.push(rand() < 0.6 ? (roleWords[Math.floor(rand() * roleWords.length)] ?? '') : randomWord());
      const line = parts.join(rand() < 0.8 ? ' ' : ', ') + (rand() < 0.5 ? '.' : '');
      assert.deepEqual(featuresOf(line), referenceFeaturesOf(line), JSON.stringify(line));
      lines++;
    }
    const articleRand = prng(28);
    for (let k = 0; k < 60; k++) {
      const article = [scrapedText, variedScrapedText, englishText][k % 3]?.(articleRand, 500 + Math.floor(articleRand() * 6000)) ?? '';
      for (const line of article.split('\n')) {
        assert.deepEqual(featuresOf(line), referenceFeaturesOf(line), JSON.stringify(line));
        lines++;
      }
    }
    assert.ok(lines > 30_000);
  });
});
