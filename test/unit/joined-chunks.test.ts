import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../bench/corpus.ts';
import { abbreviationsIn } from '../../shared/domain/metadata/abbreviations.ts';
import { contextYearIn, datesMentionedIn } from '../../shared/domain/metadata/dates.ts';
import { docRefDetailsIn } from '../../shared/domain/metadata/doc-refs.ts';
import { chunkedText, joinedChunks } from '../../shared/domain/text/joined-chunks.ts';
import { extractAbbreviations as referenceAbbreviations } from '../support/reference-abbreviations.ts';
import { contextYear as referenceContextYear, datesMentioned as referenceDatesMentioned } from '../support/reference-dates.ts';
import { extractDocRefDetails as referenceDocRefDetails } from '../support/reference-doc-refs.ts';

/**
 * Words of what the chunked readers look for, and their pieces: definitions ("Ban Chấp hành (BCH)"),
 * dictionary abbreviations, coded and named document references, dates in every form, years, and
 * the punctuation and white space (line breaks among it) that a match may span or stop at.
 */
const WORDS = [
  'Ban', 'Chấp', 'hành', '(BCH)', '(', 'BCH', ')', 'Ủy', 'ban', 'nhân', 'dân', '(UBND)', 'UBND', 'HĐND', 'KT-XH', 'MTTQ', 'CCHC',
  '45/KH-UBND', '45-KH/UBND', '05-NQ/BCH', '18-NQ/TW', '18', '-', 'NQ', '/', 'TW', 'TƯ', '14/2005/NQ-CP', '123/QĐ-UBND', 'Chỉ thị', 'Nghị quyết', 'số', '03',
  'ngày', '20', 'tháng', '4', 'năm', '2021', '19.5.2020', '2020-04-05', 'March', '3,', '2024', '3rd', 'of', 'May', '1999', '2050',
  '1800', 'tỉnh', 'xã', ',', '.', ';', 'Trung', 'ương', 'a', 'b',
];
/** The same without a code unit that ends a run a reference may be in: runs longer than a chunk's context. */
const RUN_WORDS = WORDS.filter((w) => /^[\p{L}\p{N}/ -]+$/u.test(w));
/** Whole definitions, references and dates, spread over the gaps between their words. */
const PHRASES = [
  ['Ban', 'Chấp', 'hành', '(BCH)'], ['Ủy', 'ban', 'nhân', 'dân', '(', 'UBND', ')'], ['Kinh', 'tế', '-', 'Xã', 'hội', '(KT-XH)'],
  ['18', '-', 'NQ', '/', 'TW'], ['3', '-', 'CT', '/', 'HĐND'], ['Chỉ thị', 'số', '03'], ['ngày', '20', 'tháng', '4', 'năm', '2021'], ['March', '3,', '2024'],
];
const GAPS = [' ', ' ', ' ', '  ', '\n', '\n\n', '', '\t', ' \n ', ' '.repeat(45)];

/** A random text of about `words` words (of `vocabulary`, and phrases), the same on every run. */
function randomText(seed: number, words: number, vocabulary = WORDS): string {
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  let text = '';
  for (let k = 0; k < words; k++) {
    if (rand() < 0.05) for (const word of pick(PHRASES)) text += word + pick(GAPS);
    else text += pick(vocabulary) + pick(GAPS);
  }
  return text;
}

/** What each chunked reader finds in `parts` joined by `separator`, read `chunkChars` at a time. */
function chunkedReadings(parts: string[], separator: string, chunkChars: number): unknown {
  const text = chunkedText(parts, separator, chunkChars);
  return { abbreviations: abbreviationsIn(text), dates: datesMentionedIn(text), year: contextYearIn(text), refs: docRefDetailsIn(text) };
}

/** What the readers of the whole text (the code before chunks, kept as reference) find in it. */
function wholeReadings(text: string): unknown {
  return { abbreviations: referenceAbbreviations(text), dates: referenceDatesMentioned(text), year: referenceContextYear(text), refs: referenceDocRefDetails(text) };
}

