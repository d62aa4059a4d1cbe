import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { DynamoReindexStateStore } from '../../shared/adapters/dynamodb-reindex-state.ts';
import { PROCESSED_BUCKET, RAW_BUCKET, TABLE_NAME } from '../../local/local-clients.ts';
import type { LocalStack } from '../../local/local-stack.ts';
import { parseSearchRequest } from '../../shared/domain/search/request.ts';
import type { IndexDocument } from '../../shared/domain/types.ts';
import type { IndexGenerations, ReindexCheckpoint, ReindexStateStore, SearchIndex } from '../../shared/ports.ts';
import { createReindexService, ReindexVerificationError, type ReindexDependencies } from '../../shared/services/reindex-service.ts';
import { SkippingClock } from '../support/fakes.ts';
import { drained, startTestStack, waitUntilSettled } from '../support/local-stack.ts';

const CORPUS = 120;
const PAGE = 20;
/** The lease of a run that dies; the clock skips past it, so it may be as long as in production. */
const LEASE_MS = 5 * 60_000;
const article = (i: number): string =>
  `Bản tin số ${i} về cải cách hành chính\n\nUBND tỉnh Nghệ An triển khai kế hoạch số ${i} nhằm nâng cao chất lượng phục vụ người dân và doanh nghiệp. ` +
  `Các sở, ngành được giao nhiệm vụ cụ thể, báo cáo kết quả hằng quý. Đợt kiểm tra thứ ${i} ghi nhận nhiều chuyển biến tích cực.`;

/** The "process" running a re-index dies after `pages` pages: its lock is never released, it just stops. */
class ProcessDied extends Error {}

