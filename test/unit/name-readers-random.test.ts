import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../bench/corpus.ts';
import { extractEntities } from '../../shared/domain/metadata/entities.ts';
import { extractPeople } from '../../shared/domain/metadata/people.ts';
import { extractTitledPeople, listedPeople } from '../../shared/domain/metadata/titled-people.ts';
import { fnv1a } from '../../shared/domain/text/fnv.ts';
import { words as splitWords } from '../../shared/domain/text/tokenize.ts';
import {
  byCodePoints, byCodeUnits, SHAPE_ALL_UPPER, SHAPE_BEFORE_CAPITAL, SHAPE_FIRST_UPPER, SHAPE_LETTERS, SHAPE_REST_LOWER, SHAPE_UPPER_SAME, shapeOf, tailOf,
  readWords, WordTable, writtenWords, type WrittenWords,
} from '../../shared/domain/text/written-words.ts';
import * as reference from '../support/people-reference/index.ts';

/**
 * The readers of names (people, titled people, listed people, roles and organisations) walk one
 * shared stream of words instead of splitting the text each: on random texts made of the pieces
 * news prose names people and offices with (family names, titles, offices, levels, lists, initials,
 * particles, digits, hyphens, apostrophes, astral letters, marks, line breaks), they find what the
 * scans they replaced found (test/support/people-reference, frozen copies of those scans).
 */
const PIECES = [
  // Names and their parts.
  'Nguyễn', 'Văn', 'Hùng', 'Trần', 'Thị', 'Lan', 'Lê', 'Hồng', 'Sơn', 'Phạm', 'Minh', 'Khang', 'Thu', 'Vân', 'Hồ', 'Chí', 'Đoàn',
  'Thanh', 'niên', 'Hà', 'Nội', 'Cao', 'Lãnh', 'La', 'Paz', 'Đức', 'Huy', 'Anna', 'Schmidt', 'John', 'F.', 'Smith', 'de', 'Vries',
  'al-Rashid', 'Park', 'Hang-seo', "O'Brien", 'Jo’anne', 'Anne-Marie', 'Dupont', 'Moon', 'Jae-in', 'Thái', 'Lan', 'Prawit',
  // Titles, honorifics, offices, levels and vocabulary around names.
  'ông', 'bà', 'Ông', 'anh', 'Anh', 'chị', 'đồng chí', 'Đồng chí', 'Tổng thống', 'Thủ tướng', 'Phó Chủ tịch', 'Chủ tịch', 'chủ tịch',
  'HLV', 'ca sĩ', 'Bí thư', 'Phó Bí thư', 'Thường trực', 'Tỉnh ủy', 'UBND', 'HĐND', 'tỉnh', 'huyện', 'xã', 'Nghệ An', 'Sở', 'Y tế',
  'Ban', 'Thường vụ', 'Giáo dục', 'và', 'Đào tạo', 'Giám đốc', 'Công an', 'Ủy ban', 'nhân dân', 'Đảng ủy', 'Khối', 'các', 'cơ quan',
  'Văn phòng', 'Văn Phòng', 'nguyên', 'cho biết', 'nói', 'phát biểu', 'đường', 'THPT', 'TP.', 'Ảnh:', 'Theo', 'Google', 'Trung Quốc',
  'Pháp', 'Nghị quyết', 'Kế hoạch', 'Đại học', 'Quốc gia', 'Bệnh viện', 'Trưởng', 'phòng', 'Hội đồng', 'quản trị', 'người', 'dân',
  'KT-XH', '18-NQ/TW', 'Hoa', 'Kỳ', 'Thổ Nhĩ Kỳ', 'Manchester', 'United', 'Galaxy', 'S9', 'M51', 'Fold3',
  // Full stops, apostrophes and hyphens on words: initials, abbreviations, sentence ends.
  'J.', 'J.Smith', 'St.Louis', 'U.S.', 'Mr.', 'A.', 'Azerbaijan.', 'Kim.', "d'Artagnan", 'Jean-Pierre', 'Lê Văn Chính.', 'F.', '.Z', 'ý.',
  // Separators, digits, brackets and other characters.
  ',', ', ', ' và ', ' - ', ' – ', ' — ', ' (', ')', '(30 tuổi)', '(Nam)', '.', ': ', '"', '“', '”', '\n', '\n', '7', '2024', 'A1', '12Nguyễn',
  '-', "'", '’', 'x𝐀y', '𝐉ohn', '😀', '\u00A0', '  ', '\t', 'e\u0301', 'Ǆemal', 'ǅ', 'İ', 'Σ', 'Москва', '中文', 'ΟΔΟΣ',
];

