/** The local stack's ports: search API, S3 (s3rver), DynamoDB (dynalite). Its own module so the CLI shows them without loading the stack. */
export const DEFAULT_PORTS = { http: 7070, s3: 7071, dynamodb: 7072 } as const;
