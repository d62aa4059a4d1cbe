import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { powertools, withMetrics, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { lazyOcrEngine } from '../../shared/adapters/lazy-ocr.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
import { loadConfig } from '../../shared/config.ts';
import { systemClock } from '../../shared/ports.ts';
import { createIngestService } from '../../shared/services/ingest-service.ts';
import { OCR_ASSET } from '../../shared/function-assets.ts';
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
  // The OCR files sit in the asset (infra/function-bundles.ts); nothing of them loads before a scan arrives.
  ocr: lazyOcrEngine(ocrPaths(process.env.LAMBDA_TASK_ROOT)),
});

/** Lambda's code folder holds the worker and models; elsewhere (tests) the npm packages' own files serve. */
function ocrPaths(root: string | undefined): { dataDir?: string; workerPath?: string } {
  return root ? { dataDir: `${root}/${OCR_ASSET.models}`, workerPath: `${root}/${OCR_ASSET.worker}` } : {};
}

export const handler = withTracing(tracer, withMetrics(metrics, createIngestHandler({ service, logger, metrics: sink })));
