import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sigv4OpenSearchClient } from '../../shared/adapters/opensearch-client.ts';
import { powertools, withMetrics } from '../../shared/adapters/aws-runtime.ts';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
import { loadConfig } from '../../shared/config.ts';
import { createReindexService } from '../../shared/services/reindex-service.ts';
import { createReindexHandler } from './reindex-handler.ts';

/** Lambda entry: EventBridge schedule. Wiring only; the behaviour is in reindex-handler.ts. */
const config = loadConfig(['tableName', 'processedBucket', 'opensearchEndpoint', 'indexAlias']);
const { logger, metrics, sink } = powertools('reindex');
const service = createReindexService({
  objects: new S3ObjectStore(new S3Client({})),
  metadata: new DynamoMetadataStore(new DynamoDBClient({}), config.tableName),
  index: new OpenSearchIndex(sigv4OpenSearchClient(config.opensearchEndpoint), config.indexAlias),
  processedBucket: config.processedBucket,
});

export const handler = withMetrics(metrics, createReindexHandler({ service, logger, metrics: sink }));
