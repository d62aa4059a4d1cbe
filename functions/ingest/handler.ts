import { powertools, withMetrics, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { dynamoClient, dynamoMetadata, s3Objects } from '../../shared/adapters/aws-ports.ts';
import { deferred, once } from '../../shared/adapters/deferred.ts';
import { lazyOcrEngine } from '../../shared/adapters/lazy-ocr.ts';
import { loadConfig } from '../../shared/config.ts';
import { systemClock } from '../../shared/ports.ts';
import type { IngestService } from '../../shared/services/ingest-service.ts';
import { OCR_ASSET } from '../../shared/function-assets.ts';
import { createIngestHandler } from './ingest-handler.ts';

/** Lambda entry: S3 notifications from SQS. Wiring only; the behaviour is in ingest-handler.ts. */
const config = loadConfig(['tableName', 'processedBucket', 'maxDocumentBytes']);
// The SDK clients and the document pipeline load with the first message, in one chunk (./clients.ts,
// shared/adapters/aws-ports.ts), once per container.
const clients = once(() => import('./clients.ts'));
const { logger, metrics, tracer, sink } = powertools('ingest', clients);
const service = deferred<IngestService>(async () => (await clients()).createIngestService({
  objects: s3Objects(tracer, clients),
  metadata: dynamoMetadata(dynamoClient(tracer, clients), config.tableName, clients),
  processedBucket: config.processedBucket,
  maxDocumentBytes: config.maxDocumentBytes,
  clock: systemClock,
  // The OCR files sit in the asset (infra/function-bundles.ts); nothing of them loads before a scan arrives.
  ocr: lazyOcrEngine(ocrPaths(process.env.LAMBDA_TASK_ROOT)),
}));

/** Lambda's code folder holds the worker and models; elsewhere (tests) the npm packages' own files serve. */
function ocrPaths(root: string | undefined): { dataDir?: string; workerPath?: string } {
  return root ? { dataDir: `${root}/${OCR_ASSET.models}`, workerPath: `${root}/${OCR_ASSET.worker}` } : {};
}

export const handler = withTracing(tracer, withMetrics(metrics, createIngestHandler({ service, logger, metrics: sink })));
