import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import {
  BULK_ITEM_RETRIES, BulkIndexError, EXACT_TIER, MappingOutdatedError, INDEX_BODY, MAPPING_VERSION, OpenSearchIndex, PagingCursorMissingError, TYPO_TIER, WORDS_TIER,
  candidatesFromSuggest, correctionsFromPins, missingGroups, pinsOf, toOpenSearchDocument, toSearchBody, typoHeldProbe, typoSuggesters, typoTiersOf,
} from '../../shared/adapters/opensearch-index.ts';
import { NoPreviousIndexError } from '../../shared/domain/errors.ts';
import { parseSearchRequest } from '../../shared/domain/search/request.ts';
import type { IndexDocument } from '../../shared/domain/types.ts';
import { LoopbackJsonServer, type LoopbackReply, type LoopbackRequest } from '../support/loopback-json-server.ts';

interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A loopback stand-in for an OpenSearch domain: records each request, answers with the next scripted reply. */
class RecordingDomain extends LoopbackJsonServer {
  readonly exchanges: Exchange[] = [];
  replies: Array<{ status: number; body: unknown }> = [];

  protected answer(request: LoopbackRequest): LoopbackReply {
    this.exchanges.push(request);
    return this.replies.shift() ?? { status: 200, body: {} };
  }
}

const doc = (id: string): IndexDocument => ({
  id, key: `${id}.txt`, etag: 'e1', title: 'Đảng ủy Khối', body: 'Nội dung', captions: 'Ảnh: hội nghị', source: 'Baonghean.vn', authors: ['Thanh Lê'],
  published: '2012-08-21', language: 'vi', people: ['Hồ Đức Phớc'], organizations: ['Đảng ủy Khối'], docRefs: ['18-NQ/TW'],
});
const ndjson = (body: string): unknown[] => body.trim().split('\n').map((l) => JSON.parse(l) as unknown);

