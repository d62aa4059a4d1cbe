import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-names.ts';

export { LOCAL_CREDENTIALS, LOCAL_REGION, PROCESSED_BUCKET, RAW_BUCKET, TABLE_NAME } from './local-names.ts';

// Connections are reused without configuring anything: the SDK's default Node handler gives each
// client an http.Agent with keepAlive (checked in @smithy/node-http-handler's resolveDefaultConfig).
// `cacheMiddleware`: each command class's middleware stack is resolved once per client instead of on
// every send (a tenth of the pipeline thread's CPU per request on loopback); middleware must therefore
// be added to these clients before their first command.

/** An S3 client for s3rver: path-style, and checksums only when required (else streams are stored aws-chunked). */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    cacheMiddleware: true,
  });
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, cacheMiddleware: true });
}
