import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { localS3Client } from '../../local/local-clients.ts';
import { startStorageServers } from '../../local/storage-servers.ts';

/** The local stack's storage servers on free loopback ports in a new folder under `dir`, with an S3 client; `stop` removes the folder. */
export async function startLocalS3(buckets: string[], prefix: string): Promise<{ dir: string; s3: S3Client; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const servers = await startStorageServers({ dataDir: dir, ports: { s3: 0, dynamodb: 0 }, buckets }, () => undefined);
  const s3 = localS3Client(servers.endpoints.s3);
  return {
    dir,
    s3,
    stop: async () => {
      s3.destroy();
      await servers.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
