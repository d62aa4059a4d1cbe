import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { MetricsSink } from '../../shared/metrics.ts';
import type { ReconcileReport } from '../../shared/services/reconcile-service.ts';
import type { ReindexReport, ReindexService, RollbackReport } from '../../shared/services/reindex-service.ts';

/**
 * What the function is invoked with: the EventBridge schedule (no `action`: re-index), its own
 * continuation (`continue`), or an operator (`reindex`, `rollback`, `reconcile`).
 */
export interface ReindexEvent {
  id?: string;
  time?: string;
  action?: 'reindex' | 'continue' | 'rollback' | 'reconcile';
}

export interface ReindexHandlerDependencies {
  service: ReindexService;
  reconcile: { run(): Promise<ReconcileReport> };
  /** Starts another invocation that resumes from the checkpoint (Lambda: an asynchronous self-invoke). */
  continuation: { resume(): Promise<void> };
  logger: Logger;
  metrics: MetricsSink;
}

export type ReindexResult = ReindexReport | RollbackReport | (ReconcileReport & { outcome: 'reconciled' });

/**
 * Scheduled or on-demand re-index. A corpus too large for one invocation pauses at a checkpoint and
 * continues in the next; a completed re-index is followed by a reconcile of bucket, table and index.
 */
export function createReindexHandler({ service, reconcile, continuation, logger, metrics }: ReindexHandlerDependencies) {
  return async (event: ReindexEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ReindexResult> => {
    const action = event.action ?? 'reindex';
    logger.info('reindex invoked', { action, eventId: event.id, scheduledAt: event.time });
    if (action === 'rollback') {
      const report = await service.rollback();
      logger.info('rollback finished', { ...report });
      return report;
    }
    if (action === 'reconcile') return reconciled(await reconcile.run());

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
        await continuation.resume();
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

  function reconciled(report: ReconcileReport): ReconcileReport & { outcome: 'reconciled' } {
    for (const [name, n] of Object.entries(report)) metrics.count(`reconcile_${name}`, n);
    logger.info('reconcile finished', { ...report });
    return { outcome: 'reconciled', ...report };
  }
}
