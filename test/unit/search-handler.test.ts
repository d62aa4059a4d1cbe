import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createSearchHandler } from '../../functions/search/search-handler.ts';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { baseRecord, processedRecord } from '../../shared/domain/document-record.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import type { DocumentRecord } from '../../shared/domain/types.ts';
import { ORIGIN_SECRET_HEADER } from '../../shared/origin-secret.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import { MemoryObjectStore, silentLogger } from '../support/fakes.ts';

const ID = '0f0e0d0c0b0a09080706050403020100';

const sample = JSON.parse(readFileSync(new URL('../../events/apigw-search.json', import.meta.url), 'utf8')) as APIGatewayProxyEventV2;
const request = (path: string, query?: Record<string, string>): APIGatewayProxyEventV2 => ({
  ...sample,
  rawPath: path,
  queryStringParameters: query,
  requestContext: { ...sample.requestContext, http: { ...sample.requestContext.http, path } },
});

describe('search handler (HTTP API payload v2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-search-'));
  const index = new SqliteSearchIndex(join(dir, 'search.sqlite'));
  const objects = new MemoryObjectStore();
  const rows = new Map<string, DocumentRecord>();
  const documents = { metadata: { get: async (id: string) => rows.get(id) }, objects, processedBucket: 'processed' };
  const handler = createSearchHandler({ service: createSearchService({ index, documents }), logger: silentLogger() });
  before(async () => {
    const doc = await processDocument(new TextEncoder().encode('Ủy ban nhân dân tỉnh họp\n\nĐồng chí Hồ Đức Phớc chủ trì cuộc họp.'));
    const base = baseRecord(ID, { bucket: 'raw', key: 'a.txt', sequencer: '01' }, { size: 10, etag: 'e' }, new Date());
    rows.set(ID, processedRecord(base, doc, 'documents/x.json', null));
    await objects.put('processed', 'documents/x.json', JSON.stringify({ id: ID, key: 'a.txt', etag: 'e', document: doc }));
    await index.upsert([
      { id: 'a', key: 'a.txt', etag: '1', title: 'Ủy ban nhân dân tỉnh họp', body: 'Đồng chí Hồ Đức Phớc chủ trì <script>x</script> cuộc họp.', captions: '', source: null, authors: [], published: '2012-08-21', language: 'vi', people: [], organizations: [], docRefs: [] },
      { id: 'b', key: 'b.txt', etag: '1', title: 'Tin khác', body: 'Thời tiết hôm nay nắng đẹp.', captions: '', source: null, authors: [], published: null, language: 'vi', people: [], organizations: [], docRefs: [] },
    ]);
  });
  after(() => {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the sample API Gateway event with ranked JSON hits', async () => {
    const res = await handler(sample);
    assert.equal(res.statusCode, 200);
    const body = JSON.parse(res.body ?? '{}');
    assert.equal(body.total, 1);
    assert.equal(body.hits[0].key, 'a.txt');
  });
  it('finds accented text typed without accents, and escapes the snippet', async () => {
    const body = JSON.parse((await handler(request('/search', { q: 'ho duc phoc' }))).body ?? '{}');
    assert.equal(body.hits[0].id, 'a');
    assert.match(body.hits[0].snippet, /<mark>Hồ<\/mark> <mark>Đức<\/mark> <mark>Phớc<\/mark>/);
    assert.ok(!body.hits[0].snippet.includes('<script>'));
  });
  it('answers bad input with 400 and the parameter name, never 500', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'q'], [{ q: 'x'.repeat(501) }, 'q'], [{ q: 'ủy', size: '51' }, 'size'], [{ q: 'ủy', size: 'ten' }, 'size'], [{ q: '"' }, 'q'],
      [{ q: 'ủy', sort: 'popular' }, 'sort'], [{ q: 'ủy', from: '2021-02-30' }, 'from'], [{ q: 'ủy', to: 'yesterday' }, 'to'],
      [{ q: 'ủy', from: '2022', to: '2021' }, 'from'], [{ q: 'ủy', cursor: 'garbage' }, 'cursor'], [{ q: 'ủy', facets: 'maybe' }, 'facets'],
      [{ sort: 'relevance', source: 'x' }, 'sort'],
    ];
    for (const [query, parameter] of cases) {
      const res = await handler(request('/search', query));
      assert.equal(res.statusCode, 400, JSON.stringify(query));
      assert.equal(JSON.parse(res.body ?? '{}').error.parameter, parameter);
    }
  });
  it('rejects a cursor from another search', async () => {
    const first = JSON.parse((await handler(request('/search', { q: 'họp OR hôm', size: '1' }))).body ?? '{}');
    assert.ok(first.nextCursor);
    const res = await handler(request('/search', { q: 'khác', cursor: first.nextCursor }));
    assert.equal(res.statusCode, 400);
    assert.match(JSON.parse(res.body ?? '{}').error.message, /different search/);
  });

  it('serves a document: metadata, cleaned text and a link to the original', async () => {
    const res = await handler(request(`/documents/${ID}`));
    assert.equal(res.statusCode, 200);
    const body = JSON.parse(res.body ?? '{}');
    assert.equal(body.document.key, 'a.txt');
    assert.equal(body.document.processedKey, undefined);
    assert.deepEqual(body.document.roles, {});
    assert.match(body.text.body, /Hồ Đức Phớc chủ trì/);
    assert.match(body.originalUrl, /^memory:\/\/raw\/a.txt/);
    for (const path of ['/documents/0123456789abcdef0123456789abcdef', '/documents/not-an-id', '/documents/%E0%A4%A']) {
      assert.equal((await handler(request(path))).statusCode, 404, path);
    }
  });

  it('serves the search page at / with a strict content security policy', async () => {
    const res = await handler(request('/'));
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers?.['content-type']), /text\/html/);
    assert.match(String(res.headers?.['content-security-policy']), /default-src 'none'/);
    assert.match(res.body ?? '', /<form id="search"/);
  });

  it('reports health, 404s unknown routes and 405s writes', async () => {
    assert.equal((await handler(request('/health'))).statusCode, 200);
    assert.equal((await handler(request('/nope'))).statusCode, 404);
    const post = { ...request('/search', { q: 'x' }), requestContext: { ...sample.requestContext, http: { ...sample.requestContext.http, method: 'POST' } } };
    assert.equal((await handler(post)).statusCode, 405);
  });

  describe('behind CloudFront + WAF: the origin secret', () => {
    const guarded = createSearchHandler({
      service: createSearchService({ index, documents }),
      logger: silentLogger(),
      // The secret's current and previous values, as Secrets Manager gives them during a rotation.
      originSecrets: async () => ['current-origin-secret', 'previous-origin-secret'],
    });
    const withHeader = (event: APIGatewayProxyEventV2, value: string): APIGatewayProxyEventV2 => ({ ...event, headers: { ...event.headers, [ORIGIN_SECRET_HEADER]: value } });

    it('refuses a request without the origin secret header with 403 (the execute-api URL called directly)', async () => {
      const res = await guarded(request('/search', { q: 'ủy ban' }));
      assert.equal(res.statusCode, 403);
      assert.equal(JSON.parse(res.body ?? '{}').error.code, 'FORBIDDEN');
      assert.equal((await guarded(request('/'))).statusCode, 403, 'the page too');
      assert.equal((await guarded(request('/health'))).statusCode, 403, 'and health');
    });

    it('refuses a wrong origin secret with 403', async () => {
      for (const wrong of ['current-origin-secreT', 'current-origin-secret ', '', 'x'.repeat(10_000)]) {
        assert.equal((await guarded(withHeader(request('/search', { q: 'ủy ban' }), wrong))).statusCode, 403, JSON.stringify(wrong.slice(0, 30)));
      }
    });

    it('answers normally with the current or, during a rotation, the previous value', async () => {
      for (const value of ['current-origin-secret', 'previous-origin-secret']) {
        const res = await guarded(withHeader(request('/search', { q: 'ủy ban' }), value));
        assert.equal(res.statusCode, 200, value);
        assert.equal(JSON.parse(res.body ?? '{}').hits[0].key, 'a.txt');
      }
    });

    it('needs no header where no secret is configured (the local stack)', async () => {
      assert.equal((await handler(request('/search', { q: 'ủy ban' }))).statusCode, 200);
    });
  });
});
