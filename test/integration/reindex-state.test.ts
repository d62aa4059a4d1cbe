import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DynamoReindexStateStore } from '../../shared/adapters/dynamodb-reindex-state.ts';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ReindexCheckpoint } from '../../shared/ports.ts';
import { startDynalite } from '../support/dynalite.ts';

const checkpoint: ReindexCheckpoint = { runId: 'r1', target: 'g2', startedAt: '2026-11-30T00:00:00.000Z', cursor: 'abc', scanComplete: false, scanned: 40, indexed: 39, missingText: 1, invocations: 1 };

describe('re-index lock and checkpoint in the table (DynamoDB API, dynalite)', () => {
  let db: Awaited<ReturnType<typeof startDynalite>>;
  let now = Date.parse('2026-11-30T10:00:00Z');
  const clock = { now: () => new Date(now) };
  let store: DynamoReindexStateStore;
  before(async () => {
    db = await startDynalite();
  });
  after(() => db.stop());
  beforeEach(async () => {
    await db.reset();
    store = new DynamoReindexStateStore(db.client as DynamoDBClient, db.tableName, clock);
  });

  it('lets one owner hold the lock until its lease runs out, then another takes over and the first can no longer write', async () => {
    assert.equal(await store.acquire('a', 60_000), true);
    assert.equal(await store.acquire('b', 60_000), false, 'a live lease blocks');
    assert.equal(await store.acquire('a', 60_000), true, 'the holder may take it again');
    now += 61_000;
    assert.equal(await store.acquire('b', 60_000), true, 'an expired lease does not');
    assert.equal(await store.saveCheckpoint('a', checkpoint, 60_000), false, 'the old holder lost it');
    assert.equal((await store.read()).lockOwner, 'b');
  });

  it('saves a checkpoint and extends the lease in one write, and clears it', async () => {
    await store.acquire('a', 1000);
    assert.equal(await store.saveCheckpoint('a', checkpoint, 60_000), true);
    now += 30_000;
    assert.equal(await store.acquire('b', 1000), false, 'saving extended the lease');
    assert.deepEqual((await store.read()).checkpoint, checkpoint);
    await store.saveCheckpoint('a', undefined, 60_000);
    assert.equal((await store.read()).checkpoint, undefined);
  });

  it('releases only its own lock; breakLock clears anyone\'s (local stack start-up)', async () => {
    await store.acquire('a', 60_000);
    await store.release('b');
    assert.equal((await store.read()).lockOwner, 'a');
    await store.breakLock();
    assert.equal((await store.read()).lockOwner, undefined);
    assert.equal(await store.acquire('b', 60_000), true);
  });

  it('is invisible to document scans: the control row is not a document', async () => {
    await store.acquire('a', 60_000);
    await store.saveCheckpoint('a', checkpoint, 60_000);
    const metadata = new DynamoMetadataStore(db.client as DynamoDBClient, db.tableName);
    const rows = [];
    for await (const page of metadata.scan()) rows.push(...page);
    assert.deepEqual(rows, []);
    assert.deepEqual((await metadata.scanPage()).items, []);
  });
});
