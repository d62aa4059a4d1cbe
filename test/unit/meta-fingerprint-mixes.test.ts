import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng, scrapedText } from '../../bench/corpus.ts';
import { simhash, simhashOfWords } from '../../shared/domain/text/simhash.ts';
import { wordStream } from '../../shared/domain/text/word-stream.ts';
import { simhash as referenceSimhash, simhashOfWords as referenceSimhashOfWords } from '../support/reference-simhash.ts';

/** A word of two to seven random letters, many of them toned: most spellings of a long text are new. */
function randomWord(rand: () => number): string {
  const letters = 'abcdeghiklmnopqrstuvxyăâđêôơưáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữự';
  let word = '';
  for (let k = 2 + Math.floor(rand() * 6); k > 0; k--) word += letters[Math.floor(rand() * letters.length)] ?? '';
  return word;
}

describe('fingerprints from words mixed once per spelling', () => {
  it('are the fingerprints of words mixed one by one, for texts past the reused columns', () => {
    const rand = prng(72);
    // More words than the reused columns hold, then more distinct spellings than they hold too.
    const long = Array.from({ length: 9_000 }, () => (rand() < 0.5 ? 'và' : randomWord(rand))).join(' ');
    const distinct = Array.from({ length: 9_000 }, () => randomWord(rand)).join(' \u0301 ');
    for (const text of [long, distinct, scrapedText(rand, 40_000)]) {
      assert.equal(simhashOfWords(wordStream(text)), referenceSimhashOfWords(wordStream(text)));
      assert.equal(simhash(text), referenceSimhash(text));
    }
  });

  it('are the same whatever text was fingerprinted before (the reused columns keep nothing)', () => {
    const rand = prng(73);
    const texts = Array.from({ length: 200 }, () => scrapedText(rand, 200 + Math.floor(rand() * 3000)));
    const first = texts.map((text) => simhashOfWords(wordStream(text)));
    const again = [...texts].reverse().map((text) => simhashOfWords(wordStream(text))).reverse();
    assert.deepEqual(again, first);
    assert.deepEqual(first, texts.map((text) => referenceSimhashOfWords(wordStream(text))));
  });
});
