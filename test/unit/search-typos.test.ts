import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery } from '../../shared/domain/search/query.ts';
import {
  MAX_SPELLINGS, TYPO_NEAR, correctionsOf, deletions, editDistance, isLikelier, missingOneWord, rankCandidates, spellingsOf, typoBudget, typoWords, singleWords, withTypos, wordsToWiden,
  type Candidate,
} from '../../shared/domain/search/typos.ts';

describe('typo budget', () => {
  it('allows one edit from four letters, two from eight, none below four or with a digit', () => {
    assert.deepEqual(['ban', 'nhap', 'phuong', 'thanhpho', 'quocgiaxx', '2024', 'k15a'].map(typoBudget), [0, 1, 1, 2, 2, 0, 0]);
  });
});

describe('deletion neighbourhoods and edit distance', () => {
  it('lists the word and every string with up to `depth` letters deleted', () => {
    assert.deepEqual([...deletions('abc', 1)].sort(), ['ab', 'abc', 'ac', 'bc']);
    assert.equal(deletions('thanhpho', 2).size, 1 + 8 + 27);
  });
  it('shares a deletion between any two words within the budget (SymSpell)', () => {
    const shared = (a: string, b: string, k: number) => [...deletions(a, k)].some((d) => deletions(b, k).has(d));
    assert.ok(shared('nguoi', 'ngoi', 1));
    assert.ok(shared('phong', 'phog', 1));
    assert.ok(shared('nhapp', 'nhap', 1));
    assert.ok(shared('thanhpho', 'thahnpho', 2));
  });
  it('counts a swap of neighbours as one edit and stops past the bound', () => {
    assert.equal(editDistance('thanh', 'tahnh', 1), 1);
    assert.equal(editDistance('phong', 'phog', 1), 1);
    assert.equal(editDistance('phong', 'xyz', 1), 2);
  });
  it('ranks the nearest candidates first, then the most frequent', () => {
    const ranked = rankCandidates([{ term: 'a', distance: 2, df: 90 }, { term: 'b', distance: 1, df: 3 }, { term: 'c', distance: 1, df: 7 }]);
    assert.deepEqual(ranked.map((c) => c.term), ['c', 'b', 'a']);
  });
  it('offers a spelling only when more documents hold it than the word as typed', () => {
    const chanh = { term: 'chanh', distance: 1, df: 40 };
    assert.ok(isLikelier(chanh, 0), 'a word no document holds: every neighbour the index holds');
    assert.ok(isLikelier(chanh, 3), 'a rare word: its common neighbour');
    assert.ok(!isLikelier(chanh, 900), 'a common word is taken as meant');
  });
});

describe('typo tiers of a query', () => {
  const near = new Map<string, Candidate[]>([['phog', [{ term: 'phong', distance: 1, df: 4 }]], ['nhapp', [{ term: 'nhap', distance: 1, df: 9 }]]]);

  it('widens plain words only: quoted words, phrases and exclusions stay exact', () => {
    const q = parseQuery('nhapp "phog" "van phog" -phog');
    assert.deepEqual(typoWords(q), ['nhapp']);
    const widened = withTypos(q, near);
    assert.deepEqual(widened.anyOf[0]?.[0], { tokens: ['nhapp'], alternatives: [['nhap']] });
    assert.deepEqual(widened.anyOf[0]?.slice(1), q.anyOf[0]?.slice(1));
    assert.deepEqual(widened.exclude, q.exclude);
    assert.equal(widened.near, TYPO_NEAR);
  });

  it('widens only the words no document holds when there are such words (the slips), else every word', () => {
    assert.deepEqual(wordsToWiden(['nhapp', 'phog'], new Set(['nhapp'])), ['nhapp'], 'phog is held: taken as typed beside the slip');
    assert.deepEqual(wordsToWiden(['nhapp', 'phog'], new Set(['xng'])), [], 'a slip without a typo budget: nothing to widen');
    assert.deepEqual(wordsToWiden(['nhap', 'phog'], new Set()), ['nhap', 'phog'], 'every word held: each may have a likelier spelling');
  });

  it('lists the words typed as single words, folded, each once: those a slip can be', () => {
    assert.deepEqual(singleWords(parseQuery('Sáp nhập "văn" "ban đảng" sáp OR 2024 -xóa')), ['sap', 'nhap', 'van', '2024']);
  });

  it('leaves out one word of three or more only when it alone can match nothing, never a quoted one', () => {
    const q = parseQuery('sap nhap zyxw');
    const hopeless = (c: { tokens: string[] }) => c.tokens[0] === 'zyxw';
    assert.deepEqual(missingOneWord(q, hopeless)?.anyOf, [[{ tokens: ['sap'] }, { tokens: ['nhap'] }]]);
    assert.equal(missingOneWord(parseQuery('nhap zyxw'), hopeless), null, 'two words: nothing is left out');
    assert.equal(missingOneWord(parseQuery('sap nhap "zyxw"'), hopeless), null);
    assert.equal(missingOneWord(parseQuery('sap zyxw zyxw'), hopeless), null, 'two hopeless words: no tier can help');
  });

  it('lists every spelling of a group, as typed first, at most MAX_SPELLINGS', () => {
    const group = withTypos(parseQuery('nhapp phog'), near).anyOf[0] ?? [];
    assert.deepEqual(spellingsOf(group), [[['nhapp'], ['phog']], [['nhap'], ['phog']], [['nhapp'], ['phong']], [['nhap'], ['phong']]]);
    const wide = Array.from({ length: 4 }, (_, i) => ({ tokens: [`w${i}`], alternatives: Array.from({ length: 5 }, (_, k) => [`w${i}x${k}`]) }));
    assert.equal(spellingsOf(wide).length, MAX_SPELLINGS);
  });

  it('names as a correction the spelling the top hit matched, for words it does not hold as typed', () => {
    const typo = withTypos(parseQuery('sap nhapp van phog'), near);
    const held = new Set(['sap', 'nhap', 'van', 'phong']);
    const matches = (q: ReturnType<typeof parseQuery>) => (q.anyOf[0] ?? []).every((c) => c.alternatives?.some((a) => held.has(a[0] ?? '')) || held.has(c.tokens[0] ?? ''));
    assert.deepEqual(correctionsOf(typo, near, matches), [{ from: 'nhapp', to: 'nhap' }, { from: 'phog', to: 'phong' }]);
  });
});
