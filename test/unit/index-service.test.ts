import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseRecord, processedRecord } from '../../shared/domain/document-record.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import type { DocumentRecord, IndexDocument } from '../../shared/domain/types.ts';
import type { SearchIndex, StoredObject } from '../../shared/ports.ts';
import { createIndexService, READ_AHEAD, type RecordChange } from '../../shared/services/index-service.ts';
import { processedKeyOf } from '../../shared/services/processed-objects.ts';
import { MemoryObjectStore } from '../support/fakes.ts';

const BUCKET = 'processed';

/** Reads take a few milliseconds, and the store remembers how many ran at once. */
class SlowObjectStore extends MemoryObjectStore {
  inFlight = 0;
  mostAtOnce = 0;
  reads: string[] = [];
  failing = new Set<string>();
  override async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    this.reads.push(key);
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.inFlight);
    await new Promise((r) => setTimeout(r, 3));
    this.inFlight--;
    if (this.failing.has(key)) throw new Error(`S3 503 for ${key}`);
    return super.get(bucket, key);
  }
}

/** The index operations, in the order they arrived. */
function recordingIndex(): SearchIndex & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    upsert: async (docs: IndexDocument[]) => void calls.push(...docs.map((d) => `upsert ${d.id}`)),
    remove: async (ids: string[]) => void calls.push(...ids.map((id) => `remove ${id}`)),
  } as unknown as SearchIndex & { calls: string[] };
}

async function processedChanges(objects: MemoryObjectStore, count: number): Promise<RecordChange[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const id = `doc-${i}`;
      const document = await processDocument(new TextEncoder().encode(`Tin số ${i}\n\nNội dung bài viết số ${i} về hội nghị của tỉnh.`));
      const key = processedKeyOf(id, document.contentHash);
      await objects.put(BUCKET, key, JSON.stringify({ id, key: `k/${i}.txt`, etag: `"e${i}"`, document }));
      const record = processedRecord(baseRecord(id, { bucket: 'raw', key: `k/${i}.txt`, etag: `e${i}` }, { size: 1 }, new Date()), document, key, null);
      return { id, newRecord: record };
    }),
  );
}

describe('index service reading texts ahead', () => {
  it(`reads up to ${READ_AHEAD} announced texts ahead of the one being applied, each once, and still applies the changes one by one in order`, async () => {
    const objects = new SlowObjectStore();
    const index = recordingIndex();
    const service = createIndexService({ objects, metadata: { get: async () => undefined }, index, processedBucket: BUCKET });
    const changes = await processedChanges(objects, 20);
    service.readAhead(changes);
    const outcomes = [];
    for (const change of changes) outcomes.push(await service.apply(change));
    assert.deepEqual(outcomes, changes.map(() => 'upserted'));
    assert.deepEqual(index.calls, changes.map((c) => `upsert ${c.id}`));
    assert.equal(objects.reads.length, 20, 'each text read once');
    assert.equal(objects.mostAtOnce, READ_AHEAD + 1);
  });

  it('reads one text at a time when nothing was announced, with the same outcomes', async () => {
    const objects = new SlowObjectStore();
    const index = recordingIndex();
    const service = createIndexService({ objects, metadata: { get: async () => undefined }, index, processedBucket: BUCKET });
    const changes = await processedChanges(objects, 5);
    for (const change of changes) assert.equal(await service.apply(change), 'upserted');
    assert.equal(objects.mostAtOnce, 1);
  });

  it('a text that failed to read ahead fails only its own change; a text deleted meanwhile is superseded as before', async () => {
    const objects = new SlowObjectStore();
    const index = recordingIndex();
    const changes = await processedChanges(objects, 4);
    const key = (c: RecordChange | undefined): string => c?.newRecord?.processedKey ?? '';
    objects.failing.add(key(changes[1]));
    await objects.delete(BUCKET, key(changes[2]));
    const moved: Partial<DocumentRecord> = { processedKey: 'documents/doc-2/newer.json' };
    const service = createIndexService({ objects, metadata: { get: async (id) => (id === 'doc-2' ? (moved as DocumentRecord) : undefined) }, index, processedBucket: BUCKET });
    service.readAhead(changes);
    const settled = [];
    for (const change of changes) settled.push(await service.apply(change).then((o) => o, (e: Error) => e.message));
    assert.deepEqual(settled, ['upserted', `S3 503 for ${key(changes[1])}`, 'superseded', 'upserted']);
    assert.deepEqual(index.calls, ['upsert doc-0', 'upsert doc-3']);
  });
});

