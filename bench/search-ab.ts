/**
 * `node --import tsx bench/search-ab.ts <base checkout> <index file> <documents> [stress|realistic] [queries] [base index file]`:
 * the embedded engine of another checkout (e.g. `git archive <commit> shared | tar -x -C /tmp/base`,
 * with node_modules linked) against this one, in one process, on an index kept by
 * `bench/search.ts --keep` — the typo fragments of that run, the same fragments typed without the
 * typo, and the two-word queries, each query searched by both engines in turn (which goes first
 * alternates), after a warm-up pass (then both engines are opened again, so no per-connection cache
 * holds the measured queries' own results). Times are CPU time of the process per search (on a shared
 * machine the other processes' load counts much less than in wall time). Every response of the one
 * must equal the other's (hits, order, scores, snippets, totals, facets, corrections, cursors): the
 * run fails otherwise. With a base index file, the base engine searches that file instead: the same
 * code over two builds of one corpus (e.g. one with its FTS5 segments merged, one without).
 */
import { isDeepStrictEqual } from 'node:util';
import { resolve } from 'node:path';
import type { SearchService } from '../shared/services/search-service.ts';
import { corpusDocuments, queries, typoCasePicker, type BenchCorpus } from './search.ts';

type Engine = { service: SearchService; close: () => void };

const [baseRoot, file, countArg, corpusArg, queriesArg, baseFileArg] = process.argv.slice(2);
if (!baseRoot || !file || !countArg) throw new Error('usage: bench/search-ab.ts <base checkout> <index file> <documents> [stress|realistic] [queries]');
const documentCount = Number(countArg);
const corpus: BenchCorpus = corpusArg === 'realistic' ? 'realistic' : 'stress';
const queryCount = Number(queriesArg ?? 200);

async function open(root: string, indexFile = file): Promise<Engine> {
  const { SqliteSearchIndex } = (await import(resolve(root, 'shared/adapters/sqlite-search-index.ts'))) as typeof import('../shared/adapters/sqlite-search-index.ts');
  const { createSearchService } = (await import(resolve(root, 'shared/services/search-service.ts'))) as typeof import('../shared/services/search-service.ts');
  const index = new SqliteSearchIndex(indexFile ?? '');
  return { service: createSearchService({ index }), close: () => index.close() };
}

let base = await open(baseRoot, baseFileArg ?? file);
let head = await open(resolve(import.meta.dirname, '..'));

const typo = typoCasePicker(documentCount, queryCount);
const fragments: string[] = [];
for (const page of corpusDocuments(corpus, documentCount)) {
  for (const doc of page) {
    const before = typo.cases.length;
    typo.see(doc);
    // The fragment as it stands in the title: the typo query's window, typed right.
    const made = typo.cases[before];
    if (made) fragments.push(titleWindow(doc.title, made.q));
  }
}

/** The three title words the typo query was made from (the window whose words differ from it in one word at most). */
function titleWindow(title: string, q: string): string {
  const words = title.toLowerCase().split(' ');
  const typed = q.split(' ');
  for (let i = 0; i + typed.length <= words.length; i++) {
    const window = words.slice(i, i + typed.length);
    if (window.filter((w, k) => w !== typed[k]).length <= 1) return window.join(' ');
  }
  return q;
}

const sets: Array<[string, string[]]> = [
  ['typo fragments', typo.cases.map((c) => c.q)],
  ['fragments typed right', fragments],
  ['two-word queries', queries(queryCount, 7)],
];

const cpu = async (engine: Engine, q: string): Promise<[number, unknown]> => {
  const started = process.cpuUsage();
  const response = await engine.service.search({ q });
  const used = process.cpuUsage(started);
  return [(used.user + used.system) / 1000, response];
};
const at = (sorted: number[], p: number): number => Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(1));
const summary = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${at(s, 0.5)} / p95 ${at(s, 0.95)} / p99 ${at(s, 0.99)} ms, mean ${(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)).toFixed(1)}`;
};

let differences = 0;
for (const [name, qs] of sets) {
  for (const q of qs) {
    await base.service.search({ q });
    await head.service.search({ q });
  }
  // Each engine is opened again for the measured pass: the warm-up filled the OS's page cache (shared by
  // both), and nothing an engine keeps per connection (SQLite's own page cache, remembered term
  // frequencies) is warm from the very queries it is timed on.
  base.close();
  head.close();
  base = await open(baseRoot, baseFileArg ?? file);
  head = await open(resolve(import.meta.dirname, '..'));
  const times = { base: [] as number[], head: [] as number[] };
  let total = 0;
  for (const [i, q] of qs.entries()) {
    const order: Array<'base' | 'head'> = i % 2 === 0 ? ['base', 'head'] : ['head', 'base'];
    const responses: Record<string, unknown> = {};
    for (const which of order) {
      const [ms, response] = await cpu(which === 'base' ? base : head, q);
      times[which].push(ms);
      responses[which] = response;
    }
    total += (responses.head as { total: number }).total;
    if (!isDeepStrictEqual(responses.base, responses.head)) {
      differences++;
      if (differences <= 5) process.stdout.write(`differs: ${JSON.stringify(q)}\n`);
    }
  }
  process.stdout.write(`${corpus} ${documentCount}, ${name} (${qs.length}, mean total ${Math.round(total / Math.max(1, qs.length))}):\n  base ${summary(times.base)}\n  head ${summary(times.head)}\n`);
}
base.close();
head.close();
process.stdout.write(differences === 0 ? 'responses identical\n' : `${differences} responses differ\n`);
process.exitCode = differences === 0 ? 0 : 1;
