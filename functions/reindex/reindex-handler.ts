import type { Logger } from '@aws-lambda-powertools/logger';
import type { ScheduledEvent } from 'aws-lambda';
import type { MetricsSink } from '../../shared/metrics.ts';
import type { ReindexReport } from '../../shared/services/reindex-service.ts';

export interface ReindexHandlerDependencies {
  service: { rebuild(): Promise<ReindexReport> };
  logger: Logger;
  metrics: MetricsSink;
}

/** Scheduled event → full rebuild of the search index from the table and the processed text. */
export function createReindexHandler({ service, logger, metrics }: ReindexHandlerDependencies) {
  return async (event: Pick<ScheduledEvent, 'id' | 'time'>): Promise<ReindexReport> => {
    logger.info('reindex started', { eventId: event.id, scheduledAt: event.time });
    const report = await service.rebuild();
    metrics.count('reindex_documents', report.indexed);
    if (report.missingText.length > 0) logger.warn('processed text missing', { ids: report.missingText.slice(0, 50), count: report.missingText.length });
    logger.info('reindex finished', { scanned: report.scanned, indexed: report.indexed });
    return report;
  };
}
