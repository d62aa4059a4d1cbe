import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fnv1a } from '../../shared/domain/text/fnv.ts';

describe('FNV-1a (32 bits, code units)', () => {
  it('gives the published test vectors', () => {
    assert.equal(fnv1a('') >>> 0, 0x811c9dc5);
    assert.equal(fnv1a('a') >>> 0, 0xe40c292c);
    assert.equal(fnv1a('foobar') >>> 0, 0xbf9cf968);
  });
});
