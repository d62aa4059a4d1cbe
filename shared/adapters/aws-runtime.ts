import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { METRICS_NAMESPACE } from '../env-names.ts';
import type { MetricsSink } from '../metrics.ts';

/** Clients for the AWS side, created once per Lambda container and reused across invocations. */
export const awsClients = {
  s3: (): S3Client => new S3Client({}),
  dynamodb: (): DynamoDBClient => new DynamoDBClient({}),
  /** OpenSearch with SigV4-signed requests (service `es`, the managed domain). */
  opensearch: (endpoint: string): Client =>
    new Client({
      ...AwsSigv4Signer({ region: process.env.AWS_REGION ?? 'us-east-1', service: 'es', getCredentials: defaultProvider() }),
      node: endpoint,
    }),
};

export function powertools(serviceName: string): { logger: Logger; metrics: Metrics; sink: MetricsSink } {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  return { logger, metrics, sink: { count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value) } };
}

/** Flushes metrics after every invocation, success or failure. */
export function withMetrics<E, C, R>(metrics: Metrics, handler: (event: E, context: C) => Promise<R>) {
  return async (event: E, context: C): Promise<R> => {
    try {
      return await handler(event, context);
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
