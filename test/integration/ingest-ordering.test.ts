import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { DynamoDBRecord } from 'aws-lambda';
import { itemToRecord } from '../../shared/adapters/dynamodb-items.ts';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { documentId } from '../../shared/domain/ids.ts';
import type { ObjectChange } from '../../shared/events/s3-notification.ts';
import type { MetadataStore } from '../../shared/ports.ts';
import { createIndexService, type IndexOutcome } from '../../shared/services/index-service.ts';
import { createIngestService, type IngestOutcome } from '../../shared/services/ingest-service.ts';
import { ChangeFeedMetadataStore } from '../../local/change-feed.ts';
import { startDynalite } from '../support/dynalite.ts';
import { etagOf, MemoryObjectStore } from '../support/fakes.ts';

const RAW = 'raw';
const PROCESSED = 'processed';
const KEY = 'news/bai-viet.txt';
const ID = documentId(RAW, KEY);

const ARTICLE = (topic: string): string => [
  `Hội nghị về ${topic}`,
  Array.from({ length: 12 }, (_, i) => `Đoạn ${i + 1}: UBND tỉnh tổ chức hội nghị bàn về ${topic}, các sở, ban, ngành báo cáo kết quả thực hiện nhiệm vụ thứ ${i + 1} trong năm 2024 và đề ra giải pháp cho thời gian tới.`).join('\n\n'),
].join('\n\n');

/**
 * The ingest service against dynalite, with the change feed standing in for the DynamoDB stream and
 * the SQLite index behind it: events delivered late, twice, out of order or for unchanged bytes.
 */