describe('OpenSearch adapter (HTTP exchanges, SigV4)', () => {
  const domain = new RecordingDomain();
  let index: OpenSearchIndex;
  before(async () => {
    await domain.start();
    const client = new Client({
      ...AwsSigv4Signer({ region: 'ap-southeast-1', service: 'es', getCredentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }) }),
      node: domain.endpoint,
    });
    index = new OpenSearchIndex(client, 'documents');
  });
  after(() => domain.stop());
  beforeEach(() => {
    domain.exchanges.length = 0;
    domain.replies = [];
  });

  it('signs every request with SigV4 for the es service', async () => {
    domain.replies = [{ status: 200, body: { errors: false, items: [] } }];
    await index.upsert([doc('a')]);
    const auth = String(domain.exchanges[0]?.headers.authorization);
    assert.match(auth, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-southeast-1\/es\/aws4_request/);
  });

  it('upserts with deterministic ids through the alias in one bulk request', async () => {
    domain.replies = [{ status: 200, body: { errors: false, items: [] } }];
    await index.upsert([doc('a'), doc('b')]);
    const [exchange] = domain.exchanges;
    assert.equal(exchange?.method, 'POST');
    assert.equal(exchange?.path, '/_bulk');
    assert.deepEqual(ndjson(exchange?.body ?? ''), [
      { index: { _index: 'documents', _id: 'a' } }, { ...doc('a'), year: '2012' },
      { index: { _index: 'documents', _id: 'b' } }, { ...doc('b'), year: '2012' },
    ]);
  });

  it('sends again only the items OpenSearch throttled, not the whole batch', async () => {
    domain.replies = [
      { status: 200, body: { errors: true, items: [
        { index: { _id: 'a', status: 201 } },
        { index: { _id: 'b', status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } },
        { index: { _id: 'c', status: 503, error: { type: 'unavailable_shards_exception' } } },
      ] } },
      { status: 200, body: { errors: false, items: [{ index: { _id: 'b', status: 200 } }, { index: { _id: 'c', status: 200 } }] } },
    ];
    await index.upsert([doc('a'), doc('b'), doc('c')]);
    assert.equal(domain.exchanges.length, 2);
    assert.deepEqual(ndjson(domain.exchanges[1]?.body ?? '').filter((_, i) => i % 2 === 0), [
      { index: { _index: 'documents', _id: 'b' } },
      { index: { _index: 'documents', _id: 'c' } },
    ]);
  });

  it(`raises BulkIndexError naming items rejected for good, or still throttled after ${BULK_ITEM_RETRIES} retries`, async () => {
    domain.replies = [{ status: 200, body: { errors: true, items: [
      { index: { _id: 'a', status: 201 } },
      { index: { _id: 'b', status: 400, error: { type: 'mapper_parsing_exception', reason: 'strict' } } },
    ] } }];
    await assert.rejects(index.upsert([doc('a'), doc('b')]), (e: unknown) => e instanceof BulkIndexError && e.failedIds.join() === 'b' && /mapper_parsing_exception/.test(e.message));
    assert.equal(domain.exchanges.length, 1, 'a permanent rejection is not retried');

    domain.exchanges.length = 0;
    const throttled = { status: 200, body: { errors: true, items: [{ index: { _id: 'b', status: 429, error: { type: 'es_rejected_execution_exception' } } }] } };
    domain.replies = Array.from({ length: BULK_ITEM_RETRIES + 1 }, () => throttled);
    await assert.rejects(index.upsert([doc('b')]), (e: unknown) => e instanceof BulkIndexError && e.failedIds.join() === 'b');
    assert.equal(domain.exchanges.length, BULK_ITEM_RETRIES + 1);
  });

  it('treats deleting an id the index does not hold as done', async () => {
    domain.replies = [{ status: 200, body: { errors: true, items: [{ delete: { _id: 'gone', status: 404, result: 'not_found', error: { type: 'not_found' } } }] } }];
    await index.remove(['gone']);
    assert.deepEqual(ndjson(domain.exchanges[0]?.body ?? ''), [{ delete: { _index: 'documents', _id: 'gone' } }]);
  });

  it('sends the typed search body and maps hits, facets and the position of the last hit', async () => {
    const request = parseSearchRequest({ q: '"Đảng ủy" -huyện', size: '1' });
    domain.replies = [{ status: 200, body: {
      hits: { total: { value: 7, relation: 'eq' }, hits: [{ _id: 'a', _score: 3.2, sort: [3.2, 'a'], _source: doc('a'), highlight: { body: ['<b> \uE000Đảng\uE001 ủy'] } }] },
      aggregations: { source: { buckets: [{ key: 'Baonghean.vn', doc_count: 7 }] }, authors: { buckets: [] }, people: { buckets: [{ key: 'Hồ Đức Phớc', doc_count: 2 }] }, docRefs: { buckets: [] }, year: { buckets: [{ key: '2012', doc_count: 5 }] } },
    } }];
    const result = await index.search(request);
    const [exchange] = domain.exchanges;
    assert.equal(exchange?.path, '/documents/_search');
    assert.deepEqual(JSON.parse(exchange?.body ?? '{}'), JSON.parse(JSON.stringify(toSearchBody(request))));
    assert.equal(result.total, 7);
    assert.deepEqual(result.hits[0], { id: 'a', key: 'a.txt', title: 'Đảng ủy Khối', snippet: '&lt;b&gt; <mark>Đảng</mark> ủy', published: '2012-08-21', source: 'Baonghean.vn', authors: ['Thanh Lê'], score: 3.2 });
    assert.deepEqual(result.facets, { source: [{ value: 'Baonghean.vn', count: 7 }], authors: [], people: [{ value: 'Hồ Đức Phớc', count: 2 }], docRefs: [], year: [{ value: '2012', count: 5 }] });
    assert.deepEqual(result.last, { value: 3.2, id: 'a' });
  });

  it('asks the term suggesters for typo candidates with the search as typed: popular spellings within each word\'s budget', () => {
    const body = JSON.parse(JSON.stringify(toSearchBody(parseSearchRequest({ q: 'sap nhapp "van" phog 2024', facets: 'false' }))));
    // sap: under four letters; "van": quoted; 2024: a number — no suggester. nhapp, phog: one edit.
    assert.deepEqual(Object.keys(body.suggest), ['typo_s0_0', 'typo_s0_1', 'typo_s0_2', 'typo_s0_3', 'typo_s0_4', 'typo_s1_0', 'typo_s1_1', 'typo_s1_2', 'typo_s1_3', 'typo_s1_4']);
    assert.deepEqual(body.suggest.typo_s1_3, { text: 'phog', term: {
      field: 'body', size: 6, sort: 'score', suggest_mode: 'popular', max_edits: 1, prefix_length: 0, min_word_length: 4, string_distance: 'damerau_levenshtein', max_term_freq: 0.99,
    } });
    assert.equal(toSearchBody(parseSearchRequest({ q: 'ban "lua"' })).suggest, undefined, 'nothing to widen: no suggester');
  });

  it('ranks the suggested spellings as the embedded engine ranks its candidates: nearest, then most frequent over the fields', () => {
    const query = parseSearchRequest({ q: 'phog' }).query;
    assert.ok(query);
    const candidates = candidatesFromSuggest(query, {
      typo_s0_0: [{ text: 'phog', offset: 0, length: 4, options: [{ text: 'phong', score: 0.75, freq: 3 }, { text: 'pho', score: 0.7, freq: 90 }] }],
      typo_s0_3: [{ text: 'phog', offset: 0, length: 4, options: [{ text: 'phong', score: 0.75, freq: 40 }, { text: 'phuong', score: 0.5, freq: 500 }] }],
    }, new Set(['phog']));
    assert.deepEqual(candidates.get('phog'), [{ term: 'phong', distance: 1, df: 40 }, { term: 'pho', distance: 1, df: 90 }].sort((a, b) => b.df - a.df), 'phuong: two edits, over the budget');
  });

  it('counts the documents holding each word of the query as typed, one global filter per word, with the search as typed', () => {
    const body = JSON.parse(JSON.stringify(toSearchBody(parseSearchRequest({ q: 'sap nhapp "van" phog 2024', facets: 'false' }))));
    const fields = ['title^4', 'authors.text^2', 'people.text^2', 'body', 'captions^0.5'];
    const held = (query: string) => ({ filter: { multi_match: { query, type: 'best_fields', fields } } });
    // Every word typed as a single word, short, quoted or a number too: any of them may be the slip.
    assert.deepEqual(body.aggs, { typo_held: { global: {}, aggs: { w0: held('sap'), w1: held('nhapp'), w2: held('van'), w3: held('phog'), w4: held('2024') } } });
    assert.equal(toSearchBody(parseSearchRequest({ q: 'ban "lua"' })).aggs?.typo_held, undefined, 'nothing to widen: nothing to count');
  });

  it('widens only the words no document holds as typed when there are such words: the others are taken as typed', () => {
    const query = parseSearchRequest({ q: 'nhapp phog sap' }).query;
    assert.ok(query);
    const option = (word: string, text: string) => [{ text: word, offset: 0, length: word.length, options: [{ text, score: 0.75, freq: 40 }] }];
    const suggest = { typo_s0_3: option('nhapp', 'nhap'), typo_s1_3: option('phog', 'phong') };
    const widened = (unheld: string[]) => [...candidatesFromSuggest(query, suggest, new Set(unheld)).keys()];
    assert.deepEqual(widened(['phog']), ['phog'], 'nhapp and sap are held: phog is the slip');
    assert.deepEqual(widened(['sap']), [], 'the slip is too short for a typo budget: nothing is widened');
    assert.deepEqual(widened([]), ['nhapp', 'phog'], 'every word held: each keeps its likelier spellings');
    assert.deepEqual(widened(['nhapp', 'phog']), ['nhapp', 'phog']);
  });

  it('builds the typo tier as typed DSL: each word or any of its spellings, near one another per field, tier bonuses', () => {
    const request = parseSearchRequest({ q: 'sap nhapp "van" phog 2024 -huyện', facets: 'false' });
    const tiers = typoTiersOf(request, new Map([['phog', [{ term: 'phong', distance: 1, df: 4 }]], ['nhapp', [{ term: 'nhap', distance: 1, df: 9 }]]]));
    assert.ok(tiers);
    const body = JSON.parse(JSON.stringify(toSearchBody(request, tiers)));
    const exact = (query: string) => ({ match: { query, ordered: true, max_gaps: 0 } });
    const rules = [exact('sap'), { any_of: { intervals: [exact('nhapp'), exact('nhap')] } }, exact('van'), { any_of: { intervals: [exact('phog'), exact('phong')] } }, exact('2024')];
    const near = { bool: { should: ['title', 'authors.text', 'people.text', 'body', 'captions'].map((f) => ({ intervals: { [f]: { all_of: { ordered: false, max_gaps: 8, intervals: rules } } } })), minimum_should_match: 1 } };
    const must = body.query.bool.must[0].bool.should;
    assert.equal(must.length, 2, 'as typed, or within the typo budgets');
    assert.deepEqual(must[1], { bool: { should: [near], minimum_should_match: 1 } });
    assert.deepEqual(body.query.bool.should.slice(0, 2), [
      { constant_score: { filter: must[0], boost: WORDS_TIER } },
      { constant_score: { filter: { bool: { must_not: [must[0]] } }, boost: TYPO_TIER } },
    ]);
    assert.ok(body.query.bool.must_not, 'exclusions stay exact');
    assert.equal(body.suggest, undefined, 'the candidates are known by now');
    assert.ok(!JSON.stringify(body).includes('query_string'));
    assert.ok(!JSON.stringify(body).includes('fuzz'), 'only spellings the index holds, no fuzzy expansion');
  });

  it('names one filter per widened word and spelling, the word pinned to it near the other words', () => {
    const request = parseSearchRequest({ q: 'sap nhapp phog', facets: 'false' });
    const tiers = typoTiersOf(request, new Map([['phog', [{ term: 'phong', distance: 1, df: 4 }, { term: 'pho', distance: 1, df: 2 }]]]));
    const named = JSON.parse(JSON.stringify(toSearchBody(request, tiers ?? undefined))).query.bool.should.filter((q: { bool?: { _name?: string } }) => q.bool?._name);
    assert.deepEqual(named.map((q: { bool: { _name: string } }) => q.bool._name), ['typo_pin_0_t', 'typo_pin_0_0', 'typo_pin_0_1']);
    const rulesOf = (q: { bool: { filter: Array<{ bool: { should: Array<{ intervals: { title: { all_of: { intervals: unknown[] } } } }> } }> } }) => q.bool.filter[0]?.bool.should[0]?.intervals.title.all_of.intervals;
    assert.deepEqual(rulesOf(named[1]), [{ match: { query: 'sap', ordered: true, max_gaps: 0 } }, { match: { query: 'nhapp', ordered: true, max_gaps: 0 } }, { match: { query: 'phong', ordered: true, max_gaps: 0 } }]);
    assert.equal(typoTiersOf({ ...request, after: { value: 1, id: 'a' } }, new Map([['phog', [{ term: 'phong', distance: 1, df: 4 }]]]))?.pins, undefined, 'later pages: no corrections, no pins');
  });

  it('probes which plain words match nothing in any spelling, and leaves out exactly one per group', () => {
    const request = parseSearchRequest({ q: 'gardeners plant zyxwvq', facets: 'false' });
    const tiers = typoTiersOf(request, new Map([['gardeners', [{ term: 'gardener', distance: 1, df: 3 }]]]));
    assert.equal(tiers?.probe?.length, 3);
    const body = JSON.parse(JSON.stringify(toSearchBody(request, tiers ?? undefined)));
    assert.deepEqual(Object.keys(body.aggs.typo_probe.aggs), ['w0', 'w1', 'w2']);
    assert.deepEqual(body.aggs.typo_probe.global, {});
    const fields = ['title^4', 'authors.text^2', 'people.text^2', 'body', 'captions^0.5'];
    assert.deepEqual(body.aggs.typo_probe.aggs.w0.filter, { bool: { should: ['gardeners', 'gardener'].map((query) => ({ multi_match: { query, type: 'best_fields', fields } })), minimum_should_match: 1 } });
    assert.ok(request.query && tiers?.probe);
    const widened = { ...request.query, anyOf: tiers.typos };
    assert.deepEqual(missingGroups(widened, tiers.probe, [3, 9, 0])?.[0]?.map((c) => c.tokens[0]), ['gardeners', 'plant']);
    assert.equal(missingGroups(widened, tiers.probe, [3, 0, 0]), null, 'two hopeless words: nothing left out');
    assert.equal(missingGroups(widened, tiers.probe, [3, 9, 1]), null, 'a word some document holds is never left out');
    assert.equal(typoTiersOf(parseSearchRequest({ q: 'ban "lua"' }), new Map()), null, 'short words and quoted words: no tier');
  });

  it('searches as typed with the suggesters, then with the typo tier when few match, then without the hopeless word; corrections from the top hit\'s named filters', async () => {
    const request = parseSearchRequest({ q: 'gardners plant zyxwvq', facets: 'false' });
    const empty = { hits: { total: { value: 0, relation: 'eq' }, hits: [] } };
    const suggestion = (options: Array<{ text: string; freq: number }>) => [{ text: 'gardners', offset: 0, length: 8, options: options.map((o) => ({ ...o, score: 0.8 })) }];
    domain.replies = [
      {
        status: 200,
        body: {
          ...empty,
          // plant has a likelier spelling, but documents hold it as typed while none holds gardners: not widened.
          suggest: { typo_s0_0: suggestion([]), typo_s0_3: suggestion([{ text: 'gardeners', freq: 2 }]), typo_s1_3: [{ text: 'plant', offset: 0, length: 5, options: [{ text: 'plants', score: 0.8, freq: 9 }] }], typo_s2_3: [{ text: 'zyxwvq', offset: 0, length: 6, options: [] }] },
          aggregations: { typo_held: { doc_count: 40, w0: { doc_count: 0 }, w1: { doc_count: 5 }, w2: { doc_count: 0 } } },
        },
      },
      { status: 200, body: { ...empty, aggregations: { typo_probe: { doc_count: 40, w0: { doc_count: 2 }, w1: { doc_count: 5 }, w2: { doc_count: 0 } } } } },
      { status: 200, body: { hits: { total: { value: 1, relation: 'eq' }, hits: [{ _id: 'a', _score: 3, sort: [3, 'a'], _source: doc('a'), matched_queries: ['typo_pin_0_0'] }] } } },
    ];
    const result = await index.search(request);
    assert.equal(domain.exchanges.length, 3);
    const candidates = new Map([['gardners', [{ term: 'gardeners', distance: 1, df: 2 }]]]);
    const tiers = typoTiersOf(request, candidates);
    assert.ok(tiers && request.query && tiers.probe);
    const bodies = domain.exchanges.map((e) => JSON.parse(e.body));
    assert.deepEqual(bodies[0], JSON.parse(JSON.stringify(toSearchBody(request))));
    assert.deepEqual(bodies[1], JSON.parse(JSON.stringify(toSearchBody(request, tiers))));
    const missing = missingGroups({ ...request.query, anyOf: tiers.typos }, tiers.probe, [2, 5, 0]);
    assert.ok(missing);
    const pins = pinsOf(missing, candidates);
    assert.ok(!JSON.stringify(pins).includes('zyxwvq'), 'the word left out is pinned nowhere');
    assert.deepEqual(bodies[2], JSON.parse(JSON.stringify(toSearchBody(request, { typos: tiers.typos, missing, pins }))));
    assert.deepEqual(result.hits.map((h) => h.id), ['a']);
    assert.equal(result.total, 1);
    assert.deepEqual(result.corrections, [{ from: 'gardners', to: 'gardeners' }]);
  });

  it('names no correction when the top hit holds the word as typed near the others', () => {
    const query = parseSearchRequest({ q: 'gardners plant' }).query;
    assert.ok(query);
    const candidates = new Map([['gardners', [{ term: 'gardeners', distance: 1, df: 2 }]]]);
    assert.deepEqual(correctionsFromPins(query, candidates, new Set(['typo_pin_0_t', 'typo_pin_0_0'])), []);
    assert.deepEqual(correctionsFromPins(query, candidates, new Set()), [], 'no spelling matched near the others: nothing to name');
  });

  it('asks a later page\'s candidates from the suggesters alone, and names no corrections there', async () => {
    const request = { ...parseSearchRequest({ q: 'gardners plant', facets: 'false', size: '1' }), after: { value: 10003, id: 'a' } };
    const empty = { hits: { total: { value: 0, relation: 'eq' }, hits: [] } };
    domain.replies = [
      { status: 200, body: { hits: { total: { value: 2, relation: 'eq' }, hits: [] } } },
      { status: 200, body: { ...empty, suggest: { typo_s0_3: [{ text: 'gardners', offset: 0, length: 8, options: [{ text: 'gardeners', score: 0.8, freq: 2 }] }] } } },
      { status: 200, body: { hits: { total: { value: 2, relation: 'eq' }, hits: [{ _id: 'b', _score: 3, sort: [3, 'b'], _source: doc('b') }] } } },
    ];
    const result = await index.search(request);
    const bodies = domain.exchanges.map((e) => JSON.parse(e.body));
    assert.equal(bodies[0].suggest, undefined);
    const query = request.query ?? { anyOf: [], exclude: [], text: '' };
    assert.deepEqual(bodies[1], { size: 0, suggest: JSON.parse(JSON.stringify(typoSuggesters(query))), aggs: JSON.parse(JSON.stringify(typoHeldProbe(query))) });
    assert.ok(JSON.stringify(bodies[2].query).includes('gardeners'));
    assert.deepEqual(result.corrections, []);
  });

  it('asks once when enough documents match as typed', async () => {
    domain.replies = [{ status: 200, body: { hits: { total: { value: 10, relation: 'eq' }, hits: [] } } }];
    await index.search(parseSearchRequest({ q: 'gardeners plant apple', facets: 'false' }));
    assert.equal(domain.exchanges.length, 1);
  });

  it('builds the query for a representative search exactly as pinned here', () => {
    const request = parseSearchRequest({ q: 'Ủy ban nhân dân -"giao thông"', source: 'Baonghean.vn', from: '2012', to: '2013-06', sort: 'date', size: '20' });
    const fields = ['title^4', 'title.exact^6', 'authors.text^2', 'authors.exact^3', 'people.text^2', 'people.exact^3', 'body', 'body.exact^1.5', 'captions^0.5', 'captions.exact^0.75'];
    const phrase = (query: string, f = fields) => ({ multi_match: { query, type: 'phrase', fields: f } });
    const word = (query: string, f = fields) => ({ multi_match: { query, type: 'best_fields', fields: f } });
    const synonymous = (f?: string[]) => ({ bool: { should: [phrase('Ủy ban nhân dân', f), word('ubnd', f)], minimum_should_match: 1 } });
    assert.deepEqual(JSON.parse(JSON.stringify(toSearchBody(request))), {
      size: 20,
      track_total_hits: true,
      _source: ['id', 'key', 'title', 'published', 'source', 'authors'],
      query: { bool: {
        must: [{ bool: { should: [{ bool: { must: [synonymous()] } }], minimum_should_match: 1 } }],
        must_not: [phrase('giao thông')],
        should: [{ constant_score: { filter: { bool: { must: [synonymous(['title.exact', 'authors.exact', 'people.exact', 'body.exact', 'captions.exact'])] } }, boost: EXACT_TIER } }],
        filter: [{ terms: { source: ['Baonghean.vn'] } }, { range: { published: { gte: '2012-01-01', lte: '2013-06-30', format: 'strict_date' } } }],
      } },
      sort: [{ published: { order: 'desc', missing: '_last' } }, { id: { order: 'asc' } }],
      highlight: { pre_tags: ['\uE000'], post_tags: ['\uE001'], encoder: 'default', fields: { body: { fragment_size: 200, number_of_fragments: 1, no_match_size: 200 } } },
      aggs: Object.fromEntries(['source', 'authors', 'people', 'docRefs', 'year'].map((f) => [f, { terms: { field: f, size: 10 } }])),
    });
  });

  it('adds phrase and shingle bonuses for plain words, and search_after from the cursor', () => {
    const first = parseSearchRequest({ q: 'giao thong nong thon', facets: 'false' });
    const body = toSearchBody({ ...first, after: { value: 12.5, id: 'abc' } });
    assert.deepEqual(body.search_after, [12.5, 'abc']);
    assert.equal(body.aggs, undefined);
    assert.deepEqual(JSON.parse(JSON.stringify(body.query)).bool.should, [
      { multi_match: { query: 'giao thong nong thon', type: 'phrase', fields: ['title^4', 'body'], boost: 2 } },
      { multi_match: { query: 'giao thong nong thon', type: 'best_fields', fields: ['title.shingles^2', 'body.shingles'] } },
    ]);
  });

  it('in a typo tier, also scores each pair of consecutive words found as a phrase in a byline or a named person', () => {
    const request = parseSearchRequest({ q: 'Lý Thu Anh phép', facets: 'false' });
    const tiers = typoTiersOf(request, new Map([['phep', [{ term: 'phap', distance: 1, df: 3 }]]]));
    assert.ok(tiers);
    const pair = (query: string) => ({ multi_match: { query, type: 'phrase', fields: ['authors.text', 'people.text'], boost: 2 } });
    const should = JSON.parse(JSON.stringify(toSearchBody(request, tiers))).query.bool.should;
    const names = should.filter((q: { multi_match?: { fields: string[] } }) => q.multi_match?.fields.includes('people.text'));
    assert.deepEqual(names, [pair('Lý Thu'), pair('Thu Anh'), pair('Anh phép')]);
    const asTyped = JSON.stringify(toSearchBody(request));
    assert.ok(!asTyped.includes('people.text"]'), 'not when enough documents match as typed: the search as typed is unchanged');
    const two = parseSearchRequest({ q: 'Anh phép', facets: 'false' });
    const twoWords = JSON.stringify(toSearchBody(two, typoTiersOf(two, new Map([['phep', [{ term: 'phap', distance: 1, df: 3 }]]])) ?? undefined));
    assert.ok(!twoWords.includes("people.text\"]"), 'two words: their phrase is the query\'s own phrase bonus');
  });

  it('pins the index settings and mappings: ICU analysis, exact and shingle subfields, strict keyword entities', () => {
    const analysis = INDEX_BODY.settings?.analysis as Record<string, Record<string, { tokenizer?: string; filter?: string[] }>>;
    assert.deepEqual(analysis.analyzer?.vi_folded, { type: 'custom', tokenizer: 'icu_tokenizer', filter: ['icu_folding'] } as never);
    assert.deepEqual(analysis.analyzer?.vi_exact?.filter, ['lowercase']);
    assert.deepEqual(analysis.analyzer?.vi_shingle?.filter, ['icu_folding', 'vi_shingle']);
    const mappings = INDEX_BODY.mappings as { dynamic: string; properties: Record<string, { type: string; fields?: Record<string, unknown> }> };
    assert.equal(mappings.dynamic, 'strict');
    for (const field of ['source', 'authors', 'people', 'organizations', 'docRefs', 'language', 'year']) assert.equal(mappings.properties[field]?.type, 'keyword', field);
    assert.equal(mappings.properties.published?.type, 'date');
    assert.deepEqual(Object.keys(mappings.properties.body?.fields ?? {}), ['exact', 'shingles']);
    assert.equal(MAPPING_VERSION, 4);
  });

  it('makes bylines and people searchable text (folded and exact) beside their keyword facets', () => {
    const mappings = INDEX_BODY.mappings as { properties: Record<string, { type: string; fields?: Record<string, { type: string; analyzer: string }> }> };
    for (const field of ['authors', 'people']) {
      assert.deepEqual(mappings.properties[field]?.fields, { text: { type: 'text', analyzer: 'vi_folded' }, exact: { type: 'text', analyzer: 'vi_exact' } }, field);
    }
  });

  it('indexes photo captions as a field of their own, weighed below the body', () => {
    const mappings = INDEX_BODY.mappings as { properties: Record<string, { type: string; analyzer?: string; fields?: Record<string, { analyzer: string }> }> };
    assert.equal(mappings.properties.captions?.analyzer, 'vi_folded');
    assert.equal(mappings.properties.captions?.fields?.exact?.analyzer, 'vi_exact');
    const fields = JSON.parse(JSON.stringify(toSearchBody(parseSearchRequest({ q: 'hội nghị' })))).query.bool.must[0].bool.should[0].bool.must[0].multi_match.fields as string[];
    const boost = (f: string) => Number(fields.find((x) => x === f || x.startsWith(`${f}^`))?.split('^')[1] ?? 1);
    assert.ok(boost('captions') < boost('body') && boost('body') < boost('authors.text') && boost('authors.text') < boost('title'), JSON.stringify(fields));
  });

  it('indexes text with one tone placement, as the embedded engine does', () => {
    assert.equal(toOpenSearchDocument({ ...doc('a'), title: 'Hoà Bình khoẻ' }).title, 'Hòa Bình khỏe');
  });

  it('puts user text only into multi_match.query and terms, never into query_string', () => {
    const body = JSON.stringify(toSearchBody(parseSearchRequest({ q: 'a:b OR title:(x*) -"c"', person: 'x"y' })));
    assert.ok(!body.includes('query_string'));
    assert.ok(!body.includes('simple_query_string'));
  });

  it('creates a generation as a new versioned index that is not refreshed while it loads', async () => {
    domain.replies = [{ status: 200, body: { acknowledged: true } }, { status: 200, body: { errors: false, items: [] } }];
    const name = await index.createGeneration();
    await index.writeGeneration(name, [doc('a')]);
    const [create, bulk] = domain.exchanges;
    assert.match(name, /^documents-v4-\d+$/);
    assert.equal(create?.method, 'PUT');
    assert.equal(create?.path, `/${name}`);
    const body = JSON.parse(create?.body ?? '{}');
    assert.equal(body.settings.index.refresh_interval, '-1');
    assert.deepEqual(body.mappings, JSON.parse(JSON.stringify(INDEX_BODY.mappings)));
    assert.deepEqual(ndjson(bulk?.body ?? '')[0], { index: { _index: name, _id: 'a' } });
  });

  it('activates a generation by moving both aliases in one atomic call, then deletes the index that was previous', async () => {
    domain.replies = [
      { status: 200, body: { acknowledged: true } }, // settings: refresh back on
      { status: 200, body: {} }, // refresh
      { status: 200, body: { 'documents-v2-2': { aliases: { documents: {} } }, 'documents-v2-1': { aliases: { 'documents-previous': {} } } } },
      { status: 200, body: { acknowledged: true } }, // _aliases
      { status: 200, body: { 'documents-v2-1': {}, 'documents-v2-2': {}, 'documents-v2-3': {} } }, // list versioned indices
      { status: 200, body: { acknowledged: true } }, // delete
    ];
    const { previous } = await index.activate('documents-v2-3');
    const [settings, refresh, aliases, swap, list, drop] = domain.exchanges;
    assert.equal(settings?.path, '/documents-v2-3/_settings');
    assert.deepEqual(JSON.parse(settings?.body ?? '{}'), { index: { refresh_interval: '1s' } });
    assert.equal(refresh?.path, '/documents-v2-3/_refresh');
    assert.equal(decodeURIComponent(aliases?.path ?? ''), '/_alias/documents,documents-previous');
    assert.deepEqual(JSON.parse(swap?.body ?? '{}'), { actions: [
      { remove: { index: 'documents-v2-2', alias: 'documents' } },
      { remove: { index: 'documents-v2-1', alias: 'documents-previous' } },
      { add: { index: 'documents-v2-3', alias: 'documents', is_write_index: true } },
      { add: { index: 'documents-v2-2', alias: 'documents-previous' } },
    ] });
    assert.equal(list?.path, '/documents-v*');
    assert.equal(drop?.method, 'DELETE');
    assert.equal(drop?.path, '/documents-v2-1');
    assert.equal(previous, 'documents-v2-2');
  });

  it('rolls back by swapping the alias and the previous alias in one call', async () => {
    domain.replies = [
      { status: 200, body: { 'documents-v2-3': { aliases: { documents: {} } }, 'documents-v2-2': { aliases: { 'documents-previous': {} } } } },
      { status: 200, body: { acknowledged: true } },
    ];
    assert.deepEqual(await index.rollback(), { active: 'documents-v2-2', previous: 'documents-v2-3' });
    assert.deepEqual(JSON.parse(domain.exchanges[1]?.body ?? '{}'), { actions: [
      { remove: { index: 'documents-v2-3', alias: 'documents' } },
      { remove: { index: 'documents-v2-2', alias: 'documents-previous' } },
      { add: { index: 'documents-v2-2', alias: 'documents', is_write_index: true } },
      { add: { index: 'documents-v2-3', alias: 'documents-previous' } },
    ] });
  });

  it('refuses a rollback when no previous index is kept', async () => {
    domain.replies = [{ status: 200, body: { 'documents-v2-3': { aliases: { documents: {} } } } }];
    await assert.rejects(index.rollback(), NoPreviousIndexError);
    assert.equal(domain.exchanges.length, 1, 'no alias change sent');
  });

  it('counts a generation after refreshing it, so every write is counted', async () => {
    domain.replies = [{ status: 200, body: {} }, { status: 200, body: { count: 42 } }];
    assert.equal(await index.countGeneration('documents-v2-3'), 42);
    assert.deepEqual(domain.exchanges.map((e) => e.path), ['/documents-v2-3/_refresh', '/documents-v2-3/_count']);
  });

  it('creates the first versioned index with the alias when the domain has none', async () => {
    domain.replies = [{ status: 404, body: {} }, { status: 200, body: { acknowledged: true } }];
    await index.ensureIndex();
    const [head, create] = domain.exchanges;
    assert.equal(head?.method, 'HEAD');
    assert.equal(head?.path, '/_alias/documents');
    assert.deepEqual(JSON.parse(create?.body ?? '{}').aliases, { documents: {} });
  });

  it('refuses to write through an alias that points to an older mapping version, saying to re-index', async () => {
    domain.replies = [{ status: 200, body: {} }, { status: 200, body: { 'documents-v1-1700000000000': { aliases: { documents: {} } } } }];
    await assert.rejects(index.ensureIndex(), (e: unknown) => e instanceof MappingOutdatedError && /Run the re-index/.test(e.message));
    domain.exchanges.length = 0;
    domain.replies = [{ status: 200, body: {} }, { status: 200, body: { [`documents-v${MAPPING_VERSION}-1700000000000`]: { aliases: { documents: {} } } } }];
    await index.ensureIndex();
    assert.equal(domain.exchanges.length, 2, 'no index created when the current version is in place');
  });

  it('lists every indexed id page by page with search_after on the id', async () => {
    domain.replies = [
      { status: 200, body: { hits: { hits: [{ _id: 'a', sort: ['a'] }, { _id: 'b', sort: ['b'] }] } } },
      { status: 200, body: { hits: { hits: [] } } },
    ];
    const pages: string[][] = [];
    for await (const ids of index.ids()) pages.push(ids);
    assert.deepEqual(pages, [['a', 'b']]);
    assert.deepEqual(JSON.parse(domain.exchanges[1]?.body ?? '{}').search_after, ['b']);
    assert.equal(JSON.parse(domain.exchanges[0]?.body ?? '{}')._source, false);
  });

  it('stops the id listing with a named error when a page carries no sort value, instead of starting over from the first page', async () => {
    // Prepare: the first page's last hit has no sort value; were the listing to start over, the domain would serve that page again.
    const firstPage = { status: 200, body: { hits: { hits: [{ _id: 'a', sort: ['a'] }, { _id: 'b' }] } } };
    domain.replies = [firstPage, firstPage, { status: 200, body: { hits: { hits: [] } } }];
    const pages: string[][] = [];
    // Act
    const listing = (async () => { for await (const ids of index.ids()) pages.push(ids); })();
    // Assess
    await assert.rejects(listing, (e: unknown) => e instanceof PagingCursorMissingError && e.lastId === 'b');
    assert.deepEqual(pages, [['a', 'b']]);
    assert.equal(domain.exchanges.length, 1, 'no second request for the first page');
  });

});
