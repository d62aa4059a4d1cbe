/**
 * Everything the index function builds its clients from, loaded together by the first batch
 * (`await import()` in handler.ts): one chunk of the asset, not one per client (infra/function-bundles.ts).
 */
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export { S3Client } from '@aws-sdk/client-s3';
export { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
export { sigv4OpenSearchClient } from '../../shared/adapters/opensearch-client.ts';
export { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
export { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
