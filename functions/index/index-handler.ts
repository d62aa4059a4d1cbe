import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { itemToRecord, TABLE_KEYS } from '../../shared/adapters/dynamodb-items.ts';
import type { MetricsSink } from '../../shared/metrics.ts';
import type { IndexResult, IndexService, RecordChange } from '../../shared/services/index-service.ts';

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
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    // The batch is applied in order, the index written a run of changes at a time (a shard's order
    // matters); each record still gets its own outcome, and a failure fails that record alone.
    const results = new Map<DynamoDBRecord, { id?: string; result: IndexResult }>();
    const readable: Array<{ record: DynamoDBRecord; change: RecordChange }> = [];
    for (const record of event.Records) {
      try {
        const change = changeOf(record);
        if (change) readable.push({ record, change });
      } catch (error) {
        results.set(record, { result: { error } });
      }
    }
    const applied = await service.applyAll(readable.map((r) => r.change));
    readable.forEach(({ record, change }, i) => results.set(record, { id: change.id, result: applied[i] ?? { error: new Error('no outcome for this record') } }));
    const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
      const { id, result } = results.get(record) ?? {};
      if (!result) return; // not a document row
      if ('error' in result) throw result.error;
      logger.info('index updated', { documentId: id, eventName: record.eventName, outcome: result.outcome });
      metrics.count(`index_${result.outcome}`);
    };
    return processPartialResponse(event, handleRecord, processor, { context, processInParallel: false, throwOnFullBatchFailure: false });
  };
}