describe('ingest under at-least-once, out-of-order delivery (dynalite)', () => {
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let dir: string;
  let objects: MemoryObjectStore;
  let table: DynamoMetadataStore;
  let stream: DynamoDBRecord[];
  let index: SqliteSearchIndex;
  let ingest: ReturnType<typeof createIngestService>;

  before(async () => {
    db = await startDynalite();
    dir = mkdtempSync(join(tmpdir(), 'docpipe-order-'));
  });
  after(async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.reset();
    objects = new MemoryObjectStore();
    table = new DynamoMetadataStore(db.client, db.tableName);
    stream = [];
    index?.close();
    index = new SqliteSearchIndex(join(dir, `${Date.now()}-${Math.random()}.sqlite`));
    ingest = serviceOver(new ChangeFeedMetadataStore(table, 'arn:test', (r) => stream.push(r)));
  });

  const serviceOver = (metadata: MetadataStore): ReturnType<typeof createIngestService> =>
    createIngestService({ objects, metadata, processedBucket: PROCESSED, maxDocumentBytes: 1_000_000, clock: { now: () => new Date() } });

  const upload = (text: string): string => {
    const bytes = new TextEncoder().encode(text);
    objects.objects.set(`${RAW}/${KEY}`, bytes);
    return etagOf(bytes);
  };
  const event = (kind: 'created' | 'removed', sequencer: string, etag?: string, key = KEY): ObjectChange => ({
    kind,
    eventName: kind === 'created' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete',
    ref: { bucket: RAW, key, sequencer, ...(etag ? { etag } : {}) },
  });
  /** Feeds what the stream has collected to the index service, in order, as the index function would. */
  const drainStream = async (): Promise<IndexOutcome[]> => {
    const service = createIndexService({ objects, metadata: table, index, processedBucket: PROCESSED });
    const outcomes: IndexOutcome[] = [];
    for (const r of stream.splice(0)) {
      const image = (name: 'NewImage' | 'OldImage') => (r.dynamodb?.[name] ? itemToRecord(r.dynamodb[name] as never) : undefined);
      outcomes.push(await service.apply({ id: ID, newRecord: r.eventName === 'REMOVE' ? undefined : image('NewImage'), oldRecord: image('OldImage') }));
    }
    return outcomes;
  };
  const processedObjects = (): string[] => [...objects.objects.keys()].filter((k) => k.startsWith(`${PROCESSED}/`));

  it('ignores a stale event: the newer version stays, nothing is re-processed or re-indexed', async () => {
    const etag = upload(ARTICLE('chuyển đổi số'));
    assert.equal((await ingest.apply(event('created', '0000000002', etag))).status, 'PROCESSED');
    await drainStream();
    const puts = objects.puts.length;
    assert.deepEqual(await ingest.apply(event('created', '0000000001')), { id: ID, status: 'IGNORED', reason: 'stale-event' });
    assert.equal(objects.puts.length, puts);
    assert.deepEqual(stream, []);
    assert.equal((await table.get(ID))?.sequencer, '0000000002');
  });

  it('ignores the same event delivered twice: one row write, one stream record', async () => {
    const etag = upload(ARTICLE('cải cách hành chính'));
    await ingest.apply(event('created', '0000000002', etag));
    const again = await ingest.apply(event('created', '0000000002', etag));
    assert.deepEqual(again, { id: ID, status: 'IGNORED', reason: 'duplicate-event' });
    assert.equal(stream.length, 1);
  });

  it('re-uploaded identical bytes move the version pointer only: no processing, no processed object, no index write', async () => {
    const etag = upload(ARTICLE('nông thôn mới'));
    await ingest.apply(event('created', '0000000002', etag));
    await drainStream();
    const before = await table.get(ID);
    const puts = objects.puts.length;

    assert.equal((await ingest.apply(event('created', '0000000003', etag))).status, 'UNCHANGED');
    const after = await table.get(ID);
    assert.equal(after?.sequencer, '0000000003');
    assert.deepEqual({ ...after, sequencer: before?.sequencer }, before);
    assert.equal(objects.puts.length, puts);
    assert.deepEqual(await drainStream(), ['unchanged']);
    // …and a delete older than the re-upload is still recognised as stale.
    assert.equal((await ingest.apply(event('removed', '0000000002A'))).status, 'IGNORED');
  });

  it('recognises unchanged bytes when the event carries no ETag, by the object\'s own', async () => {
    upload(ARTICLE('y tế'));
    await ingest.apply(event('created', '01'));
    assert.equal((await ingest.apply(event('created', '02'))).status, 'UNCHANGED');
  });

  it('a delete followed by a late create of the earlier version keeps the key deleted and out of the index', async () => {
    const etag = upload(ARTICLE('giao thông'));
    await ingest.apply(event('created', '0000000001', etag));
    await drainStream();
    objects.objects.delete(`${RAW}/${KEY}`);
    assert.equal((await ingest.apply(event('removed', '0000000003'))).status, 'DELETED');
    upload(ARTICLE('giao thông')); // the late event's GET may even still see bytes
    assert.deepEqual(await ingest.apply(event('created', '0000000002', etag)), { id: ID, status: 'IGNORED', reason: 'stale-event' });
    assert.deepEqual(await drainStream(), ['removed']);
    const row = await table.get(ID);
    assert.equal(row?.status, 'DELETED');
    assert.equal(await index.indexedVersion(ID), undefined);
    assert.deepEqual(processedObjects(), [], 'the processed text of the deleted key is removed');
  });

  it('create, delete, create delivered in every order ends in the state of the last event', async () => {
    const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for (const order of orders) {
      await db.reset();
      stream = [];
      objects = new MemoryObjectStore();
      ingest = serviceOver(new ChangeFeedMetadataStore(table, 'arn:test', (r) => stream.push(r)));
      const etag = upload(ARTICLE('du lịch'));
      const events = [event('created', '01', etag), event('removed', '02'), event('created', '03', etag)];
      const outcomes: IngestOutcome[] = [];
      for (const i of order) outcomes.push(await ingest.apply(events[i] as ObjectChange));
      await drainStream();
      const row = await table.get(ID);
      assert.equal(row?.status, 'PROCESSED', `order ${order}: ${JSON.stringify(outcomes.map((o) => o.status))}`);
      assert.equal(row?.sequencer, '03');
      assert.equal((await index.indexedVersion(ID))?.etag, etag.replace(/"/g, ''), `order ${order}`);
      assert.equal(processedObjects().length, 1, `order ${order}: exactly one processed text`);
    }
  });

  it('an older event that passed the check before a newer write loses at the table and leaves no text behind', async () => {
    upload(ARTICLE('môi trường'));
    await ingest.apply(event('created', '0000000002'));
    const current = await table.get(ID);
    // The older event read the table before the newer write (a race across Lambda instances):
    let raced = false;
    const racing: MetadataStore = Object.assign(Object.create(table) as DynamoMetadataStore, {
      get: async (id: string) => (raced ? table.get(id) : ((raced = true), undefined)),
    });
    upload(ARTICLE('an ninh trật tự')); // and read the older bytes
    const outcome = await serviceOver(racing).apply(event('created', '0000000001'));
    assert.deepEqual(outcome, { id: ID, status: 'IGNORED', reason: 'stale-event' });
    assert.deepEqual(await table.get(ID), current);
    assert.deepEqual(processedObjects(), [`${PROCESSED}/${current?.processedKey}`]);
  });

  it('marks the same article under another key as an exact duplicate, and a copy with other boilerplate as a near one', async () => {
    const article = ARTICLE('phòng chống thiên tai');
    const put = async (key: string, text: string): Promise<IngestOutcome> => {
      objects.objects.set(`${RAW}/${key}`, new TextEncoder().encode(text));
      return ingest.apply(event('created', '01', undefined, key));
    };
    assert.equal((await put('a/original.txt', article)).status, 'PROCESSED');
    const exact = await put('b/copy.txt', article);
    assert.deepEqual(exact.status === 'PROCESSED' && exact.duplicateOf, { id: documentId(RAW, 'a/original.txt'), key: 'a/original.txt', kind: 'exact', distance: 0 });
    const near = await put('c/syndicated.txt', `${article}\n\nTheo Báo Nghệ An. In bài viết. Gửi email.`);
    assert.ok(near.status === 'PROCESSED' && near.duplicateOf?.kind === 'near', JSON.stringify(near));
    assert.ok(near.status === 'PROCESSED' && (near.duplicateOf?.distance ?? 99) <= 3);
    const unrelated = await put('d/other.txt', ARTICLE('bóng đá'));
    assert.ok(unrelated.status === 'PROCESSED' && unrelated.duplicateOf === null, JSON.stringify(unrelated));
  });
});
