import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { RAW_BUCKET } from '../../local/local-clients.ts';
import type { LocalStack } from '../../local/local-stack.ts';
import { hasDotSegment } from '../../local/s3-key-guard.ts';
import { startTestStack } from '../support/local-stack.ts';

/** Sends a request with the path exactly as given (no URL normalisation on the way). */
function rawPut(endpoint: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'PUT', headers: { 'content-length': '4' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end('evil');
  });
}

describe('keys that would escape the local data folder', () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ stack, cleanup } = await startTestStack());
  });
  after(() => cleanup());

  it('recognises dot segments, encoded or not, and nothing else', () => {
    for (const path of ['/b/../x', '/b/a/../../x', '/b/./x', '/b/..', '/b/%2E%2E/x', '/b/a/%2e%2e']) assert.ok(hasDotSegment(path), path);
    for (const path of ['/b/a..b.txt', '/b/.hidden', '/b/a/..b/c', '/b/...', '/b']) assert.ok(!hasDotSegment(path), path);
  });

  it('refuses them with an S3 error and writes nothing outside the data folder', async () => {
    const listing = () => [readdirSync(dirname(stack.dataDir)), readdirSync(stack.dataDir), readdirSync(join(stack.dataDir, 's3'))];
    const before = listing();
    for (const path of [`/${RAW_BUCKET}/../../escape.txt`, `/${RAW_BUCKET}/%2E%2E/%2E%2E/escape.txt`, `/${RAW_BUCKET}/a/./b.txt`]) {
      const res = await rawPut(stack.endpoints.s3, path);
      assert.equal(res.status, 400, path);
      assert.match(res.body, /<Code>InvalidArgument<\/Code>/);
    }
    await assert.rejects(stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: '../../escape.txt', Body: 'x' })), /escape its data folder|InvalidArgument/);
    assert.deepEqual(listing(), before, 'nothing new in or beside the data folder, nor outside the buckets');
    for (const dir of [dirname(stack.dataDir), stack.dataDir, join(stack.dataDir, 's3')]) assert.ok(!existsSync(join(dir, 'escape.txt._S3rver_object')), dir);
  });

  it('still stores ordinary keys with dots in their names', async () => {
    await stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: 'v1.2/báo..cáo.txt', Body: 'Nội dung' }));
    const got = await stack.s3.send(new GetObjectCommand({ Bucket: RAW_BUCKET, Key: 'v1.2/báo..cáo.txt' }));
    assert.equal(await got.Body?.transformToString(), 'Nội dung');
  });
});
