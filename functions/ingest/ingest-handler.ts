import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseReprocessMessage } from '../../shared/events/reprocess-message.ts';
import { parseS3Notification } from '../../shared/events/s3-notification.ts';
import type { MetricsSink } from '../../shared/metrics.ts';
import type { IngestService } from '../../shared/services/ingest-service.ts';

export interface IngestHandlerDependencies {
  service: IngestService;
  logger: Logger;
  metrics: MetricsSink;
}

/**
 * SQS batch of S3 notifications (and reprocess requests the scheduled job's `reprocess` action queues) → ingest service;
 * failed records are reported for retry one by one.
 */
export function createIngestHandler({ service, logger, metrics }: IngestHandlerDependencies) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const reprocessId = parseReprocessMessage(record.body);
    if (reprocessId) {
      const outcome = await service.reprocess(reprocessId);
      if (outcome.status === 'FAILED') logger.warn('document failed on reprocess', { documentId: outcome.id, error: outcome.error });
      else logger.info('document reprocessed', { documentId: outcome.id, status: outcome.status });
      metrics.count(`reprocess_${outcome.status.toLowerCase()}`);
      return;
    }
    for (const change of parseS3Notification(record.body)) {
      const outcome = await service.apply(change);
      const keys = { documentId: outcome.id, bucket: change.ref.bucket, key: change.ref.key, eventName: change.eventName, status: outcome.status };
      if (outcome.status === 'FAILED') logger.warn('document failed', { ...keys, error: outcome.error });
      else logger.info('document applied', keys);
      metrics.count(`documents_${outcome.status.toLowerCase()}`);
    }
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
}
