/**
 * Search latency on generated corpora: a Vietnamese-like lexicon (syllables with tone marks, one- to
 * three-syllable words, Zipf-distributed), documents with sources, authors, people, references and
 * dates, indexed into the embedded engine; then two-word queries timed through the search service,
 * with and without facets.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSearchIndex } from '../shared/adapters/sqlite-search-index.ts';
import type { IndexDocument } from '../shared/domain/types.ts';
import { createSearchService } from '../shared/services/search-service.ts';
import { prng, syllable } from './corpus.ts';

const LEXICON_SIZE = 30_000;

interface Corpus {
  words: string[];
  /** Cumulative Zipf weights over `words`, for sampling by rank. */
  cumulative: Float64Array;
}

function lexicon(rand: () => number): Corpus {
  const words = new Set<string>();
  while (words.size < LEXICON_SIZE) {
    const r = rand();
    const n = r < 0.3 ? 1 : r < 0.9 ? 2 : 3;
    words.add(Array.from({ length: n }, () => syllable(rand)).join(' '));
  }
  const list = [...words];
  const cumulative = new Float64Array(list.length);
  let sum = 0;
  for (let i = 0; i < list.length; i++) cumulative[i] = sum += 1 / (i + 1) ** 1.05;
  return { words: list, cumulative };
}

function zipf(rand: () => number, corpus: Corpus): string {
  const target = rand() * (corpus.cumulative[corpus.cumulative.length - 1] ?? 1);
  let lo = 0;
  let hi = corpus.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((corpus.cumulative[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return corpus.words[lo] ?? '';
}

const capitalise = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

function names(rand: () => number, corpus: Corpus, count: number, syllables: number): string[] {
  return Array.from({ length: count }, () => Array.from({ length: syllables }, () => capitalise(corpus.words[Math.floor(rand() * 2000) + 5000]?.split(' ')[0] ?? 'An')).join(' '));
}

export function* documents(count: number, seed: number): Generator<IndexDocument[]> {
  const rand = prng(seed);
  const corpus = lexicon(rand);
  const sources = names(rand, corpus, 30, 1).map((n) => `${n}.example.vn`);
  const authors = names(rand, corpus, 100, 2);
  const people = names(rand, corpus, 2000, 3);
  const refs = Array.from({ length: 500 }, (_, i) => `${i + 1}-${['NQ', 'KH', 'CT', 'QĐ'][i % 4]}/${['TW', 'TU', 'HU'][i % 3]}`);
  // Captions from a generator of their own, so the documents are the ones earlier figures were measured on.
  const captionRand = prng(seed + 1);
  let page: IndexDocument[] = [];
  for (let i = 0; i < count; i++) {
    const sentences = Array.from({ length: 8 + Math.floor(rand() * 10) }, () => `${capitalise(Array.from({ length: 10 + Math.floor(rand() * 12) }, () => zipf(rand, corpus)).join(' '))}.`);
    const year = 2010 + Math.floor(rand() * 15);
    page.push({
      id: `doc${String(i).padStart(8, '0')}`,
      key: `news/${i}.txt`,
      etag: 'e',
      title: capitalise(Array.from({ length: 8 + Math.floor(rand() * 5) }, () => zipf(rand, corpus)).join(' ')),
      body: sentences.join(' '),
      captions: captionRand() < 0.5 ? capitalise(Array.from({ length: 6 + Math.floor(captionRand() * 8) }, () => zipf(captionRand, corpus)).join(' ')) : '',
      source: sources[Math.floor(rand() * sources.length)] ?? null,
      authors: [authors[Math.floor(rand() * authors.length)] ?? ''],
      published: rand() < 0.9 ? `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}` : null,
      language: 'vi',
      people: Array.from({ length: Math.floor(rand() * 4) }, () => people[Math.floor(rand() * people.length)] ?? ''),
      organizations: [],
      docRefs: Array.from({ length: Math.floor(rand() * 3) }, () => refs[Math.floor(rand() * refs.length)] ?? ''),
    });
    if (page.length === 1000) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Two words of middling frequency (ranks 100–3,000): what a person looking for something types. */
export function queries(count: number, seed: number): string[] {
  const rand = prng(seed);
  const corpus = lexicon(prng(1));
  return Array.from({ length: count }, () => {
    const a = corpus.words[100 + Math.floor(rand() * 2900)] ?? '';
    const b = corpus.words[100 + Math.floor(rand() * 2900)] ?? '';
    return `${a.split(' ')[0]} ${b.split(' ')[0]}`;
  });
}

export interface Percentiles { p50: number; p95: number; p99: number }
export interface SearchBenchResult {
  documents: number;
  indexSeconds: number;
  docsPerSecIndexed: number;
  fileMB: number;
  queries: number;
  meanHits: number;
  /** The first time each query runs after indexing: its pages are not yet in memory. */
  coldWithFacets: Percentiles;
  withFacets: Percentiles;
  withoutFacets: Percentiles;
  cursorPage: Percentiles;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (x: number): number => Number(x.toFixed(2));

export async function searchLatency(documentCount: number, queryCount: number): Promise<SearchBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-bench-search-'));
  const file = join(dir, 'search.sqlite');
  const index = new SqliteSearchIndex(file);
  try {
    const started = performance.now();
    // The lexicon's seed is fixed (1) so queries and documents share words.
    for (const page of documents(documentCount, 1)) await index.upsert(page);
    const indexSeconds = (performance.now() - started) / 1000;
    const service = createSearchService({ index });
    const qs = queries(queryCount, 7);
    let hits = 0;
    const time = async (params: (q: string) => Record<string, string>): Promise<Percentiles> => {
      const samples: number[] = [];
      for (const q of qs) {
        const t = performance.now();
        const result = await service.search(params(q));
        samples.push(performance.now() - t);
        hits += result.total;
      }
      samples.sort((a, b) => a - b);
      return { p50: round(percentile(samples, 0.5)), p95: round(percentile(samples, 0.95)), p99: round(percentile(samples, 0.99)) };
    };
    // Steady state: one pass over every query first (reported as the cold pass), so each is then
    // measured with its pages in memory, as on a running server, not paying the first page faults
    // in whichever mode runs first.
    const coldWithFacets = await time((q) => ({ q }));
    hits = 0;
    const withFacets = await time((q) => ({ q }));
    const meanHits = hits / qs.length;
    const withoutFacets = await time((q) => ({ q, facets: 'false' }));
    // The second page through a cursor costs what the first does.
    const cursors = new Map<string, string>();
    for (const q of qs) {
      const first = await service.search({ q, facets: 'false', size: '10' });
      if (first.nextCursor) cursors.set(q, first.nextCursor);
    }
    const cursorPage = await time((q) => ({ q, facets: 'false', size: '10', ...(cursors.has(q) ? { cursor: cursors.get(q) ?? '' } : {}) }));
    return {
      documents: documentCount,
      indexSeconds: round(indexSeconds),
      docsPerSecIndexed: Math.round(documentCount / indexSeconds),
      fileMB: round(statSync(file).size / 1e6),
      queries: qs.length,
      meanHits: Math.round(meanHits),
      coldWithFacets,
      withFacets,
      withoutFacets,
      cursorPage,
    };
  } finally {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