/** Items of lists of people (and of places, and things that are neither). */
const ITEMS = [
  'Thu Vân', 'Minh Khang', 'Hồng Ngọc', 'Văn Toàn (phút 12, 80)', 'Quang Hải', 'Anne-Marie Dupont', "Ma'ruf Amin", '𝐉ohn Smith', 'Jo’anne Lee',
  'Ba Vì', 'Hà Nội', 'Lê Văn Dũng', 'Nguyễn Thị Lan (Lan)', 'Manchester United', 'Theo Jones', 'John F. Smith', 'Phạm Minh',
  'Nguyễn Văn Minh Khang', 'Anna Maria de Vries', 'Trần Thị Thu Hà (Hà Nội)', 'Lê A', 'Phan Bội Châu.',
];
const SEPARATORS = [', ', ' và ', ' - ', ' – ', ' and ', ',', ' , '];

/** `count` random texts of up to `maxPieces` pieces, mostly single-spaced, the same on every run. */
function randomTexts(seed: number, count: number, maxPieces: number): string[] {
  const rand = prng(seed);
  const item = (): string => ITEMS[Math.floor(rand() * ITEMS.length)] ?? '';
  const list = (): string => {
    let text = item();
    for (let k = 2 + Math.floor(rand() * 3); k > 0; k--) text += (SEPARATORS[Math.floor(rand() * SEPARATORS.length)] ?? '') + item();
    return text;
  };
  const pick = (): string => (rand() < 0.05 ? list() : (PIECES[Math.floor(rand() * PIECES.length)] ?? ''));
  return Array.from({ length: count }, () => {
    const pieces = Math.floor(rand() * maxPieces);
    let text = '';
    for (let k = 0; k < pieces; k++) text += (rand() < 0.8 ? ' ' : '') + pick();
    return text;
  });
}

/** What the stream should hold for `text`'s words, `split` as they are (strings and offsets), read by patterns. */
function expectedStream(text: string, split: Array<{ word: string; start: number }>): unknown {
  const shape = (word: string, k: number): number => {
    const next = split[k + 1];
    let tail = 0;
    for (const m of word.matchAll(/[^\p{L}\p{M}]/gu)) tail = m.index + m[0].length;
    return (
      (/^\p{Lu}/u.test(word) ? SHAPE_FIRST_UPPER : 0) |
      (/^.[\p{Ll}\p{M}]*$/su.test(word) ? SHAPE_REST_LOWER : 0) |
      (/^[\p{L}\p{M}]+$/u.test(word) ? SHAPE_LETTERS : 0) |
      (/^\p{Lu}+$/u.test(word) ? SHAPE_ALL_UPPER : 0) |
      (word === word.toUpperCase() ? SHAPE_UPPER_SAME : 0) |
      (next && next.start === (split[k]?.start ?? 0) + word.length + 1 && text.charAt(next.start - 1) === ' ' && /^\p{Lu}/u.test(next.word) ? SHAPE_BEFORE_CAPITAL : 0) |
      (tail << 8)
    );
  };
  return split.map(({ word, start }, k) => ({ start, end: start + word.length, hash: fnv1a(word), shape: shape(word, k) }));
}

function streamed(stream: WrittenWords): unknown {
  return Array.from({ length: stream.length }, (_, w) => ({
    start: stream.starts[w],
    end: stream.ends[w],
    hash: stream.hashes[w],
    shape: shapeOf(stream, w) | (tailOf(stream, w) << 8),
  }));
}

