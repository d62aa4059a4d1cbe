import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { prng } from '../../bench/corpus.ts';
import { creditOf, mayHoldParts, namesByline } from '../../shared/domain/clean/bylines.ts';
import { featuresOf } from '../../shared/domain/clean/block-features.ts';
import { detectKind, detectTextFormat } from '../../shared/domain/decode/detect-format.ts';
import { normalizeText } from '../../shared/domain/text/normalize.ts';
import { featuresOf as referenceFeaturesOf } from '../support/reference-block-features.ts';
import { creditOf as referenceCreditOf, mayHoldParts as referenceMayHoldParts, namesByline as referenceNamesByline } from '../support/reference-bylines.ts';
import { normalizeText as referenceNormalizeText } from '../support/reference-normalize.ts';
import { detectTextFormat as referenceDetectTextFormat, kindWithoutMagic } from '../support/reference-detect-format.ts';

/** Pieces of random texts: prose, every character the format patterns look for, markup and Markdown marks. */
const TEXT_PIECES = [
  'người', 'Việt', 'the', 'and', ' ', '  ', '\n', '\r\n', '\t', '<', '>', '</', '<p>', '<div class="a">', '<br/>', '</span>', '<html>',
  '<!DOCTYPE html>', '<head>', '<body ', '#', '# ', '## Tiêu đề', '[', ']', '(', ')', '[link](http://x.vn)', '`', '```', '*', '**',
  '**đậm**', '- ', '* ', '+ ', '1.', 'ı', 'ſ', 'K', '😀', '\uD800',
];

function randomTexts(seed: number, count: number, maxPieces: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let k = Math.floor(rand() * maxPieces); k > 0; k--) text += TEXT_PIECES[Math.floor(rand() * TEXT_PIECES.length)] ?? '';
    return text;
  });
}

/**
 * Pieces of random byline texts: names in every case, initials, lower-case words, the joining words
 * in any case and spelling (decomposed too), separators, bars and colons, white space of all kinds,
 * letters beyond the BMP and title-case digraphs.
 */
const NAME_PIECES = [
  'Minh', 'Khang', 'Thu', 'Vân', 'NGUYỄN', 'VĂN', 'AN', 'Lê', 'T.Yến', 'N.Đ', 'V.', 'Hà.', 'ông', 'nói', 'người', 'và', 'Và', 'VÀ', 'vÀ',
  'va\u0300', 'and', 'And', 'aNd', 'AND', 'tin', 'mới', 'ảnh', 'Nguyễn', 'John', 'smith', '-', '–', '|', ',', ';', '&', '/', ':', ' ',
  'theo', 'Theo', 'THEO', 'Báo ABC', 'baoabc.vn', 'Tạp chí XYZ', '(T/h)', '(tổng hợp)', '(Báo ABC)', 'lược dịch', 'tổng hợp', 'dịch', '(', ')', ' - ',
  '  ', '\t', '\u00A0', '\u2028', '\u3000', '𝐚bc', '𝐀bc', 'ǅemal', 'ǆ', 'İ', 'ß', '1', 'x.', '.',
];

function randomNames(seed: number, count: number, maxPieces: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let k = Math.floor(rand() * maxPieces); k > 0; k--) text += (rand() < 0.6 ? ' ' : '') + (NAME_PIECES[Math.floor(rand() * NAME_PIECES.length)] ?? '');
    return text;
  });
}

/**
 * Pieces of random multi-line texts for normalisation: white space of every kind at the ends of
 * lines and of the text, runs of spaces, sentence stops before letters, digits and white space, line
 * and paragraph separators, and the code units the replacements change, anywhere in a line.
 */
const LINE_PIECES = [
  'tỉnh.Đồng', 'Baonghean.vn', 'T.H', 'ab.Cd', 'xy!Zw', 'cd?Éf', 'hết.', 'người', 'Việt', 'ĐẢNG', '12.5', ' ', '  ', '   ', '\n', '\n ', ' \n',
  '\r\n', '\r', '\t', '\u000B', '\u000C', '\u00A0', '\u00AD', '\u200B', '\u0085', '\uFEFF', '\u2028', '\u2029', '\u3000', 'Ðảng', 'ð',
  '.', '!', '?', 'e\u0301', '\u0000', '\u001F', '\u007F', '😀', '\uD800', '𝐚𝐛.𝐀𝐛', 'ab.𝐀b', '𝐚.B', 'ß.Ab', 'Ab.Σ',
];

/** First bytes of the magic numbers `detectKind` knows: the random inputs never open with one. */
const MAGIC_FIRST_BYTES = new Set([0x1f, 0xd0, 0x50, 0x89, 0xff, 0x49, 0x4d, 0x47, 0x42, 0xfd, 0x37, 0x52, 0x7f, 0x7b]);

/**
 * Random byte runs of up to `maxLength` bytes: text-like bytes, line breaks, NULs in one lane or
 * both, C0 controls and `%PDF-` at random places, each at a random offset into its buffer (so the
 * four-bytes-at-a-time reading meets aligned and unaligned starts).
 */
