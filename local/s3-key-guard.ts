/**
 * s3rver stores an object at `path.join(directory, bucket, ...key.split('/'))`, so a key with `.` or
 * `..` segments ("../../x") would be written outside the data folder, an empty segment ("a//b") is
 * not routed, and a segment longer than a file name crashes it. Real S3 takes all of these; the local
 * stack refuses them, with the error S3 gives for keys it cannot take, before s3rver sees the request. Covers the object path and `x-amz-copy-source`; multi-object delete
 * bodies are not inspected (s3rver emits no events for them anyway, and the reconcile covers them).
 */

interface KoaContext {
  path: string;
  status: number;
  body: unknown;
  type: string;
  get(header: string): string;
}

const DOT_SEGMENT = /(^|\/)\.{1,2}(\/|$)/;
/**
 * s3rver keeps each key segment as a file name, plus a `._S3rver_metadata.json` suffix for the
 * metadata beside it: a segment over 255 − 22 bytes cannot be stored (s3rver's write stream then
 * fails outside any handler and takes the process down).
 */
export const MAX_SEGMENT_BYTES = 233;

function decode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The key of an object path (`/bucket/key…`, URL-encoded), decoded; '' for bucket-level requests. */
function keyOf(path: string): string {
  return decode(path.split('/').slice(2).join('/'));
}

/** Whether an object path (`/bucket/key…`, URL-encoded) names a key with `.` or `..` segments. */
export function hasDotSegment(path: string): boolean {
  const key = path.split('/').slice(2).join('/');
  return key !== '' && (DOT_SEGMENT.test(key) || DOT_SEGMENT.test(decode(key)));
}

/** Why the local stack cannot store the key of this object path, or undefined when it can. */
export function unstorableKey(path: string): string | undefined {
  if (hasDotSegment(path)) return 'The local stack does not store keys with "." or ".." path segments: they would escape its data folder. Rename the key.';
  const key = keyOf(path);
  if (key === '') return undefined;
  const segments = key.split('/');
  // A trailing "/" (a folder marker) is fine; an empty segment anywhere else is not.
  if (segments.slice(0, -1).some((s) => s === '')) return 'The local stack does not store keys with an empty path segment ("a//b.txt", "/a.txt"): s3rver cannot route them. Rename the key.';
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES)) {
    return `The local stack does not store keys with a path segment over ${MAX_SEGMENT_BYTES} bytes (S3 allows 1,024 bytes for the whole key): s3rver keeps each segment as a file name. Shorten the segment or split it with "/".`;
  }
  return undefined;
}

/** Koa middleware for s3rver: 400 InvalidArgument, with the reason, for keys s3rver cannot store safely. */
export async function rejectUnstorableKeys(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const copySource = ctx.get('x-amz-copy-source');
  const reason = unstorableKey(ctx.path) ?? (copySource ? unstorableKey(`/${decode(copySource).replace(/^\//, '')}`) : undefined);
  if (reason) {
    ctx.status = 400;
    ctx.type = 'application/xml';
    ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code><Message>${reason}</Message></Error>`;
    return;
  }
  await next();
}
