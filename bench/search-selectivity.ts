/**
 * How selective 3-word title fragments are (docs/search.md, "Are the benchmark's typo fragments
 * representative?"): per fragment, the share of documents holding all three words, all three within 8
 * words (the typo tier's NEAR) and as a phrase, and the document frequency (df / N) of title words —
 * on the real dev corpus (`../shared/corpus/dev`, news and people pages as processed) and on a
 * benchmark index kept by `bench/search.ts --keep FILE` (its titles regenerated from the same seed).
 *
 * `node --import tsx bench/search-selectivity.ts` (real corpus only), or
 * `node --import tsx bench/search-selectivity.ts --generated FILE N [--set stress|realistic]` for an index of N
 * generated documents. Counts are FTS5's, on the folded table, so they are what the engine matches.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSearchIndex } from '../shared/adapters/sqlite-search-index.ts';
import { documentId } from '../shared/domain/ids.ts';
import { processDocument } from '../shared/domain/process-document.ts';
import { searchableText } from '../shared/domain/text/searchable.ts';
import { fold, words } from '../shared/domain/text/tokenize.ts';
import { toIndexDocument } from '../shared/services/processed-objects.ts';
import { CORPUS_DIR } from '../test/support/shared-corpus.ts';
import { prng } from './corpus.ts';
import { corpusDocuments, type BenchCorpus } from './search.ts';

interface Stats {
  corpus: string;
  documents: number;
  fragments: number;
  /** Share of the other documents (the fragment's own excluded) holding all three words: p50 / p90 / p95 / mean. */
  allWords: Quantiles;
  near8: Quantiles;
  phrase: Quantiles;
  /** df / N of every word of the sampled titles. */
  titleWordDf: Quantiles;
  /** Share of title words held by more than 1 % / 10 % of the documents. */
  titleWordsOver1pc: number;
  titleWordsOver10pc: number;
}
interface Quantiles { p50: number; p90: number; p95: number; mean: number }

const quantiles = (xs: number[]): Quantiles => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number): number => Number((s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0).toPrecision(3));
  return { p50: at(0.5), p90: at(0.9), p95: at(0.95), mean: Number((s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)).toPrecision(3)) };
};

/** Counts over an index file's active generation for fragments of (folded) titles. */
function measure(file: string, corpus: string, titles: string[], windows: (ws: string[]) => string[][]): Stats {
  const db = new Database(file, { readonly: true });
  try {
    const gen = (db.prepare("SELECT v FROM index_meta WHERE k = 'active'").pluck().get() as string);
    const n = db.prepare(`SELECT count(*) FROM meta_${gen}`).pluck().get() as number;
    const count = db.prepare(`SELECT count(*) FROM fts_${gen} WHERE fts_${gen} MATCH ?`).pluck();
    const df = db.prepare(`SELECT doc FROM vocab_${gen} WHERE term = ?`).pluck();
    const all: number[] = [];
    const near: number[] = [];
    const phrase: number[] = [];
    const dfs: number[] = [];
    const other = (q: string): number => Math.max(0, (count.get(q) as number) - 1) / Math.max(1, n - 1);
    for (const title of titles) {
      const ws = words(searchableText(title)).map((w) => w.toLowerCase());
      for (const w of ws) dfs.push(((df.get(fold(w)) as number | undefined) ?? 0) / n);
      for (const f of windows(ws)) {
        const q = f.map((w) => `"${w}"`);
        all.push(other(q.join(' AND ')));
        near.push(other(`NEAR(${q.join(' ')}, 8)`));
        phrase.push(other(`"${f.join(' ')}"`));
      }
    }
    return {
      corpus, documents: n, fragments: all.length, allWords: quantiles(all), near8: quantiles(near), phrase: quantiles(phrase), titleWordDf: quantiles(dfs),
      titleWordsOver1pc: Number((dfs.filter((x) => x > 0.01).length / dfs.length).toFixed(3)),
      titleWordsOver10pc: Number((dfs.filter((x) => x > 0.1).length / dfs.length).toFixed(3)),
    };
  } finally {
    db.close();
  }
}

const everyWindow = (ws: string[]): string[][] => ws.length < 3 ? [] : Array.from({ length: ws.length - 2 }, (_, i) => ws.slice(i, i + 3));

async function real(): Promise<Stats> {
  const dev = join(CORPUS_DIR, 'dev');
  if (!existsSync(dev)) throw new Error(`${dev} not found: ../shared/corpus is not beside the project.`);
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-selectivity-'));
  const file = join(dir, 'search.sqlite');
  const index = new SqliteSearchIndex(file);
  const titles: string[] = [];
  try {
    for (const folder of ['news', 'people']) {
      for (const name of readdirSync(join(dev, folder)).sort()) {
        try {
          const document = await processDocument(readFileSync(join(dev, folder, name)));
          const doc = toIndexDocument({ id: documentId('docpipe-raw', `${folder}/${name}`), key: name, etag: 'e1' }, { document });
          await index.upsert([doc]);
          // Fragments from the news headlines (the people pages' first lines are not titles).
          if (folder === 'news' && doc.title) titles.push(doc.title);
        } catch {
          // A page processing rejects is not indexed.
        }
      }
    }
    index.close();
    return measure(file, 'real dev (news + people)', titles, everyWindow);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The titles bench/search.ts draws its typo fragments from (every N/200-th document), one random window each. */
function generated(file: string, count: number, corpus: BenchCorpus): Stats {
  const every = Math.max(1, Math.floor(count / 200));
  const titles: string[] = [];
  let seen = 0;
  for (const page of corpusDocuments(corpus, count)) for (const doc of page) if (seen++ % every === 0 && titles.length < 200) titles.push(doc.title);
  const rand = prng(5);
  return measure(file, `generated ${corpus} ${count}`, titles, (ws) => {
    const start = Math.floor(rand() * Math.max(1, ws.length - 2));
    return ws.length < 3 ? [] : [ws.slice(start, start + 3)];
  });
}

const args = process.argv.slice(2);
const at = args.indexOf('--generated');
const setAt = args.indexOf('--set');
const set = setAt >= 0 && args[setAt + 1] === 'realistic' ? 'realistic' : 'stress';
const stats = at >= 0 ? generated(args[at + 1] ?? '', Number(args[at + 2]), set) : await real();
process.stdout.write(`${JSON.stringify(stats, null, 1)}\n`);
