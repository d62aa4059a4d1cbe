import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RAW_BUCKET } from '../../local/local-names.ts';
import { startLocalS3 } from '../support/local-s3.ts';

/**
 * s3rver rewrote an object's files in place while reads of the same key went on: a GET overlapping a
 * PUT got the size of the file just truncated (0 bytes), the new ETag and no bytes, and the ingest
 * recorded that ETag FAILED as an empty document (CI's crash-recovery failure: a re-created document).
 * It also answered a PUT once the body was read, before the bytes were written, so a process killed
 * right after the answer could lose them. Every write is now staged, renamed into place, isolated from
 * reads of its key, and answered only then (local/s3-atomic-objects.ts).
 */
describe('local S3: what a PUT acknowledged is on disk, and a read gets one whole version', () => {
  let dir: string;
  let s3: S3Client;
  let stop: () => Promise<void>;
  before(async () => ({ dir, s3, stop } = await startLocalS3([RAW_BUCKET], 'docpipe-s3-durable-')));
  after(() => stop());

  const fileOf = (key: string): string => join(dir, 's3', RAW_BUCKET, `${key}._S3rver_object`);
  const md5 = (bytes: Uint8Array | string): string => createHash('md5').update(bytes).digest('hex');
  /** A body of `size` bytes that differs from every other version. */
  const body = (version: number, size: number): Buffer => Buffer.alloc(size, `version ${version} `);

  it('has every byte of an acknowledged PUT in the object file the moment the PUT is answered', async () => {
    const short: string[] = [];
    await Promise.all(Array.from({ length: 8 }, async (_, lane) => {
      for (let i = 0; i < 25; i++) {
        const key = `durable/${lane}/${i}.txt`;
        const bytes = body(i, 512 * 1024 + i * 997);
        await s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: bytes }));
        // Read by this thread straight after the answer, as a restarted process would read it.
        const size = statSync(fileOf(key)).size;
        if (size !== bytes.length || md5(readFileSync(fileOf(key))) !== md5(bytes)) short.push(`${key}: ${size} of ${bytes.length} bytes`);
      }
    }));
    assert.deepEqual(short, []);
  });

  it('answers every read of a key being overwritten with the bytes of the version its ETag names', async () => {
    const key = 'overwritten/one.txt';
    const versions = Array.from({ length: 6 }, (_, v) => body(v, 48 * 1024 + v * 4099));
    await s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: versions[0] }));
    const known = new Set(versions.map((v) => md5(v)));
    const mismatched: string[] = [];
    let reads = 0;
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 120; i++) {
        // Every third version over a deleted key, as a re-created document is (no MD5 file to read).
        if (i % 3 === 0) await s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
        await s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: versions[i % versions.length] }));
      }
      writing = false;
    })();
    const readers = Array.from({ length: 6 }, async () => {
      while (writing) {
        reads++;
        try {
          const out = await s3.send(new GetObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
          const bytes = await out.Body!.transformToByteArray();
          const etag = (out.ETag ?? '').replace(/"/g, '');
          if (md5(bytes) !== etag || !known.has(etag)) mismatched.push(`${bytes.length} bytes under ETag ${etag}`);
        } catch (error) {
          // Between a delete and the PUT after it the key is absent: that answer is right.
          if ((error as Error).name !== 'NoSuchKey') mismatched.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
    });
    await Promise.all([writer, ...readers]);
    assert.ok(reads > 100, `only ${reads} reads overlapped the writes`);
    assert.deepEqual(mismatched.slice(0, 5), []);
  });

  it('lists, copies and deletes as before, and leaves no staged file behind', async () => {
    const bytes = body(9, 10_000);
    await s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: 'copies/source.txt', Body: bytes, ContentType: 'text/plain; charset=utf-8' }));
    // Over an existing object with other bytes: the copy's ETag is its own bytes', not the old file's.
    await s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: 'copies/target.txt', Body: 'old target' }));
    await s3.send(new CopyObjectCommand({ Bucket: RAW_BUCKET, Key: 'copies/target.txt', CopySource: `${RAW_BUCKET}/copies/source.txt` }));
    await s3.send(new CopyObjectCommand({ Bucket: RAW_BUCKET, Key: 'copies/replaced.txt', CopySource: `${RAW_BUCKET}/copies/source.txt`, MetadataDirective: 'REPLACE', ContentType: 'text/markdown' }));
    for (const key of ['copies/target.txt', 'copies/replaced.txt']) {
      const out = await s3.send(new GetObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
      assert.deepEqual(Buffer.from(await out.Body!.transformToByteArray()), bytes, key);
      assert.equal(out.ETag, `"${md5(bytes)}"`, key);
      assert.equal(out.ContentType, key.endsWith('replaced.txt') ? 'text/markdown' : 'text/plain; charset=utf-8', key);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: RAW_BUCKET, Prefix: 'copies/' }));
    assert.deepEqual(listed.Contents?.map((o) => [o.Key, o.ETag, o.Size]), [
      ['copies/replaced.txt', `"${md5(bytes)}"`, bytes.length],
      ['copies/source.txt', `"${md5(bytes)}"`, bytes.length],
      ['copies/target.txt', `"${md5(bytes)}"`, bytes.length],
    ]);
    for (const key of ['copies/source.txt', 'copies/target.txt', 'copies/replaced.txt']) await s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: key }));
    assert.deepEqual(readdirSync(join(dir, 's3', RAW_BUCKET)).filter((name) => name === 'copies'), [], 'the emptied folder is removed');
    const staged = (readdirSync(join(dir, 's3', RAW_BUCKET), { recursive: true }) as string[]).filter((name) => !/\._S3rver_(object|object\.md5|metadata\.json)$/.test(name) && !statSync(join(dir, 's3', RAW_BUCKET, name)).isDirectory());
    assert.deepEqual(staged, []);
  });
});
