import iconv from 'iconv-lite';

/** Windows-1258 writes tone marks as separate combining characters after the (shaped) letter. */
export function encodeWindows1258(text: string): Buffer {
  const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
  const split = [...text.normalize('NFD').matchAll(/\P{M}\p{M}*/gu)]
    .map(([cluster]) => cluster.replace(TONES, '').normalize('NFC') + (cluster.match(TONES)?.join('') ?? ''))
    .join('');
  return iconv.encode(split, 'windows1258');
}

export const encodeTcvn3 = (text: string): Buffer => iconv.encode(text, 'tcvn');
export const encodeViscii = (text: string): Buffer => iconv.encode(text, 'viscii');
