/**
 * s3rver 3.7 makes ListObjectsV2 continuation tokens with single DES (`crypto.createCipheriv('des', …)`
 * in s3rver/lib/controllers/bucket.js, chosen for its 8-byte block). OpenSSL 3 keeps DES in its legacy
 * provider only, so without `node --openssl-legacy-provider` every listing longer than one page fails
 * with a 500 (`error:0308010C:digital envelope routines::unsupported`), and that flag is process-wide.
 *
 * This middleware keeps s3rver away from DES: a request's continuation token (ours: the bucket and the
 * last key listed, base64url; as opaque to clients as S3's) becomes `start-after`, s3rver's store
 * reports every page as complete so it never makes a token, and the response gets our
 * `NextContinuationToken` and `IsTruncated` back. Listing results are otherwise s3rver's own.
 * It must run inside s3rver's XML encoder (the response body is still an object) and before its router.
 */

interface ListResult {
  objects: Array<{ key: string }>;
  isTruncated?: boolean;
}

interface ListingStore {
  listObjects(bucket: string, options: unknown): Promise<ListResult>;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
  store: ListingStore;
}

/** A continuation token for the page that follows `lastKey` in `bucket`. */
export function encodeContinuationToken(bucket: string, lastKey: string): string {
  return Buffer.from(JSON.stringify([bucket, lastKey]), 'utf8').toString('base64url');
}

/** The key to list after, or undefined when the token is not one this stack made for `bucket`. */
export function decodeContinuationToken(bucket: string, token: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded[0] === bucket && typeof decoded[1] === 'string') return decoded[1];
  } catch {
    // Not base64url JSON: not ours.
  }
  return undefined;
}

const BUCKET_PATH = /^\/([^/]+)\/?$/;

/** Koa middleware for s3rver: ListObjectsV2 paging without DES (see the module comment). */
export async function pageListingsWithoutDes(ctx: KoaContext, next: () => Promise<void>): Promise<void> {
  const bucket = ctx.method === 'GET' && ctx.query['list-type'] === '2' ? BUCKET_PATH.exec(ctx.path)?.[1] : undefined;
  if (bucket === undefined) return next();
  const token = ctx.query['continuation-token'];
  if (typeof token === 'string' && token !== '') {
    const startAfter = decodeContinuationToken(bucket, token);
    if (startAfter === undefined) {
      ctx.status = 400;
      ctx.type = 'application/xml';
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code><Message>The continuation token provided is incorrect</Message><ArgumentName>continuation-token</ArgumentName></Error>';
      return;
    }
    const { 'continuation-token': _ignored, ...query } = ctx.query;
    ctx.query = { ...query, 'start-after': startAfter };
  }
  const store = ctx.store;
  let lastKeyOfTruncatedPage: string | undefined;
  ctx.store = Object.assign(Object.create(store) as ListingStore, {
    async listObjects(name: string, options: unknown): Promise<ListResult> {
      const page = await store.listObjects(name, options);
      lastKeyOfTruncatedPage = page.isTruncated ? page.objects.at(-1)?.key : undefined;
      return { ...page, isTruncated: false };
    },
  });
  await next();
  const result = (ctx.body as { ListBucketResult?: Record<string, unknown> } | undefined)?.ListBucketResult;
  if (!result) return;
  if (typeof token === 'string' && token !== '') {
    result.ContinuationToken = token;
    result.StartAfter = undefined;
  }
  if (lastKeyOfTruncatedPage !== undefined) {
    result.NextContinuationToken = encodeContinuationToken(bucket, lastKeyOfTruncatedPage);
    result.IsTruncated = true;
  }
}
