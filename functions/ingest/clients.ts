/**
 * Everything the ingest function loads with its first message, together (`await import()` in
 * handler.ts): its SDK clients and their adapters, and the document pipeline (decoders, cleaning,
 * metadata), which every message needs but the initialisation does not. One chunk of the asset, not
 * one per client (infra/function-bundles.ts).
 */
export { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export { S3Client } from '@aws-sdk/client-s3';
export { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
export { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
export { createIngestService } from '../../shared/services/ingest-service.ts';
