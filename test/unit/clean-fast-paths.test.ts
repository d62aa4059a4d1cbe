import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../bench/corpus.ts';
import { featuresOf } from '../../shared/domain/clean/block-features.ts';
import { capNesting, collapsed, holdsAtLeast, MAX_NESTING } from '../../shared/domain/decode/html.ts';
import { decodeText, decodeUtf8InPieces } from '../../shared/domain/decode/text-encoding.ts';
import { featuresOf as referenceFeaturesOf } from '../support/reference-block-features.ts';
import { guessUtf16WithoutBom as referenceGuessUtf16, looksLikeViqr as referenceLooksLikeViqr } from '../support/reference-text-encoding.ts';
import { comparableText } from '../../shared/domain/text/normalize.ts';
import { capNesting as referenceCapNesting, collapsed as referenceCollapsed, comparableText as referenceComparableText, fortyWordsOrMore } from '../support/reference-html.ts';

/** `count` random strings of up to `maxPieces` of `pieces`, the same on every run. */
function randomTexts(pieces: readonly string[], seed: number, count: number, maxPieces: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let k = Math.floor(rand() * maxPieces); k > 0; k--) text += pieces[Math.floor(rand() * pieces.length)] ?? '';
    return text;
  });
}

/** Words and every kind of white space a page's text holds, alone and in runs. */
const SPACED_PIECES = ['người', 'Việt', 'a', ' ', ' ', ' ', '  ', '\n', '\r\n', '\t', '\u00A0', '\u2028', '\u3000', '\uFEFF', '\u200B', '\u0085', '\u000B', '.'];

/** Opening, closing, void and self-closing tags, text, and `<` that opens no tag. */
const TAG_PIECES = ['<div>', '<div class="x">', '</div>', '<p>', '</p>', '<br>', '<img src="a"/>', '<span/>', '<a href="/">', '</a>', 'text', ' ', '<', '< div>', '<!-- c -->'];

/** Line endings: sentence stops, closing quotes and brackets, "./.", question marks, white space of every kind, long runs of it. */
const ENDING_PIECES = ['?', '.', '!', '…', ':', ';', '"', '”', '»', ')', './.', ' ./.', ',', 'a', 'Việt', '😀', '\uD800', ' ', '\t', '\n', '\u00A0', '\u2028', '\uFEFF', '\u3000', '          '];

describe('line features read from the last code units give what the patterns gave', () => {
  it('a line ends a sentence or asks a question as the patterns over its last 20 code units said', () => {
    for (const text of randomTexts(ENDING_PIECES, 5, 20_000, 12)) {
      const [line, reference] = [featuresOf(text), referenceFeaturesOf(text)];
      assert.deepEqual([line.endsSentence, line.isQuestion], [reference.endsSentence, reference.isQuestion], JSON.stringify(text));
    }
  });
});

describe('fast paths of HTML reading give what the code they replaced gave, on random inputs', () => {
  it('a block is tidied as replacing every run of white space and trimming tidied it', () => {
    for (const text of randomTexts(SPACED_PIECES, 1, 20_000, 30)) assert.equal(collapsed(text), referenceCollapsed(text), JSON.stringify(text));
  });

  it('a headline is made comparable as the pattern over its letters and numbers made it', () => {
    const pieces = ['Hội', 'NGHỊ', 'e\u0301', '\u0301', ' ', '  ', '-', '–', '|', '.', '…', '"', '2024', '²', '½', 'Ⅻ', '٣', 'İ', 'ß', 'Σ', '𝐀𝐛', '𝟙', '😀', '\uD800', '\uDC00', '\u00A0', '\n', '中文', '_'];
    for (const text of randomTexts(pieces, 8, 20_000, 16)) assert.equal(comparableText(text), referenceComparableText(text), JSON.stringify(text));
  });

  it('a tidied block has 40 words or more as splitting it at its spaces counted', () => {
    for (const text of randomTexts(['a', 'bc', ' '], 2, 5_000, 120)) {
      const tidied = referenceCollapsed(text);
      assert.equal(holdsAtLeast(tidied, ' ', 39), fortyWordsOrMore(tidied), JSON.stringify(tidied));
    }
  });

  it('a page is capped at the same tags as reading every tag capped it, below and above the depth limit', () => {
    const pages = [...randomTexts(TAG_PIECES, 3, 2_000, 60), ...randomTexts(['<div>', '<b>', '</b>', 'x', '<br>'], 4, 20, 1_400)];
    pages.push('<div>'.repeat(MAX_NESTING), '<div>'.repeat(MAX_NESTING + 1), `${'<div>'.repeat(MAX_NESTING + 1)}x${'</div>'.repeat(MAX_NESTING + 1)}`);
    assert.ok(pages.some((page) => referenceCapNesting(page) !== page), 'some pages are nested too deep');
    for (const page of pages) assert.equal(capNesting(page), referenceCapNesting(page));
  });
});

