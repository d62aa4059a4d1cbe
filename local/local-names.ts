// The local stack's names and credentials, apart from local-clients.ts so code that only needs a
// name (the CLI's HTTP client) does not load the AWS SDK.

/** s3rver accepts only these credentials. They guard nothing: the servers listen on 127.0.0.1 only. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_REGION = 'us-east-1';
export const RAW_BUCKET = 'docpipe-raw';
export const PROCESSED_BUCKET = 'docpipe-processed';
export const TABLE_NAME = 'docpipe-documents';
