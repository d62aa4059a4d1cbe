import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { localS3Client } from '../../local/local-clients.ts';
import { encodeContinuationToken } from '../../local/s3-continuation-tokens.ts';
import { startStorageServers, type StorageServers } from '../../local/storage-servers.ts';

const BUCKET = 'paged';
const KEYS = ['a.txt', 'b/c.txt', 'b/d.txt', 'e f.txt', 'ủy-ban.txt'];

describe('s3rver listings page without OpenSSL\'s legacy provider (no DES continuation tokens)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-paging-'));
  let servers: StorageServers;
  let s3: S3Client;
  before(async () => {
    servers = await startStorageServers({ dataDir, ports: { s3: 0, dynamodb: 0 }, buckets: [BUCKET] }, () => undefined);
    s3 = localS3Client(servers.endpoints.s3);
    for (const key of KEYS) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
  });
  after(async () => {
    s3.destroy();
    await servers.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs in a process without the flag, so a DES token would fail here', () => {
    assert.ok(!process.execArgv.includes('--openssl-legacy-provider') && !process.env.NODE_OPTIONS?.includes('legacy-provider'));
  });

  it('lists every key once, in order, two per page, echoing the token it was given', async () => {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 2, ContinuationToken: token }));
      assert.equal(page.ContinuationToken, token);
      pages.push((page.Contents ?? []).map((o) => o.Key ?? ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      assert.equal(page.IsTruncated, token !== undefined);
    } while (token);
    assert.deepEqual(pages, [KEYS.slice(0, 2), KEYS.slice(2, 4), KEYS.slice(4)]);
  });

  it('keeps prefixes and start-after working, and a last page says it is complete', async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'b/', StartAfter: 'b/c.txt' }));
    assert.deepEqual(page.Contents?.map((o) => o.Key), ['b/d.txt']);
    assert.equal(page.IsTruncated, false);
    assert.equal(page.NextContinuationToken, undefined);
  });

  it('refuses a token made for another bucket, or not made by the stack, as S3 does', async () => {
    for (const token of [encodeContinuationToken('other-bucket', 'a.txt'), 'not-a-token', Buffer.from('us-east-1/paged/a.txt').toString('base64')]) {
      await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token })), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(error.$metadata?.httpStatusCode, 400, token);
        assert.match(error.message, /continuation token provided is incorrect/);
        return true;
      });
    }
  });
});
