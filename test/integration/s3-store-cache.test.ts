import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { localS3Client, RAW_BUCKET } from '../../local/local-clients.ts';
import { CACHED_OBJECT_BYTES } from '../../local/s3-store-cache.ts';
import { startStorageServers, type StorageServers } from '../../local/storage-servers.ts';

/**
 * The storage thread answers reads of objects it wrote from memory (local/s3-store-cache.ts). What a
 * client reads must be what s3rver reads from disk: here every object is read while the cache holds it,
 * then again from a fresh storage thread on the same folder (nothing cached), and the answers compared.
 */
describe('local S3: reads answered from memory equal reads from disk', () => {
  let dir: string;
  let storage: StorageServers;
  let s3: S3Client;
  const start = async (): Promise<void> => {
    storage = await startStorageServers({ dataDir: dir, ports: { s3: 0, dynamodb: 0 }, buckets: [RAW_BUCKET] }, () => undefined);
    s3 = localS3Client(storage.endpoints.s3);
  };
  const stop = async (): Promise<void> => {
    s3.destroy();
    await storage.close();
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'docpipe-s3-cache-'));
    await start();
  });
  after(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (key: string, body: string | Uint8Array, extra: { ContentType?: string; Metadata?: Record<string, string> } = {}) =>
    s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body, ...extra }));
  /** What a GET answers, headers that S3 derives from the stored object included. */
  const read = async (key: string, range?: string) => {
    const out = await s3.send(new GetObjectCommand({ Bucket: RAW_BUCKET, Key: key, ...(range ? { Range: range } : {}) }));
    return {
      body: Buffer.from((await out.Body?.transformToByteArray()) ?? []).toString('base64'),
      etag: out.ETag,
      length: out.ContentLength,
      type: out.ContentType,
      range: out.ContentRange,
      metadata: out.Metadata,
      encoding: out.ContentEncoding,
      disposition: out.ContentDisposition,
    };
  };
  const missing = async (key: string): Promise<boolean> =>
    s3.send(new GetObjectCommand({ Bucket: RAW_BUCKET, Key: key })).then(
      () => false,
      (error: unknown) => error instanceof NoSuchKey,
    );

  const large = Buffer.alloc(CACHED_OBJECT_BYTES + 1000, 'x');
  const keys = ['plain.txt', 'typed/with-meta.json', 'over/written.txt', 'copied/to.txt', 'large.bin'];
  const readAll = async () => ({
    whole: await Promise.all(keys.map((k) => read(k))),
    ranges: await Promise.all([read('plain.txt', 'bytes=2-5'), read('plain.txt', 'bytes=3-'), read('large.bin', 'bytes=10-19')]),
    heads: await Promise.all(keys.map(async (k) => (await s3.send(new HeadObjectCommand({ Bucket: RAW_BUCKET, Key: k }))).ContentLength)),
    listed: (await s3.send(new ListObjectsV2Command({ Bucket: RAW_BUCKET }))).Contents?.map((o) => [o.Key, o.ETag, o.Size]),
    deletedMissing: await missing('deleted.txt'),
  });

  it('answers GET, ranged GET, HEAD and listings of written, overwritten, copied, deleted and large objects as the disk does', async () => {
    // Prepare
    await put('plain.txt', 'plain text body');
    await put('typed/with-meta.json', '{"a":1}', { ContentType: 'application/json; charset=utf-8', Metadata: { origin: 'test' } });
    await put('over/written.txt', 'first');
    await put('over/written.txt', 'second, longer');
    await put('copied/from.txt', 'to be copied');
    await s3.send(new CopyObjectCommand({ Bucket: RAW_BUCKET, Key: 'copied/to.txt', CopySource: `${RAW_BUCKET}/copied/from.txt` }));
    await put('deleted.txt', 'gone soon');
    await s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: 'deleted.txt' }));
    await put('large.bin', large);

    // Act: read while cached, then from a new storage thread on the same folder
    const fromMemory = await readAll();
    await stop();
    await start();
    const fromDisk = await readAll();

    // Assess
    assert.deepEqual(fromMemory, fromDisk);
    assert.equal(Buffer.from(fromMemory.whole[2]?.body ?? '', 'base64').toString(), 'second, longer');
    assert.equal(fromMemory.deletedMissing, true);
  });

  it('after PUTs of one key that overlapped, a read answers what the disk holds, not the version whose PUT finished last', async () => {
    // Prepare
    const versions = Array.from({ length: 20 }, (_, i) => `version ${i} `.repeat(50 + 40 * (i % 3)));
    // Act
    await Promise.all(versions.map((body) => put('race.txt', body)));
    const fromMemory = await read('race.txt');
    await stop();
    await start();
    const fromDisk = await read('race.txt');
    // Assess
    assert.deepEqual(fromMemory, fromDisk);
  });
});
