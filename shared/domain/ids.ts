import { createHash } from 'node:crypto';

/**
 * Deterministic document id from bucket and key: re-processing the same object
 * overwrites its row and index entry instead of creating a duplicate.
 */
export function documentId(bucket: string, key: string): string {
  return createHash('sha256').update(`${bucket}\u0000${key}`).digest('hex').slice(0, 32);
}

/** Hashing a long text converts it to UTF-8 a slice at a time, not all at once. */
const HASH_SLICE_CHARS = 1 << 16;

/** SHA-256 (hex) of the UTF-8 of `parts` concatenated, converted a slice at a time (never splitting a surrogate pair). */
export function sha256Hex(parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    for (let start = 0; start < part.length; ) {
      let end = Math.min(part.length, start + HASH_SLICE_CHARS);
      const last = part.charCodeAt(end - 1);
      if (end < part.length && last >= 0xd800 && last <= 0xdbff) end--;
      hash.update(part.slice(start, end));
      start = end;
    }
  }
  return hash.digest('hex');
}
