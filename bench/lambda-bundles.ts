/**
 * The Lambda functions as they ship: each handler bundled the way infra/pipeline-function.ts has the
 * CDK bundle it (the options of infra/function-bundles.ts: esbuild bundle, minify, platform node,
 * target node24, CommonJS, ES-module builds preferred, source map without sources in its own file,
 * packages needed only on some paths in files beside the bundle), then weighed, and its initialisation
 * timed in fresh Node processes with the environment its configuration needs. Also the peak memory of
 * processing one large document in a fresh process.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, stop as stopEsbuild, type Metafile } from 'esbuild';
import { BUNDLE_TARGET, externalsOf, ICONV_TABLES_DIR, LAZY_PACKAGES, lazyPackagesBuild, MAIN_FIELDS, ocrFileCopies, ocrWorkerBuild, SOURCES_CONTENT, WITH_OCR } from '../infra/function-bundles.ts';
import { ENV } from '../shared/env-names.ts';
import { prng, proseOfSize } from './corpus.ts';

export const FUNCTIONS = ['ingest', 'index', 'search', 'reindex'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

const ROOT = resolve(import.meta.dirname, '..');

/** The target infra/pipeline-function.ts gives the CDK; an esbuild that does not know it falls back to node20. */
const TARGETS = [BUNDLE_TARGET, 'node20'] as const;

export interface BundleResult {
  name: FunctionName;
  target: string;
  /** index.js: what Lambda loads at initialisation. */
  bytes: number;
  /** Files beside index.js loaded only for some documents (format libraries, CJK tables), source maps not counted. */
  lazyFiles: Array<{ path: string; bytes: number }>;
  /** What the deployment zip roughly weighs (the code is stored compressed). */
  gzipBytes: number;
  largestModules: Array<{ path: string; bytes: number }>;
  largestPackages: Array<{ name: string; bytes: number }>;
  /** The first import chain from the handler to the largest package, so the note can say why it is there. */
  largestPackageVia: string[];
}

export interface ColdStart {
  name: FunctionName;
  runs: number;
  /** `require()` of the bundle with NODE_OPTIONS=--enable-source-maps, as infra/pipeline-function.ts deploys it. */
  medianMs: number;
  /** The same without source maps: what they cost at start-up (not measured by the quick run). */
  medianMsWithoutSourceMaps: number | null;
}

export interface PeakMemory {
  bytes: number;
  runs: number;
  /** VmHWM of the process: the most resident memory it ever held. */
  peakRssMB: number;
  /** Resident memory once the input was read, before processing: the runtime plus the input. */
  beforeProcessingRssMB: number;
  processingMs: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] ?? 0) : ((s[s.length / 2 - 1] ?? 0) + (s[s.length / 2] ?? 0)) / 2;
};
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));

/** Plausible values for every setting a function reads at start-up (shared/config.ts), as the CDK stack sets them. */
function functionEnvironment(name: FunctionName, sourceMaps: boolean): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: `docpipe-${name}`,
    [ENV.TABLE_NAME]: 'docpipe-documents',
    [ENV.PROCESSED_BUCKET]: 'docpipe-processed-123456789012-us-east-1',
    [ENV.RAW_BUCKET]: 'docpipe-raw-123456789012-us-east-1',
    [ENV.INGEST_QUEUE_URL]: 'https://sqs.us-east-1.amazonaws.com/123456789012/docpipe-ingest',
    [ENV.OPENSEARCH_ENDPOINT]: 'https://search-docpipe-abcdefghijklmnop.us-east-1.es.amazonaws.com',
    [ENV.INDEX_ALIAS]: 'documents',
    [ENV.MAX_DOCUMENT_BYTES]: String(50 * 1024 * 1024),
    [ENV.SERVICE_NAME]: name,
    [ENV.METRICS_NAMESPACE]: 'docpipe',
    [ENV.LOG_LEVEL]: 'INFO',
    ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
  };
}

/**
 * Builds one function's asset as the CDK does (infra/pipeline-function.ts): the main bundle, then each
 * lazily loaded packages and iconv-lite's tables beside it (the `afterBundling` hook). `entry` defaults
 * to the function's handler.
 */
