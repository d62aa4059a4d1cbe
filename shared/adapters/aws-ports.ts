import type { DeferredTracer } from './aws-runtime.ts';
import { deferred, once } from './deferred.ts';
import type { OpenSearchIndex } from './opensearch-index.ts';
import type { MessageQueue, MetadataStore, ObjectStore } from '../ports.ts';

/**
 * The AWS adapters as the Lambda entries wire them: each port's SDK client and adapter load on the
 * first call of one of its methods (shared/adapters/deferred.ts), wrapped for X-Ray when tracing is on,
 * then serve every later invocation of the container. Until then the function's initialisation loads
 * none of the SDK clients (infra/function-bundles.ts puts each in a chunk of its own).
 */

/** The bucket store over S3. */
export function s3Objects(tracer: DeferredTracer): ObjectStore {
  return deferred<ObjectStore>(async () => {
    const [{ S3Client }, { S3ObjectStore }] = await Promise.all([import('@aws-sdk/client-s3'), import('./s3-object-store.ts')]);
    return new S3ObjectStore(await tracer.captureAWSv3Client(new S3Client({})));
  }, ['list']);
}

/** A DynamoDB client shared by the adapters of one table. */
export function dynamoClient(tracer: DeferredTracer) {
  return once(async () => {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    return tracer.captureAWSv3Client(new DynamoDBClient({}));
  });
}

/** The documents table. */
export function dynamoMetadata(client: ReturnType<typeof dynamoClient>, tableName: string): MetadataStore {
  return deferred<MetadataStore>(async () => {
    const { DynamoMetadataStore } = await import('./dynamodb-metadata-store.ts');
    return new DynamoMetadataStore(await client(), tableName);
  }, ['scan']);
}

/** The search index over the managed OpenSearch domain, with SigV4-signed requests. */
export function openSearchIndex(tracer: DeferredTracer, endpoint: string, alias: string): OpenSearchIndex {
  return deferred<OpenSearchIndex>(async () => {
    const [{ sigv4OpenSearchClient }, { OpenSearchIndex }] = await Promise.all([import('./opensearch-client.ts'), import('./opensearch-index.ts')]);
    // The OpenSearch client speaks HTTPS itself: the tracer, once loaded, traces its requests as before.
    await tracer.load();
    return new OpenSearchIndex(sigv4OpenSearchClient(endpoint), alias);
  }, ['ids']);
}

/** A queue over SQS. */
export function sqsQueue(tracer: DeferredTracer, queueUrl: string): MessageQueue {
  return deferred<MessageQueue>(async () => {
    const [{ SQSClient }, { SqsMessageQueue }] = await Promise.all([import('@aws-sdk/client-sqs'), import('./sqs-message-queue.ts')]);
    return new SqsMessageQueue(await tracer.captureAWSv3Client(new SQSClient({})), queueUrl);
  });
}
