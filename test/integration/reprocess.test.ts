import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { recordToItem } from '../../shared/adapters/dynamodb-items.ts';
import { DynamoJobStateStore } from '../../shared/adapters/dynamodb-reindex-state.ts';
import { PROCESSED_BUCKET, RAW_BUCKET, TABLE_NAME } from '../../local/local-clients.ts';
import type { LocalStack } from '../../local/local-stack.ts';
import { PIPELINE_VERSION } from '../../shared/domain/pipeline-constants.ts';
import { parseSearchRequest } from '../../shared/domain/search/request.ts';
import type { DocumentRecord } from '../../shared/domain/types.ts';
import type { JobStateStore, ReprocessCheckpoint } from '../../shared/ports.ts';
import { readProcessed, toIndexDocument } from '../../shared/services/processed-objects.ts';
import { createReprocessService, inProcessReprocessor, type ReprocessDependencies, type Reprocessor } from '../../shared/services/reprocess-service.ts';
import { drained, startTestStack, waitUntilSettled } from '../support/local-stack.ts';

const OLD_VERSION = '0.2.1';
const CORPUS = 36;
const PAGE = 6;
const QUERIES = ['cải cách hành chính', 'Nghệ An', 'giao thông nông thôn', 'lễ hội hoa phượng', 'kế hoạch 17', 'kiểm tra'];
const TOPICS = ['cải cách hành chính', 'giao thông nông thôn', 'phòng chống thiên tai', 'chuyển đổi số', 'y tế cơ sở', 'giáo dục vùng cao'];
// Under 50 words and each text different: no exact or near duplicates, whose choice depends on order.
const article = (i: number): string =>
  `Bản tin số ${i} về ${TOPICS[i % TOPICS.length] ?? ''}\n\nUBND tỉnh Nghệ An triển khai kế hoạch ${i} về ${TOPICS[i % TOPICS.length] ?? ''}. Đợt kiểm tra thứ ${i} ghi nhận chuyển biến tích cực.`;

/** The process running a reprocess dies: its lock is never released, it just stops. */
class ProcessDied extends Error {}

/** Fields a fresh ingest sets otherwise (times, and the event that made the row). */
function comparable(row: DocumentRecord): Omit<DocumentRecord, 'createdAt' | 'updatedAt' | 'deletedAt' | 'sequencer' | 'versionId'> {
  const { createdAt: _c, updatedAt: _u, deletedAt: _d, sequencer: _s, versionId: _v, ...rest } = row;
  return rest;
}

async function allRows(stack: LocalStack): Promise<DocumentRecord[]> {
  const rows: DocumentRecord[] = [];
  for await (const page of stack.metadata.scan()) rows.push(...page);
  return rows.sort((a, b) => a.key.localeCompare(b.key));
}

async function searchResults(stack: LocalStack): Promise<unknown[]> {
  return Promise.all(QUERIES.map(async (q) => {
    const { total, hits } = await stack.index.search(parseSearchRequest({ q, size: '50', facets: 'false' }));
    // Scores depend on the engine's term statistics, which include deleted entries until a merge.
    return { q, total, hits: hits.map(({ score: _score, ...hit }) => hit).sort((a, b) => a.id.localeCompare(b.id)) };
  }));
}

