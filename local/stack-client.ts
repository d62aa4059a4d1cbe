import type { S3Client } from '@aws-sdk/client-s3';
import { localS3Client } from './local-clients.ts';
import { StackHttpClient } from './stack-http-client.ts';

/** Talks to a local stack through its endpoints (HTTP, and S3 for uploads), whether it runs in this process or in `docpipe start`. */
export class StackClient extends StackHttpClient {
  readonly s3: S3Client;

  constructor(endpoints: { http: string; s3: string; dynamodb: string }) {
    super(endpoints);
    this.s3 = localS3Client(endpoints.s3);
  }

  close(): void {
    this.s3.destroy();
  }
}
