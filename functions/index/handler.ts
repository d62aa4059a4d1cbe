import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { sigv4OpenSearchClient } from '../../shared/adapters/opensearch-client.ts';
import { powertools, withMetrics, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
import { loadConfig } from '../../shared/config.ts';
import { createIndexService } from '../../shared/services/index-service.ts';
import { createIndexHandler } from './index-handler.ts';

/** Lambda entry: DynamoDB stream → OpenSearch. Wiring only; the behaviour is in index-handler.ts. */
const config = loadConfig(['processedBucket', 'tableName', 'opensearchEndpoint', 'indexAlias']);
const { logger, metrics, tracer, sink } = powertools('index');
const index = new OpenSearchIndex(sigv4OpenSearchClient(config.opensearchEndpoint), config.indexAlias);
const service = createIndexService({
  objects: new S3ObjectStore(tracer.captureAWSv3Client(new S3Client({}))),
  metadata: new DynamoMetadataStore(tracer.captureAWSv3Client(new DynamoDBClient({})), config.tableName),
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
