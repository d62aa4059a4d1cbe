import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@opensearch-project/opensearch';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createSearchHandler } from '../../functions/search/search-handler.ts';
import { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { MAX_QUERY_LENGTH } from '../../shared/domain/search/query.ts';
import { encodeCursor, parseSearchRequest, type RawParams } from '../../shared/domain/search/request.ts';
import type { IndexDocument } from '../../shared/domain/types.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import { silentLogger } from '../support/fakes.ts';
import { LoopbackJsonServer, type LoopbackReply, type LoopbackRequest } from '../support/loopback-json-server.ts';

/**
 * Hostile input on the search API: every parameter fuzzed, through the real handler, on both engines.
 * Each answer is a 400 naming a parameter or a normal result, never a 500; on OpenSearch every request
 * body the adapter sends is checked to keep user text out of `query_string`.
 */

const PARAMETERS = ['q', 'source', 'author', 'person', 'docRef', 'language', 'from', 'to', 'sort', 'size', 'cursor', 'facets'] as const;
const BASE_QUERY = 'ủy ban';

const orChain = (word: string, length: number): string => {
  let text = word;
  while (text.length + word.length + 4 <= length) text += ` OR ${word}`;
  return text;
};

/** Hostile values, each named; the same for every parameter. */
function hostileValues(): Array<{ name: string; value: string | string[] }> {
  const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0085\u2028\u2029\u202e';
  return [
    { name: 'very long (10,000 characters)', value: 'ủy ban '.repeat(1_430) },
    { name: 'just over the query limit', value: 'a'.repeat(MAX_QUERY_LENGTH + 1) },
    { name: 'every control character', value: `ủy${controls}ban` },
    { name: 'control characters only', value: controls },
    { name: 'NUL inside a word', value: 'ủy\u0000ban' },
    { name: 'an unbalanced quote', value: '"ủy ban' },
    { name: 'quotes only', value: '"""""' },
    { name: 'a quoted minus', value: '-"ủy ban' },
    { name: 'an OR chain at the length limit', value: orChain('ban', MAX_QUERY_LENGTH) },
    { name: 'an OR chain of distinct long words', value: orChain('nhândân', MAX_QUERY_LENGTH) },
    { name: 'OR alone, repeated', value: 'OR OR OR OR' },
    { name: 'query_string syntax', value: 'title:(ủy OR ban) AND body:/.*/ OR _exists_:id^99 ~2 [* TO *] \\ {!}' },
    { name: 'combining marks only (fold to nothing)', value: '\u0301\u0300\u0309\u0303\u0323' },
    { name: 'zero-width and BOM only (fold to nothing)', value: '\u200b\u200c\u200d\u2060\ufeff' },
    { name: 'variation selectors and a lone surrogate', value: '\ufe0f\udb40\udc01\ud800' },
    { name: 'emoji and symbols', value: '🔥🏳️‍🌈 ∑ ™ ①' },
    { name: 'a repeated parameter', value: ['ủy', 'ban'] },
    { name: 'many comma-separated values', value: Array.from({ length: 30 }, (_, i) => `v${i}`).join(',') },
    { name: 'a JSON cursor', value: Buffer.from(JSON.stringify({ f: 'x', s: 'relevance', v: 1, i: 'a' })).toString('base64url') },
  ];
}

/** Every (parameter, hostile value) pair, the others ordinary; q stays set so filters are not browsed. */
function fuzzCases(): Array<{ label: string; params: RawParams }> {
  return PARAMETERS.flatMap((parameter) => hostileValues().map(({ name, value }) => ({
    label: `${parameter}: ${name}`,
    params: parameter === 'q' ? { q: value } : { q: BASE_QUERY, [parameter]: value },
  })));
}

/**
 * Cursors of the right search (its fingerprint) whose position comes from elsewhere: another index
 * generation (ids and scores that no longer exist), another engine (a date where a score belongs), or
 * values JSON allows but no engine returns.
 */
function foreignCursors(): Array<{ label: string; params: RawParams }> {
  const positions: Array<[string, number | string | null, string]> = [
    ['an id the index no longer holds', 3.5, 'ffffffffffffffffffffffffffffffff'],
    ['a score from another generation, far out of range', 1e300, 'a'],
    ['a negative score', -1, 'a'],
    ['a date where a score belongs (another engine)', '2012-08-21', 'a'],
    ['a string that is no date', 'not-a-date', 'a'],
    ['null', null, 'a'],
    ['an empty id', 1, ''],
    ['an id full of control characters', 1, '\u0000\u001f"\\'],
  ];
  return (['relevance', 'date'] as const).flatMap((sort) => positions.map(([label, value, id]) => {
    const params: RawParams = { q: BASE_QUERY, sort };
    return { label: `cursor from another index generation, sort=${sort}: ${label}`, params: { ...params, cursor: encodeCursor(parseSearchRequest(params), { value, id }) } };
  }));
}

const sample = JSON.parse(readFileSync(new URL('../../events/apigw-search.json', import.meta.url), 'utf8')) as APIGatewayProxyEventV2;
const searchEvent = (params: RawParams): APIGatewayProxyEventV2 => ({
  ...sample,
  // API Gateway passes a repeated parameter on comma-joined.
  queryStringParameters: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
});

const docs: IndexDocument[] = [
  { id: 'a', key: 'a.txt', etag: '1', title: 'Ủy ban nhân dân tỉnh họp', body: 'Đồng chí Hồ Đức Phớc chủ trì cuộc họp của ủy ban.', captions: '', source: 'Baonghean.vn', authors: ['Thanh Lê'], published: '2012-08-21', language: 'vi', people: ['Hồ Đức Phớc'], organizations: [], docRefs: ['18-NQ/TW'] },
  { id: 'b', key: 'b.txt', etag: '1', title: 'Tin khác', body: 'Ban chỉ đạo họp bàn về thời tiết.', captions: '', source: null, authors: [], published: null, language: 'vi', people: [], organizations: [], docRefs: [] },
];

type Handler = ReturnType<typeof createSearchHandler>;

/** 400 naming a parameter, or 200 with a well-formed result; never anything else. */
async function assertAnswered(handler: Handler, label: string, params: RawParams): Promise<number> {
  const res = await handler(searchEvent(params));
  const body = JSON.parse(res.body ?? '{}') as { error?: { code?: string; parameter?: string }; total?: number; hits?: unknown[] };
  assert.ok(res.statusCode === 200 || res.statusCode === 400, `${label}: answered ${res.statusCode} ${res.body?.slice(0, 300)}`);
  if (res.statusCode === 400) assert.ok(body.error?.parameter && (PARAMETERS as readonly string[]).includes(body.error.parameter), `${label}: a 400 names the parameter`);
  else assert.ok(typeof body.total === 'number' && Array.isArray(body.hits), `${label}: a normal result`);
  return res.statusCode ?? 0;
}

/** Every key in a JSON value matching `pattern`, at any depth. */
function keysNamed(value: unknown, pattern: RegExp): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => keysNamed(v, pattern));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [...(pattern.test(k) ? [k] : []), ...keysNamed(v, pattern)]);
  return [];
}