describe('decoding a text that fits in one piece gives what a decoder of its own gave', () => {
  it('each of a run of texts, some cut inside a character, decodes as a fresh streaming decoder decodes it', () => {
    const rand = prng(6);
    const texts = randomTexts(['người', 'Việt', 'a', ' ', '\n', '😀', '\uFEFF', 'ß', '€'], 7, 3_000, 40);
    for (const text of texts) {
      const whole = Buffer.from(text);
      // A third of them cut at a random byte: often inside a character, which then decodes to U+FFFD.
      const bytes = rand() < 0.33 ? whole.subarray(0, Math.floor(rand() * whole.length)) : whole;
      const decoding = decodeUtf8InPieces(bytes, 1 << 15);
      if (!decoding) continue; // cut too early to be valid UTF-8, or read as something else
      const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      const fresh = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
      const expected = fresh.decode(bytes.subarray(start), { stream: true }) + fresh.decode();
      assert.equal([...decoding.pieces].join(''), expected, JSON.stringify(text));
    }
  });
});

describe('encoding guesses that stop early give what the full counts gave', () => {
  it('an ASCII text is VIQR as counting all its words and marks said', () => {
    const viqr = ['Vie^.t', 'ngu+o+`i', "dda^'t", "nu+o+'c", 'ho.c', 'tre^n'];
    // Plain syllables (ba, anh …) score as Vietnamese too: a text of them with few marks is the hard case.
    const other = ['the', 'Nam', "don't", "it's", 'a.b', 'river', 'x', '(', 'ddi', 'ba', 'anh', 'em', 'con', 'la'];
    const spaces = [' ', ' ', ' ', '\n', '\t', '  '];
    const rand = prng(9);
    const texts = Array.from({ length: 5_000 }, () => {
      // Each text its own share of VIQR words, so that many stand near the one-in-five threshold.
      const share = rand() * 0.5;
      let text = '';
      for (let k = Math.floor(rand() * 80); k > 0; k--) {
        const words = rand() < share ? viqr : other;
        text += (words[Math.floor(rand() * words.length)] ?? '') + (spaces[Math.floor(rand() * spaces.length)] ?? '');
      }
      return text;
    });
    assert.ok(texts.some((text) => referenceLooksLikeViqr(text)) && texts.some((text) => !referenceLooksLikeViqr(text)), 'both kinds of text are tried');
    for (const text of texts) assert.equal(decodeText(Buffer.from(text)).encoding === 'viqr', referenceLooksLikeViqr(text), JSON.stringify(text));
  });

  it('bytes without a byte order mark are UTF-16 as counting the zero bytes of each half said', () => {
    const rand = prng(10);
    for (let k = 0; k < 5_000; k++) {
      const zeros = rand();
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 64) }, (_, i) => (rand() < zeros * (i % 2 === k % 2 ? 1 : 0.1) ? 0 : 0x41 + Math.floor(rand() * 26)));
      const guessed = decodeText(bytes).encoding;
      assert.equal(guessed === 'utf-16le' || guessed === 'utf-16be' ? guessed : undefined, referenceGuessUtf16(bytes), String(bytes));
    }
  });
});
