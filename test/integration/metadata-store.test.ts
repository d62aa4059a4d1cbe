import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { recordToItem } from '../../shared/adapters/dynamodb-items.ts';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { baseRecord, processedRecord, RECORD_LIMITS } from '../../shared/domain/document-record.ts';
import { InvalidQueryError } from '../../shared/domain/errors.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import type { DocumentRecord, DocumentStatus } from '../../shared/domain/types.ts';
import { startDynalite } from '../support/dynalite.ts';

/** A row as the pipeline writes it, with only the fields a test cares about set. */
function row(id: string, fields: Partial<DocumentRecord> & { status?: DocumentStatus } = {}): DocumentRecord {
  const base = baseRecord(id, { bucket: 'raw', key: `news/${id}.txt`, sequencer: '0000000000000001' }, { etag: `etag-${id}`, size: 100 }, new Date('2024-01-01T00:00:00Z'));
  return { ...base, status: 'PROCESSED', processedKey: `documents/${id}/x.json`, ...fields };
}

describe('metadata table on dynalite: access patterns and conditional writes', () => {
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let store: DynamoMetadataStore;

  before(async () => {
    db = await startDynalite();
    store = new DynamoMetadataStore(db.client, db.tableName);
  });
  after(async () => db.stop());
  beforeEach(async () => db.reset());

  describe('access patterns', () => {
    it('gets a document by id, exactly as written', async () => {
      const written = row('a1', { title: 'Tiêu đề', source: 'Baonghean.vn', roles: { 'Lê Văn Dũng': 'Phó Bí thư' }, duplicateOf: null });
      await store.put(written);
      assert.deepEqual(await store.get('a1'), written);
      assert.equal(await store.get('missing'), undefined);
    });

    it('lists a source newest first (undated last), page by page, case-insensitively', async () => {
      const dates = ['2021-04-20', '2018-06-18', null, '2020-05-19', '2012-08-21'];
      await Promise.all(dates.map((published, i) => store.put(row(`s${i}`, { source: 'Baonghean.vn', published }))));
      await store.put(row('other', { source: 'Vnexpress.net', published: '2022-01-01' }));
      await store.put(row('failed', { source: 'Baonghean.vn', status: 'FAILED', processedKey: null }));

      const seen: Array<string | null> = [];
      let cursor: string | undefined;
      do {
        const page = await store.listBySource('baonghean.VN', { limit: 2, ...(cursor ? { cursor } : {}) });
        assert.ok(page.items.length <= 2);
        seen.push(...page.items.map((d) => d.published));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, ['2021-04-20', '2020-05-19', '2018-06-18', '2012-08-21', null]);

      const oldest = await store.listBySource('Baonghean.vn', { order: 'oldest', limit: 10 });
      assert.deepEqual(oldest.items.map((d) => d.published), [null, '2012-08-21', '2018-06-18', '2020-05-19', '2021-04-20']);
    });

    it('lists failed documents to retry, oldest failure first, with their errors; processed ones are not listed', async () => {
      const error = { code: 'CORRUPT_DOCUMENT', message: 'The PDF is damaged' };
      await store.put(row('f2', { status: 'FAILED', processedKey: null, error, updatedAt: '2024-02-02T00:00:00.000Z' }));
      await store.put(row('f1', { status: 'FAILED', processedKey: null, error, updatedAt: '2024-01-01T00:00:00.000Z' }));
      await store.put(row('p1'));
      await store.put(row('d1', { status: 'DELETED', processedKey: null, deletedAt: '2024-03-03T00:00:00.000Z' }));

      const failed = await store.listByStatus('FAILED');
      assert.deepEqual(failed.items.map((d) => [d.id, d.error?.code]), [['f1', 'CORRUPT_DOCUMENT'], ['f2', 'CORRUPT_DOCUMENT']]);
      assert.deepEqual((await store.listByStatus('DELETED')).items.map((d) => d.id), ['d1']);
    });

    it('leaves a row that was fixed out of the failed list', async () => {
      await store.put(row('fix', { status: 'FAILED', processedKey: null, sequencer: '01' }));
      await store.put(row('fix', { status: 'PROCESSED', sequencer: '02' }));
      assert.deepEqual((await store.listByStatus('FAILED')).items, []);
    });

    it('finds documents by content hash (exact duplicates), first seen first', async () => {
      const hash = 'a'.repeat(64);
      await store.put(row('later', { contentHash: hash, createdAt: '2024-02-01T00:00:00.000Z' }));
      await store.put(row('first', { contentHash: hash, createdAt: '2024-01-01T00:00:00.000Z' }));
      await store.put(row('unrelated', { contentHash: 'b'.repeat(64) }));
      assert.deepEqual((await store.findByContentHash(hash)).map((d) => d.id), ['first', 'later']);
    });

    it('finds near-duplicates within three bits through any of the four fingerprint bands', async () => {
      await store.put(row('same', { fingerprint: '0123456789abcdef' }));
      await store.put(row('two-bits', { fingerprint: '0123456789abcdec' })); // f→c: 2 bits, last band differs
      await store.put(row('three-bits-spread', { fingerprint: '1123556789abcdee' })); // one bit in three bands
      await store.put(row('far', { fingerprint: 'fedcba9876543210' }));
      const found = await store.findNearDuplicates('0123456789abcdef');
      assert.deepEqual(found.map((d) => [d.id, d.distance]), [['same', 0], ['two-bits', 2], ['three-bits-spread', 3]]);
    });

    it('rejects a cursor it did not issue and a page size out of range, naming the parameter', async () => {
      await assert.rejects(store.listBySource('x', { cursor: 'not-a-cursor' }), (e: unknown) => e instanceof InvalidQueryError && e.parameter === 'cursor');
      await assert.rejects(store.listByStatus('FAILED', { limit: 1000 }), (e: unknown) => e instanceof InvalidQueryError && e.parameter === 'limit');
    });
  });

  describe('conditional writes by S3 sequencer', () => {
    it('refuses an older event and reports what the table holds', async () => {
      assert.equal((await store.put(row('k', { sequencer: '0055AED6DCD90281E6', title: 'newer' }))).written, true);
      const stale = await store.put(row('k', { sequencer: '0055AED6DCD90281E5', title: 'older' }));
      assert.equal(stale.written, false);
      assert.equal(!stale.written && stale.current?.title, 'newer');
      assert.equal((await store.get('k'))?.title, 'newer');
    });

    it('refuses the same event twice', async () => {
      await store.put(row('k', { sequencer: '0055AED6DCD90281E6' }));
      assert.equal((await store.put(row('k', { sequencer: '0055AED6DCD90281E6', title: 'again' }))).written, false);
    });

    it('compares sequencers of different lengths after right-padding with zeros', async () => {
      await store.put(row('k', { sequencer: '0055AED6DCD90281E5', title: 'first' }));
      // "0055AED6DCD90281E50001" (right-padded "…E5" + "0001") is later than "0055AED6DCD90281E5".
      assert.equal((await store.put(row('k', { sequencer: '0055AED6DCD90281E50001', title: 'second' }))).written, true);
      assert.equal((await store.put(row('k', { sequencer: '0055AED6DCD90281E5', title: 'late' }))).written, false);
    });

    it('keeps a DELETED row so a late create of an earlier version cannot resurrect the key', async () => {
      await store.put(row('k', { sequencer: '0000000000000003', status: 'DELETED', processedKey: null, deletedAt: '2024-01-03T00:00:00.000Z' }));
      assert.equal((await store.put(row('k', { sequencer: '0000000000000002' }))).written, false);
      assert.equal((await store.get('k'))?.status, 'DELETED');
      assert.equal((await store.put(row('k', { sequencer: '0000000000000004' }))).written, true);
    });

    it('writes rows without a sequencer as they come', async () => {
      await store.put(row('k', { sequencer: null, title: 'one' }));
      assert.equal((await store.put(row('k', { sequencer: null, title: 'two' }))).written, true);
    });

    it('holds the rule under concurrent writers: the latest event wins whatever the order of arrival', async () => {
      const sequencers = Array.from({ length: 20 }, (_, i) => (0x1000 + i).toString(16).toUpperCase());
      const shuffled = [...sequencers].sort(() => Math.random() - 0.5);
      await Promise.all(shuffled.map((sequencer) => store.put(row('race', { sequencer, title: sequencer }))));
      assert.equal((await store.get('race'))?.title, sequencers.at(-1));
    });
  });

  describe('item size', () => {
    it('keeps the row of a pathological document far below 400 KB', async () => {
      const names = Array.from({ length: 3000 }, (_, i) => `Nguyễn Văn ${String.fromCharCode(0x41 + (i % 26))}${'a'.repeat(i % 7)}h Tuấn - Phó Chủ tịch UBND tỉnh số ${i}`);
      const refs = Array.from({ length: 3000 }, (_, i) => `Nghị quyết ${i}-NQ/TW`);
      const text = `Danh sách dài\n\n${names.join('. ')}. ${refs.join(', ')}.`;
      const doc = await processDocument(new TextEncoder().encode(text));
      const base = baseRecord('big', { bucket: 'raw', key: 'big.txt', sequencer: '01' }, { size: text.length }, new Date());
      const record = processedRecord(base, doc, 'documents/big/x.json', null);
      assert.ok(record.people.length <= RECORD_LIMITS.people);
      assert.ok(record.docRefDetails.length <= RECORD_LIMITS.docRefs);
      const bytes = JSON.stringify(recordToItem(record)).length;
      assert.ok(bytes < 200_000, `item is ${bytes} bytes`);
      assert.equal((await store.put(record)).written, true);
    });
  });
});
