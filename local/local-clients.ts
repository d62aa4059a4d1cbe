import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-names.ts';

export { LOCAL_CREDENTIALS, LOCAL_REGION, PROCESSED_BUCKET, RAW_BUCKET, TABLE_NAME } from './local-names.ts';

// Connections are reused without configuring anything: the SDK's default Node handler gives each
// client an http.Agent with keepAlive (checked in @smithy/node-http-handler's resolveDefaultConfig).
// `cacheMiddleware`: each command class's middleware stack is resolved once per client instead of on
// every send (a tenth of the pipeline thread's CPU per request on loopback); middleware must therefore
// be added to (or removed from) these clients before their first command.

/**
 * Middleware of the S3 client that does nothing s3rver needs, removed from the local clients: request
 * logging (no logger is configured), bucket-name checks and region redirects (the local buckets are
 * fixed, in one region), S3 Express (directory buckets), Lambda's X-Ray recursion header, the user
 * agent header, and `Expect: 100-continue` on large bodies (s3rver takes the body straight away).
 */
const UNUSED_LOCALLY = [
  'loggerMiddleware', 'validateBucketNameMiddleware', 'regionRedirectMiddleware', 's3ExpressMiddleware',
  'recursionDetectionMiddleware', 'getUserAgentMiddleware', 'addExpectContinueMiddleware',
];

/**
 * An S3 client for s3rver: path-style, and checksums only when required (else streams are stored
 * aws-chunked). Requests are not signed: s3rver does not check Signature V4 (its authentication
 * middleware accepts any V4 signature and unsigned requests alike), and signing cost a fifth of the
 * client's CPU per request (SHA-256 of the body and the canonical request, four HMACs). Presigned
 * URLs are still signed with the local credentials (`getSignedUrl` signs with its own signer).
 *
 * `{ asAnotherProgram: true }` gives the SDK's client as any other program configures it (signed, all
 * middleware): the benchmark uploads through one, so its figures count only the stack's own savings.
 */
export function localS3Client(endpoint: string, options: { asAnotherProgram?: boolean } = {}): S3Client {
  const lean = !options.asAnotherProgram;
  const client = new S3Client({
    endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    cacheMiddleware: true,
    ...(lean ? { httpAuthSchemes: [{ schemeId: 'aws.auth#sigv4', identityProvider: () => async () => ({}), signer: { sign: async (request) => request } }] } : {}),
  });
  if (lean) for (const name of UNUSED_LOCALLY) client.middlewareStack.remove(name);
  return client;
}

/**
 * A DynamoDB client for dynalite. dynalite requires a Signature V4 `Authorization` header (the
 * algorithm, `Credential`, `SignedHeaders` and `Signature` present) and an `X-Amz-Date`, but never
 * checks the signature itself, so the header is written as a signature's shape without computing one
 * (SHA-256 of the body and of the canonical request, four HMACs: a sixth of the SDK's CPU time per
 * request). Request logging, Lambda's X-Ray recursion header and the user agent are left out too.
 */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    cacheMiddleware: true,
    httpAuthSchemes: [{ schemeId: 'aws.auth#sigv4', identityProvider: () => async () => ({}), signer: { sign: async (request) => withUnsignedAuthorization(request) } }],
  });
  for (const name of ['loggerMiddleware', 'recursionDetectionMiddleware', 'getUserAgentMiddleware']) client.middlewareStack.remove(name);
  return client;
}

/** The shape dynalite checks: `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` and a date. */
function withUnsignedAuthorization<R extends { headers: Record<string, string> }>(request: R): R {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  request.headers['x-amz-date'] = amzDate;
  request.headers.authorization = `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/${amzDate.slice(0, 8)}/${LOCAL_REGION}/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=unsigned`;
  return request;
}
