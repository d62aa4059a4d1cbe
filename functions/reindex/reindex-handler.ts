import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { MetricsSink } from '../../shared/metrics.ts';
import type { ReconcileReport } from '../../shared/services/reconcile-service.ts';
import type { ReindexReport, ReindexService, RollbackReport } from '../../shared/services/reindex-service.ts';
import type { ReprocessReport, ReprocessService } from '../../shared/services/reprocess-service.ts';

/**
 * What the function is invoked with: the EventBridge schedules (no `action`: re-index; `reprocess`),
 * its own continuations (`continue` for a re-index, `reprocess` resumes its checkpoint), or an
 * operator (`reindex`, `rollback`, `reconcile`, `reprocess`).
 */
export interface ReindexEvent {
  id?: string;
  time?: string;
  action?: 'reindex' | 'continue' | 'rollback' | 'reconcile' | 'reprocess';
}

export interface ReindexHandlerDependencies {
  service: ReindexService;
  reconcile: { run(): Promise<ReconcileReport> };
  reprocess: ReprocessService;
  /**
   * Starts another invocation that resumes from the checkpoint (Lambda: an asynchronous self-invoke
   * with this action).
   */
  continuation: { resume(action: 'continue' | 'reprocess'): Promise<void> };
  logger: Logger;
  metrics: MetricsSink;
}

export type ReindexResult = ReindexReport | RollbackReport | (ReconcileReport & { outcome: 'reconciled' });

/** A reprocess's report, told apart from a re-index's by `job`. */
export type ReprocessResult = ReprocessReport & { job: 'reprocess' };

/**
 * Scheduled or on-demand re-index. A corpus too large for one invocation pauses at a checkpoint and
 * continues in the next; a completed re-index is followed by a reconcile of bucket, table and index.
 */
export function createReindexHandler({ service, reconcile, reprocess, continuation, logger, metrics }: ReindexHandlerDependencies) {
  return async (event: ReindexEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ReindexResult | ReprocessResult> => {
    const action = event.action ?? 'reindex';
    logger.info('reindex invoked', { action, eventId: event.id, scheduledAt: event.time });
    if (action === 'rollback') {
      const report = await service.rollback();
      logger.info('rollback finished', { ...report });
      return report;
    }
    if (action === 'reconcile') return reconciled(await reconcile.run());
    if (action === 'reprocess') return reprocessed(await reprocess.run({ timeLeftMs: () => context.getRemainingTimeInMillis() }));

    const report = await service.run({
      timeLeftMs: () => context.getRemainingTimeInMillis(),
      onProgress: (c) => logger.debug('reindex progress', { runId: c.runId, target: c.target, scanned: c.scanned, indexed: c.indexed }),
    });
    switch (report.outcome) {
      case 'locked':
        logger.info('another re-index holds the lock; nothing to do', { lockOwner: report.lockOwner, lockExpiresAt: report.lockExpiresAt });
        return report;
      case 'paused':
        logger.info('reindex paused at a checkpoint; continuing in a new invocation', { ...report });
        await continuation.resume('continue');
        return report;
      case 'completed':
        metrics.count('reindex_documents', report.indexed);
        metrics.count('reindex_replayed', report.replayed);
        if (report.missingText > 0) logger.warn('processed text missing for some rows; run a reconcile', { count: report.missingText });
        logger.info('reindex finished', { ...report });
        await reconciled(await reconcile.run());
        return report;
    }
  };

  async function reprocessed(report: ReprocessReport): Promise<ReprocessResult> {
    if (report.outcome === 'locked') {
      logger.info('another reprocess holds the lock; nothing to do', { lockOwner: report.lockOwner, lockExpiresAt: report.lockExpiresAt });
      return { job: 'reprocess', ...report };
    }
    for (const name of ['reprocessed', 'failed', 'queued', 'superseded'] as const) metrics.count(`reprocess_${name}`, report[name]);
    logger.info(report.outcome === 'paused' ? 'reprocess paused at a checkpoint; continuing in a new invocation' : 'reprocess finished', { ...report });
    if (report.outcome === 'paused') await continuation.resume('reprocess');
    return { job: 'reprocess', ...report };
  }

  function reconciled(report: ReconcileReport): ReconcileReport & { outcome: 'reconciled' } {
    for (const [name, n] of Object.entries(report)) metrics.count(`reconcile_${name}`, n);
    logger.info('reconcile finished', { ...report });
    return { outcome: 'reconciled', ...report };
  }
}
