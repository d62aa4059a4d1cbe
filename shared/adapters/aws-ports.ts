import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeferredTracer } from './aws-runtime.ts';
import { deferred, once } from './deferred.ts';
import type { DynamoMetadataStore } from './dynamodb-metadata-store.ts';
import type { sigv4OpenSearchClient } from './opensearch-client.ts';
import type { OpenSearchIndex } from './opensearch-index.ts';
import type { S3ObjectStore } from './s3-object-store.ts';
import type { SqsMessageQueue } from './sqs-message-queue.ts';
import type { MessageQueue, MetadataStore, ObjectStore } from '../ports.ts';

/**
 * The AWS adapters as the Lambda entries wire them: each port's SDK client and adapter are built by
 * the first call of one of its methods (shared/adapters/deferred.ts), wrapped for X-Ray when tracing
 * is on, then serve every later invocation of the container. Their code comes from `load`: each
 * function's `functions/<name>/clients.ts`, which it imports once with `await import()`, so the
 * function's clients and adapters sit in one chunk of its asset (infra/function-bundles.ts) that
 * its initialisation does not load. (One chunk, not one per client: a cold start loads fewer files.)
 * Only types are imported here, so nothing of the SDK reaches the initialisation through this file.
 */

/** A function's loader of the modules it builds its clients from, called on first use (it loads once). */
export type Load<M> = () => Promise<M>;

/** The bucket store over S3. */
export function s3Objects(tracer: DeferredTracer, load: Load<{ S3Client: typeof S3Client; S3ObjectStore: typeof S3ObjectStore }>): ObjectStore {
  return deferred<ObjectStore>(async () => {
    const m = await load();
    return new m.S3ObjectStore(await tracer.captureAWSv3Client(new m.S3Client({})));
  }, ['list']);
}

/** A DynamoDB client shared by the adapters of one table. */
export function dynamoClient(tracer: DeferredTracer, load: Load<{ DynamoDBClient: typeof DynamoDBClient }>) {
  return once(async () => tracer.captureAWSv3Client(new (await load()).DynamoDBClient({})));
}

/** The documents table. */
export function dynamoMetadata(client: ReturnType<typeof dynamoClient>, tableName: string, load: Load<{ DynamoMetadataStore: typeof DynamoMetadataStore }>): MetadataStore {
  return deferred<MetadataStore>(async () => new (await load()).DynamoMetadataStore(await client(), tableName), ['scan']);
}

/** The search index over the managed OpenSearch domain, with SigV4-signed requests. */
export function openSearchIndex(
  tracer: DeferredTracer,
  endpoint: string,
  alias: string,
  load: Load<{ sigv4OpenSearchClient: typeof sigv4OpenSearchClient; OpenSearchIndex: typeof OpenSearchIndex }>,
): OpenSearchIndex {
  return deferred<OpenSearchIndex>(async () => {
    const m = await load();
    // The OpenSearch client speaks HTTPS itself and takes `https.request` when constructed: the tracer,
    // loaded first, has patched it, so its requests are traced as before.
    await tracer.load();
    return new m.OpenSearchIndex(m.sigv4OpenSearchClient(endpoint), alias);
  }, ['ids']);
}

/** A queue over SQS. */
export function sqsQueue(tracer: DeferredTracer, queueUrl: string, load: Load<{ SQSClient: typeof SQSClient; SqsMessageQueue: typeof SqsMessageQueue }>): MessageQueue {
  return deferred<MessageQueue>(async () => {
    const m = await load();
    return new m.SqsMessageQueue(await tracer.captureAWSv3Client(new m.SQSClient({})), queueUrl);
  });
}
