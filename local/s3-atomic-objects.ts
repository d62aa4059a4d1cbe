/**
 * s3rver's file store keeps an object as three files beside each other: its bytes, their MD5 (the
 * ETag) and its metadata. It writes them one after another, in place, with nothing held against reads
 * of the same key:
 *
 * - A PUT truncates the object file, streams the body into it and writes the MD5 file, while a GET of
 *   the key takes the file's size, then reads the MD5 file, then streams the bytes. A read overlapping
 *   a write got the size of one version (an empty file, just truncated), the ETag of the next and bytes
 *   of either: the ingest then recorded the new ETag with an empty body as a FAILED "empty document",
 *   and the event for that ETag found it already done. The crash-recovery test met exactly this.
 * - A GET that finds no MD5 file computes one and writes it: after a delete and a PUT under way it
 *   could write the MD5 of a cut-short file over the PUT's own.
 * - A PUT is answered once the body is read, not once it is written, so the bytes of an acknowledged
 *   object could still be in the process's buffers when it was killed.
 *
 * `storeObjectsAtomically` makes every object change whole and isolated, per key:
 *
 * - Writes (PUT, copy, multipart completion, delete) hold the key exclusively; reads of its metadata
 *   and the opening of its bytes hold it shared. A read opens the file it streams while it holds the
 *   key, and a write never changes an open file (below), so a read gets one version, whole.
 * - The bytes are written to a staged file beside the object (`<name>._S3rver_object.part`, never
 *   listed: s3rver lists files ending `._S3rver_object`), completely, then renamed over the object
 *   file: the old file stays whole for reads that opened it. The MD5 file is removed before the rename
 *   and written after it, so a process killed at any point leaves bytes and ETag that agree (without an
 *   MD5 file, s3rver computes it from the bytes). The PUT is answered after all of that.
 *
 * Keys are held in memory while in use only. Concurrency is unchanged across keys.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SharedExclusiveLock } from './s3-folder-races.ts';
import { objectForRead, type Metadata, type S3ObjectLike } from './s3rver-object.ts';

/** Suffix of a staged object file, beside the object's own (`._S3rver_object`); shorter than s3rver's `._S3rver_metadata.json`. */
export const STAGED_SUFFIX = '.part';

/** The calls of s3rver's FilesystemStore this module replaces or holds keys for. */
export interface AtomicStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Metadata>;
  putMetadata(bucket: string, key: string, metadata: Metadata, md5?: string): Promise<void>;
  getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<S3ObjectLike | null>;
  putObject(object: S3ObjectLike): Promise<{ size: number; md5: string }>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata?: Metadata): Promise<Metadata>;
  deleteObject(bucket: string, key: string): Promise<unknown>;
}

/** Shared/exclusive locks per key, kept only while in use. */
class KeyLocks {
  private readonly locks = new Map<string, { lock: SharedExclusiveLock; users: number }>();

  async run<T>(bucket: string, key: string, mode: 'shared' | 'exclusive', work: () => Promise<T>): Promise<T> {
    const id = `${bucket}\u0000${key}`;
    let held = this.locks.get(id);
    if (!held) this.locks.set(id, (held = { lock: new SharedExclusiveLock(), users: 0 }));
    held.users++;
    try {
      return await held.lock.run(mode, work);
    } finally {
      if (--held.users === 0) this.locks.delete(id);
    }
  }
}

const ignoreMissing = (error: unknown): void => {
  if ((error as { code?: string }).code !== 'ENOENT') throw error;
};

/** Replaces the store's object reads and writes (in place) with whole, isolated ones (see the module comment). */
export function storeObjectsAtomically(store: AtomicStore): void {
  const keys = new KeyLocks();
  const getMetadata = store.getMetadata.bind(store);
  const putMetadata = store.putMetadata.bind(store);
  const deleteObject = store.deleteObject.bind(store);
  const pathOf = (bucket: string, key: string, resource: string): string => store.getResourcePath(bucket, key, resource);

  /** Writes `content` to the key's staged file, whole, then puts it in place of the object file; returns its size and MD5. */
  const install = async (bucket: string, key: string, content: Readable): Promise<{ size: number; md5: string }> => {
    const objectPath = pathOf(bucket, key, 'object');
    const staged = `${objectPath}${STAGED_SUFFIX}`;
    await mkdir(dirname(objectPath), { recursive: true });
    const md5 = createHash('md5');
    let size = 0;
    try {
      await pipeline(content, new Transform({
        transform(chunk: Buffer, _encoding, done) {
          md5.update(chunk);
          size += chunk.length;
          done(null, chunk);
        },
      }), createWriteStream(staged));
    } catch (error) {
      await unlink(staged).catch(ignoreMissing);
      throw error;
    }
    await unlink(pathOf(bucket, key, 'object.md5')).catch(ignoreMissing);
    await rename(staged, objectPath);
    return { size, md5: md5.digest('hex') };
  };

  store.getMetadata = (bucket, key) => keys.run(bucket, key, 'shared', () => getMetadata(bucket, key));

  // As s3rver's getObject, with the metadata read and the file opened under one hold of the key.
  store.getObject = (bucket, key, options) => keys.run(bucket, key, 'shared', async () => {
    try {
      // Missing metadata (the object file's stat) or bytes: no such object, as s3rver answers.
      return await objectForRead(bucket, key, await getMetadata(bucket, key), options, (range) => new Promise<Readable>((opened, fail) => {
        const stream = createReadStream(pathOf(bucket, key, 'object'), range).on('error', fail).on('open', () => opened(stream));
      }));
    } catch (error) {
      ignoreMissing(error);
      return null;
    }
  });

  store.putObject = (object) => keys.run(object.bucket, object.key, 'exclusive', async () => {
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : (object.content as Readable);
    const { size, md5 } = await install(object.bucket, object.key, content);
    await putMetadata(object.bucket, object.key, object.metadata, md5);
    return { size, md5 };
  });

  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
    const srcObjectPath = pathOf(srcBucket, srcKey, 'object');
    if (srcObjectPath === pathOf(destBucket, destKey, 'object')) {
      // A copy onto itself changes metadata only (s3rver requires replacement metadata for it).
      return keys.run(destBucket, destKey, 'exclusive', async () => {
        if (replacementMetadata) await putMetadata(destBucket, destKey, replacementMetadata);
        return getMetadata(destBucket, destKey);
      });
    }
    // The source is read from one open file, so the copy's bytes and MD5 agree even if the source
    // changes meanwhile. Its key is let go before the destination's is taken: one key held at a time.
    const source = await keys.run(srcBucket, srcKey, 'shared', async () => ({
      bytes: await new Promise<Readable>((opened, fail) => {
        const stream = createReadStream(srcObjectPath).on('error', fail).on('open', () => opened(stream));
      }),
      metadata: replacementMetadata ?? (await readFile(pathOf(srcBucket, srcKey, 'metadata.json'), 'utf8').then((json) => JSON.parse(json) as Metadata, (error: unknown) => {
        ignoreMissing(error);
        return {};
      })),
    }));
    return keys.run(destBucket, destKey, 'exclusive', async () => {
      const { md5 } = await install(destBucket, destKey, source.bytes);
      await putMetadata(destBucket, destKey, source.metadata, md5);
      return getMetadata(destBucket, destKey);
    });
  };

  store.deleteObject = (bucket, key) => keys.run(bucket, key, 'exclusive', async () => {
    // A staged file a killed process left would keep the key's folder from being removed.
    await unlink(`${pathOf(bucket, key, 'object')}${STAGED_SUFFIX}`).catch(ignoreMissing);
    return deleteObject(bucket, key);
  });
}