/** An index that records each write call, and refuses every call that holds a document in `refused`. */
function batchRecordingIndex(refused = new Set<string>()): SearchIndex & { writes: string[][] } {
  const writes: string[][] = [];
  return {
    writes,
    upsert: async (docs: IndexDocument[]) => {
      if (docs.some((d) => refused.has(d.id))) throw new Error(`refused ${docs.filter((d) => refused.has(d.id)).map((d) => d.id).join(',')}`);
      writes.push(docs.map((d) => `upsert ${d.id}`));
    },
    remove: async (ids: string[]) => void writes.push(ids.map((id) => `remove ${id}`)),
  } as unknown as SearchIndex & { writes: string[][] };
}

describe('index service applying a batch', () => {
  it('writes a batch of upserts in one call, in order, each change with its own outcome', async () => {
    const objects = new MemoryObjectStore();
    const index = batchRecordingIndex();
    const service = createIndexService({ objects, metadata: { get: async () => undefined }, index, processedBucket: BUCKET });
    const changes = await processedChanges(objects, 20);
    const results = await service.applyAll(changes);
    assert.deepEqual(results, changes.map(() => ({ outcome: 'upserted' })));
    assert.deepEqual(index.writes, [changes.map((c) => `upsert ${c.id}`)]);
  });

  it('keeps the order of upserts and removals: one write per run of one kind', async () => {
    const objects = new MemoryObjectStore();
    const index = batchRecordingIndex();
    const service = createIndexService({ objects, metadata: { get: async () => undefined }, index, processedBucket: BUCKET });
    const [a, b, c] = await processedChanges(objects, 3);
    const removal: RecordChange = { id: 'doc-1', newRecord: undefined, oldRecord: b?.newRecord };
    const unchanged: RecordChange = { id: 'doc-2', newRecord: c?.newRecord, oldRecord: c?.newRecord };
    const results = await service.applyAll([a, b, removal, unchanged, c].filter((x): x is RecordChange => x !== undefined));
    assert.deepEqual(results.map((r) => ('outcome' in r ? r.outcome : r.error)), ['upserted', 'upserted', 'removed', 'unchanged', 'upserted']);
    assert.deepEqual(index.writes, [['upsert doc-0', 'upsert doc-1'], ['remove doc-1'], ['upsert doc-2']]);
  });

  it('fails only the changes that fail on their own: a refused document, an unreadable text, a missing one', async () => {
    const objects = new SlowObjectStore();
    const index = batchRecordingIndex(new Set(['doc-3']));
    const changes = await processedChanges(objects, 6);
    const key = (c: RecordChange | undefined): string => c?.newRecord?.processedKey ?? '';
    objects.failing.add(key(changes[1]));
    await objects.delete(BUCKET, key(changes[4]));
    const service = createIndexService({ objects, metadata: { get: async (id) => (id === 'doc-4' ? changes[4]?.newRecord : undefined) }, index, processedBucket: BUCKET });
    const results = await service.applyAll(changes);
    assert.deepEqual(results.map((r) => ('outcome' in r ? r.outcome : (r.error as Error).name === 'Error' ? (r.error as Error).message : (r.error as Error).name)), [
      'upserted', `S3 503 for ${key(changes[1])}`, 'upserted', 'refused doc-3', 'ProcessedTextMissingError', 'upserted',
    ]);
    // The run was refused whole, then written one change at a time.
    assert.deepEqual(index.writes, [['upsert doc-0'], ['upsert doc-2'], ['upsert doc-5']]);
  });

  it('with the engine down, fails every change of the batch, each for its own retry', async () => {
    const objects = new MemoryObjectStore();
    const changes = await processedChanges(objects, 4);
    const index = batchRecordingIndex(new Set(changes.map((c) => c.id)));
    const service = createIndexService({ objects, metadata: { get: async () => undefined }, index, processedBucket: BUCKET });
    const results = await service.applyAll(changes);
    assert.ok(results.every((r) => 'error' in r));
    assert.deepEqual(index.writes, []);
  });
});
