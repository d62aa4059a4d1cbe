/** Code of decode/text-encoding.ts before its fast paths, kept as the reference they are tested against (test/unit/clean-fast-paths.test.ts). */
import { viqrToUnicode } from '../../shared/domain/decode/viqr.ts';
import { vietnameseScore } from '../../shared/domain/text/vietnamese-syllable.ts';

const SAMPLE_BYTES = 64 * 1024;

/** `looksLikeViqr` as it was: every word of the sample matched into an array to be counted. */
export function looksLikeViqr(text: string): boolean {
  const sample = text.slice(0, SAMPLE_BYTES);
  const words = sample.match(/\S+/g)?.length ?? 0;
  const marked = sample.match(/[aeiouy][(^+]?['`?~.](?=[a-z])|[aeiouy][(^+]['`?~.]?|\bdd[aeiou]/gi)?.length ?? 0;
  if (words < 5 || marked / words < 0.2) return false;
  const converted = viqrToUnicode(sample);
  return vietnameseScore(converted) > words * 0.2;
}

/** `guessUtf16WithoutBom` as it was: the zero bytes of each half always counted. */
export function guessUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const sample = Math.min(bytes.length - (bytes.length % 2), 8192);
  if (sample < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const units = sample / 2;
  if (oddZeros / units > 0.3 && evenZeros / units < 0.05) return 'utf-16le';
  if (evenZeros / units > 0.3 && oddZeros / units < 0.05) return 'utf-16be';
  return undefined;
}
