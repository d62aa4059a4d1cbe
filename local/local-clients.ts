import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/** s3rver accepts only these credentials. They guard nothing: the servers listen on 127.0.0.1 only. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_REGION = 'us-east-1';
export const RAW_BUCKET = 'docpipe-raw';
export const PROCESSED_BUCKET = 'docpipe-processed';
export const TABLE_NAME = 'docpipe-documents';

// Connections are reused without configuring anything: the SDK's default Node handler gives each
// client an http.Agent with keepAlive (checked in @smithy/node-http-handler's resolveDefaultConfig).

/** An S3 client for s3rver: path-style, and checksums only when required (else streams are stored aws-chunked). */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}
