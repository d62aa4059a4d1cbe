import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReindexHandler } from '../../functions/reindex/reindex-handler.ts';
import { TallyMetrics } from '../../shared/metrics.ts';
import type { ReconcileReport } from '../../shared/services/reconcile-service.ts';
import type { ReindexReport, ReindexRunOptions, ReindexService } from '../../shared/services/reindex-service.ts';
import { silentLogger } from '../support/fakes.ts';

const counts = { runId: 'r', target: 'g2', scanned: 10, indexed: 9, missingText: 0, invocations: 1 };
const noRepairs: ReconcileReport = { queuedCreates: 0, queuedRemoves: 0, queuedIndexUpdates: 0, removedIndexOrphans: 0 };

function harness(report: ReindexReport) {
  const calls = { resumed: 0, reconciled: 0, timeLeft: [] as number[] };
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
    continuation: { resume: async () => void calls.resumed++ },
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
    assert.deepEqual(calls, { resumed: 1, reconciled: 0, timeLeft: [840_000] });
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
});
