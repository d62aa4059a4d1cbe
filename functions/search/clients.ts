/**
 * Everything the search function builds its clients from, loaded together by the first request
 * (`await import()` in handler.ts): one chunk of the asset, not one per client (infra/function-bundles.ts).
 * Behind CloudFront every request checks the origin secret first, so Secrets Manager's client is part of it.
 */
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export { S3Client } from '@aws-sdk/client-s3';
export { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
export { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
export { sigv4OpenSearchClient } from '../../shared/adapters/opensearch-client.ts';
export { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
export { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
export { secretsManagerOriginSecrets } from '../../shared/adapters/secrets-manager-origin-secret.ts';
