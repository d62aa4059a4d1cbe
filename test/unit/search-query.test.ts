import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toFtsQuery } from '../../shared/adapters/sqlite-search-index.ts';
import { InvalidQueryError } from '../../shared/domain/errors.ts';
import { accentedPart, parseQuery } from '../../shared/domain/search/query.ts';
import { renderSnippet } from '../../shared/domain/search/snippet.ts';

describe('query syntax', () => {
  it('reads words, "phrases", -exclusions and OR', () => {
    const q = parseQuery('ủy ban "cải cách hành chính" -huyện OR CCHC');
    assert.deepEqual(q.anyOf, [[{ tokens: ['ủy'] }, { tokens: ['ban'] }, { tokens: ['cải', 'cách', 'hành', 'chính'], quoted: true }], [{ tokens: ['CCHC'] }]]);
    assert.deepEqual(q.exclude, [{ tokens: ['huyện'] }]);
  });
  it('keeps for the diacritics tier only what was typed with diacritics', () => {
    assert.deepEqual(accentedPart(parseQuery('quốc phong -x OR ubnd'))?.anyOf, [[{ tokens: ['quốc'] }]]);
    assert.deepEqual(accentedPart(parseQuery('quốc phong -x'))?.exclude, []);
    assert.equal(accentedPart(parseQuery('quoc phong')), null);
  });
  it('treats a code with punctuation as a phrase of its parts', () => {
    assert.deepEqual(parseQuery('18-NQ/TW').anyOf, [[{ tokens: ['18', 'NQ', 'TW'] }]]);
  });
  it('rejects an empty, exclusion-only or over-long query naming q', () => {
    for (const q of ['', '   ', '-tin', 'a'.repeat(501)]) {
      assert.throws(() => parseQuery(q), (e: unknown) => e instanceof InvalidQueryError && e.parameter === 'q', JSON.stringify(q.slice(0, 10)));
    }
  });
  it('never lets FTS5 syntax through: every token is quoted, đ folded', () => {
    assert.equal(toFtsQuery(parseQuery('Đảng NEAR(x) -"tin cũ" OR ủy*')), '(("Dảng" AND "NEAR x") OR ("ủy")) NOT "tin cũ"');
  });
});

describe('snippets', () => {
  it('escapes HTML and keeps only our highlight marks', () => {
    assert.equal(renderSnippet('<b>x</b> & \uE000Đảng\uE001'), '&lt;b&gt;x&lt;/b&gt; &amp; <mark>Đảng</mark>');
  });
});
