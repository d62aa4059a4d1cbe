import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../bench/corpus.ts';
import { fnv1a } from '../../shared/domain/text/fnv.ts';
import { words } from '../../shared/domain/text/tokenize.ts';
import { wordStream, type WordStream } from '../../shared/domain/text/word-stream.ts';

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
});