describe('readers of a text in chunks', () => {
  it('find what the readers of the whole text find, wherever a chunk ends (every position of a window)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const text = randomText(seed, 120, seed % 2 === 0 ? WORDS : RUN_WORDS);
      const whole = wholeReadings(text);
      // Two parts joined by nothing, the first made the first chunk: a chunk ends at every position of the window.
      const middle = Math.floor(text.length / 2);
      for (let cut = middle - 60; cut <= middle + 60; cut++) {
        assert.deepEqual(chunkedReadings([text.slice(0, cut), text.slice(cut)], '', cut), whole, `seed ${seed}, cut at ${cut}`);
      }
    }
  });

  it('find what the readers of the whole text find in its lines read a few at a time', () => {
    for (let seed = 100; seed <= 160; seed++) {
      const text = randomText(seed, 300, seed % 2 === 0 ? WORDS : RUN_WORDS);
      const whole = wholeReadings(text);
      const lines = text.split('\n');
      for (const chunkChars of [1, 7, 40, 200]) assert.deepEqual(chunkedReadings(lines, '\n', chunkChars), whole, `seed ${seed}, ${chunkChars} characters`);
    }
  });

  it('find what the readers of the whole text find in CRLF text, a text without line breaks and one line of 2 MB', () => {
    const crlf = randomText(7, 3000).replace(/\n/g, '\r\n');
    const flat = randomText(8, 3000).replace(/\n/g, ' ');
    const long = randomText(9, 200).replace(/\n/g, ' ').repeat(2_000_000 / 1000);
    for (const text of [crlf, flat, long]) {
      const whole = wholeReadings(text);
      assert.deepEqual(chunkedReadings(text.split('\n'), '\n', 256), whole);
      assert.deepEqual(chunkedReadings([text.slice(0, 1000), text.slice(1000, 1500), text.slice(1500)], '', 256), whole);
    }
  });

  it('list the first 50 different dates in text order when they lie in many chunks', () => {
    const rand = prng(6);
    const lines = Array.from({ length: 400 }, () => `ngày ${1 + Math.floor(rand() * 28)}/${1 + Math.floor(rand() * 12)}/${2000 + Math.floor(rand() * 3)}, năm ${1990 + Math.floor(rand() * 30)}`);
    const whole = wholeReadings(lines.join('\n'));
    assert.equal((whole as { dates: string[] }).dates.length, 50);
    for (const chunkChars of [1, 30, 500]) assert.deepEqual(chunkedReadings(lines, '\n', chunkChars), whole, `${chunkChars} characters`);
  });

  it('find an abbreviation inside a reference in a run of words and spaces longer than any chunk', () => {
    // The run around "UBND" (letters, digits, white space, hyphens and slashes) is the whole text.
    const text = `${'xã tỉnh\n'.repeat(100)}45-KH/UBND${'\nxã tỉnh'.repeat(100)}`;
    const whole = wholeReadings(text);
    assert.deepEqual(chunkedReadings(text.split('\n'), '\n', 50), whole);
  });

  it('cut the text into stretches that follow each other, each within its chunk', () => {
    const lines = randomText(3, 2000).split('\n');
    const text = lines.join('\n');
    let at = 0;
    for (const chunk of joinedChunks(lines, '\n', 100)) {
      assert.equal(chunk.offset + chunk.start, at);
      assert.equal(chunk.text, text.slice(chunk.offset, chunk.offset + chunk.text.length));
      at = chunk.offset + chunk.end;
    }
    assert.equal(at, text.length);
  });

  it('read the joined text in place as its join', () => {
    const parts = randomText(4, 400).split('\n');
    const text = parts.join('\n');
    // Chunks of one character: the text is never joined whole.
    const joined = chunkedText(parts, '\n', 1).whole;
    assert.equal(joined.length, text.length);
    const rand = prng(5);
    for (let k = 0; k < 500; k++) {
      const from = Math.floor(rand() * (text.length + 2)) - 1;
      const to = from + Math.floor(rand() * 300);
      assert.equal(joined.slice(from, to), text.slice(Math.max(0, from), to));
      assert.deepEqual(joined.charCodeAt(from), from < 0 ? NaN : text.charCodeAt(from));
    }
  });
});
