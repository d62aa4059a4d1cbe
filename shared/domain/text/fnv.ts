/**
 * FNV-1a (32 bits) over UTF-16 code units: the hash the word scans share (word ids, SimHash, the
 * tables of words with a role). Hot loops inline the step `h = Math.imul(h ^ unit, FNV_PRIME)`.
 */

/** The offset basis as a signed 32-bit integer, so a hash stays one representation through a loop. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** FNV-1a of `text`'s code units, as a signed 32-bit integer (`>>> 0` gives the unsigned value). */
export function fnv1a(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
