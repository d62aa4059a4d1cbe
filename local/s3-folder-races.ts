/**
 * s3rver's file store removes a key's folders once their last object is deleted, and creates them
 * again for a PUT (`mkdirp`, then a file stream). A delete and a write in the same folder at the same
 * moment can remove the folder between the two: the write stream then fails with ENOENT outside any
 * handler and takes the storage servers down. Real S3 has no folders and no such race; the ingest
 * meets it whenever S3 events are delivered again or out of order (a processed text written while
 * another beside it is deleted).
 *
 * `serialiseFolderChanges` makes each bucket's deletes exclusive: writes still run together, reads are
 * untouched, and a delete waits for the writes before it (first come, first served) and holds back
 * the writes after it until its folders are cleaned up.
 */

type Mode = 'shared' | 'exclusive';

/** A first-come-first-served shared/exclusive lock for async work. */
export class SharedExclusiveLock {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: Array<{ mode: Mode; grant: () => void }> = [];

  async run<T>(mode: Mode, work: () => Promise<T>): Promise<T> {
    await this.acquire(mode);
    try {
      return await work();
    } finally {
      this.release(mode);
    }
  }

  private compatible(mode: Mode): boolean {
    return mode === 'shared' ? !this.exclusive : !this.exclusive && this.shared === 0;
  }

  private take(mode: Mode): void {
    if (mode === 'shared') this.shared++;
    else this.exclusive = true;
  }

  private acquire(mode: Mode): Promise<void> {
    if (this.waiting.length === 0 && this.compatible(mode)) {
      this.take(mode);
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ mode, grant }));
  }

  private release(mode: Mode): void {
    if (mode === 'shared') this.shared--;
    else this.exclusive = false;
    while (this.waiting.length > 0 && this.compatible(this.waiting[0]!.mode)) {
      const next = this.waiting.shift()!;
      this.take(next.mode);
      next.grant();
    }
  }
}

/** The part of s3rver's FilesystemStore whose calls create or remove a key's folders. */
interface FolderChangingStore {
  putObject(object: { bucket: string }, ...rest: unknown[]): Promise<unknown>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, ...rest: unknown[]): Promise<unknown>;
  deleteObject(bucket: string, ...rest: unknown[]): Promise<unknown>;
}

/**
 * Wraps the store's folder-changing calls (in place) so that deletes never race writes in a bucket.
 * A multipart upload's completion is not wrapped itself: it stores the object through `putObject`
 * (this wrapped one), and taking the lock twice would deadlock behind a delete queued in between.
 */
export function serialiseFolderChanges(store: FolderChangingStore): void {
  const locks = new Map<string, SharedExclusiveLock>();
  const lockOf = (bucket: string): SharedExclusiveLock => {
    let lock = locks.get(bucket);
    if (!lock) locks.set(bucket, (lock = new SharedExclusiveLock()));
    return lock;
  };
  const putObject = store.putObject.bind(store);
  const copyObject = store.copyObject.bind(store);
  const deleteObject = store.deleteObject.bind(store);
  store.putObject = (object, ...rest) => lockOf(object.bucket).run('shared', () => putObject(object, ...rest));
  store.copyObject = (srcBucket, srcKey, destBucket, ...rest) => lockOf(destBucket).run('shared', () => copyObject(srcBucket, srcKey, destBucket, ...rest));
  store.deleteObject = (bucket, ...rest) => lockOf(bucket).run('exclusive', () => deleteObject(bucket, ...rest));
}
