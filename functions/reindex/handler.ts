import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sigv4OpenSearchClient } from '../../shared/adapters/opensearch-client.ts';
import { powertools, withMetrics, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { DynamoJobStateStore, DynamoReindexStateStore } from '../../shared/adapters/dynamodb-reindex-state.ts';
import { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
import { SqsMessageQueue } from '../../shared/adapters/sqs-message-queue.ts';
import { loadConfig } from '../../shared/config.ts';
import { createIndexService } from '../../shared/services/index-service.ts';
import { createReconcileService } from '../../shared/services/reconcile-service.ts';
import { createReindexService } from '../../shared/services/reindex-service.ts';
import { createReprocessService, queueReprocessor } from '../../shared/services/reprocess-service.ts';
import type { ReprocessCheckpoint } from '../../shared/ports.ts';
import { createReindexHandler } from './reindex-handler.ts';

/** Lambda entry: EventBridge schedule, its own continuations, operators. Wiring only; the behaviour is in reindex-handler.ts. */
const config = loadConfig(['tableName', 'processedBucket', 'rawBucket', 'ingestQueueUrl', 'opensearchEndpoint', 'indexAlias']);
const { logger, metrics, tracer, sink } = powertools('reindex');
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const objects = new S3ObjectStore(tracer.captureAWSv3Client(new S3Client({})));
const metadata = new DynamoMetadataStore(dynamodb, config.tableName);
const index = new OpenSearchIndex(sigv4OpenSearchClient(config.opensearchEndpoint), config.indexAlias);
const indexer = createIndexService({ objects, metadata, index, processedBucket: config.processedBucket });
const ingestQueue = new SqsMessageQueue(tracer.captureAWSv3Client(new SQSClient({})), config.ingestQueueUrl);

/**
 * The Lambda client serves only continuations (a re-index that outlives one invocation), so its
 * package is a file beside the bundle (infra/function-bundles.ts), loaded by the first continuation
 * a container sends.
 */
let continuation: Promise<{ resume(action: 'continue' | 'reprocess'): Promise<void> }> | undefined;
function selfInvoke(): Promise<{ resume(action: 'continue' | 'reprocess'): Promise<void> }> {
  continuation ??= Promise.all([import('@aws-sdk/client-lambda'), import('../../shared/adapters/lambda-continuation.ts')])
    .then(([{ LambdaClient }, { LambdaContinuation }]) => new LambdaContinuation(tracer.captureAWSv3Client(new LambdaClient({})), process.env.AWS_LAMBDA_FUNCTION_NAME ?? ''))
    .catch((error: unknown) => {
      continuation = undefined;
      throw error;
    });
  return continuation;
}

export const handler = withTracing(tracer, withMetrics(metrics, createReindexHandler({
  service: createReindexService({ objects, metadata, index, state: new DynamoReindexStateStore(dynamodb, config.tableName), processedBucket: config.processedBucket }),
  reconcile: createReconcileService({
    objects,
    rawBucket: config.rawBucket,
    metadata,
    index,
    ingestQueue,
    refreshIndex: async (records) => {
      for (const record of records) await indexer.apply({ id: record.id, newRecord: await metadata.get(record.id) });
    },
  }),
  // The reprocess itself runs in the ingest function: this one only pages through the table.
  reprocess: createReprocessService({ metadata, state: new DynamoJobStateStore<ReprocessCheckpoint>(dynamodb, config.tableName, 'reprocess'), reprocessor: queueReprocessor(ingestQueue) }),
  continuation: { resume: async (action) => (await selfInvoke()).resume(action) },
  logger,
  metrics: sink,
})));
