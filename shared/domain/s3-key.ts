/**
 * S3 event notifications carry object keys URL-encoded with `+` for spaces.
 * This is the only place in docpipe that decodes them.
 */
export function decodeS3Key(encodedKey: string): string {
  return decodeURIComponent(encodedKey.replace(/\+/g, ' '));
}

/** The inverse, as S3 itself encodes keys in notifications (used by the local stack's event source). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}
