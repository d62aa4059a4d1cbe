import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `../shared/corpus` beside the project: present in CI, absent in a user's clone. */
export const CORPUS_DIR = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../../../shared/corpus');
export const corpusAvailable = existsSync(join(CORPUS_DIR, 'samples'));
/** Pass as the `skip` option: tests that need the corpus say why they did not run. */
export const skipWithoutCorpus = corpusAvailable ? false : `../shared/corpus not found at ${CORPUS_DIR}: reference-corpus tests skipped`;

export interface GoldFile {
  title: string;
  kicker?: string;
  section?: string;
  source: string | null;
  authors: string[];
  published: string | null;
  with: string[];
  without: string[];
  captions?: string[];
  people: string[];
  roles: Record<string, string>;
  doc_refs: string[];
  abbreviations: Record<string, string>;
}

export interface CorpusSample {
  name: string;
  bytes: Buffer;
  gold: GoldFile;
}

export function corpusSamples(): CorpusSample[] {
  if (!corpusAvailable) return [];
  return readdirSync(join(CORPUS_DIR, 'samples'))
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((name) => ({
      name,
      bytes: readFileSync(join(CORPUS_DIR, 'samples', name)),
      gold: JSON.parse(readFileSync(join(CORPUS_DIR, 'gold', name.replace(/\.txt$/, '.json')), 'utf8')) as GoldFile,
    }));
}

/** The corpus README's matching rule: NFC, all whitespace (U+00A0 included) collapsed to one space. */
export function comparable(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
