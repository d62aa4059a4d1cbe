import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { sigv4OpenSearchClient } from '../../shared/adapters/opensearch-client.ts';
import { powertools, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
import { secretsManagerOriginSecrets } from '../../shared/adapters/secrets-manager-origin-secret.ts';
import { loadConfig } from '../../shared/config.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import { createSearchHandler } from './search-handler.ts';

/** Lambda entry: HTTP API (payload v2). Wiring only; the behaviour is in search-handler.ts. */
const config = loadConfig(['opensearchEndpoint', 'indexAlias', 'tableName', 'processedBucket', 'originSecretArn']);
const { logger, tracer } = powertools('search');
const index = new OpenSearchIndex(sigv4OpenSearchClient(config.opensearchEndpoint), config.indexAlias);
const documents = {
  metadata: new DynamoMetadataStore(tracer.captureAWSv3Client(new DynamoDBClient({})), config.tableName),
  objects: new S3ObjectStore(tracer.captureAWSv3Client(new S3Client({}))),
  processedBucket: config.processedBucket,
};

const originSecrets = config.originSecretArn ? secretsManagerOriginSecrets(config.originSecretArn, tracer.captureAWSv3Client(new SecretsManagerClient({}))) : undefined;
// Fetched during the cold start, so the first request does not wait for it (a failure is retried by that request).
originSecrets?.().catch(() => undefined);

export const handler = withTracing(tracer, createSearchHandler({ service: createSearchService({ index, documents }), logger, ...(originSecrets ? { originSecrets } : {}) }));
