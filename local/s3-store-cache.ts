/**
 * s3rver's file store answers every GET from disk: a stat, the object's `.md5` and metadata files,
 * then the bytes (13 file-system calls), and every request also reads the bucket's CORS and website
 * files (absent locally) and stats the bucket folder. On the storage thread those calls, each a trip
 * through libuv's thread pool, cost more CPU than the rest of s3rver's request handling. The ingest
 * reads back almost exactly what was just written (the upload, then the processed text), so
 * `cacheStoreReads` keeps what this store wrote, write-through, and answers reads from memory:
 *
 * - An object's metadata (as `getMetadata` would read it back) and its bytes when small, filled when a
 *   PUT completes, never on a read. Any change to the key (PUT, copy, delete, multipart; s3rver writes
 *   metadata only inside those) drops the entry first, and a change that overlapped another on the same key leaves nothing cached,
 *   so a read never sees anything the disk would not hold. A crash loses the cache with the process;
 *   everything acknowledged is on disk as before, and reads after a start come from there.
 * - Bucket configuration (CORS, website) and bucket existence, as last read or written through the store.
 *
 * Differences from a read from disk: `Last-Modified` is the time the PUT completed, not the file's
 * mtime (the same second, or the next). Only s3rver may write its folder (as before: its md5 and
 * metadata files are its own).
 */
import { Readable, Transform } from 'node:stream';
import { objectForRead, S3Object, type Metadata, type S3ObjectLike } from './s3rver-object.ts';

/** Objects up to this size keep their bytes in memory; larger ones only their metadata. */
export const CACHED_OBJECT_BYTES = 1 << 20;
/** Bytes of cached objects at most; the least recently used go first. */
export const CACHED_TOTAL_BYTES = 64 << 20;
/** Entries at most (metadata of large objects included). */
export const CACHED_ENTRIES = 50_000;

/** The calls of s3rver's FilesystemStore this cache sits in front of. */
export interface CachedStore {
  getMetadata(bucket: string, key: string): Promise<Metadata>;
  getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<S3ObjectLike | null>;
  existsObject(bucket: string, key: string): Promise<boolean>;
  putObject(object: S3ObjectLike, ...rest: unknown[]): Promise<{ size: number; md5: string }>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, ...rest: unknown[]): Promise<unknown>;
  deleteObject(bucket: string, key: string, ...rest: unknown[]): Promise<unknown>;
  getBucket(bucket: string): Promise<unknown>;
  putBucket(bucket: string, ...rest: unknown[]): Promise<unknown>;
  deleteBucket(bucket: string, ...rest: unknown[]): Promise<unknown>;
  getSubresource(bucket: string, key: string | undefined, type: string): Promise<unknown>;
  putSubresource(bucket: string, key: string | undefined, resource: { type: string }, ...rest: unknown[]): Promise<unknown>;
  deleteSubresource(bucket: string, key: string | undefined, type: string, ...rest: unknown[]): Promise<unknown>;
}

interface Entry {
  metadata: Metadata;
  content: Buffer | undefined;
}

/** The metadata `getMetadata` reads back for an object `putObject` stored (see s3rver's FilesystemStore.putMetadata). */
function storedMetadata(metadata: Metadata, md5: string, size: number, at: Date): Metadata {
  const stored: Metadata = {};
  for (const name of S3Object.ALLOWED_METADATA) if (name in metadata) stored[name] = metadata[name];
  for (const [name, value] of Object.entries(metadata)) if (name.startsWith('x-amz-meta-')) stored[name] = value;
  // Through JSON, as the metadata file is: undefined values vanish, everything else becomes plain data.
  return { ...(JSON.parse(JSON.stringify(stored)) as Metadata), etag: JSON.stringify(md5), 'last-modified': at.toUTCString(), 'content-length': size };
}

