import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReindexHandler } from '../../functions/reindex/reindex-handler.ts';
import { TallyMetrics } from '../../shared/metrics.ts';
import type { ReconcileReport } from '../../shared/services/reconcile-service.ts';
import type { ReindexReport, ReindexRunOptions, ReindexService } from '../../shared/services/reindex-service.ts';
import type { ReprocessReport, ReprocessRunOptions } from '../../shared/services/reprocess-service.ts';
import { readFileSync } from 'node:fs';
import { silentLogger } from '../support/fakes.ts';

const counts = { runId: 'r', target: 'g2', scanned: 10, indexed: 9, missingText: 0, invocations: 1 };
const noRepairs: ReconcileReport = { queuedCreates: 0, queuedRemoves: 0, queuedIndexUpdates: 0, removedIndexOrphans: 0 };

const reprocessCounts = {
  runId: 'p', startedAt: '2026-12-01T00:00:00.000Z', scanned: 10, invocations: 1, pipelineVersion: '0.3.0',
  reprocessed: 0, failed: 0, queued: 7, skippedCurrent: 2, skippedDeleted: 1, superseded: 0,
};

function harness(report: ReindexReport, reprocessReport: ReprocessReport = { outcome: 'completed', ...reprocessCounts }) {
  const calls = { resumed: 0, reconciled: 0, timeLeft: [] as number[], resumedWith: [] as string[], reprocessTimeLeft: [] as number[] };
  const service: ReindexService = {
    run: async (options?: ReindexRunOptions) => {
      calls.timeLeft.push(options?.timeLeftMs?.() ?? -1);
      return report;
    },
    rollback: async () => ({ outcome: 'rolled-back', active: 'g1', previous: 'g2', replayed: 0 }),
  };
  const handler = createReindexHandler({
    service,
    reconcile: { run: async () => (calls.reconciled++, noRepairs) },
    reprocess: {
      run: async (options?: ReprocessRunOptions) => {
        calls.reprocessTimeLeft.push(options?.timeLeftMs?.() ?? -1);
        return reprocessReport;
      },
    },
    continuation: {
      resume: async (action) => {
        calls.resumed++;
        calls.resumedWith.push(action);
      },
    },
    logger: silentLogger(),
    metrics: new TallyMetrics(),
  });
  return { handler, calls };
}

const lambda = { getRemainingTimeInMillis: () => 840_000 };

describe('reindex handler', () => {
  it('continues a paused re-index in a new invocation, with the time this one had left', async () => {
    const { handler, calls } = harness({ outcome: 'paused', ...counts });
    const result = await handler({ id: 'e', time: 't' }, lambda);
    assert.equal(result.outcome, 'paused');
    assert.deepEqual(calls, { resumed: 1, reconciled: 0, timeLeft: [840_000], resumedWith: ['continue'], reprocessTimeLeft: [] });
  });

  it('reconciles bucket, table and index after a completed re-index, and does not continue', async () => {
    const { handler, calls } = harness({ outcome: 'completed', ...counts, previous: 'g1', replayed: 2 });
    assert.equal((await handler({}, lambda)).outcome, 'completed');
    assert.equal(calls.reconciled, 1);
    assert.equal(calls.resumed, 0);
  });

  it('does nothing when another run holds the lock (overlapping schedules)', async () => {
    const { handler, calls } = harness({ outcome: 'locked', lockOwner: 'other', lockExpiresAt: '2026-01-01T00:00:00Z' });
    assert.equal((await handler({}, lambda)).outcome, 'locked');
    assert.deepEqual([calls.resumed, calls.reconciled], [0, 0]);
  });

  it('rolls back or reconciles on demand', async () => {
    const { handler, calls } = harness({ outcome: 'locked', lockOwner: undefined, lockExpiresAt: undefined });
    assert.equal((await handler({ action: 'rollback' }, lambda)).outcome, 'rolled-back');
    assert.deepEqual(await handler({ action: 'reconcile' }, lambda), { outcome: 'reconciled', ...noRepairs });
    assert.equal(calls.timeLeft.length, 0, 'neither runs a re-index');
  });

  it('runs the reprocess on the schedule\'s reprocess action (events/schedule-reprocess.json), neither re-indexing nor reconciling', async () => {
    const { handler, calls } = harness({ outcome: 'locked', lockOwner: undefined, lockExpiresAt: undefined });
    const scheduled = JSON.parse(readFileSync(new URL('../../events/schedule-reprocess.json', import.meta.url), 'utf8')) as { action: 'reprocess'; id: string; time: string };
    const result = await handler(scheduled, lambda);
    assert.deepEqual(result, { job: 'reprocess', outcome: 'completed', ...reprocessCounts });
    assert.deepEqual(calls, { resumed: 0, reconciled: 0, timeLeft: [], resumedWith: [], reprocessTimeLeft: [840_000] });
  });

  it('continues a paused reprocess in a new invocation with the reprocess action', async () => {
    const { handler, calls } = harness({ outcome: 'locked', lockOwner: undefined, lockExpiresAt: undefined }, { outcome: 'paused', ...reprocessCounts });
    assert.equal((await handler({ action: 'reprocess' }, lambda)).outcome, 'paused');
    assert.deepEqual(calls.resumedWith, ['reprocess']);
  });

  it('does nothing more when another reprocess holds the lock', async () => {
    const { handler, calls } = harness({ outcome: 'locked', lockOwner: undefined, lockExpiresAt: undefined }, { outcome: 'locked', lockOwner: 'other', lockExpiresAt: '2026-01-01T00:00:00Z' });
    assert.deepEqual(await handler({ action: 'reprocess' }, lambda), { job: 'reprocess', outcome: 'locked', lockOwner: 'other', lockExpiresAt: '2026-01-01T00:00:00Z' });
    assert.deepEqual([calls.resumed, calls.reconciled], [0, 0]);
  });
});
