import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { itemToRecord, TABLE_KEYS } from '../../shared/adapters/dynamodb-items.ts';
import type { MetricsSink } from '../../shared/metrics.ts';
import type { IndexService } from '../../shared/services/index-service.ts';

export interface IndexHandlerDependencies {
  service: IndexService;
  logger: Logger;
  metrics: MetricsSink;
}

/** DynamoDB stream records (NEW_AND_OLD_IMAGES) → search index, in order, failures reported per record. */
export function createIndexHandler({ service, logger, metrics }: IndexHandlerDependencies) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const images = record.dynamodb;
    // The table also holds control rows (the re-index lock); only document rows are indexed.
    if (!String(images?.Keys?.[TABLE_KEYS.partitionKey]?.S ?? 'DOC#').startsWith('DOC#')) return;
    if (!images?.NewImage && !images?.OldImage) throw new Error(`Stream record ${record.eventID} has no image; the stream must use NEW_AND_OLD_IMAGES.`);
    const newRecord = record.eventName !== 'REMOVE' && images.NewImage ? itemToRecord(images.NewImage as Record<string, AttributeValue>) : undefined;
    const oldRecord = images.OldImage ? itemToRecord(images.OldImage as Record<string, AttributeValue>) : undefined;
    const id = (newRecord ?? oldRecord)?.id ?? '';
    const outcome = await service.apply({ id, newRecord, oldRecord });
    logger.info('index updated', { documentId: id, eventName: record.eventName, outcome });
    metrics.count(`index_${outcome}`);
  };
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, handleRecord, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
}
