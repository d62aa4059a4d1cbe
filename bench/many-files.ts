/**
 * `docpipe process` on many files, as a user runs it: a fresh `node dist/docpipe.js process DIR`
 * process, timed whole (start-up included) with 1 and with 2 threads (the main thread alone, and with one worker: the two split the stages), on ≥ 800 real article
 * files (the reference corpus's dev pages and samples, copied under several names until there are
 * enough; generated scraped pages when the corpus is absent). Also checks that every worker count
 * prints byte-identical output. Runs alone: `node --import tsx bench/many-files.ts [--quick]`.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist, isStale } from '../bin/build.mjs';
import { prng, variedScrapedText } from './corpus.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CORPUS = resolve(ROOT, '../shared/corpus');
const MIN_FILES = 800;
export const MANY_FILES_TARGET_SECONDS = 1.0;

// The compiled CLI is what a user runs: built here when dist/ is missing or older than the sources.
if (isStale()) await buildDist();

export interface ManyFilesRun {
  workers: number;
  /** Median wall time of the whole process, seconds. */
  seconds: number;
  runs: number[];
  mbPerSec: number;
  /** CPU time of the process tree (every thread, start-up included) per file, ms. */
  cpuMsPerFile: number;
  /** SHA-256 of the NDJSON printed: equal for every worker count. */
  outputSha256: string;
  failedFiles: number;
}

export interface ManyFilesResult {
  files: number;
  bytes: number;
  /** Distinct source files the set was copied from, and where they came from. */
  distinctFiles: number;
  source: string;
  /** `process` on one small file: the start-up every figure includes. */
  oneFileSeconds: number;
  results: ManyFilesRun[];
  sameOutput: boolean;
}

/** Article files of the reference corpus (not its gold JSON), in a stable order. */
function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.endsWith('-gold')) walk(full);
      else if (entry.isFile() && /\.(txt|html|md)$/.test(entry.name)) out.push(full);
    }
  };
  for (const sub of ['dev', 'samples']) if (existsSync(join(CORPUS, sub))) walk(join(CORPUS, sub));
  return out;
}

/** Writes ≥ MIN_FILES files into `dir`: copies of the corpus's articles under distinct names, or generated pages. */
function prepareFiles(dir: string): { files: number; bytes: number; distinct: number; source: string } {
  const sources = corpusFiles();
  let bytes = 0;
  let files = 0;
  if (sources.length > 0) {
    for (let copy = 0; files < MIN_FILES; copy++) {
      for (const file of sources) {
        const body = readFileSync(file);
        writeFileSync(join(dir, `${String(copy)}-${String(files).padStart(4, '0')}-${file.split('/').pop() ?? 'file'}`), body);
        bytes += body.length;
        files++;
      }
    }
    return { files, bytes, distinct: sources.length, source: `real articles of ../shared/corpus (dev and samples), ${sources.length} files copied under distinct names` };
  }
  const rand = prng(880);
  for (; files < 880; files++) {
    const body = Buffer.from(variedScrapedText(rand, 5400));
    writeFileSync(join(dir, `${String(files).padStart(4, '0')}.txt`), body);
    bytes += body.length;
  }
  return { files, bytes, distinct: files, source: 'generated scraped pages (bench/corpus.ts; ../shared/corpus is absent)' };
}

/** CPU seconds of this process's reaped children (and theirs), from /proc (Linux; 0 elsewhere). */
function childrenCpuSeconds(): number {
  try {
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    return ((fields[13] ?? 0) + (fields[14] ?? 0)) / 100;
  } catch {
    return 0;
  }
}

/** One fresh `docpipe process` over `dir`; stdout to a file, hashed. */
function processOnce(dir: string, args: string[], outFile: string): { seconds: number; cpuSeconds: number; sha256: string; failed: number; status: number | null } {
  const fd = openSync(outFile, 'w');
  const cpuBefore = childrenCpuSeconds();
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'dist/docpipe.js'), 'process', ...args, dir], { cwd: ROOT, stdio: ['ignore', fd, 'pipe'], timeout: 300_000 });
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  const output = readFileSync(outFile);
  const failed = output.toString('utf8').split('\n').filter((l) => l.includes('"error":{"code"')).length;
  if (run.status !== 0 && run.status !== 1) throw new Error(`docpipe process ${args.join(' ')} ended with ${run.status ?? run.signal}: ${run.stderr?.toString() ?? ''}`);
  return { seconds, cpuSeconds: childrenCpuSeconds() - cpuBefore, sha256: createHash('sha256').update(output).digest('hex'), failed, status: run.status };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

