import { dynamoClient, dynamoMetadata, openSearchIndex, s3Objects, sqsQueue } from '../../shared/adapters/aws-ports.ts';
import { powertools, withMetrics, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { deferred, once } from '../../shared/adapters/deferred.ts';
import { loadConfig } from '../../shared/config.ts';
import { createIndexService } from '../../shared/services/index-service.ts';
import { createReconcileService } from '../../shared/services/reconcile-service.ts';
import { createReindexService } from '../../shared/services/reindex-service.ts';
import { createReprocessService, queueReprocessor } from '../../shared/services/reprocess-service.ts';
import type { JobStateStore, ReindexStateStore, ReprocessCheckpoint } from '../../shared/ports.ts';
import { createReindexHandler } from './reindex-handler.ts';

/** Lambda entry: EventBridge schedule, its own continuations, operators. Wiring only; the behaviour is in reindex-handler.ts. */
const config = loadConfig(['tableName', 'processedBucket', 'rawBucket', 'ingestQueueUrl', 'opensearchEndpoint', 'indexAlias']);
// The clients' code loads with the first invocation, in one chunk (shared/adapters/aws-ports.ts); each client is
// built by the first call that needs it: a re-index does not build SQS's.
const clients = once(() => import('./clients.ts'));
const { logger, metrics, tracer, sink } = powertools('reindex', clients);
const dynamodb = dynamoClient(tracer, clients);
const objects = s3Objects(tracer, clients);
const metadata = dynamoMetadata(dynamodb, config.tableName, clients);
const index = openSearchIndex(tracer, config.opensearchEndpoint, config.indexAlias, clients);
const indexer = createIndexService({ objects, metadata, index, processedBucket: config.processedBucket });
const ingestQueue = sqsQueue(tracer, config.ingestQueueUrl, clients);
const reindexState = deferred<ReindexStateStore>(async () => new (await clients()).DynamoReindexStateStore(await dynamodb(), config.tableName));
const reprocessState = deferred<JobStateStore<ReprocessCheckpoint>>(async () => new (await clients()).DynamoJobStateStore<ReprocessCheckpoint>(await dynamodb(), config.tableName, 'reprocess'));

/**
 * The Lambda client serves only continuations (a re-index that outlives one invocation), so it loads
 * with the first continuation a container sends.
 */
const selfInvoke = once(async () => {
  const { LambdaClient, LambdaContinuation } = await import('./continuation.ts');
  return new LambdaContinuation(await tracer.captureAWSv3Client(new LambdaClient({})), process.env.AWS_LAMBDA_FUNCTION_NAME ?? '');
});

export const handler = withTracing(tracer, withMetrics(metrics, createReindexHandler({
  service: createReindexService({ objects, metadata, index, state: reindexState, processedBucket: config.processedBucket }),
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
  reprocess: createReprocessService({ metadata, state: reprocessState, reprocessor: queueReprocessor(ingestQueue) }),
  continuation: { resume: async (action) => (await selfInvoke()).resume(action) },
  logger,
  metrics: sink,
})));
