import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { itemToRecord, TABLE_KEYS } from '../../shared/adapters/dynamodb-items.ts';
import type { MetricsSink } from '../../shared/metrics.ts';
import type { IndexService, RecordChange } from '../../shared/services/index-service.ts';

export interface IndexHandlerDependencies {
  service: IndexService;
  logger: Logger;
  metrics: MetricsSink;
}

/** DynamoDB stream records (NEW_AND_OLD_IMAGES) → search index, in order, failures reported per record. */
export function createIndexHandler({ service, logger, metrics }: IndexHandlerDependencies) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  /** The row change a stream record carries; undefined for rows that are not documents (the re-index control row). */
  const changeOf = (record: DynamoDBRecord): RecordChange | undefined => {
    const images = record.dynamodb;
    // The table also holds control rows (the re-index lock); only document rows are indexed.
    if (!String(images?.Keys?.[TABLE_KEYS.partitionKey]?.S ?? 'DOC#').startsWith('DOC#')) return undefined;
    if (!images?.NewImage && !images?.OldImage) throw new Error(`Stream record ${record.eventID} has no image; the stream must use NEW_AND_OLD_IMAGES.`);
    const newRecord = record.eventName !== 'REMOVE' && images.NewImage ? itemToRecord(images.NewImage as Record<string, AttributeValue>) : undefined;
    const oldRecord = images.OldImage ? itemToRecord(images.OldImage as Record<string, AttributeValue>) : undefined;
    return { id: (newRecord ?? oldRecord)?.id ?? '', newRecord, oldRecord };
  };
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    const change = changeOf(record);
    if (!change) return;
    const outcome = await service.apply(change);
    logger.info('index updated', { documentId: change.id, eventName: record.eventName, outcome });
    metrics.count(`index_${outcome}`);
  };
  /** The batch's changes, for reading their texts ahead; a record that cannot be read is left to handleRecord to fail. */
  const changesOf = (records: DynamoDBRecord[]): RecordChange[] =>
    records.flatMap((record) => {
      try {
        return changeOf(record) ?? [];
      } catch {
        return [];
      }
    });
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    // Records are applied one at a time, in order (a shard's order matters); their texts are read ahead.
    service.readAhead(changesOf(event.Records));
    return processPartialResponse(event, handleRecord, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
  };
}