describe('re-indexing on the local stack (blue/green, resumable, locked)', () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  const keys = Array.from({ length: CORPUS }, (_, i) => `reindex/doc-${String(i).padStart(4, '0')}.txt`);

  const put = (key: string, body: string) => stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body, ContentType: 'text/plain; charset=utf-8' }));
  const search = (q: string) => stack.index.search(parseSearchRequest({ q, facets: 'false' }));
  // Leases expire by this clock, which the tests move past a lease instead of sleeping through it. Only
  // the lock reads it: the service's own clock dates the build, which rows written meanwhile compare to.
  const clock = new SkippingClock();
  const stateStore = () => new DynamoReindexStateStore(stack.dynamodb, TABLE_NAME, clock);
  const service = (overrides: Partial<ReindexDependencies> = {}) =>
    createReindexService({
      objects: stack.objects,
      metadata: stack.metadata,
      index: stack.index,
      state: stateStore(),
      processedBucket: PROCESSED_BUCKET,
      pageSize: PAGE,
      ...overrides,
    });

  before(async () => {
    ({ stack, cleanup } = await startTestStack());
    for (let at = 0; at < keys.length; at += 20) await Promise.all(keys.slice(at, at + 20).map((key, i) => put(key, article(at + i))));
    await waitUntilSettled(stack, keys.map((k) => stack.idOf(k)), 120_000);
  });
  after(() => cleanup());

  it('keeps serving the old complete index when a re-index dies halfway, and the next run resumes from the checkpoint once the lock expires', async () => {
    const before = await stack.index.generations();
    const countBefore = await stack.index.count();
    assert.equal(countBefore, CORPUS);

    // Searches run the whole time: none may fail, and each sees a complete index.
    const searchErrors: unknown[] = [];
    const totals = new Set<number>();
    let searching = true;
    const searcher = (async () => {
      while (searching) {
        try {
          totals.add((await search('cải cách hành chính')).total);
        } catch (error) {
          searchErrors.push(error);
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();

    let pagesWritten = 0;
    const dying: SearchIndex & IndexGenerations = Object.assign(Object.create(stack.index) as SearchIndex & IndexGenerations, {
      writeGeneration: async (name: string, docs: IndexDocument[]) => {
        if (pagesWritten === 3) throw new ProcessDied('killed');
        pagesWritten++;
        return stack.index.writeGeneration(name, docs);
      },
    });
    const realState = stateStore();
    // A dead process releases nothing: its lease has to run out.
    const deadState: ReindexStateStore = Object.assign(Object.create(realState) as ReindexStateStore, { release: async () => undefined });
    await assert.rejects(service({ index: dying, state: deadState, leaseMs: LEASE_MS }).run({ owner: 'first' }), ProcessDied);

    const saved = await realState.read();
    // Three pages were checkpointed (the scan's limit also counts the control row, filtered out).
    assert.ok((saved.checkpoint?.scanned ?? 0) >= 3 * PAGE - 1 && (saved.checkpoint?.scanned ?? 0) <= 3 * PAGE, `scanned ${saved.checkpoint?.scanned}`);
    assert.notEqual(saved.checkpoint?.cursor, null);
    assert.equal(saved.lockOwner, 'first');
    assert.deepEqual(await stack.index.generations(), before, 'the half-built generation is not searched');
    assert.equal((await search('cải cách hành chính')).total, countBefore);

    const blocked = await service().run({ owner: 'second' });
    assert.equal(blocked.outcome, 'locked', 'a second run does not start while the first one\'s lease is live');

    clock.skip(LEASE_MS + 1);
    const resumed = await service().run({ owner: 'second' });
    searching = false;
    await searcher;

    assert.equal(resumed.outcome, 'completed');
    assert.ok(resumed.outcome === 'completed');
    assert.equal(resumed.target, saved.checkpoint?.target, 'the same generation was finished, not started over');
    assert.equal(resumed.invocations, 2);
    assert.equal(resumed.scanned, CORPUS);
    assert.equal(resumed.indexed, CORPUS);
    assert.equal(resumed.previous, before.active);
    assert.deepEqual(await stack.index.generations(), { active: resumed.target, previous: before.active });
    assert.deepEqual(searchErrors, [], 'search never failed during the re-index and the switch');
    assert.deepEqual([...totals], [CORPUS], 'every search saw a complete index');
    assert.equal((await realState.read()).lockOwner, undefined, 'the lock is released');
    assert.equal((await realState.read()).checkpoint, undefined, 'the checkpoint is cleared');
  });

  it('applies changes made while it was building to the new generation (created, overwritten, deleted)', async () => {
    const state = stateStore();
    let pauseNow = false;
    const first = await service().run({ timeLeftMs: () => (pauseNow ? 0 : Number.MAX_SAFE_INTEGER), pauseMarginMs: 1, onProgress: () => void (pauseNow = true) });
    assert.equal(first.outcome, 'paused');
    const target = (await state.read()).checkpoint?.target;

    // The pipeline keeps running against the active generation while the new one is half built.
    const added = 'reindex/added-during-build.txt';
    await put(added, 'Thông báo mới về lễ hội hoa phượng\n\nThành phố tổ chức lễ hội hoa phượng với nhiều hoạt động văn hóa đặc sắc cho người dân.');
    await put(keys[CORPUS - 1] ?? '', 'Bản tin đã sửa về giao thông nông thôn\n\nNội dung mới: tỉnh đầu tư làm đường giao thông nông thôn tại các xã miền núi.');
    await stack.s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: keys[CORPUS - 2] ?? '' }));
    await drained(stack);
    await waitUntilSettled(stack, [added, keys[CORPUS - 1] ?? '', keys[CORPUS - 2] ?? ''].map((k) => stack.idOf(k)));

    const done = await service().run();
    assert.equal(done.outcome, 'completed');
    assert.ok(done.outcome === 'completed');
    assert.equal(done.target, target);
    assert.ok(done.replayed >= 3, `replayed ${done.replayed}`);
    assert.equal((await search('lễ hội hoa phượng')).hits[0]?.key, added);
    assert.equal((await search('giao thông nông thôn miền núi')).hits[0]?.key, keys[CORPUS - 1]);
    assert.equal(await stack.index.indexedVersion(stack.idOf(keys[CORPUS - 2] ?? '')), undefined, 'the deleted document is gone');
    assert.equal(await stack.index.count(), CORPUS, 'one added, one deleted');
  });

  it('rolls back to the previous generation and replays the changes it missed', async () => {
    const { active, previous } = await stack.index.generations();
    const late = 'reindex/after-switch.txt';
    await put(late, 'Tin sau khi chuyển chỉ mục\n\nHội nghị tổng kết công tác phòng chống thiên tai được tổ chức tại trụ sở tỉnh ủy.');
    await waitUntilSettled(stack, [stack.idOf(late)]);
    const report = await service().rollback();
    assert.equal(report.outcome, 'rolled-back');
    assert.deepEqual(await stack.index.generations(), { active: previous, previous: active });
    assert.equal((await search('phòng chống thiên tai')).hits[0]?.key, late, 'the change made after the switch reached the old generation');
    assert.equal(await stack.index.count(), CORPUS + 1);
  });

  it('finishes a run that switched but died before clearing its checkpoint, without switching again', async () => {
    const realState = stateStore();
    let armed = true;
    const dying: ReindexStateStore = Object.assign(Object.create(realState) as ReindexStateStore, {
      saveCheckpoint: async (owner: string, checkpoint: ReindexCheckpoint | undefined, leaseMs: number) => {
        if (checkpoint === undefined && armed) {
          armed = false;
          throw new ProcessDied('killed right after the switch');
        }
        return realState.saveCheckpoint(owner, checkpoint, leaseMs);
      },
      release: async () => undefined,
    });
    await assert.rejects(service({ state: dying, leaseMs: LEASE_MS }).run(), ProcessDied);
    const { active, previous } = await stack.index.generations();
    assert.equal((await realState.read()).checkpoint?.target, active, 'switched, with the checkpoint left behind');
    assert.equal((await service().run()).outcome, 'locked', 'the dead run\'s lease is still live');
    clock.skip(LEASE_MS + 1);
    const report = await service().run();
    assert.equal(report.outcome, 'completed');
    assert.ok(report.outcome === 'completed' && report.target === active && report.previous === previous);
    assert.deepEqual(await stack.index.generations(), { active, previous }, 'no second switch');
    assert.equal((await realState.read()).checkpoint, undefined);
  });

  it('never activates a generation that does not hold what was written to it', async () => {
    const before = await stack.index.generations();
    const lossy: SearchIndex & IndexGenerations = Object.assign(Object.create(stack.index) as SearchIndex & IndexGenerations, {
      countGeneration: async (name: string) => (await stack.index.countGeneration(name)) - 1,
    });
    await assert.rejects(service({ index: lossy }).run(), ReindexVerificationError);
    assert.deepEqual(await stack.index.generations(), before);
    const state = await stateStore().read();
    assert.equal(state.checkpoint, undefined, 'the next run starts over');
    assert.equal(state.lockOwner, undefined);
  });

  it('runs one re-index at a time when two start together', async () => {
    const outcomes = (await Promise.all([service().run(), service().run()])).map((r) => r.outcome).sort();
    assert.deepEqual(outcomes, ['completed', 'locked']);
  });
});
