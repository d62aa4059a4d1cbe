import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredObject } from '../../shared/ports.ts';
import { TextHandoffStore } from '../../local/text-handoff-store.ts';
import { MemoryObjectStore } from '../support/fakes.ts';

const TEXTS = 'processed';
const RAW = 'raw';

/** Counts the reads that reach the bucket, and lets a test hold a change in flight. */
class CountingStore extends MemoryObjectStore {
  reads = 0;
  gate: Promise<void> | undefined;
  override async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    this.reads++;
    return super.get(bucket, key);
  }
  override async put(bucket: string, key: string, body: Uint8Array | string): Promise<{ etag: string | undefined }> {
    await this.gate;
    return super.put(bucket, key, body);
  }
  override async delete(bucket: string, key: string): Promise<void> {
    await this.gate;
    return super.delete(bucket, key);
  }
}

const bodyOf = (o: StoredObject | undefined): string | undefined => (o ? new TextDecoder().decode(o.bytes) : undefined);

describe('processed texts handed from the ingest to the index in memory', () => {
  it('answers the first read of a text just written without a request, and later reads from the bucket', async () => {
    const bucket = new CountingStore();
    const store = new TextHandoffStore(bucket, TEXTS);
    const { etag } = await store.put(TEXTS, 'a.json', '{"text":"Hà Nội"}');
    const first = await store.get(TEXTS, 'a.json');
    assert.equal(bodyOf(first), '{"text":"Hà Nội"}');
    assert.equal(first?.etag, etag);
    assert.equal(bucket.reads, 0);
    assert.equal(bodyOf(await store.get(TEXTS, 'a.json')), '{"text":"Hà Nội"}');
    assert.equal(bucket.reads, 1);
    assert.deepEqual(store.reads, { handedOver: 1, fromStore: 1 });
    assert.deepEqual(store.holding, { texts: 0, bytes: 0 });
  });

  it('never answers a text the bucket no longer holds: a delete forgets it, and so does a newer write', async () => {
    const bucket = new CountingStore();
    const store = new TextHandoffStore(bucket, TEXTS);
    await store.put(TEXTS, 'gone.json', 'old');
    await store.delete(TEXTS, 'gone.json');
    assert.equal(await store.get(TEXTS, 'gone.json'), undefined);
    await store.put(TEXTS, 'k.json', 'first');
    await store.put(TEXTS, 'k.json', 'second');
    assert.equal(bodyOf(await store.get(TEXTS, 'k.json')), 'second');
  });

  it('remembers nothing of a write overlapped by another change of its key, whichever the bucket applied last', async () => {
    const bucket = new CountingStore();
    const store = new TextHandoffStore(bucket, TEXTS);
    let open: () => void = () => undefined;
    bucket.gate = new Promise((r) => (open = r));
    const write = store.put(TEXTS, 'k.json', 'written');
    const removal = store.delete(TEXTS, 'k.json');
    open();
    await Promise.all([write, removal]);
    bucket.gate = undefined;
    assert.deepEqual(store.holding, { texts: 0, bytes: 0 });
    assert.equal(await store.get(TEXTS, 'k.json'), undefined, 'the bucket decides: here the delete ran last');
  });

  it('remembers nothing of a failed write', async () => {
    const bucket = new CountingStore();
    bucket.put = async () => {
      throw new Error('S3 503');
    };
    const store = new TextHandoffStore(bucket, TEXTS);
    await assert.rejects(store.put(TEXTS, 'k.json', 'lost'), /503/);
    assert.deepEqual(store.holding, { texts: 0, bytes: 0 });
  });

  it('holds at most its budget, dropping the oldest unread texts first', async () => {
    const store = new TextHandoffStore(new CountingStore(), TEXTS, 10);
    await store.put(TEXTS, '1', 'aaaa');
    await store.put(TEXTS, '2', 'bbbb');
    await store.put(TEXTS, '3', 'cccc');
    assert.deepEqual(store.holding, { texts: 2, bytes: 8 });
    await store.put(TEXTS, 'big', 'x'.repeat(11));
    assert.deepEqual(store.holding, { texts: 2, bytes: 8 }, 'a text over the whole budget is not held');
    assert.equal(bodyOf(await store.get(TEXTS, '1')), 'aaaa', 'a dropped text is read from the bucket');
    assert.equal(store.reads.fromStore, 1);
  });

  it('passes other buckets straight through', async () => {
    const bucket = new CountingStore();
    const store = new TextHandoffStore(bucket, TEXTS);
    await store.put(RAW, 'upload.txt', 'raw bytes');
    assert.equal(bodyOf(await store.get(RAW, 'upload.txt')), 'raw bytes');
    assert.equal(bucket.reads, 1);
    assert.deepEqual(store.holding, { texts: 0, bytes: 0 });
  });
});