/**
 * A loopback OpenSearch answering `_search` with one hit, and refusing with a 400 what a domain
 * refuses: a body that is not JSON, or a `search_after` value of the wrong type for its sort field
 * (`_score` takes a number, the `published` date epoch milliseconds or a strict date). Records each body.
 */
class StrictSearchDomain extends LoopbackJsonServer {
  readonly bodies: unknown[] = [];

  protected answer(request: LoopbackRequest): LoopbackReply {
    let body: { sort?: Array<Record<string, unknown>>; search_after?: unknown[]; size?: number };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return { status: 400, body: { error: { type: 'parse_exception', reason: 'request body is not JSON' }, status: 400 } };
    }
    this.bodies.push(body);
    const byScore = body.sort?.[0]?._score !== undefined;
    const after = body.search_after?.[0];
    if (body.search_after) {
      const fits = byScore ? typeof after === 'number' : typeof after === 'number' || (typeof after === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(after));
      if (!fits) return { status: 400, body: { error: { type: 'parse_exception', reason: `Failed to parse search_after value for field [${byScore ? '_score' : 'published'}]` }, status: 400 } };
    }
    const sort = byScore ? [1.25, 'a'] : [1345507200000, 'a'];
    return {
      status: 200,
      body: {
        hits: { total: { value: 1, relation: 'eq' }, hits: [{ _id: 'a', _score: 1.25, sort, _source: { id: 'a', key: 'a.txt', title: 'Ủy ban nhân dân tỉnh họp', published: '2012-08-21', source: null, authors: [] }, highlight: { body: ['Ủy ban'] } }] },
        aggregations: {},
      },
    };
  }
}

describe('hostile input on the search API: 400 or a normal result, never 500', () => {
  const cases = [...fuzzCases(), ...foreignCursors()];

  it('fuzzes every parameter with every hostile value, and the cursor with foreign positions', () => {
    for (const parameter of PARAMETERS) assert.equal(cases.filter((c) => c.label.startsWith(`${parameter}: `)).length, hostileValues().length, parameter);
    assert.equal(foreignCursors().length, 16);
  });

  describe('on the embedded engine (SQLite FTS5, for real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docpipe-hostile-search-'));
    const index = new SqliteSearchIndex(join(dir, 'search.sqlite'));
    const handler = createSearchHandler({ service: createSearchService({ index }), logger: silentLogger() });
    before(() => index.upsert(docs));
    after(() => {
      index.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers every fuzzed request with 400 or a normal result', async () => {
      const statuses = new Map<number, number>();
      for (const { label, params } of cases) {
        const status = await assertAnswered(handler, label, params);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0, 'both answers occur: the fuzz reaches the engine');
    });

    it('still finds the ordinary query after the fuzz', async () => {
      const res = await handler(searchEvent({ q: BASE_QUERY }));
      assert.equal(res.statusCode, 200);
      assert.equal((JSON.parse(res.body ?? '{}') as { hits: Array<{ id: string }> }).hits[0]?.id, 'a');
    });
  });

  describe('on the OpenSearch adapter, through its HTTP exchanges', () => {
    const domain = new StrictSearchDomain();
    let handler: Handler;
    before(async () => {
      await domain.start();
      handler = createSearchHandler({ service: createSearchService({ index: new OpenSearchIndex(new Client({ node: domain.endpoint }), 'documents') }), logger: silentLogger() });
    });
    after(() => domain.stop());

    it('answers every fuzzed request with 400 or a normal result', async () => {
      let answered = 0;
      for (const { label, params } of cases) if ((await assertAnswered(handler, label, params)) === 200) answered += 1;
      assert.ok(answered > 0 && domain.bodies.length >= answered, 'the fuzz reaches the domain');
    });

    it('never puts user text into query_string: no generated body holds one', () => {
      assert.ok(domain.bodies.length > 0);
      for (const body of domain.bodies) assert.deepEqual(keysNamed(body, /query_string/), [], JSON.stringify(body).slice(0, 200));
    });
  });
});