/** Puts the cache in front of the store's calls (in place). */
export function cacheStoreReads(store: CachedStore, limits = { objectBytes: CACHED_OBJECT_BYTES, totalBytes: CACHED_TOTAL_BYTES, entries: CACHED_ENTRIES }): void {
  const entries = new Map<string, Entry>();
  let cachedBytes = 0;
  /** Changes in flight per key, and the latest one's number: a change that overlapped another caches nothing. */
  const changing = new Map<string, { inFlight: number; latest: number }>();
  let changes = 0;
  const idOf = (bucket: string, key: string): string => `${bucket}\u0000${key}`;

  const drop = (id: string): void => {
    const entry = entries.get(id);
    if (!entry) return;
    cachedBytes -= entry.content?.length ?? 0;
    entries.delete(id);
  };
  const remember = (id: string, entry: Entry): void => {
    drop(id);
    entries.set(id, entry);
    cachedBytes += entry.content?.length ?? 0;
    for (const [oldest, old] of entries) {
      if (cachedBytes <= limits.totalBytes && entries.size <= limits.entries) break;
      cachedBytes -= old.content?.length ?? 0;
      entries.delete(oldest);
    }
  };
  const lookup = (id: string): Entry | undefined => {
    const entry = entries.get(id);
    if (entry) {
      // Most recently used last.
      entries.delete(id);
      entries.set(id, entry);
    }
    return entry;
  };
  /** Runs a change to a key: the entry is dropped first; `result` (on success) says what the key now holds. */
  const change = async <T>(id: string, run: () => Promise<T>, result?: (value: T) => Entry | undefined): Promise<T> => {
    drop(id);
    const state = changing.get(id) ?? { inFlight: 0, latest: 0 };
    const mine = ++changes;
    state.inFlight++;
    state.latest = mine;
    changing.set(id, state);
    let entry: Entry | undefined;
    try {
      const value = await run();
      entry = result?.(value);
      return value;
    } finally {
      state.inFlight--;
      const alone = state.inFlight === 0 && state.latest === mine;
      if (state.inFlight === 0) changing.delete(id);
      drop(id);
      if (entry && alone) remember(id, entry);
    }
  };

  const { getMetadata, getObject, existsObject, putObject, copyObject, deleteObject } = bindAll(store);
  store.getMetadata = async (bucket, key) => {
    const entry = lookup(idOf(bucket, key));
    return entry ? { ...entry.metadata } : getMetadata(bucket, key);
  };
  store.getObject = async (bucket, key, options) => {
    const entry = lookup(idOf(bucket, key));
    // Without its bytes (a large object), s3rver reads them from disk, its metadata through getMetadata above.
    const content = entry?.content;
    return entry && content
      ? objectForRead(bucket, key, { ...entry.metadata }, options, (range) => Readable.from([content.subarray(range.start, range.end + 1)]))
      : getObject(bucket, key, options);
  };
  store.existsObject = async (bucket, key) => (entries.has(idOf(bucket, key)) ? true : existsObject(bucket, key));
  store.putObject = (object, ...rest) => {
    let received: Buffer[] | undefined = [];
    let receivedBytes = 0;
    const record = (chunk: Buffer): void => {
      receivedBytes += chunk.length;
      if (received && receivedBytes <= limits.objectBytes) received.push(chunk);
      else received = undefined;
    };
    if (Buffer.isBuffer(object.content)) record(object.content);
    else if (object.content instanceof Readable) {
      object.content = object.content.pipe(new Transform({
        transform(chunk: Buffer, _encoding, done) {
          record(chunk);
          done(null, chunk);
        },
      }));
    } else received = undefined;
    return change(idOf(object.bucket, object.key), () => putObject(object, ...rest), ({ md5, size }) => ({
      metadata: storedMetadata(object.metadata, md5, size, new Date()),
      content: received && receivedBytes === size ? Buffer.concat(received, size) : undefined,
    }));
  };
  store.copyObject = (srcBucket, srcKey, destBucket, destKey, ...rest) => change(idOf(destBucket, destKey), () => copyObject(srcBucket, srcKey, destBucket, destKey, ...rest));
  store.deleteObject = (bucket, key, ...rest) => change(idOf(bucket, key), () => deleteObject(bucket, key, ...rest));

  cacheBucketReads(store);
}

/** Bucket existence and bucket-level configuration, as last read or written through the store. */
function cacheBucketReads(store: CachedStore): void {
  const values = new Map<string, unknown>();
  /** Bumped by every write (they are rare: bucket creation, configuration): a read that began before one fills nothing. */
  let writes = 0;
  const read = async (name: string, load: () => Promise<unknown>, keep: (value: unknown) => boolean): Promise<unknown> => {
    if (values.has(name)) return values.get(name);
    const before = writes;
    const value = await load();
    if (writes === before && keep(value)) values.set(name, value);
    return value;
  };
  const write = async <T>(run: () => Promise<T>): Promise<T> => {
    const forget = (): void => {
      values.clear();
      writes++;
    };
    forget();
    try {
      return await run();
    } finally {
      forget();
    }
  };
  const { getBucket, putBucket, deleteBucket, getSubresource, putSubresource, deleteSubresource } = bindAll(store);
  // Only a bucket that exists is remembered: one created past the store (a folder made by hand) is found on the next request.
  store.getBucket = (bucket) => read(`bucket\u0000${bucket}`, () => getBucket(bucket), (value) => Boolean(value));
  store.putBucket = (bucket, ...rest) => write(() => putBucket(bucket, ...rest));
  store.deleteBucket = (bucket, ...rest) => write(() => deleteBucket(bucket, ...rest));
  // Object-level subresources (tagging) are read from disk as before.
  store.getSubresource = (bucket, key, type) => (key === undefined ? read(`config\u0000${bucket}\u0000${type}`, () => getSubresource(bucket, key, type), () => true) : getSubresource(bucket, key, type));
  store.putSubresource = (bucket, key, resource, ...rest) => write(() => putSubresource(bucket, key, resource, ...rest));
  store.deleteSubresource = (bucket, key, type, ...rest) => write(() => deleteSubresource(bucket, key, type, ...rest));
}

/** The store's methods bound to it, as they were before being replaced. */
function bindAll<S extends object>(store: S): S {
  return new Proxy(store, { get: (target, name) => (Reflect.get(target, name) as (...args: unknown[]) => unknown).bind(target) });
}
