import { createHash } from 'node:crypto';

/**
 * Deterministic document id from bucket and key: re-processing the same object
 * overwrites its row and index entry instead of creating a duplicate.
 */
export function documentId(bucket: string, key: string): string {
  return createHash('sha256').update(`${bucket}\u0000${key}`).digest('hex').slice(0, 32);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