describe('reprocessing the stored archive after a pipeline upgrade (local stack)', () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  const keys = Array.from({ length: CORPUS }, (_, i) => `reprocess/doc-${String(i).padStart(3, '0')}.txt`);

  const put = (key: string, body: string) => stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body, ContentType: 'text/plain; charset=utf-8' }));
  const state = (): DynamoJobStateStore<ReprocessCheckpoint> => new DynamoJobStateStore<ReprocessCheckpoint>(stack.dynamodb, TABLE_NAME, 'reprocess');
  const service = (overrides: Partial<ReprocessDependencies> = {}) =>
    createReprocessService({ metadata: stack.metadata, state: state(), reprocessor: inProcessReprocessor(stack.ingest), pageSize: PAGE, ...overrides });

  /**
   * Makes every live row look as an older pipeline left it: its version, other extracted fields, and
   * the index entry built from them. Written straight to the table (no condition, no stream record),
   * as the old pipeline's rows are simply there; processing itself is not stubbed.
   */
  async function makeStale(): Promise<void> {
    for (const row of await allRows(stack)) {
      if (row.status === 'DELETED') continue;
      const stale: DocumentRecord = { ...row, pipelineVersion: OLD_VERSION, title: `Tiêu đề cũ ${row.key}`, keywords: ['cũ'], summary: null };
      await stack.dynamodb.send(new PutItemCommand({ TableName: TABLE_NAME, Item: recordToItem(stale) }));
      const text = row.processedKey ? await readProcessed(stack.objects, PROCESSED_BUCKET, row.processedKey) : undefined;
      if (text) await stack.index.upsert([toIndexDocument(stale, { document: { ...text.document, title: stale.title } })]);
    }
  }

  before(async () => {
    ({ stack, cleanup } = await startTestStack());
    for (let at = 0; at < keys.length; at += 12) await Promise.all(keys.slice(at, at + 12).map((key, i) => put(key, article(at + i))));
    await waitUntilSettled(stack, keys.map((k) => stack.idOf(k)), 120_000);
  });
  after(() => cleanup());

  it('skips rows the current pipeline made: nothing is read, written or re-indexed', async () => {
    const rowsBefore = await allRows(stack);
    const reprocessed: string[] = [];
    const watching: Reprocessor = { reprocess: async (ids) => (reprocessed.push(...ids), inProcessReprocessor(stack.ingest).reprocess(ids)) };

    const report = await service({ reprocessor: watching }).run();
    await drained(stack);

    assert.equal(report.outcome, 'completed');
    assert.ok(report.outcome === 'completed');
    assert.deepEqual([report.scanned, report.skippedCurrent, report.reprocessed, report.failed], [CORPUS, CORPUS, 0, 0]);
    assert.deepEqual(reprocessed, [], 'no row was handed to ingest');
    assert.deepEqual(await allRows(stack), rowsBefore, 'no row changed, not even its update time');
    assert.equal((await state().read()).checkpoint, undefined, 'the checkpoint is cleared');
  });

  it('stopped halfway, resumes from its checkpoint; uploads and deletes meanwhile win; ends as a fresh ingest of the bucket', async () => {
    await makeStale();
    await drained(stack);
    assert.equal((await stack.index.search(parseSearchRequest({ q: 'Tiêu đề cũ', facets: 'false' }))).total, CORPUS, 'the index holds the old output');

    // First run: the process dies while reprocessing its fourth page, holding the lock (1 s lease).
    let pages = 0;
    const dying: Reprocessor = {
      reprocess: async (ids) => {
        if (++pages === 4) throw new ProcessDied('killed');
        return inProcessReprocessor(stack.ingest).reprocess(ids);
      },
    };
    const real = state();
    const deadState: JobStateStore<ReprocessCheckpoint> = Object.assign(Object.create(real) as JobStateStore<ReprocessCheckpoint>, { release: async () => undefined });
    await assert.rejects(service({ reprocessor: dying, state: deadState, leaseMs: 1000 }).run({ owner: 'first' }), ProcessDied);

    const saved = await real.read();
    assert.equal(saved.lockOwner, 'first');
    assert.ok(saved.checkpoint && saved.checkpoint.cursor !== null, 'a checkpoint with a cursor was saved');
    // The scan's limit also counts the control rows, which are filtered out: a page may hold one fewer.
    assert.ok(saved.checkpoint.scanned >= 3 * PAGE - 2 && saved.checkpoint.scanned <= 3 * PAGE, `scanned ${saved.checkpoint.scanned}`);
    assert.equal(saved.checkpoint.reprocessed, saved.checkpoint.scanned);

    // A second run while the first one's lease is live does nothing.
    assert.equal((await service().run({ owner: 'second' })).outcome, 'locked');

    // Meanwhile: a new object, a delete of a row already reprocessed and of one not reached yet, an overwrite.
    const rows = await allRows(stack);
    const reprocessedKey = rows.find((r) => r.pipelineVersion === PIPELINE_VERSION)?.key ?? '';
    const pendingKeys = rows.filter((r) => r.pipelineVersion === OLD_VERSION).map((r) => r.key);
    const [deletedPending, overwritten] = pendingKeys;
    assert.ok(reprocessedKey && deletedPending && overwritten, 'both halves exist');
    const added = 'reprocess/added-meanwhile.txt';
    await put(added, 'Thông báo về lễ hội hoa phượng\n\nThành phố tổ chức lễ hội hoa phượng với nhiều hoạt động văn hóa cho người dân.');
    await put(overwritten, 'Bản tin đã sửa về giao thông nông thôn\n\nTỉnh đầu tư làm đường giao thông nông thôn tại các xã miền núi.');
    for (const key of [reprocessedKey, deletedPending]) await stack.s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
    await drained(stack);
    await waitUntilSettled(stack, [added, overwritten, reprocessedKey, deletedPending].map((k) => stack.idOf(k)));

    await new Promise((r) => setTimeout(r, 1100));
    const resumed = await service().run({ owner: 'second' });
    await drained(stack);

    assert.equal(resumed.outcome, 'completed');
    assert.ok(resumed.outcome === 'completed');
    assert.equal(resumed.runId, saved.checkpoint.runId, 'the same run was finished, not started over');
    assert.equal(resumed.invocations, 2);
    // Every row was scanned once: the first run's checkpointed pages are not read again. The new
    // object's row is scanned only if it sorts after the checkpoint's cursor.
    const addedScanned = resumed.scanned - CORPUS;
    assert.ok(addedScanned === 0 || addedScanned === 1, `scanned ${resumed.scanned}`);
    assert.equal(resumed.reprocessed, CORPUS - 2, 'all but the tombstone and the re-uploaded row not reached yet');
    assert.equal(resumed.skippedDeleted, 1, 'the tombstone of the delete not reached yet');
    assert.equal(resumed.skippedCurrent, 1 + addedScanned, 'the re-upload (and the new object) were made by the current pipeline through their own events');
    assert.deepEqual([resumed.failed, resumed.superseded, resumed.queued], [0, 0, 0]);
    assert.equal((await real.read()).checkpoint, undefined, 'the checkpoint is cleared');
    assert.equal((await real.read()).lockOwner, undefined, 'the lock is released');

    for (const key of [reprocessedKey, deletedPending]) {
      assert.equal((await stack.metadata.get(stack.idOf(key)))?.status, 'DELETED', `${key} stays deleted`);
      assert.equal(await stack.index.indexedVersion(stack.idOf(key)), undefined, `${key} is not searchable`);
    }
    assert.equal((await stack.index.search(parseSearchRequest({ q: 'Tiêu đề cũ', facets: 'false' }))).total, 0, 'no old output is left in the index');

    // A fresh ingest of the bucket as it is now, on a stack of its own.
    const fresh = await startTestStack();
    try {
      const liveKeys = [...keys.filter((k) => k !== reprocessedKey && k !== deletedPending), added];
      for (const key of liveKeys) {
        const object = await stack.s3.send(new GetObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
        await fresh.stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: await object.Body?.transformToByteArray(), ContentType: 'text/plain; charset=utf-8' }));
      }
      await waitUntilSettled(fresh.stack, liveKeys.map((k) => fresh.stack.idOf(k)), 120_000);
      await drained(fresh.stack);

      const live = (await allRows(stack)).filter((r) => r.status !== 'DELETED');
      assert.deepEqual(live.map(comparable), (await allRows(fresh.stack)).map(comparable), 'the table equals a fresh ingest');
      assert.ok(live.every((r) => r.pipelineVersion === PIPELINE_VERSION));
      assert.equal(await stack.index.count(), await fresh.stack.index.count());
      assert.deepEqual(await searchResults(stack), await searchResults(fresh.stack), 'searches answer as after a fresh ingest');
    } finally {
      await fresh.cleanup();
    }
  });

  it('never replaces a row that changed since it was read: a newer upload or a delete wins over a reprocess\'s write', async () => {
    const [uploadedKey = '', deletedKey = ''] = (await allRows(stack)).filter((r) => r.status === 'PROCESSED').map((r) => r.key);
    for (const key of [uploadedKey, deletedKey]) {
      const row = await stack.metadata.get(stack.idOf(key));
      assert.ok(row);
      const stale: DocumentRecord = { ...row, pipelineVersion: OLD_VERSION };
      await stack.dynamodb.send(new PutItemCommand({ TableName: TABLE_NAME, Item: recordToItem(stale) }));
    }
    const read = await Promise.all([uploadedKey, deletedKey].map(async (k) => stack.metadata.get(stack.idOf(k))));

    await put(uploadedKey, 'Bản tin mới hơn về chuyển đổi số\n\nTỉnh triển khai chuyển đổi số tại các xã.');
    await stack.s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: deletedKey }));
    await drained(stack);
    await waitUntilSettled(stack, [uploadedKey, deletedKey].map((k) => stack.idOf(k)));
    const now = await Promise.all([uploadedKey, deletedKey].map(async (k) => stack.metadata.get(stack.idOf(k))));

    for (const [i, stale] of read.entries()) {
      assert.ok(stale);
      const attempt = await stack.metadata.put({ ...stale, pipelineVersion: PIPELINE_VERSION, title: 'ghi đè' }, stale);
      assert.equal(attempt.written, false, `the reprocess write over ${stale.key} is refused`);
      assert.deepEqual(await stack.metadata.get(stale.id), now[i], 'the newer row is untouched');
    }
    // Through the ingest service: the row is current or a tombstone, so nothing is even processed.
    assert.deepEqual((await stack.ingest.reprocess(stack.idOf(uploadedKey))).status, 'CURRENT');
    assert.deepEqual(await stack.ingest.reprocess(stack.idOf(deletedKey)), { id: stack.idOf(deletedKey), status: 'IGNORED', reason: 'deleted' });
  });
});
