import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PROCESSED_BUCKET, RAW_BUCKET } from '../../local/local-clients.ts';
import { LocalStack } from '../../local/local-stack.ts';
import { INGEST_BATCH_SIZE, INGEST_MAX_RECEIVE_COUNT, INGEST_VISIBILITY_TIMEOUT_SECONDS, STREAM_BATCH_SIZE, STREAM_RETRY_ATTEMPTS } from '../../shared/pipeline-tuning.ts';
import { corpusSamples, skipWithoutCorpus } from '../support/shared-corpus.ts';
import { drained, startTestStack, waitUntilSettled } from '../support/local-stack.ts';

const SAMPLES_DIR = new URL('../../samples/', import.meta.url).pathname;

interface SearchBody {
  total: number;
  hits: Array<{ id: string; key: string; title: string; snippet: string; score: number }>;
}

describe('local stack end to end (s3rver → SQS → ingest → dynalite → change feed → index → HTTP search)', () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  const put = (key: string, body: Uint8Array | string) => stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body }));
  const search = async (q: string): Promise<SearchBody> => {
    const res = await fetch(`${stack.endpoints.http}/search?q=${encodeURIComponent(q)}&size=10`);
    assert.equal(res.status, 200);
    return (await res.json()) as SearchBody;
  };

  before(async () => {
    ({ stack, cleanup } = await startTestStack());
  });
  after(() => cleanup());

  it('tunes its ingest queue and stream like the deployed pipeline (shared/pipeline-tuning.ts)', () => {
    const ingest = stack.ingestQueue.options;
    const stream = stack.streamQueue.options;

    assert.deepEqual(
      { batchSize: ingest.batchSize, maxReceiveCount: ingest.maxReceiveCount, visibilityTimeoutMs: ingest.visibilityTimeoutMs },
      { batchSize: INGEST_BATCH_SIZE, maxReceiveCount: INGEST_MAX_RECEIVE_COUNT, visibilityTimeoutMs: INGEST_VISIBILITY_TIMEOUT_SECONDS * 1000 },
    );
    assert.deepEqual({ batchSize: stream.batchSize, maxReceiveCount: stream.maxReceiveCount }, { batchSize: STREAM_BATCH_SIZE, maxReceiveCount: 1 + STREAM_RETRY_ATTEMPTS }, 'the first try, then the retries');
  });

  it('serves only on loopback', () => {
    for (const endpoint of Object.values(stack.endpoints)) assert.match(endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('makes the reference samples searchable, each by a phrase from its own text', { skip: skipWithoutCorpus }, async () => {
    const samples = corpusSamples();
    for (const s of samples) await put(`corpus/${s.name}`, s.bytes);
    const statuses = await waitUntilSettled(stack, samples.map((s) => stack.idOf(`corpus/${s.name}`)));
    assert.deepEqual(statuses.map((s) => s.status), samples.map(() => 'PROCESSED'));
    for (const s of samples) {
      const phrase = s.gold.with[0] ?? '';
      const result = await search(`"${phrase}"`);
      assert.equal(result.hits[0]?.key, `corpus/${s.name}`, `"${phrase}" should find ${s.name} first`);
    }
  });

  it('deleting one reference sample marks its row DELETED and removes it from the index, leaving the others', { skip: skipWithoutCorpus }, async () => {
    const [first, ...rest] = corpusSamples();
    assert.ok(first);
    const key = `corpus/${first.name}`;
    await stack.s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
    await drained(stack);
    assert.equal((await stack.metadata.get(stack.idOf(key)))?.status, 'DELETED');
    assert.equal(await stack.index.indexedVersion(stack.idOf(key)), undefined);
    assert.ok(!(await search(`"${first.gold.with[0]}"`)).hits.some((h) => h.key === key));
    for (const s of rest) assert.equal((await stack.status([stack.idOf(`corpus/${s.name}`)]))[0]?.status, 'PROCESSED');
  });

  it('does not index boilerplate: a visitor-counter phrase finds nothing', { skip: skipWithoutCorpus }, async () => {
    const result = await search('"Thống kê truy cập"');
    assert.ok(!result.hits.some((h) => h.key.startsWith('corpus/')), JSON.stringify(result.hits.map((h) => h.key)));
  });

  it('makes the project samples searchable, in every format', async () => {
    const files = readdirSync(SAMPLES_DIR);
    for (const f of files) await put(`samples/${f}`, readFileSync(join(SAMPLES_DIR, f)));
    const statuses = await waitUntilSettled(stack, files.map((f) => stack.idOf(`samples/${f}`)));
    assert.ok(statuses.every((s) => s.status === 'PROCESSED'), JSON.stringify(statuses.filter((s) => s.status !== 'PROCESSED')));
    assert.equal((await search('Volunteers plastic river')).hits[0]?.key, 'samples/en-river-cleanup.txt');
    assert.equal((await search('trung mua lua xuan')).hits[0]?.key, 'samples/vi-ban-tin-nong-nghiep.html');
    assert.equal((await search('"uy ban nhan dan" docpipe')).hits[0]?.key, 'samples/docpipe-overview.md');
  });

  it('round-trips a key with spaces and Vietnamese letters: URL-encoded in the event, decoded once', async () => {
    const key = 'tin tức/Đảng ủy 2012.txt';
    await put(key, 'Đảng ủy khối họp\n\nSáng 5/1/2012, Đảng ủy Khối các cơ quan tỉnh tổ chức hội nghị triển khai nhiệm vụ năm 2012 với nhiều nội dung quan trọng.');
    const [status] = await waitUntilSettled(stack, [stack.idOf(key)]);
    assert.equal(status?.status, 'PROCESSED');
    const record = await stack.metadata.get(stack.idOf(key));
    assert.equal(record?.key, key);
    assert.equal(record?.published, '2012-01-05');
    assert.ok((await search('trien khai nhiem vu nam 2012')).hits.some((h) => h.key === key));
  });

  it('records a corrupt file as FAILED with a reason and still processes the rest of the batch', async () => {
    await Promise.all([put('bad/scan.pdf', Buffer.from('%PDF-1.4\n\u0000\u0001garbage')), put('bad/empty.txt', ''), put('good/after-bad.txt', 'Tin ngắn\n\nHội nghị tổng kết công tác năm được tổ chức tại hội trường tỉnh với sự tham dự của đông đảo cán bộ, đảng viên.')]);
    const [pdf, empty, good] = await waitUntilSettled(stack, ['bad/scan.pdf', 'bad/empty.txt', 'good/after-bad.txt'].map((k) => stack.idOf(k)));
    assert.equal(pdf?.status, 'FAILED');
    assert.equal(pdf?.error?.code, 'CORRUPT_DOCUMENT');
    assert.match(pdf?.error?.message ?? '', /PDF/);
    assert.equal(empty?.error?.code, 'EMPTY_DOCUMENT');
    assert.equal(good?.status, 'PROCESSED');
    assert.equal(stack.ingestQueue.deadLetters.length, 0);
  });

  it('re-uploading a changed file replaces its row and index entry, never duplicating it', async () => {
    const key = 'news/update.txt';
    await put(key, 'Bản đầu\n\nNội dung thứ nhất nói về kế hoạch xây dựng cầu mới bắc qua sông Lam trong năm nay của tỉnh.');
    await waitUntilSettled(stack, [stack.idOf(key)]);
    const second = await put(key, 'Bản sửa\n\nNội dung thứ hai nói về việc hoàn thành đường giao thông nông thôn tại các xã miền núi của tỉnh.');
    const etag = second.ETag?.replace(/"/g, '');
    for (let i = 0; i < 200 && (await stack.status([stack.idOf(key)]))[0]?.indexedEtag !== etag; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((await search('cau moi bac qua song Lam')).hits.filter((h) => h.key === key).length, 0);
    assert.equal((await search('duong giao thong nong thon')).hits.filter((h) => h.key === key).length, 1);
  });

  it('deleting the object leaves a DELETED row and removes the processed text and the index entry', async () => {
    const key = 'news/to-delete.txt';
    await put(key, 'Tin sẽ xóa\n\nMột bài viết về lễ hội hoa phượng đỏ được tổ chức tại quảng trường thành phố vào cuối tuần này.');
    const id = stack.idOf(key);
    await waitUntilSettled(stack, [id]);
    assert.equal((await search('le hoi hoa phuong')).hits[0]?.key, key);
    const processedKey = (await stack.metadata.get(id))?.processedKey;
    assert.ok(processedKey && (await stack.objects.get(PROCESSED_BUCKET, processedKey)));

    await stack.s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
    await drained(stack);
    const tombstone = await stack.metadata.get(id);
    assert.equal(tombstone?.status, 'DELETED');
    assert.equal(tombstone?.processedKey, null);
    assert.ok(tombstone?.deletedAt);
    assert.equal(await stack.index.indexedVersion(id), undefined);
    assert.equal(await stack.objects.get(PROCESSED_BUCKET, processedKey), undefined);
    assert.ok(!(await search('le hoi hoa phuong')).hits.some((h) => h.key === key));
  });

  it('rebuilds the index from the table with the same results', async () => {
    const before = await search('Hòa Bình cải cách hành chính');
    const report = await stack.reindex();
    assert.equal(report.outcome, 'completed');
    assert.ok(report.outcome === 'completed' && report.indexed > 0);
    assert.equal(report.indexed, await stack.index.count());
    const afterRebuild = await search('Hòa Bình cải cách hành chính');
    assert.deepEqual(afterRebuild.hits.map((h) => h.id), before.hits.map((h) => h.id));
  });

  it('reconcile re-queues objects the table lacks (s3rver sends no event for multi-object delete or while stopped)', async () => {
    const key = 'news/missed.txt';
    await put(key, 'Tin bị bỏ lỡ\n\nBài viết này được tải lên khi hệ thống tạm dừng và phải được xử lý lại khi khởi động.');
    await waitUntilSettled(stack, [stack.idOf(key)]);
    await stack.metadata.delete(stack.idOf(key)); // lose the row behind the pipeline's back
    const report = await stack.reconcile();
    assert.equal(report.queuedCreates, 1);
    const [status] = await waitUntilSettled(stack, [stack.idOf(key)]);
    assert.equal(status?.status, 'PROCESSED');
  });
});

describe('local stack start-up failure', () => {
  const freePort = (): Promise<number> =>
    new Promise((ok, fail) => {
      const probe = createServer().once('error', fail);
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => ok(port));
      });
    });
  const canListen = (port: number): Promise<boolean> =>
    new Promise((ok) => {
      const probe = createServer().once('error', () => ok(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => ok(true)));
    });

  it('names the taken port and closes the servers it had already opened, so the process can end', async () => {
    const taken = createServer();
    await new Promise<void>((ok) => taken.listen(0, '127.0.0.1', ok));
    const ports = { http: (taken.address() as AddressInfo).port, s3: await freePort(), dynamodb: await freePort() };
    const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-it-'));
    try {
      await assert.rejects(LocalStack.start({ dataDir, ports, logLevel: 'SILENT', advertise: false }), new RegExp(`Port ${ports.http} for HTTP is already in use`));
      assert.equal(await canListen(ports.s3), true, 'the S3 port is free again');
      assert.equal(await canListen(ports.dynamodb), true, 'the DynamoDB port is free again');
    } finally {
      taken.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
