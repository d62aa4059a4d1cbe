import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../bench/corpus.ts';
import { fnv1a } from '../../shared/domain/text/fnv.ts';
import { words } from '../../shared/domain/text/tokenize.ts';
import { WORD_AFTER_CLAUSE_BREAK, WORD_CAPITALISED, WORD_FOLD_AS_WRITTEN, WORD_HAS_DIGIT, wordStream, type WordStream } from '../../shared/domain/text/word-stream.ts';

/** `count` words of one to six random letters, in either case, some toned: the longer the text, the more spellings are new. */
function randomText(rand: () => number, count: number): string {
  const letters = 'abcdeghiklmnopqrstuvxyăâđêôơưáàảãạếềểễệốồổỗộớờởỡợABCĐÊƠƯẠẾ';
  const out: string[] = [];
  for (let w = 0; w < count; w++) {
    let word = '';
    for (let k = 1 + Math.floor(rand() * 6); k > 0; k--) word += letters[Math.floor(rand() * letters.length)] ?? '';
    out.push(word);
  }
  return out.join(rand() < 0.5 ? ' ' : ', ');
}

/** Every word's id names its lower-case spelling, each spelling once, found again by `idOf`, with its hash. */
function assertConsistent(stream: WordStream, text: string): void {
  assert.deepEqual(Array.from({ length: stream.length }, (_, w) => text.slice(stream.starts[w], stream.ends[w])), words(text));
  for (let w = 0; w < stream.length; w++) assert.equal(stream.spelled[stream.ids[w] ?? -1], text.slice(stream.starts[w], stream.ends[w]).toLowerCase());
  assert.equal(new Set(stream.spelled).size, stream.spelled.length);
  assert.equal(stream.hashes.length, stream.spelled.length);
  for (const [id, spelling] of stream.spelled.entries()) {
    assert.equal(stream.idOf(spelling), id);
    assert.equal(stream.hashes[id], fnv1a(spelling));
  }
  assert.equal(stream.idOf('no such spelling'), undefined);
}

describe('a word stream read in reused columns and tables', () => {
  it('keeps its words and spellings however many there are', () => {
    const rand = prng(74);
    // A title's few words; more spellings than the first table holds; more than the reused table holds;
    // more words than the reused columns hold.
    for (const count of [3, 40, 300, 2_500, 5_000, 20_000]) {
      const text = randomText(rand, count);
      assertConsistent(wordStream(text), text);
    }
  });

  it('keeps them when later texts are read', () => {
    const rand = prng(75);
    const texts = [30, 4_000, 200, 5_000, 10].map((count) => randomText(rand, count));
    const streams = texts.map((text) => wordStream(text));
    for (const [k, stream] of streams.entries()) assertConsistent(stream, texts[k] ?? '');
  });

  it('keeps them when many streams are cut one after the other from shared memory', () => {
    const rand = prng(77);
    // Titles and bodies of a few hundred documents: several slabs filled, none of it written over.
    const texts = Array.from({ length: 400 }, (_, k) => randomText(rand, k % 2 === 0 ? 1 + Math.floor(rand() * 15) : 100 + Math.floor(rand() * 900)));
    const streams = texts.map((text) => wordStream(text));
    for (const [k, stream] of streams.entries()) assertConsistent(stream, texts[k] ?? '');
  });

  it('flags each word as its spelling and the characters before it say', () => {
    const rand = prng(76);
    const pieces = ['Hà', 'nội', '2024', 'a9', '0b', 'ΣΟΦΙΑ', 'σοφία', 'İstanbul', '\u212Bngström', '東京', 'ǅemal', 'x', ' ', ' ', ',', '.', '-', '\n', '…', '/'];
    for (let k = 0; k < 5_000; k++) {
      let text = '';
      for (let j = Math.floor(rand() * 12); j > 0; j--) text += pieces[Math.floor(rand() * pieces.length)] ?? '';
      const stream = wordStream(text);
      for (let w = 0; w < stream.length; w++) {
        const word = text.slice(stream.starts[w], stream.ends[w]);
        const gap = text.slice(w > 0 ? stream.ends[w - 1] : 0, stream.starts[w]);
        const expected =
          (/[0-9]/.test(word) ? WORD_HAS_DIGIT : 0) |
          (word.charAt(0) !== word.toLowerCase().charAt(0) ? WORD_CAPITALISED : 0) |
          (/[.,;:!?()[\]"“”'‘’\n…–—-]/.test(gap) ? WORD_AFTER_CLAUSE_BREAK : 0) |
          (/[\u03a3\u1f00-\uffff]/.test(word) ? WORD_FOLD_AS_WRITTEN : 0);
        assert.equal(stream.flags[w], expected, JSON.stringify({ text, word }));
      }
    }
  });
});
