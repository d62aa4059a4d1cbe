import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { RAW_BUCKET } from '../../local/local-clients.ts';
import type { LocalStack } from '../../local/local-stack.ts';
import { prng } from '../../bench/corpus.ts';
import { drained, startTestStack } from '../support/local-stack.ts';

/**
 * S3 delivers notifications at least once and in no particular order. Here every event of a run is
 * delivered again, twice, shuffled — creates, deletes and re-creates of the same keys — and the table
 * and the index must still equal the bucket.
 */
describe('at-least-once, out-of-order delivery on the local stack', { timeout: 180_000 }, () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ stack, cleanup } = await startTestStack());
  });
  after(() => cleanup());

  const article = (key: string, version: number) =>
    `Bản tin ${key} lần ${version}\n\nNội dung số ${version} của bản tin ${key}: hội nghị bàn về kế hoạch giao thông nông thôn và các công trình thủy lợi trong năm tới của huyện.`;

  it('ends with the table and index equal to the bucket, with no duplicates', async () => {
    const events = stack.recordEvents();
    const keys = Array.from({ length: 20 }, (_, i) => `news/tin-${i}.txt`);
    const put = (key: string, version: number) => stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: article(key, version) }));
    for (const key of keys) await put(key, 1);
    for (const key of keys.slice(0, 8)) await stack.s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
    for (const key of keys.slice(0, 4)) await put(key, 2); // deleted, then created again
    for (const key of keys.slice(15)) await put(key, 3); // replaced
    await drained(stack);
    assert.equal(events.length, 20 + 8 + 4 + 5);

    // Every event again, twice, in a random order.
    const rand = prng(2024);
    const again = [...events, ...events].map((e) => [rand(), e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
    stack.deliver(again);
    await drained(stack);

    const bucket = new Map<string, string>();
    for await (const o of stack.objects.list(RAW_BUCKET)) bucket.set(o.key, (o.etag ?? '').replace(/"/g, ''));
    assert.deepEqual([...bucket.keys()].sort(), [...keys.slice(0, 4), ...keys.slice(8)].sort());
    for (const key of keys) {
      const id = stack.idOf(key);
      const row = await stack.metadata.get(id);
      const indexed = await stack.index.indexedVersion(id);
      if (bucket.has(key)) {
        assert.equal(row?.status, 'PROCESSED', key);
        assert.equal(row?.etag, bucket.get(key), `${key}: the row holds the bucket's version`);
        assert.equal(indexed?.etag, bucket.get(key), `${key}: the index holds the bucket's version`);
      } else {
        assert.equal(row?.status, 'DELETED', key);
        assert.equal(indexed, undefined, `${key} must not be searchable`);
      }
    }
    assert.equal(await stack.index.count(), bucket.size, 'one index entry per object, no more');
    const res = (await (await fetch(`${stack.endpoints.http}/search?q=${encodeURIComponent('"tin-16.txt lần 3"')}&size=50`)).json()) as { hits: Array<{ key: string }> };
    assert.deepEqual(res.hits.map((h) => h.key), ['news/tin-16.txt']);
    assert.equal(stack.ingestQueue.deadLetters.length, 0);
  });

  it('reconcile reports and repairs what drifted: a lost row, a lost index entry, an index orphan', async () => {
    const keys = ['drift/row-lost.txt', 'drift/index-lost.txt'];
    for (const key of keys) await stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: article(key, 1) }));
    await drained(stack);
    await stack.metadata.delete(stack.idOf('drift/row-lost.txt')); // the table lost a row
    await stack.index.remove([stack.idOf('drift/index-lost.txt')]); // the index lost an entry
    const orphan = stack.idOf('drift/never-uploaded.txt'); // the index holds what the bucket never had
    await stack.index.upsert([{ id: orphan, key: 'drift/never-uploaded.txt', etag: 'x', title: 'Mồ côi', body: 'Mục lục không có tệp gốc.', captions: '', source: null, authors: [], published: null, language: 'vi', people: [], organizations: [], docRefs: [] }]);

    const report = await stack.reconcile();
    // Two orphans: the never-uploaded entry, and the entry whose row was lost (re-indexed once its
    // object is ingested again).
    assert.deepEqual(report, { queuedCreates: 1, queuedRemoves: 0, queuedIndexUpdates: 1, removedIndexOrphans: 2 });
    await drained(stack);
    for (const key of keys) {
      const row = await stack.metadata.get(stack.idOf(key));
      assert.equal(row?.status, 'PROCESSED', key);
      assert.equal((await stack.index.indexedVersion(stack.idOf(key)))?.etag, row?.etag, key);
    }
    assert.equal(await stack.index.indexedVersion(orphan), undefined);
    assert.deepEqual(await stack.reconcile(), { queuedCreates: 0, queuedRemoves: 0, queuedIndexUpdates: 0, removedIndexOrphans: 0 }, 'a second run finds nothing');
  });
});
