import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Clock, ListedObject, ObjectStore, StoredObject } from '../../shared/ports.ts';

/** S3's ETag of a single-part upload: the MD5 of the bytes, quoted. */
export function etagOf(bytes: Uint8Array): string {
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

/** An in-memory ObjectStore for unit tests of services and handlers. */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();
  /** Every put, in order: tests check what was (not) written. */
  readonly puts: string[] = [];
  async get(bucket: string, key: string): Promise<StoredObject | undefined> {
    const bytes = this.objects.get(`${bucket}/${key}`);
    return bytes ? { bytes, etag: etagOf(bytes), versionId: undefined } : undefined;
  }
  async put(bucket: string, key: string, body: Uint8Array | string): Promise<{ etag: string | undefined }> {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    this.objects.set(`${bucket}/${key}`, bytes);
    this.puts.push(`${bucket}/${key}`);
    return { etag: etagOf(bytes) };
  }
  async presignGet(bucket: string, key: string, expiresInSeconds: number): Promise<string> {
    return `memory://${bucket}/${encodeURIComponent(key)}?expires=${expiresInSeconds}`;
  }
  async delete(bucket: string, key: string): Promise<void> {
    this.objects.delete(`${bucket}/${key}`);
  }
  async *list(bucket: string): AsyncIterable<ListedObject> {
    for (const [path, bytes] of this.objects) if (path.startsWith(`${bucket}/`)) yield { key: path.slice(bucket.length + 1), etag: undefined, size: bytes.length };
  }
}

export const silentLogger = (): Logger => new Logger({ serviceName: 'test', logLevel: 'SILENT' });

/**
 * Real time plus whatever the test has skipped: a lease runs out when the test says so, at once and
 * on any machine, instead of after a sleep that a slow machine may not honour.
 */
export class SkippingClock implements Clock {
  private skippedMs = 0;
  now(): Date {
    return new Date(Date.now() + this.skippedMs);
  }
  skip(ms: number): void {
    this.skippedMs += ms;
  }
}
