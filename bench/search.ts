/**
 * Search latency on generated corpora: a Vietnamese-like lexicon (syllables with tone marks, one- to
 * three-syllable words, Zipf-distributed), documents with sources, authors, people, references and
 * dates, indexed into the embedded engine; then two-word queries timed through the search service,
 * with and without facets, and title fragments typed with one typo (the typo tiers' path).
 *
 * `node --import tsx bench/search.ts [documents] [queries] [--keep FILE] [--corpus stress|realistic] [--sealed]`
 * runs this section alone (what docs/search.md reports for the typo tiers); `npm run bench` runs it at
 * 10,000 and 100,000 on the stress corpus. `--keep FILE` keeps the index (and reuses it when it holds
 * as many documents); `--corpus realistic` indexes `realisticDocuments`, whose title fragments are as
 * selective as real headlines' (docs/search.md, "Are the benchmark's typo fragments representative?").
 * `--sealed` builds the index as a re-index does (a new generation written page by page, sealed —
 * its FTS5 segments merged into one — then activated) instead of upserting into the active one as
 * the ingest does.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SqliteSearchIndex } from '../shared/adapters/sqlite-search-index.ts';
import { typoBudget } from '../shared/domain/search/typos.ts';
import { fold } from '../shared/domain/text/tokenize.ts';
import type { IndexDocument } from '../shared/domain/types.ts';
import { createSearchService } from '../shared/services/search-service.ts';
import { prng } from './corpus.ts';
import { capitalise, documentMetadata, draw, metadataPools, realisticDocuments, zipfLexicon, type Lexicon } from './search-corpus.ts';

const LEXICON_SIZE = 30_000;

type Corpus = Lexicon;

function lexicon(rand: () => number): Corpus {
  return zipfLexicon(rand, LEXICON_SIZE, (r) => {
    const x = r();
    return x < 0.3 ? 1 : x < 0.9 ? 2 : 3;
  }, 1.05);
}

const zipf = (rand: () => number, corpus: Corpus): string => draw(rand, corpus);

export function* documents(count: number, seed: number): Generator<IndexDocument[]> {
  const rand = prng(seed);
  const corpus = lexicon(rand);
  const pools = metadataPools(rand, corpus);
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
      ...documentMetadata(rand, pools, year),
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

/**
 * Three consecutive words of an indexed title with one typo in one word that has a typo budget (a
 * letter dropped, doubled, or swapped with its neighbour): what the typo tier exists for. Null when
 * the title has no such word.
 */
export function typoQuery(title: string, rand: () => number): string | null {
  const words = title.toLowerCase().split(' ');
  const start = Math.floor(rand() * Math.max(1, words.length - 2));
  const window = words.slice(start, start + 3);
  const slots = window.map((w, i) => (typoBudget(fold(w)) > 0 ? i : -1)).filter((i) => i >= 0);
  if (slots.length === 0) return null;
  const at = slots[Math.floor(rand() * slots.length)] ?? 0;
  const chars = [...(window[at] ?? '')];
  const i = 1 + Math.floor(rand() * (chars.length - 2));
  const kind = rand();
  if (kind < 1 / 3) chars.splice(i, 1);
  else if (kind < 2 / 3) chars.splice(i, 0, chars[i] ?? '');
  else [chars[i], chars[i + 1]] = [chars[i + 1] ?? '', chars[i] ?? ''];
  window[at] = chars.join('');
  return window.join(' ');
}

/**
 * `stress`: `documents` below, every title word from one Zipf lexicon, so a 3-word title fragment
 * matches far more of the index than a real one (docs/search.md); `realistic`: `realisticDocuments`,
 * titles with topic words, whose fragments match about as selectively as real headlines'.
 */
export type BenchCorpus = 'stress' | 'realistic';

/** The lexicon's seed is fixed (1) so queries and documents share words. */
export function corpusDocuments(corpus: BenchCorpus, count: number): Generator<IndexDocument[]> {
  return corpus === 'realistic' ? realisticDocuments(count, 1) : documents(count, 1);
}

/**
 * The typo queries of a benchmark run: `typoQuery` of the titles of documents spread over the corpus
 * (every documentCount / queryCount-th, as the generator yields them), from a generator of their own.
 */
export function typoCasePicker(documentCount: number, queryCount: number): { cases: Array<{ q: string; id: string }>; see: (doc: IndexDocument) => void } {
  const typoRand = prng(11);
  const every = Math.max(1, Math.floor(documentCount / queryCount));
  const cases: Array<{ q: string; id: string }> = [];
  let seen = 0;
  return {
    cases,
    see: (doc) => {
      if (seen++ % every !== 0 || cases.length >= queryCount) return;
      const q = typoQuery(doc.title, typoRand);
      if (q) cases.push({ q, id: doc.id });
    },
  };
}

