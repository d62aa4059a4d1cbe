import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { documentId } from '../../shared/domain/ids.ts';
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
  /**
   * A throw is a transient fault or a bug, never the file's: logged with its stack and the document it
   * hit (the queue's dead letter carries neither), then rethrown so the record is a batch item failure.
   */
  const retriedOnError = async <T>(apply: () => Promise<T>, keys: Record<string, string>): Promise<T> => {
    try {
      return await apply();
    } catch (error) {
      logger.error('document not applied; the queue retries it, then dead-letters it', { ...keys, error });
      throw error;
    }
  };
  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const reprocessId = parseReprocessMessage(record.body);
    if (reprocessId) {
      const outcome = await retriedOnError(() => service.reprocess(reprocessId), { documentId: reprocessId });
      if (outcome.status === 'FAILED') logger.warn('document failed on reprocess', { documentId: outcome.id, error: outcome.error });
      else logger.info('document reprocessed', { documentId: outcome.id, status: outcome.status });
      metrics.count(`reprocess_${outcome.status.toLowerCase()}`);
      return;
    }
    for (const change of parseS3Notification(record.body)) {
      const outcome = await retriedOnError(() => service.apply(change), { documentId: documentId(change.ref.bucket, change.ref.key), bucket: change.ref.bucket, key: change.ref.key, eventName: change.eventName });
      const keys = { documentId: outcome.id, bucket: change.ref.bucket, key: change.ref.key, eventName: change.eventName, status: outcome.status };
      if (outcome.status === 'FAILED') logger.warn('document failed', { ...keys, error: outcome.error });
      else logger.info('document applied', keys);
      metrics.count(`documents_${outcome.status.toLowerCase()}`);
    }
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false });
}
