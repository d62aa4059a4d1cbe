import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { BulkIndexError, INDEX_BODY, OpenSearchIndex, toSearchBody } from '../../shared/adapters/opensearch-index.ts';
import { parseQuery } from '../../shared/domain/search/query.ts';
import type { IndexDocument } from '../../shared/domain/types.ts';

interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A loopback stand-in for an OpenSearch domain: records each request, answers with the next scripted reply. */
class RecordingDomain {
  readonly exchanges: Exchange[] = [];
  replies: Array<{ status: number; body: unknown }> = [];
  private server: Server | undefined;
  endpoint = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.exchanges.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const reply = this.replies.shift() ?? { status: 200, body: {} };
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.endpoint = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

const doc = (id: string): IndexDocument => ({
  id, key: `${id}.txt`, etag: 'e1', title: 'Đảng ủy Khối', body: 'Nội dung', source: 'Baonghean.vn', authors: ['Thanh Lê'],
  published: '2012-08-21', language: 'vi', people: ['Hồ Đức Phớc'], docRefs: ['18-NQ/TW'],
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
    assert.deepEqual(ndjson(exchange?.body ?? ''), [{ index: { _index: 'documents', _id: 'a' } }, doc('a'), { index: { _index: 'documents', _id: 'b' } }, doc('b')]);
  });

  it('raises BulkIndexError naming the items OpenSearch rejected', async () => {
    domain.replies = [{ status: 200, body: { errors: true, items: [
      { index: { _id: 'a', status: 201 } },
      { index: { _id: 'b', status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } },
    ] } }];
    await assert.rejects(index.upsert([doc('a'), doc('b')]), (e: unknown) => e instanceof BulkIndexError && e.failedIds.join() === 'b');
  });

  it('treats deleting an id the index does not hold as done', async () => {
    domain.replies = [{ status: 200, body: { errors: true, items: [{ delete: { _id: 'gone', status: 404, result: 'not_found', error: { type: 'not_found' } } }] } }];
    await index.remove(['gone']);
    assert.deepEqual(ndjson(domain.exchanges[0]?.body ?? ''), [{ delete: { _index: 'documents', _id: 'gone' } }]);
  });

  it('sends the typed query body and maps hits, highlighting with <mark>', async () => {
    domain.replies = [{ status: 200, body: { hits: { total: { value: 1, relation: 'eq' }, hits: [
      { _id: 'a', _score: 3.2, _source: doc('a'), highlight: { body: ['<b> \uE000Đảng\uE001 ủy'] } },
    ] } } }];
    const result = await index.search({ query: parseQuery('"Đảng ủy" -huyện'), size: 5 });
    const [exchange] = domain.exchanges;
    assert.equal(exchange?.path, '/documents/_search');
    assert.deepEqual(JSON.parse(exchange?.body ?? '{}'), JSON.parse(JSON.stringify(toSearchBody(parseQuery('"Đảng ủy" -huyện'), 5))));
    assert.equal(result.total, 1);
    assert.deepEqual(result.hits[0], { id: 'a', key: 'a.txt', title: 'Đảng ủy Khối', snippet: '&lt;b&gt; <mark>Đảng</mark> ủy', published: '2012-08-21', source: 'Baonghean.vn', authors: ['Thanh Lê'], score: 3.2 });
  });

  it('puts user text only into multi_match.query, never into query_string', () => {
    const body = JSON.stringify(toSearchBody(parseQuery('a:b OR title:(x*) -"c"'), 10));
    assert.ok(!body.includes('query_string'));
    assert.ok(!body.includes('simple_query_string'));
  });

  it('rebuilds into a new versioned index and swaps the alias in one atomic call', async () => {
    domain.replies = [
      { status: 200, body: { acknowledged: true } },
      { status: 200, body: { errors: false, items: [] } },
      { status: 200, body: {} },
      { status: 200, body: { 'documents-v1-1': { aliases: { documents: {} } } } },
      { status: 200, body: { acknowledged: true } },
    ];
    async function* pages() {
      yield [doc('a'), doc('b')];
    }
    const report = await index.rebuild(pages());
    const [create, bulk, refresh, getAlias, swap] = domain.exchanges;
    assert.match(create?.path ?? '', /^\/documents-v1-\d+$/);
    assert.equal(create?.method, 'PUT');
    assert.deepEqual(JSON.parse(create?.body ?? '{}'), JSON.parse(JSON.stringify(INDEX_BODY)));
    const newIndex = create?.path.slice(1);
    assert.deepEqual(ndjson(bulk?.body ?? '')[0], { index: { _index: newIndex, _id: 'a' } });
    assert.equal(refresh?.path, `/${newIndex}/_refresh`);
    assert.equal(getAlias?.path, '/_alias/documents');
    assert.deepEqual(JSON.parse(swap?.body ?? '{}'), { actions: [
      { remove: { index: 'documents-v1-1', alias: 'documents' } },
      { add: { index: newIndex, alias: 'documents', is_write_index: true } },
    ] });
    assert.equal(report.indexed, 2);
  });

  it('creates the first versioned index with the alias when the domain has none', async () => {
    domain.replies = [{ status: 404, body: {} }, { status: 200, body: { acknowledged: true } }];
    await index.ensureIndex();
    const [head, create] = domain.exchanges;
    assert.equal(head?.method, 'HEAD');
    assert.equal(head?.path, '/_alias/documents');
    assert.deepEqual(JSON.parse(create?.body ?? '{}').aliases, { documents: {} });
  });
});
