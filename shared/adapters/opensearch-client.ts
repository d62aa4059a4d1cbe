import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';

/** An OpenSearch client whose requests are SigV4-signed for the managed service (`es`). */
export function sigv4OpenSearchClient(endpoint: string, region = process.env.AWS_REGION ?? 'us-east-1'): Client {
  return new Client({
    ...AwsSigv4Signer({ region, service: 'es', getCredentials: defaultProvider() }),
    node: endpoint,
  });
}