export async function buildFunction(name: FunctionName, outputDir: string, entry = `functions/${name}/handler.ts`): Promise<{ target: string; metafile: Metafile }> {
  let lastError: unknown;
  for (const target of TARGETS) {
    try {
      const result = await build({
        entryPoints: [entry],
        absWorkingDir: ROOT,
        bundle: true,
        minify: true,
        platform: 'node',
        target,
        format: 'cjs',
        sourcemap: true,
        sourcesContent: SOURCES_CONTENT,
        mainFields: [...MAIN_FIELDS],
        external: externalsOf(name),
        outfile: join(outputDir, 'index.js'),
        metafile: true,
        logLevel: 'silent',
        tsconfig: join(ROOT, 'tsconfig.json'),
      });
      if (LAZY_PACKAGES[name].length > 0) await build({ ...lazyPackagesBuild(name, outputDir), absWorkingDir: ROOT, target, logLevel: 'silent' });
      if (externalsOf(name).some((e) => e.startsWith('./tables/'))) cpSync(join(ROOT, ICONV_TABLES_DIR), join(outputDir, 'tables'), { recursive: true });
      if (WITH_OCR.has(name)) {
        await build({ ...ocrWorkerBuild(outputDir), absWorkingDir: ROOT, target, logLevel: 'silent' });
        for (const [from, to] of ocrFileCopies()) {
          mkdirSync(dirname(join(outputDir, to)), { recursive: true });
          cpSync(join(ROOT, from), join(outputDir, to));
        }
      }
      return { target, metafile: result.metafile };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Every file of an asset folder but index.js and the source maps, relative to it. */
function lazyFilesIn(dir: string): Array<{ path: string; bytes: number }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => ({ path, full: join(dir, path) }))
    .filter(({ path, full }) => path !== 'index.js' && !path.endsWith('.map') && statSync(full).isFile())
    .map(({ full }) => ({ path: relative(dir, full), bytes: statSync(full).size }))
    .sort((a, b) => b.bytes - a.bytes);
}

function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match?.[1] ?? path.split('/').slice(0, 2).join('/');
}

/** The shortest chain of imports from `entry` to a module of `pkg` (breadth-first over the metafile). */
function importChain(metafile: Metafile, entry: string, pkg: string): string[] {
  const previous = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  while (queue.length > 0) {
    const current = queue.shift() ?? '';
    if (packageOf(current) === pkg && current !== entry) {
      const chain: string[] = [];
      for (let at: string | null | undefined = current; at; at = previous.get(at)) chain.unshift(at);
      return chain;
    }
    for (const imported of metafile.inputs[current]?.imports ?? []) {
      if (!previous.has(imported.path)) {
        previous.set(imported.path, current);
        queue.push(imported.path);
      }
    }
  }
  return [];
}

/** Runs `node -e script` in a fresh process; resolves with its stdout. */
function fresh(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(out) : fail(new Error(`node ${args.join(' ').slice(0, 80)}… exited with ${code}: ${err.slice(-2000)}`))));
  });
}

/**
 * Bundles every function into a temporary folder, weighs it, then times `require()` of each bundle
 * in `runs` fresh processes (interleaved across functions, so a noisy moment does not land on one).
 */
