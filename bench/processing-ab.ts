/**
 * `node --import tsx bench/processing-ab.ts <base checkout> [rounds]`: processDocument of another
 * checkout (e.g. `git worktree add /tmp/base <commit>` with node_modules copied) against this one, in
 * one process, rounds alternating which goes first. CPU time of the process, not wall time: on a
 * shared machine the other processes' load then counts much less. Prints the median per document and
 * MB/s for the 5 KB article of `npm run bench`, generated scraped, English and HTML pages, and the
 * dev files of ../shared/corpus.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { englishText, htmlPage, prng, scrapedText } from './corpus.ts';
import { CORPUS_DIR, corpusAvailable } from '../test/support/shared-corpus.ts';

type Process = (bytes: Uint8Array) => Promise<unknown>;

const [baseRoot, roundsArg] = process.argv.slice(2);
if (!baseRoot) throw new Error('usage: bench/processing-ab.ts <base checkout> [rounds]');
const rounds = Number(roundsArg ?? 9);
const load = async (root: string): Promise<Process> => ((await import(resolve(root, 'shared/domain/process-document.ts'))) as { processDocument: Process }).processDocument;
const base = await load(baseRoot);
const head = await load(resolve(import.meta.dirname, '..'));

const generated = (make: (rand: () => number) => string): Buffer[] => {
  const rand = prng(42);
  return Array.from({ length: 150 }, () => Buffer.from(make(rand)));
};
const dev: Buffer[] = [];
if (corpusAvailable) {
  for (const folder of ['news', 'people']) {
    const dir = join(CORPUS_DIR, 'dev', folder);
    for (const file of readdirSync(dir)) dev.push(readFileSync(join(dir, file)));
  }
}
const sets: Array<[string, Buffer[], number]> = [
  ['5 KB article', [Buffer.from(scrapedText(prng(7), 5000))], 300],
  ['scraped text', generated(scrapedText), 1],
  ['English text', generated(englishText), 1],
  ['HTML pages', generated(htmlPage), 1],
  ...(dev.length > 0 ? [['corpus dev files', dev, 1] as [string, Buffer[], number]] : []),
];

/** CPU milliseconds per pass over `docs`. */
async function cpuMs(run: Process, docs: Buffer[], passes: number): Promise<number> {
  const started = process.cpuUsage();
  for (let p = 0; p < passes; p++) for (const d of docs) await run(d);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / passes;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const samples = sets.map(() => ({ base: [] as number[], head: [] as number[] }));
for (const [, docs, passes] of sets) {
  await cpuMs(base, docs, passes); // warm-up: JIT and lazy module loading
  await cpuMs(head, docs, passes);
}
for (let r = 0; r < rounds; r++) {
  for (const [k, [, docs, passes]] of sets.entries()) {
    const s = samples[k] as { base: number[]; head: number[] };
    if (r % 2 === 0) {
      s.base.push(await cpuMs(base, docs, passes));
      s.head.push(await cpuMs(head, docs, passes));
    } else {
      s.head.push(await cpuMs(head, docs, passes));
      s.base.push(await cpuMs(base, docs, passes));
    }
  }
}
for (const [k, [name, docs]] of sets.entries()) {
  const bytes = docs.reduce((n, d) => n + d.length, 0);
  const s = samples[k] as { base: number[]; head: number[] };
  const [b, h] = [median(s.base), median(s.head)];
  const figures = (ms: number): string => `${(ms / docs.length).toFixed(3)} ms/doc, ${(bytes / 1e3 / ms).toFixed(2)} MB/s`;
  process.stdout.write(`${name} (${docs.length} docs, ${bytes} bytes): base ${figures(b)} | this ${figures(h)} | ${(b / h).toFixed(2)}×\n`);
}
