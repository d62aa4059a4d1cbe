import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prng } from '../../bench/corpus.ts';
import { extractDocRefDetails } from '../../shared/domain/metadata/doc-refs.ts';
import { extractDocRefDetails as referenceDocRefDetails } from '../support/reference-doc-refs.ts';

/**
 * Letters of document codes: capitals and lower case in the tables and beyond them (Greek, Cyrillic,
 * an astral capital and small letter), and the title case ǅ, a letter neither capital nor lower case.
 */
const LETTERS = ['N', 'Q', 'Đ', 'T', 'Ư', 'U', 'B', 'i', 'g', 'h', 'đ', 'ư', 'Σ', 'ο', 'М', 'о', '𝐀', '𝐚', 'ǅ'];

/** A code of one to six letters drawn from LETTERS, most often starting with a capital. */
function randomCode(rand: () => number): string {
  let code = rand() < 0.8 ? 'NQTUB'[Math.floor(rand() * 5)] ?? 'N' : '';
  for (let k = Math.floor(rand() * 6); k > 0; k--) code += LETTERS[Math.floor(rand() * LETTERS.length)] ?? '';
  return code;
}

describe('the letters of a document code counted from the tables', () => {
  it('accept and refuse the codes the pattern-counted letters did', () => {
    const rand = prng(71);
    let found = 0;
    for (let k = 0; k < 20_000; k++) {
      const [a, b] = [randomCode(rand), randomCode(rand)];
      const text = [`18-${a}/${b}`, `123/${a}-${b}`, `14/2005/${a}-${b}`, `x ${a}/${b} 5 - ${b} / ${a}`][k % 4] ?? '';
      const details = extractDocRefDetails(text);
      assert.deepEqual(details, referenceDocRefDetails(text), JSON.stringify(text));
      found += details.length;
    }
    assert.ok(found > 2_000, `only ${found} references found`);
  });
});