/** `docpipe process` on ≥ 800 files with each worker count, `runs` fresh processes each (alternating). */
export function manyFiles(options: { runs?: number; workers?: number[] } = {}): ManyFilesResult {
  const runs = options.runs ?? 5;
  const workerCounts = options.workers ?? [1, 2];
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-bench-many-'));
  const outFile = join(dir, '..', `${dir.split('/').pop() ?? 'many'}.ndjson`);
  try {
    const files = join(dir, 'files');
    mkdirSync(files);
    const prepared = prepareFiles(files);
    const one = join(dir, 'one.txt');
    writeFileSync(one, 'Hội nghị giao ban\n\nNgày 18/6/2018, Thường trực Tỉnh ủy tổ chức hội nghị giao ban.\n');
    const oneFile = Array.from({ length: runs }, () => processOnce(one, ['--concurrency', '1'], outFile).seconds);
    const samples = new Map<number, Array<ReturnType<typeof processOnce>>>(workerCounts.map((w) => [w, []]));
    // Alternating the worker counts spreads any change in the machine's load over all of them.
    for (let i = 0; i < runs; i++) for (const w of workerCounts) samples.get(w)?.push(processOnce(files, ['--concurrency', String(w)], outFile));
    const results = workerCounts.map((workers): ManyFilesRun => {
      const s = samples.get(workers) ?? [];
      const seconds = median(s.map((r) => r.seconds));
      return {
        workers,
        seconds: round(seconds),
        runs: s.map((r) => round(r.seconds)),
        mbPerSec: round(prepared.bytes / 1e6 / seconds),
        cpuMsPerFile: round((median(s.map((r) => r.cpuSeconds)) * 1000) / prepared.files, 2),
        outputSha256: s[0]?.sha256 ?? '',
        failedFiles: s[0]?.failed ?? 0,
      };
    });
    const hashes = new Set([...samples.values()].flat().map((r) => r.sha256));
    return { files: prepared.files, bytes: prepared.bytes, distinctFiles: prepared.distinct, source: prepared.source, oneFileSeconds: round(median(oneFile)), results, sameOutput: hashes.size === 1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outFile, { force: true });
  }
}

/** The benchmark's "many files" section (markdown lines). */
export function manyFilesSection(r: ManyFilesResult, cores: number): string[] {
  const two = r.results.find((x) => x.workers === 2);
  const oneWorker = r.results.find((x) => x.workers === 1);
  return [
    '## Many files: `docpipe process`',
    '',
    `\`node dist/docpipe.js process --concurrency N DIR > file\` in a fresh process, timed whole (start-up, reading, processing, printing), on ${r.files.toLocaleString('en')} files, ${round(r.bytes / 1e6, 1)} MB: ${r.source}. Median of ${two?.runs.length ?? oneWorker?.runs.length ?? 0} runs per worker count, the counts alternating; this machine has ${cores} cores. CPU is of the whole process (the CLI and its worker threads), per file. \`process\` on one small file takes ${r.oneFileSeconds} s: the start-up every row includes. Output with every worker count byte-identical: ${r.sameOutput ? 'yes' : '**no**'}.`,
    '',
    '| threads (--concurrency) | whole process (s) | runs (s) | MB/s | CPU ms per file | cores busy | failed files | target |',
    '| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
    ...r.results.map((x) => `| ${x.workers} | ${x.seconds} | ${x.runs.join(', ')} | ${x.mbPerSec} | ${x.cpuMsPerFile} | ${round((x.cpuMsPerFile * r.files) / 1000 / x.seconds, 1)} | ${x.failedFiles} | ${x.workers === 2 ? `< ${MANY_FILES_TARGET_SECONDS} s: ${x.seconds < MANY_FILES_TARGET_SECONDS ? 'met' : '**not met**'}` : ''} |`),
    '',
    // Measured for issue 15 (callgrind of `process` on 59 of these files, one thread): V8's optimising compiler
    // was 52 % of all instructions, regular-expression compilation 11 %.
    'Two threads split the stages, not the files: the main thread reads and cleans each file (`readDocument`: decoding, lines, structure, abbreviations, dates, document references) and posts what it read to one worker thread, which reads the rest of its facts (`describeDocument`: people, summary, language, fingerprint, keywords) and hands back its line; the main thread prints the lines in order. More threads split the files: the main thread and N − 1 worker threads read and process runs of four files as they free up. Cores busy is CPU time over wall time. One thread already keeps more than one core busy: V8 optimises the hot processing functions on background threads, and on a short run that compiling, with the code running in V8\'s lower tiers until it is optimised, is most of the work. Threads that each process whole files do all of it again, each its own, and compete with their own compilers; split by stages, each thread warms up only its half of the code (callgrind, `process` of these 942 files, all instructions of the process: one thread 9.99 G; two threads splitting the files 14.87 G; splitting the stages 10.89 G, 4.36 G on the main thread, 4.45 G on the worker, 2.09 G on V8\'s compiler threads). `docpipe process` therefore uses two threads on 2 cores and one per core but one on more, by default, and at most one per 512 KB of input (on 128 of these files, 675 kB, two threads took as long as one). The CLI raises V8\'s interrupt budget to four times its default as it starts (bin/v8-flags.ts; V8\'s flags belong to the process, so the worker threads share it; with the stages split, twice, six and eight times measured slower, and so did no flags): on a run this short, hot functions optimised before their type feedback has settled were deoptimised and optimised again (up to five times each when the flag was chosen), and waiting longer optimises fewer of them. Each deoptimisation throws away a function\'s optimised code, and TurboFan takes up to about 100 ms to compile the largest again, so the processing code also avoids the causes found (arrays of one elements kind, no read past a string\'s end): under `--trace-deopt` each function now deoptimises at most once in such a run, for a branch first taken late. The CLI also turns V8\'s on-stack replacement off: a function gets its optimised code at its next call rather than in the middle of a loop, and TurboFan no longer compiles a second version of functions it is already optimising (about 2 % fewer instructions in all with one thread), and has V8 compile each regular expression straight to machine code rather than for its regexp interpreter first and again at the second use (one thread 9.48 → 9.25 G).',
    '',
  ];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const result = manyFiles({ runs: quick ? 3 : 5 });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n\n${manyFilesSection(result, (await import('node:os')).cpus().length).join('\n')}\n`);
}