export interface Percentiles { p50: number; p95: number; p99: number }
export interface SearchBenchResult {
  /** Which generated corpus (`BenchCorpus`). */
  corpus: BenchCorpus;
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
  /** Title fragments with one typo (`typoQuery`), with facets, after a warm-up pass. */
  typoQueries: number;
  typoMeanHits: number;
  /** How often the document the fragment came from is the first hit. */
  typoTop1: number;
  /** How often it is among the first three (the evaluation's success). */
  typoTop3: number;
  withTypo: Percentiles;
  /** Bytes of the typo tiers' own tables (`lex`, `dels` and their indexes; `vocab` stores nothing). */
  typoTablesMB: number;
  /** The 1-minute load average when the timing began (the machine is shared). */
  load: number;
  /** Built as a re-index builds (`--sealed`), and the seconds its seal took (included in `indexSeconds`). */
  sealed: boolean;
  sealSeconds: number;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (x: number): number => Number(x.toFixed(2));

/**
 * `keep`: an index file to keep after the run; when it already holds `documentCount` documents (a
 * previous run with the same count), indexing is skipped and the timings run on it (`indexSeconds`
 * is then 0). The queries are drawn from the generator either way.
 */
export async function searchLatency(documentCount: number, queryCount: number, keep?: string, corpus: BenchCorpus = 'stress', sealed = false): Promise<SearchBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-bench-search-'));
  const file = keep ?? join(dir, 'search.sqlite');
  const index = new SqliteSearchIndex(file);
  const reuse = keep !== undefined && (await index.count()) === documentCount;
  try {
    const started = performance.now();
    const typo = typoCasePicker(documentCount, queryCount);
    const typoCases = typo.cases;
    const target = sealed && !reuse ? await index.createGeneration() : undefined;
    for (const page of corpusDocuments(corpus, documentCount)) {
      for (const doc of page) typo.see(doc);
      if (reuse) continue;
      if (target) await index.writeGeneration(target, page);
      else await index.upsert(page);
    }
    let sealSeconds = 0;
    if (target) {
      const sealStarted = performance.now();
      await index.sealGeneration(target);
      sealSeconds = (performance.now() - sealStarted) / 1000;
      await index.activate(target);
    }
    const indexSeconds = reuse ? 0 : (performance.now() - started) / 1000;
    const load = loadavg()[0] ?? 0;
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
    const typoSamples: number[] = [];
    let typoHits = 0;
    let typoTop1 = 0;
    let typoTop3 = 0;
    for (const pass of [0, 1]) {
      for (const { q, id } of typoCases) {
        const t = performance.now();
        const result = await service.search({ q });
        if (pass === 0) continue;
        typoSamples.push(performance.now() - t);
        typoHits += result.total;
        if (result.hits[0]?.id === id) typoTop1++;
        if (result.hits.slice(0, 3).some((hit) => hit.id === id)) typoTop3++;
      }
    }
    typoSamples.sort((a, b) => a - b);
    return {
      corpus,
      documents: documentCount,
      indexSeconds: round(indexSeconds),
      docsPerSecIndexed: reuse ? 0 : Math.round(documentCount / indexSeconds),
      fileMB: round(statSync(file).size / 1e6),
      queries: qs.length,
      meanHits: Math.round(meanHits),
      coldWithFacets,
      withFacets,
      withoutFacets,
      cursorPage,
      typoQueries: typoCases.length,
      typoMeanHits: Math.round(typoHits / Math.max(1, typoCases.length)),
      typoTop1: round(typoTop1 / Math.max(1, typoCases.length)),
      typoTop3: round(typoTop3 / Math.max(1, typoCases.length)),
      withTypo: { p50: round(percentile(typoSamples, 0.5)), p95: round(percentile(typoSamples, 0.95)), p99: round(percentile(typoSamples, 0.99)) },
      typoTablesMB: round(typoTableBytes(file) / 1e6),
      load: round(load),
      sealed,
      sealSeconds: round(sealSeconds),
    };
  } finally {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes of the typo vocabulary's tables and indexes (SQLite's `dbstat`). */
function typoTableBytes(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all() as Array<{ name: string; bytes: number }>;
    return rows.filter((r) => /^(lex|dels)_g\d+/.test(r.name) || /^sqlite_autoindex_(lex|dels)_/.test(r.name)).reduce((n, r) => n + r.bytes, 0);
  } finally {
    db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const keepAt = args.indexOf('--keep');
  const keep = keepAt >= 0 ? args.splice(keepAt, 2)[1] : undefined;
  const corpusAt = args.indexOf('--corpus');
  const corpus = corpusAt >= 0 ? args.splice(corpusAt, 2)[1] : 'stress';
  if (corpus !== 'stress' && corpus !== 'realistic') throw new Error(`--corpus ${corpus}: expected stress or realistic`);
  const sealedAt = args.indexOf('--sealed');
  if (sealedAt >= 0) args.splice(sealedAt, 1);
  const documentCount = Number(args[0] ?? 10_000);
  const queryCount = Number(args[1] ?? 200);
  process.stdout.write(`${JSON.stringify(await searchLatency(documentCount, queryCount, keep, corpus, sealedAt >= 0), null, 1)}\n`);
}
