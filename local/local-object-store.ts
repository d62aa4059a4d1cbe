import type { S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../shared/adapters/s3-object-store.ts';
import type { StoredObject } from '../shared/ports.ts';

/** Processed texts kept after their PUT: the index reads each one moments later; a few hundred cover the queues in flight. */
const RECENT_TEXTS = 256;

/**
 * The local stack's buckets: S3ObjectStore over s3rver, which also keeps the last few hundred objects
 * it wrote to one bucket (the processed texts) and answers a GET of one of them from memory. The index
 * handler reads every text the ingest wrote a moment before; this spares each document that GET (the
 * SDK's request and s3rver's file read). A delete through this store forgets the object first. Only
 * the stack writes to the processed bucket, so what it remembers is what s3rver holds.
 */
export class LocalObjectStore extends S3ObjectStore {
  /** `key` → object, oldest first (a Map keeps insertion order). */
  private readonly recent = new Map<string, StoredObject>();

  constructor(client: S3Client, private readonly rememberedBucket: string) {
    super(client);
  }

  override async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    const remembered = bucket === this.rememberedBucket ? this.recent.get(key) : undefined;
    return remembered ? { ...remembered, bytes: remembered.bytes.slice() } : super.get(bucket, key);
  }

  override async put(bucket: string, key: string, body: Uint8Array | string, contentType?: string): Promise<{ etag: string | undefined }> {
    const out = await super.put(bucket, key, body, contentType);
    if (bucket === this.rememberedBucket) {
      this.recent.delete(key);
      this.recent.set(key, { bytes: typeof body === 'string' ? new TextEncoder().encode(body) : body.slice(), etag: out.etag, versionId: undefined });
      for (const oldest of this.recent.keys()) {
        if (this.recent.size <= RECENT_TEXTS) break;
        this.recent.delete(oldest);
      }
    }
    return out;
  }

  override async delete(bucket: string, key: string): Promise<void> {
    if (bucket === this.rememberedBucket) this.recent.delete(key);
    await super.delete(bucket, key);
  }
}
