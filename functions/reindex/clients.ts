/**
 * Everything the reindex function builds its clients from, loaded together by the first invocation
 * (`await import()` in handler.ts): one chunk of the asset, not one per client (infra/function-bundles.ts).
 * The Lambda client, for continuations only, is not part of it.
 */
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export { S3Client } from '@aws-sdk/client-s3';
export { SQSClient } from '@aws-sdk/client-sqs';
export { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
export { DynamoJobStateStore, DynamoReindexStateStore } from '../../shared/adapters/dynamodb-reindex-state.ts';
export { sigv4OpenSearchClient } from '../../shared/adapters/opensearch-client.ts';
export { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
export { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
export { SqsMessageQueue } from '../../shared/adapters/sqs-message-queue.ts';
