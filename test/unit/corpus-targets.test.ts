import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evaluateNews, evaluatePeople, evaluateSamples, ratio, skipWithoutDevCorpus, tally, TARGETS,
} from '../support/corpus-evaluation.ts';

/**
 * The issue-14 quality targets on ../shared/corpus (the dev news pages, the people set and the five
 * gold samples), measured the way `npm run eval` reports them; see docs/processing.md.
 */

describe('extraction quality on ../shared/corpus/dev', { skip: skipWithoutDevCorpus }, async () => {
  const news = tally(await evaluateNews());

  it(`finds the exact headline on at least ${TARGETS.title * 100} % of pages`, () => {
    assert.ok(ratio(news.title) >= TARGETS.title, `title ${news.title.passed}/${news.title.total}`);
  });
  it(`finds the publication date on at least ${TARGETS.published * 100} % of pages`, () => {
    assert.ok(ratio(news.published) >= TARGETS.published, `published ${news.published.passed}/${news.published.total}`);
  });
  it(`finds exactly the bylines on at least ${TARGETS.authors * 100} % of pages that have one`, () => {
    assert.ok(ratio(news.authors) >= TARGETS.authors, `authors ${news.authors.passed}/${news.authors.total}`);
  });
  it(`keeps at least ${TARGETS.withKept * 100} % of the story snippets in the body`, () => {
    assert.ok(ratio(news.withKept) >= TARGETS.withKept, `with ${news.withKept.passed}/${news.withKept.total}`);
  });
  it(`lets at most ${TARGETS.withoutLeaked * 100} % of the page-chrome snippets into the body`, () => {
    assert.ok(ratio(news.withoutLeaked) <= TARGETS.withoutLeaked, `leaked ${news.withoutLeaked.passed}/${news.withoutLeaked.total}`);
  });
  it(`finds people (people ∪ authors) with F1 of at least ${TARGETS.peopleF1}`, async () => {
    const people = await evaluatePeople();
    assert.ok(people.f1 >= TARGETS.peopleF1, `people P ${people.precision.toFixed(3)} R ${people.recall.toFixed(3)} F1 ${people.f1.toFixed(3)}`);
  });
  it('passes every check of the five gold samples', async () => {
    const samples = await evaluateSamples();
    assert.deepEqual(samples.failures, []);
  });
});
