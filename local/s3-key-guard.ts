/**
 * s3rver stores an object at `path.join(directory, bucket, ...key.split('/'))`, so a key with `.` or
 * `..` segments ("../../x") would be written outside the data folder. Real S3 takes such keys as
 * plain names; the local stack refuses them, with the error S3 gives for keys it cannot take, before
 * s3rver sees the request. Covers the object path and `x-amz-copy-source`; multi-object delete
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

function decode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Whether an object path (`/bucket/key…`, URL-encoded) names a key with `.` or `..` segments. */
export function hasDotSegment(path: string): boolean {
  const key = path.split('/').slice(2).join('/');
  return key !== '' && (DOT_SEGMENT.test(key) || DOT_SEGMENT.test(decode(key)));
}

/** Koa middleware for s3rver: 400 InvalidArgument for dot-segment keys. */
export async function rejectDotSegmentKeys(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const copySource = ctx.get('x-amz-copy-source');
  if (hasDotSegment(ctx.path) || (copySource && hasDotSegment(`/${decode(copySource).replace(/^\//, '')}`))) {
    ctx.status = 400;
    ctx.type = 'application/xml';
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code><Message>The local stack does not store keys with "." or ".." path segments: they would escape its data folder. Rename the key.</Message></Error>';
    return;
  }
  await next();
}
