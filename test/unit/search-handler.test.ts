import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createSearchHandler } from '../../functions/search/search-handler.ts';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import { silentLogger } from '../support/fakes.ts';

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
  const handler = createSearchHandler({ service: createSearchService({ index }), logger: silentLogger() });
  before(async () => {
    await index.upsert([
      { id: 'a', key: 'a.txt', etag: '1', title: 'Ủy ban nhân dân tỉnh họp', body: 'Đồng chí Hồ Đức Phớc chủ trì <script>x</script> cuộc họp.', source: null, authors: [], published: '2012-08-21', language: 'vi', people: [], docRefs: [] },
      { id: 'b', key: 'b.txt', etag: '1', title: 'Tin khác', body: 'Thời tiết hôm nay nắng đẹp.', source: null, authors: [], published: null, language: 'vi', people: [], docRefs: [] },
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
    for (const [query, parameter] of [[{}, 'q'], [{ q: 'x'.repeat(501) }, 'q'], [{ q: 'ủy', size: '51' }, 'size'], [{ q: 'ủy', size: 'ten' }, 'size'], [{ q: '"' }, 'q']] as const) {
      const res = await handler(request('/search', query));
      assert.equal(res.statusCode, 400, JSON.stringify(query));
      assert.equal(JSON.parse(res.body ?? '{}').error.parameter, parameter);
    }
  });
  it('reports health and 404s unknown routes', async () => {
    assert.equal((await handler(request('/health'))).statusCode, 200);
    assert.equal((await handler(request('/nope'))).statusCode, 404);
  });
});
