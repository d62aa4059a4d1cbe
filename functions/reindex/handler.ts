import { awsClients, powertools, withMetrics } from '../../shared/adapters/aws-runtime.ts';
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
  objects: new S3ObjectStore(awsClients.s3()),
  metadata: new DynamoMetadataStore(awsClients.dynamodb(), config.tableName),
  index: new OpenSearchIndex(awsClients.opensearch(config.opensearchEndpoint), config.indexAlias),
  processedBucket: config.processedBucket,
});

export const handler = withMetrics(metrics, createReindexHandler({ service, logger, metrics: sink }));
