import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { documentId } from '../../shared/domain/ids.ts';
import type { ObjectChange } from '../../shared/events/s3-notification.ts';
import { createIngestService, type IngestOutcome } from '../../shared/services/ingest-service.ts';
import { LocalMetadataStore } from '../../local/local-metadata-store.ts';
import { startDynalite } from '../support/dynalite.ts';
import { MemoryObjectStore } from '../support/fakes.ts';

const RAW = 'raw';
const ARTICLE = (topic: string): string => [
  `Hội nghị về ${topic}`,
  Array.from({ length: 12 }, (_, i) => `Đoạn ${i + 1}: UBND tỉnh tổ chức hội nghị bàn về ${topic}, các sở, ban, ngành báo cáo kết quả thực hiện nhiệm vụ thứ ${i + 1} trong năm 2024 và đề ra giải pháp cho thời gian tới.`).join('\n\n'),
].join('\n\n');

/** The local stack's table skips duplicate queries no row could answer, and finds every duplicate the table holds. */
describe('local metadata store (dynalite): duplicate lookups', () => {
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let objects: MemoryObjectStore;
  before(async () => {
    db = await startDynalite();
  });
  after(() => db.stop());
  beforeEach(async () => {
    await db.reset();
    objects = new MemoryObjectStore();
  });

  const putOver = (store: DynamoMetadataStore) => {
    const ingest = createIngestService({ objects, metadata: store, processedBucket: 'processed', maxDocumentBytes: 1_000_000, clock: { now: () => new Date() } });
    return async (key: string, text: string, sequencer = '01'): Promise<IngestOutcome> => {
      objects.objects.set(`${RAW}/${key}`, new TextEncoder().encode(text));
      const change: ObjectChange = { kind: 'created', eventName: 'ObjectCreated:Put', ref: { bucket: RAW, key, sequencer } };
      return ingest.apply(change);
    };
  };

  it('finds the exact and the near duplicate as the table does, and queries nothing for unrelated documents', async () => {
    const store = new LocalMetadataStore(db.client, db.tableName);
    const put = putOver(store);
    const article = ARTICLE('phòng chống thiên tai');
    assert.deepEqual(await put('a/original.txt', article), { id: documentId(RAW, 'a/original.txt'), status: 'PROCESSED', duplicateOf: null });
    assert.deepEqual(store.lookups, { skipped: 2, queried: 0 }, 'the first document: no hash, no fingerprint seen');
    const exact = await put('b/copy.txt', article);
    assert.deepEqual(exact.status === 'PROCESSED' && exact.duplicateOf, { id: documentId(RAW, 'a/original.txt'), key: 'a/original.txt', kind: 'exact', distance: 0 });
    const near = await put('c/syndicated.txt', `${article}\n\nTheo Báo Nghệ An. In bài viết. Gửi email.`);
    assert.ok(near.status === 'PROCESSED' && near.duplicateOf?.kind === 'near' && near.duplicateOf.distance <= 3, JSON.stringify(near));
    const before = { ...store.lookups };
    const unrelated = await put('d/other.txt', ARTICLE('bóng đá'));
    assert.ok(unrelated.status === 'PROCESSED' && unrelated.duplicateOf === null, JSON.stringify(unrelated));
    assert.deepEqual(store.lookups, { skipped: before.skipped + 2, queried: before.queried });
  });

  it('finds duplicates of rows written before it was created (it reads the table once, on the first lookup)', async () => {
    const article = ARTICLE('an toàn giao thông');
    await putOver(new DynamoMetadataStore(db.client, db.tableName))('a/earlier.txt', article);
    const store = new LocalMetadataStore(db.client, db.tableName);
    const copy = await putOver(store)('b/later.txt', article);
    assert.deepEqual(copy.status === 'PROCESSED' && copy.duplicateOf, { id: documentId(RAW, 'a/earlier.txt'), key: 'a/earlier.txt', kind: 'exact', distance: 0 });
  });

  it('reads no row for an id it never saw, and the table\'s row for every id the table holds (also one another client overwrote)', async () => {
    const earlier = documentId(RAW, 'a/earlier.txt');
    await putOver(new DynamoMetadataStore(db.client, db.tableName))('a/earlier.txt', ARTICLE('giáo dục'));
    const store = new LocalMetadataStore(db.client, db.tableName);
    const put = putOver(store);

    assert.equal((await put('b/new.txt', ARTICLE('y tế'))).status, 'PROCESSED');
    assert.deepEqual(store.reads, { skipped: 1, queried: 0 }, 'a new document: its row is not read');
    assert.equal((await put('b/new.txt', ARTICLE('y tế'), '02')).status, 'UNCHANGED', 'the same bytes again: the row written through the store was read');
    assert.equal((await put('a/earlier.txt', ARTICLE('giáo dục'), '02')).status, 'UNCHANGED', 'a row written before the store existed was read');
    const other = new DynamoMetadataStore(db.client, db.tableName);
    const row = await other.get(earlier);
    assert.ok(row);
    assert.ok((await other.put({ ...row, sequencer: '03', title: 'overwritten past the local store' })).written);
    assert.equal((await store.get(earlier))?.title, 'overwritten past the local store');
    assert.equal(await store.get(documentId(RAW, 'never/uploaded.txt')), undefined);
    assert.deepEqual(store.reads, { skipped: 2, queried: 3 });
  });
});
