import { dynamoClient, dynamoMetadata, openSearchIndex, s3Objects } from '../../shared/adapters/aws-ports.ts';
import { powertools, withTracing } from '../../shared/adapters/aws-runtime.ts';
import { once } from '../../shared/adapters/deferred.ts';
import { loadConfig } from '../../shared/config.ts';
import type { AcceptedOriginSecrets } from '../../shared/origin-secret.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import { createSearchHandler } from './search-handler.ts';

/** Lambda entry: HTTP API (payload v2). Wiring only; the behaviour is in search-handler.ts. */
const config = loadConfig(['opensearchEndpoint', 'indexAlias', 'tableName', 'processedBucket', 'originSecretArn']);
// The clients' code loads with the first request, in one chunk (shared/adapters/aws-ports.ts); each client is
// built by the first request that needs it: a search OpenSearch's, a document view the table's and the bucket's.
const clients = once(() => import('./clients.ts'));
const { logger, tracer } = powertools('search', clients);
const index = openSearchIndex(tracer, config.opensearchEndpoint, config.indexAlias, clients);
const documents = {
  metadata: dynamoMetadata(dynamoClient(tracer, clients), config.tableName, clients),
  objects: s3Objects(tracer, clients),
  processedBucket: config.processedBucket,
};

/** Behind CloudFront and a WAF: the accepted origin-secret values, fetched by the first request (then cached, shared/adapters/secrets-manager-origin-secret.ts). */
function originSecretsFrom(secretArn: string): AcceptedOriginSecrets {
  const accepted = once(async () => {
    const { SecretsManagerClient, secretsManagerOriginSecrets } = await clients();
    return secretsManagerOriginSecrets(secretArn, await tracer.captureAWSv3Client(new SecretsManagerClient({})));
  });
  return async () => (await accepted())();
}
const originSecrets = config.originSecretArn ? originSecretsFrom(config.originSecretArn) : undefined;

export const handler = withTracing(tracer, createSearchHandler({ service: createSearchService({ index, documents }), logger, ...(originSecrets ? { originSecrets } : {}) }));
