import { dynamoClient, dynamoMetadata, openSearchIndex, s3Objects } from '../../shared/adapters/aws-ports.ts';
import { powertools, withMetrics, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { once } from '../../shared/adapters/deferred.ts';
import { loadConfig } from '../../shared/config.ts';
import { createIndexService } from '../../shared/services/index-service.ts';
import { createIndexHandler } from './index-handler.ts';

/** Lambda entry: DynamoDB stream → OpenSearch. Wiring only; the behaviour is in index-handler.ts. */
const config = loadConfig(['processedBucket', 'tableName', 'opensearchEndpoint', 'indexAlias']);
// The SDK and OpenSearch clients load with the first batch, in one chunk (shared/adapters/aws-ports.ts), once per container.
const clients = once(() => import('./clients.ts'));
const { logger, metrics, tracer, sink } = powertools('index', clients);
const index = openSearchIndex(tracer, config.opensearchEndpoint, config.indexAlias, clients);
const service = createIndexService({
  objects: s3Objects(tracer, clients),
  metadata: dynamoMetadata(dynamoClient(tracer, clients), config.tableName, clients),
  index,
  processedBucket: config.processedBucket,
});
const inner = createIndexHandler({ service, logger, metrics: sink });

let indexReady: Promise<void> | undefined;
export const handler = withTracing(tracer, withMetrics(metrics, async (event: Parameters<typeof inner>[0], context: Parameters<typeof inner>[1]) => {
  // First invocation of a container creates the versioned index and alias if the domain is new.
  indexReady ??= index.ensureIndex().catch((error: unknown) => {
    indexReady = undefined;
    throw error;
  });
  await indexReady;
  return inner(event, context);
}));