describe('the readers of names give, from one shared word stream, what their own scans gave', () => {
  it('the stream holds the words words() splits (or, by code point, /[\\p{L}\\p{N}\\p{M}]+/gu finds), hashed and shaped', () => {
    let astral = 0;
    for (const text of [...randomTexts(10, 10_000, 30), 'Hà Nội, HÀ NỘI hà nội 2024 A1 1A Ǆemal ǅemal x𝐀y 𝐉ohn Smith e\u0301 \u0301e Σ ΟΔΟΣ ß', '']) {
      const units = writtenWords(text);
      const byUnit: Array<{ word: string; start: number }> = [];
      let from = 0;
      for (const word of splitWords(text)) {
        const start = text.indexOf(word, from);
        byUnit.push({ word, start });
        from = start + word.length;
      }
      assert.deepEqual(streamed(units), expectedStream(text, byUnit), JSON.stringify(text));
      const points = writtenWords(text, true);
      const byPoint = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => ({ word: m[0], start: m.index }));
      assert.deepEqual(streamed(points), expectedStream(text, byPoint), JSON.stringify(text));
      const hasAstral = /[\p{L}\p{N}\p{M}]/u.test(text.replace(/[\u0000-\uffff]/gu, ''));
      assert.equal(units.astral, hasAstral, JSON.stringify(text));
      assert.equal(points.astral, hasAstral, JSON.stringify(text));
      assert.deepEqual(streamed(byCodePoints(units)), streamed(points));
      assert.deepEqual(streamed(byCodeUnits(points)), streamed(units));
      if (hasAstral) astral++;
    }
    assert.ok(astral > 500, `only ${astral} texts with astral letters`);
  });

  it('every reader, handed words read over the last text\'s columns (readWords), one text after another', () => {
    let found = 0;
    for (const text of randomTexts(15, 5_000, 60)) {
      const expectedNamed = [...reference.extractPeople(text), ...reference.extractTitledPeople(text)];
      const expected = { named: expectedNamed, listed: reference.listedPeople(text, new Set(expectedNamed)), entities: reference.extractEntities(text, expectedNamed) };
      const actual = readWords(text, (words) => {
        const named = [...extractPeople(text, words), ...extractTitledPeople(text, words)];
        // Another stream asked for meanwhile is a fresh one: these words stay as they are.
        assert.equal(readWords(text, (inner) => inner.starts === words.starts), false);
        return { named, listed: listedPeople(text, new Set(named), words), entities: extractEntities(text, named, words) };
      });
      assert.deepEqual(actual, expected, JSON.stringify(text));
      found += expectedNamed.length;
    }
    assert.ok(found > 1000, `only ${found} people found`);
    assert.throws(() => readWords('x', () => {
      throw new Error('read failed');
    }));
    assert.equal(readWords('a b', (words) => words.length), 2);
  });

  it('a word table finds the words it holds, and no other, in place', () => {
    const table = new WordTable(['Nguyễn', 'và', 'UBND', 'x𝐀y', 'a', '']);
    for (const text of randomTexts(14, 2_000, 20)) {
      const stream = writtenWords(text);
      for (let w = 0; w < stream.length; w++) {
        const word = text.slice(stream.starts[w], stream.ends[w]);
        assert.equal(table.findWord(stream, w), table.words.indexOf(word), word);
      }
    }
  });


  it('people with family names', () => {
    let found = 0;
    for (const text of randomTexts(11, 20_000, 40)) {
      const expected = reference.extractPeople(text);
      assert.deepEqual(extractPeople(text), expected, JSON.stringify(text));
      assert.deepEqual(extractPeople(text, writtenWords(text)), expected, JSON.stringify(text));
      found += expected.length;
    }
    assert.ok(found > 2000, `only ${found} people found: the texts do not exercise the reader`);
  });

  it('people after titles, and listed beside known people', () => {
    let titled = 0;
    let listed = 0;
    for (const text of randomTexts(12, 20_000, 40)) {
      const expected = reference.extractTitledPeople(text);
      assert.deepEqual(extractTitledPeople(text), expected, JSON.stringify(text));
      assert.deepEqual(extractTitledPeople(text, writtenWords(text)), expected, JSON.stringify(text));
      const known = new Set([...expected, 'Thu Vân', 'Minh Khang']);
      const expectedListed = reference.listedPeople(text, known);
      assert.deepEqual(listedPeople(text, known), expectedListed, JSON.stringify(text));
      assert.deepEqual(listedPeople(text, known, writtenWords(text)), expectedListed, JSON.stringify(text));
      titled += expected.length;
      listed += expectedListed.length;
    }
    assert.ok(titled > 2000 && listed > 100, `only ${titled} titled and ${listed} listed people found: the texts do not exercise the readers`);
  });

  it('roles and organisations', () => {
    let roles = 0;
    let organizations = 0;
    for (const text of randomTexts(13, 20_000, 40)) {
      const people = [...reference.extractPeople(text), ...reference.extractTitledPeople(text)];
      const expected = reference.extractEntities(text, people);
      assert.deepEqual(extractEntities(text, people), expected, JSON.stringify(text));
      assert.deepEqual(extractEntities(text, people, writtenWords(text, true)), expected, JSON.stringify(text));
      roles += Object.keys(expected.roles).length;
      organizations += expected.organizations.length;
    }
    assert.ok(roles > 500 && organizations > 2000, `only ${roles} roles and ${organizations} organisations found: the texts do not exercise the reader`);
  });
});
