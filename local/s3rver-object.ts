/**
 * s3rver's object model, for the local stack's wrappers of its file store (s3-atomic-objects.ts,
 * s3-store-cache.ts): an object they answer is built exactly as s3rver's own FilesystemStore builds one.
 */
import { createRequire } from 'node:module';

export type Metadata = Record<string, unknown>;

export interface S3ObjectLike {
  bucket: string;
  key: string;
  content: unknown;
  metadata: Metadata;
  range?: { start: number; end: number };
}

type S3ObjectClass = (new (bucket: string, key: string, content: unknown, metadata: Metadata) => S3ObjectLike) & { ALLOWED_METADATA: string[] };

export const S3Object = createRequire(import.meta.url)('s3rver/lib/models/object.js') as S3ObjectClass;

/**
 * The object a GET answers, as FilesystemStore.getObject builds it: the byte range the options ask
 * for (its `range` set only when they ask for one), no content when the range cannot be satisfied, else
 * the content `open` gives for the range (inclusive ends).
 */
export async function objectForRead(
  bucket: string,
  key: string,
  metadata: Metadata,
  options: { start?: number; end?: number } | undefined,
  open: (range: { start: number; end: number }) => unknown,
): Promise<S3ObjectLike> {
  const lastByte = Math.max(0, Number(metadata['content-length']) - 1);
  const range = { start: options?.start || 0, end: Math.min(options?.end || Infinity, lastByte) };
  const ranged = options !== undefined && (options.start !== undefined || Boolean(options.end));
  const satisfiable = range.start >= 0 && Math.min(range.end, lastByte) >= range.start;
  const object = new S3Object(bucket, key, satisfiable ? await open(range) : null, metadata);
  if (ranged) object.range = range;
  return object;
}