export async function lambdaBundles(runs: number, alsoWithoutSourceMaps = true): Promise<{ bundles: BundleResult[]; coldStarts: ColdStart[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-bench-bundles-'));
  try {
    const bundles: BundleResult[] = [];
    const files = new Map<FunctionName, string>();
    for (const name of FUNCTIONS) {
      const entry = `functions/${name}/handler.ts`;
      const outfile = join(dir, name, 'index.js');
      const { target, metafile } = await buildFunction(name, join(dir, name), entry);
      files.set(name, outfile);
      const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('index.js'))?.[1];
      if (!output) throw new Error(`esbuild wrote no index.js for ${name}`);
      const modules = Object.entries(output.inputs).map(([path, v]) => ({ path, bytes: v.bytesInOutput }));
      const packages = new Map<string, number>();
      for (const m of modules) packages.set(packageOf(m.path), (packages.get(packageOf(m.path)) ?? 0) + m.bytes);
      const largestPackages = [...packages].map(([p, bytes]) => ({ name: p, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 5);
      bundles.push({
        name,
        target,
        bytes: statSync(outfile).size,
        lazyFiles: lazyFilesIn(join(dir, name)),
        gzipBytes: gzipSync(readFileSync(outfile)).length,
        largestModules: modules.sort((a, b) => b.bytes - a.bytes).slice(0, 5),
        largestPackages,
        largestPackageVia: importChain(metafile, entry, largestPackages[0]?.name ?? ''),
      });
    }

    // esbuild's service process ends here, so its CPU is not counted as other work on the machine.
    await stopEsbuild();
    const samples = new Map<string, number[]>();
    for (let run = 0; run < runs; run++) {
      for (const name of FUNCTIONS) {
        for (const sourceMaps of alsoWithoutSourceMaps ? [true, false] : [true]) {
          const file = files.get(name) ?? '';
          const script = `const t=performance.now();require(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t))`;
          const ms = Number(await fresh(['-e', script], functionEnvironment(name, sourceMaps)));
          const key = `${name}:${sourceMaps}`;
          samples.set(key, [...(samples.get(key) ?? []), ms]);
        }
      }
    }
    const coldStarts = FUNCTIONS.map((name) => ({
      name,
      runs,
      medianMs: round(median(samples.get(`${name}:true`) ?? [])),
      medianMsWithoutSourceMaps: alsoWithoutSourceMaps ? round(median(samples.get(`${name}:false`) ?? [])) : null,
    }));
    return { bundles, coldStarts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Peak resident memory of processing one plain-text document of each size through `processDocument`,
 * each in `runs` fresh processes, two at a time. The probe is bundled like a function (so no
 * TypeScript loader sits in the measured process) and reads the document from a file, as the ingest
 * holds the object's bytes.
 */
export async function peakMemory(sizes: number[], runs: number): Promise<PeakMemory[]> {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-bench-memory-'));
  try {
    const probe = join(dir, 'probe.js');
    await build({
      stdin: {
        contents: `
          import { readFileSync } from 'node:fs';
          import { processDocument } from './shared/domain/process-document.ts';
          const kB = (field) => Number(new RegExp(field + ':\\\\s+(\\\\d+) kB').exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN);
          async function main() {
            const bytes = readFileSync(process.argv[2]);
            const before = kB('VmRSS');
            const t = performance.now();
            const doc = await processDocument(bytes);
            const ms = performance.now() - t;
            process.stdout.write(JSON.stringify({ peakKB: kB('VmHWM'), beforeKB: before, ms, words: doc.wordCount }));
          }
          main().catch((error) => { console.error(error); process.exit(1); });
        `,
        resolveDir: ROOT,
        sourcefile: 'memory-probe.ts',
        loader: 'ts',
      },
      absWorkingDir: ROOT,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: probe,
      logLevel: 'silent',
    });
    await stopEsbuild();
    const files = sizes.map((size) => {
      const file = join(dir, `${size}.txt`);
      writeFileSync(file, proseOfSize(prng(size), size));
      return file;
    });
    // Two probes at a time, one per core: resident memory does not depend on the schedule.
    const jobs = sizes.flatMap((size, i) => Array.from({ length: runs }, () => ({ size, file: files[i] ?? '' })));
    const samples = new Map<number, Array<{ peakKB: number; beforeKB: number; ms: number }>>();
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          if (!job) break;
          const sample = JSON.parse(await fresh([probe, job.file], { PATH: process.env.PATH })) as { peakKB: number; beforeKB: number; ms: number };
          samples.set(job.size, [...(samples.get(job.size) ?? []), sample]);
        }
      }),
    );
    const results: PeakMemory[] = sizes.map((size) => {
      const of = samples.get(size) ?? [];
      return {
        bytes: size,
        runs,
        peakRssMB: round(median(of.map((s) => s.peakKB)) / 1024),
        beforeProcessingRssMB: round(median(of.map((s) => s.beforeKB)) / 1024),
        processingMs: Math.round(median(of.map((s) => s.ms))),
      };
    });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
