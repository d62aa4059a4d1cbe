import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { powertools, withMetrics, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
import { loadConfig } from '../../shared/config.ts';
import { systemClock } from '../../shared/ports.ts';
import { createIngestService } from '../../shared/services/ingest-service.ts';
import { createIngestHandler } from './ingest-handler.ts';

/** Lambda entry: S3 notifications from SQS. Wiring only; the behaviour is in ingest-handler.ts. */
const config = loadConfig(['tableName', 'processedBucket', 'maxDocumentBytes']);
const { logger, metrics, tracer, sink } = powertools('ingest');
const service = createIngestService({
  objects: new S3ObjectStore(tracer.captureAWSv3Client(new S3Client({}))),
  metadata: new DynamoMetadataStore(tracer.captureAWSv3Client(new DynamoDBClient({})), config.tableName),
  processedBucket: config.processedBucket,
  maxDocumentBytes: config.maxDocumentBytes,
  clock: systemClock,
});

export const handler = withTracing(tracer, withMetrics(metrics, createIngestHandler({ service, logger, metrics: sink })));