function randomBytes(seed: number, count: number, maxLength: number): Uint8Array[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => {
    const length = Math.floor(rand() * maxLength);
    const offset = Math.floor(rand() * 8);
    const buffer = new Uint8Array(offset + length);
    const nulShare = rand() < 0.3 ? rand() * 0.6 : 0;
    const controlShare = rand() < 0.3 ? rand() * 0.1 : 0;
    const lane = rand() < 0.5 ? Math.floor(rand() * 2) : -1;
    for (let i = 0; i < length; i++) {
      const r = rand();
      let b = 0x20 + Math.floor(rand() * 0xe0);
      if (r < nulShare && (lane === -1 || i % 2 === lane)) b = 0;
      else if (r < nulShare + controlShare) b = Math.floor(rand() * 0x20);
      else if (r < nulShare + controlShare + 0.03) b = 0x0a;
      buffer[offset + i] = b;
    }
    if (rand() < 0.2 && length >= 5) buffer.set([0x25, 0x50, 0x44, 0x46, 0x2d], offset + Math.floor(rand() * Math.min(length - 4, 1100)));
    if (length > 0 && MAGIC_FIRST_BYTES.has(buffer[offset] ?? 0)) buffer[offset] = 0x61;
    return buffer.subarray(offset);
  });
}

describe('fast paths of decoding and structure give what the code they replaced gave, on random inputs', () => {
  it('bytes without a magic number are a PDF, binary or text as the byte-by-byte scans found', () => {
    for (const bytes of randomBytes(15, 20_000, 5_000)) {
      const kind = detectKind(bytes).kind;
      assert.equal(kind, kindWithoutMagic(bytes), `${bytes.byteOffset} ${Buffer.from(bytes).toString('hex').slice(0, 200)}`);
    }
  });

  it('names after a label, or alone, read as the split and the name shapes read them', () => {
    let found = 0;
    for (const text of randomNames(17, 40_000, 7)) {
      for (const labelled of [false, true]) {
        const byline = namesByline(text, labelled);
        assert.deepEqual(byline, referenceNamesByline(text, labelled), `${labelled} ${JSON.stringify(text)}`);
        if (byline) found++;
      }
    }
    // The random texts give bylines too, not only lines the gate turns away.
    assert.ok(found > 1_000, `${found}`);
  });

  it('a credit line reads as it did before the capitals were looked at first', () => {
    let found = 0;
    for (const text of randomNames(20, 20_000, 5)) {
      const t = text.trim();
      for (const line of [t, `Theo ${t}`, `${t}/Báo ABC`, `${t} - Tạp chí XYZ`, `${t} (Báo ABC)`, `${t} lược dịch`, `${t} theo baoabc.vn`]) {
        const credit = creditOf(line);
        assert.deepEqual(credit, referenceCreditOf(line), JSON.stringify(line));
        if (credit) found++;
      }
    }
    assert.ok(found > 1_000, `${found}`);
  });

  it('a line holds byline parts (a bar, two white-space characters in a row) as the loop over its code units found', () => {
    const rand = prng(24);
    // Every white-space character a pattern's \\s reads, and characters beside them that it does not.
    const pieces = ['Minh Khang', 'Tác giả:', '|', '¦', ' ', '\t', '\n', '\v', '\f', '\r', '\u00A0', '\u1680', '\u2000', '\u200A', '\u200B', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000', '\uFEFF', '\u180E', '\u0085', 'x', '\uD800', '\uDC00'];
    let holding = 0;
    for (let k = 0; k < 50_000; k++) {
      let line = '';
      for (let j = Math.floor(rand() * 8); j > 0; j--) line += pieces[Math.floor(rand() * pieces.length)] ?? '';
      assert.equal(mayHoldParts(line), referenceMayHoldParts(line), JSON.stringify(line));
      if (mayHoldParts(line)) holding++;
    }
    assert.ok(holding > 10_000 && holding < 40_000, `${holding}`);
  });

  it('a short line has the features it had before its words were looked at first', () => {
    for (const text of randomNames(21, 20_000, 6)) {
      for (const line of [text, `by ${text}`, `By${text}`, `BY ${text}`, `bY\t${text}`, ` by ${text}`]) {
        assert.deepEqual(featuresOf(line), referenceFeaturesOf(line), JSON.stringify(line));
      }
    }
  });

  it('a text is normalised as the pass that looked at every line gave it', () => {
    const rand = prng(19);
    for (let k = 0; k < 30_000; k++) {
      let text = '';
      for (let j = Math.floor(rand() * 16); j > 0; j--) text += (rand() < 0.3 ? ' ' : '') + (LINE_PIECES[Math.floor(rand() * LINE_PIECES.length)] ?? '');
      assert.equal(normalizeText(text), referenceNormalizeText(text), JSON.stringify(text));
    }
  });

  it('a long line with a place to tidy at every code unit is read once, not once per place', () => {
    // Each would take hours if every match scanned its line again (a megabyte of spaces is a hostile
    // input): run in a child process, so such a loop fails at the time limit instead of stalling the run.
    const live = new URL('../../shared/domain/text/normalize.ts', import.meta.url).href;
    const reference = new URL('../support/reference-normalize.ts', import.meta.url).href;
    const script = `
      import { normalizeText } from ${JSON.stringify(live)};
      import { normalizeText as referenceNormalizeText } from ${JSON.stringify(reference)};
      const texts = [' '.repeat(1e6) + 'x', 'x' + '  '.repeat(5e5), 'ab.Cd '.repeat(2e5) + '\\nx', ' x'.repeat(3e5) + ' ', 'a\\u2028'.repeat(3e5) + '\\u00AD'];
      process.stdout.write(texts.map((t) => normalizeText(t) === referenceNormalizeText(t)).join(','));
    `;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.signal, null, 'normalisation did not finish within a minute');
    assert.equal(run.stdout, 'true,true,true,true,true', run.stderr);
  });

  it('a text is HTML, Markdown or plain text as the patterns alone read it', () => {
    for (const text of randomTexts(16, 20_000, 40)) assert.equal(detectTextFormat(text), referenceDetectTextFormat(text), JSON.stringify(text));
  });
});
