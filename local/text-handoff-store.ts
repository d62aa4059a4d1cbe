import type { ListedObject, ObjectStore, StoredObject } from '../shared/ports.ts';

/** Texts held for their reader at most, in bytes: a burst of uploads must not grow the heap without bound. */
export const HANDOFF_BUDGET_BYTES = 32 * 1024 * 1024;

/**
 * The local stack's object store: S3 (s3rver) as before, except that a processed text the ingest has
 * just written is handed to its one reader, the index, from memory. Locally both run in this process,
 * one after the other: the ingest PUTs the text, writes the row, and the change feed has the index read
 * the text back at once. Each such GET cost the storage thread a request (HTTP, s3rver's routing and
 * object store) and this thread an SDK request and a copy of the body; it now costs neither.
 *
 * A text is remembered once its PUT has succeeded (so it is on disk: s3rver answers a PUT once its
 * bytes are), exactly as sent, and is given out once: the first GET of the key answers it and forgets
 * it, later GETs read S3. A delete or another PUT of the key, through this store, forgets it before the
 * request is sent, and a PUT overlapped by another change of its key is not remembered, so a GET never
 * answers bytes the bucket no longer holds. Texts nobody read (a run
 * stopped between the ingest and the index) are dropped oldest first beyond `budgetBytes`, and a
 * restart forgets all of them: the index then reads S3, as in AWS. Only objects changed past this store
 * (another S3 client deleting a processed text) differ: that is not something the stack does.
 *
 * Tried and dropped: handing the ingest its upload the same way, the storage thread sending a small
 * upload's bytes with its S3 event (when they are the version the event names) so the ingest's GET of
 * the raw object is answered from memory. S3 GETs per document 1 → 0, but CPU per document no lower
 * (bench/local-ingest-once.ts, 3,000 documents, 5 interleaved pairs: 15.22 → 15.36 ms in all, the
 * pipeline's thread 4.38 → 4.26 and the storage thread 3.86 → 3.70; run-to-run spread ±1.5 ms). The
 * storage thread answers that GET from its cache (local/s3-store-cache.ts) already, so what was left
 * to save is an SDK request and s3rver's routing, not worth a second channel between the threads.
 */
export class TextHandoffStore implements ObjectStore {
  /** Remembered texts by key, oldest first (a Map keeps insertion order). */
  private readonly held = new Map<string, { body: Uint8Array; etag: string | undefined }>();
  private heldBytes = 0;
  /** Changes (PUT, delete) in flight per key, and keys with overlapping ones. */
  private readonly writing = new Map<string, number>();
  private readonly overlapped = new Set<string>();
  /** GETs answered from memory, and those sent to S3. */
  readonly reads = { handedOver: 0, fromStore: 0 };

  constructor(
    private readonly store: ObjectStore,
    /** The bucket whose texts are handed over (the processed bucket); others pass straight through. */
    private readonly bucket: string,
    private readonly budgetBytes = HANDOFF_BUDGET_BYTES,
  ) {}

  async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    const held = bucket === this.bucket ? this.take(key) : undefined;
    if (held) {
      this.reads.handedOver++;
      return { bytes: held.body, etag: held.etag, versionId: undefined };
    }
    if (bucket === this.bucket) this.reads.fromStore++;
    return this.store.get(bucket, key);
  }

  async put(bucket: string, key: string, body: Uint8Array | string, contentType?: string): Promise<{ etag: string | undefined }> {
    if (bucket !== this.bucket) return this.store.put(bucket, key, body, contentType);
    return this.changing(key, async (alone) => {
      const out = await this.store.put(bucket, key, body, contentType);
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      if (alone() && bytes.length <= this.budgetBytes) {
        this.held.set(key, { body: bytes, etag: out.etag });
        this.heldBytes += bytes.length;
        this.dropOldestOverBudget();
      }
      return out;
    });
  }

  async delete(bucket: string, key: string): Promise<void> {
    if (bucket !== this.bucket) return this.store.delete(bucket, key);
    return this.changing(key, () => this.store.delete(bucket, key));
  }

  list(bucket: string, prefix?: string): AsyncIterable<ListedObject> {
    return this.store.list(bucket, prefix);
  }

  presignGet(bucket: string, key: string, expiresInSeconds: number): Promise<string> {
    return this.store.presignGet(bucket, key, expiresInSeconds);
  }

  /** Texts held now, and their bytes (tests check the budget). */
  get holding(): { texts: number; bytes: number } {
    return { texts: this.held.size, bytes: this.heldBytes };
  }

  /**
   * Runs a change of `key` in the bucket. The text is forgotten before the request is sent (a GET
   * meanwhile reads S3, which answers the old or the new bytes); `alone()` says, once it is answered,
   * whether no other change of the key overlapped it: of two overlapping ones, which the bucket applied
   * last is s3rver's to say, so then nothing is remembered.
   */
  private async changing<T>(key: string, change: (alone: () => boolean) => Promise<T>): Promise<T> {
    this.take(key);
    if (this.writing.has(key)) this.overlapped.add(key);
    this.writing.set(key, (this.writing.get(key) ?? 0) + 1);
    try {
      return await change(() => !this.overlapped.has(key));
    } finally {
      const left = (this.writing.get(key) ?? 1) - 1;
      if (left > 0) this.writing.set(key, left);
      else {
        this.writing.delete(key);
        this.overlapped.delete(key);
      }
    }
  }

  private take(key: string): { body: Uint8Array; etag: string | undefined } | undefined {
    const held = this.held.get(key);
    if (held) {
      this.held.delete(key);
      this.heldBytes -= held.body.length;
    }
    return held;
  }

  private dropOldestOverBudget(): void {
    for (const key of this.held.keys()) {
      if (this.heldBytes <= this.budgetBytes) return;
      this.take(key);
    }
  }
}
