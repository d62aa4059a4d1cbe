/**
 * The Lambda functions as they ship: each handler bundled the way infra/pipeline-function.ts has the
 * CDK bundle it (the options of infra/function-bundles.ts: esbuild bundle, minify, platform node,
 * target node24, ES modules split into chunks, ES-module builds of packages preferred, source map without sources in its own file,
 * packages needed only on some paths in files beside the bundle), then weighed, and its initialisation
 * timed in fresh Node processes with the environment its configuration needs. Also the peak memory of
 * processing one large document in a fresh process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, stop as stopEsbuild, type Metafile } from 'esbuild';
import { assetBuilds, BUNDLE_TARGET, copyAssetFiles, ENTRY_FILE, LOADED_ON_SOME_PATHS } from '../infra/function-bundles.ts';
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
  /** What Lambda loads at initialisation: index.mjs and the chunks it imports statically (source maps not counted). */
  bytes: number;
  initFiles: string[];
  /**
   * The chunks an ordinary first invocation loads on top, relative to the asset: first the function's
   * clients and adapters (functions/<name>/clients.ts and the chunks it imports), then the tracer's
   * (`tracer: true`), in the order shared/adapters/aws-runtime.ts loads them.
   */
  firstUseFiles: Array<{ path: string; bytes: number; tracer: boolean }>;
  /** Every other file of the asset, loaded only on some paths (format libraries, OCR, credential providers, CJK tables), source maps not counted. */
  lazyFiles: Array<{ path: string; bytes: number }>;
  /** What the initialisation's files weigh compressed (the code is stored compressed). */
  gzipBytes: number;
  largestModules: Array<{ path: string; bytes: number }>;
  largestPackages: Array<{ name: string; bytes: number }>;
  /** The first import chain from the handler to the largest package, so the note can say why it is there. */
  largestPackageVia: string[];
}

export interface ColdStart {
  name: FunctionName;
  runs: number;
  /** `import()` of index.mjs with NODE_OPTIONS=--enable-source-maps, as infra/pipeline-function.ts deploys it. */
  medianMs: number;
  /** The same without source maps: what they cost at start-up (not measured by the quick run). */
  medianMsWithoutSourceMaps: number | null;
  /** Initialisation, then loading the chunks of an ordinary first invocation (as deployed): what a cold start's code costs in all. */
  firstInvocationMs: number;
  /** CPU time (user + system) of the initialisation as deployed, and of the cold start's code: steadier than the elapsed time when other processes share the cores. */
  medianCpuMs: number;
  firstInvocationCpuMs: number;
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
    // As in Lambda: tracing is on (the tracer loads with the first invocation, shared/adapters/aws-runtime.ts).
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
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
 * Builds one function's asset as the CDK does (infra/pipeline-function.ts runs the same builds and
 * copies, infra/function-bundles.ts). `entry` defaults to the function's handler.
 */
export async function buildFunction(name: FunctionName, outputDir: string, entry = `functions/${name}/handler.ts`): Promise<{ target: string; metafile: Metafile }> {
  let lastError: unknown;
  for (const target of TARGETS) {
    try {
      const [main, ...others] = assetBuilds(name, outputDir, entry);
      if (!main) throw new Error(`no build for ${name}`);
      const result = await build({ ...main, absWorkingDir: ROOT, target, metafile: true, logLevel: 'silent', tsconfig: join(ROOT, 'tsconfig.json') });
      for (const other of others) await build({ ...other, absWorkingDir: ROOT, target, logLevel: 'silent' });
      copyAssetFiles(name, outputDir, ROOT);
      return { target, metafile: result.metafile };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Every file of an asset folder but the source maps, relative to it. */
function filesIn(dir: string): Array<{ path: string; bytes: number }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((path) => ({ path, full: join(dir, path) }))
    .filter(({ path, full }) => !path.endsWith('.map') && statSync(full).isFile())
    .map(({ full }) => ({ path: relative(dir, full), bytes: statSync(full).size }))
    .sort((a, b) => b.bytes - a.bytes);
}

function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match?.[1] ?? path.split('/').slice(0, 2).join('/');
}

/**
 * The output files reached from `from` through the metafile's imports: static imports only (what
 * loading `from` loads), or also dynamic ones except into chunks holding a package or module of `notInto`.
 */
export function reachedOutputs(metafile: Metafile, from: string, options: { dynamic: boolean; notInto?: readonly string[] }): string[] {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift() ?? '';
    for (const imported of metafile.outputs[current]?.imports ?? []) {
      if (imported.external || seen.has(imported.path) || !metafile.outputs[imported.path]) continue;
      if (imported.kind === 'dynamic-import') {
        if (!options.dynamic) continue;
        const inputs = Object.keys(metafile.outputs[imported.path]?.inputs ?? {});
        if (options.notInto?.some((pkg) => inputs.some((i) => i === pkg || packageOf(i) === pkg))) continue;
      }
      seen.add(imported.path);
      queue.push(imported.path);
    }
  }
  return [...seen];
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
      if (imported.kind === 'dynamic-import') continue;
      if (!previous.has(imported.path)) {
        previous.set(imported.path, current);
        queue.push(imported.path);
      }
    }
  }
  return [];
}

/** Runs `node args` in a fresh process; resolves with its stdout. */
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

/** Weighs one built asset: what initialisation loads, what a first invocation adds, the rest. */
function weigh(name: FunctionName, target: string, dir: string, metafile: Metafile, entry: string): BundleResult {
  const abs = (output: string): string => resolve(ROOT, output);
  const entryOutput = Object.keys(metafile.outputs).find((path) => abs(path) === join(dir, ENTRY_FILE));
  if (!entryOutput) throw new Error(`esbuild wrote no ${ENTRY_FILE} for ${name}`);
  const init = reachedOutputs(metafile, entryOutput, { dynamic: false });
  const firstUse = reachedOutputs(metafile, entryOutput, { dynamic: true, notInto: LOADED_ON_SOME_PATHS }).filter((o) => !init.includes(o));
  const beforeTracer = new Set(reachedOutputs(metafile, entryOutput, { dynamic: true, notInto: [...LOADED_ON_SOME_PATHS, TRACER_PACKAGE] }));
  const rel = (output: string): string => relative(dir, abs(output));
  const loaded = new Set([...init, ...firstUse].map(rel));
  const modules = init.flatMap((o) => Object.entries(metafile.outputs[o]?.inputs ?? {}).map(([path, v]) => ({ path, bytes: v.bytesInOutput })));
  const packages = new Map<string, number>();
  for (const m of modules) packages.set(packageOf(m.path), (packages.get(packageOf(m.path)) ?? 0) + m.bytes);
  const largestPackages = [...packages].map(([p, bytes]) => ({ name: p, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  return {
    name,
    target,
    bytes: init.reduce((sum, o) => sum + statSync(abs(o)).size, 0),
    initFiles: init.map(rel),
    firstUseFiles: firstUse.map((o) => ({ path: rel(o), bytes: statSync(abs(o)).size, tracer: !beforeTracer.has(o) })).sort((a, b) => b.bytes - a.bytes),
    lazyFiles: filesIn(dir).filter((f) => !loaded.has(f.path)),
    gzipBytes: gzipSync(Buffer.concat(init.map((o) => readFileSync(abs(o))))).length,
    largestModules: modules.sort((a, b) => b.bytes - a.bytes).slice(0, 5),
    largestPackages,
    largestPackageVia: importChain(metafile, entry, largestPackages[0]?.name ?? ''),
  };
}

/** The package whose chunk loads last, after the function's clients (shared/adapters/aws-runtime.ts). */
const TRACER_PACKAGE = '@aws-lambda-powertools/tracer';

/**
 * The script a fresh process runs: `import()` of index.mjs as Lambda's runtime does, then of the
 * chunks a first invocation loads, the clients' before the tracer's as the function loads them; prints
 * both times (ms from the first import).
 */
function coldStartScript(dir: string, firstUse: Array<{ path: string; tracer: boolean }>): string {
  const url = (path: string): string => JSON.stringify(pathToFileURL(join(dir, path)).href);
  const load = (files: Array<{ path: string }>): string => `await Promise.all([${files.map((f) => url(f.path)).join(',')}].map((u)=>import(u)));`;
  return `const t=performance.now(),c=process.cpuUsage(),cpu=()=>{const u=process.cpuUsage(c);return(u.user+u.system)/1000};`
    + `await import(${url(ENTRY_FILE)});const init=performance.now()-t,initCpu=cpu();`
    + load(firstUse.filter((f) => !f.tracer))
    + load(firstUse.filter((f) => f.tracer))
    + 'process.stdout.write(JSON.stringify([init,performance.now()-t,initCpu,cpu()]))';
}

/**
 * Bundles every function into a temporary folder, weighs it, then times its initialisation (and the
 * code of a first invocation) in `runs` fresh processes, interleaved across functions so a noisy moment
 * does not land on one.
 */
export async function lambdaBundles(runs: number, alsoWithoutSourceMaps = true): Promise<{ bundles: BundleResult[]; coldStarts: ColdStart[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-bench-bundles-'));
  try {
    const bundles: BundleResult[] = [];
    for (const name of FUNCTIONS) {
      const entry = `functions/${name}/handler.ts`;
      const { target, metafile } = await buildFunction(name, join(dir, name), entry);
      bundles.push(weigh(name, target, join(dir, name), metafile, entry));
    }

    // esbuild's service process ends here, so its CPU is not counted as other work on the machine.
    await stopEsbuild();
    const samples = new Map<string, number[]>();
    const add = (key: string, ms: number): void => void samples.set(key, [...(samples.get(key) ?? []), ms]);
    for (let run = 0; run < runs; run++) {
      for (const b of bundles) {
        for (const sourceMaps of alsoWithoutSourceMaps ? [true, false] : [true]) {
          const script = coldStartScript(join(dir, b.name), b.firstUseFiles);
          const [init, firstInvocation, initCpu, firstInvocationCpu] = JSON.parse(await fresh(['--input-type=module', '-e', script], functionEnvironment(b.name, sourceMaps))) as number[];
          add(`${b.name}:${sourceMaps}`, init ?? NaN);
          if (sourceMaps) {
            add(`${b.name}:first`, firstInvocation ?? NaN);
            add(`${b.name}:cpu`, initCpu ?? NaN);
            add(`${b.name}:firstCpu`, firstInvocationCpu ?? NaN);
          }
        }
      }
    }
    const coldStarts = FUNCTIONS.map((name) => ({
      name,
      runs,
      medianMs: round(median(samples.get(`${name}:true`) ?? [])),
      medianMsWithoutSourceMaps: alsoWithoutSourceMaps ? round(median(samples.get(`${name}:false`) ?? [])) : null,
      firstInvocationMs: round(median(samples.get(`${name}:first`) ?? [])),
      medianCpuMs: round(median(samples.get(`${name}:cpu`) ?? [])),
      firstInvocationCpuMs: round(median(samples.get(`${name}:firstCpu`) ?? [])),
    }));
    return { bundles, coldStarts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The initialisation target of issue 15, as deployed. */
export const INIT_TARGET_MS = 150;

/** The bench's Lambda table (docs/benchmarks.md): what each function loads and when, and its initialisation against the target. */
export function lambdaBundlesTable(bundles: BundleResult[], coldStarts: ColdStart[]): string[] {
  const kb = (bytes: number): string => `${Math.round(bytes / 1000).toLocaleString('en')} kB`;
  const sum = (files: Array<{ bytes: number }>): number => files.reduce((total, f) => total + f.bytes, 0);
  return [
    `Each \`functions/<name>/handler.ts\` built as infra/pipeline-function.ts has the CDK build it (infra/function-bundles.ts; esbuild: bundle, minify, platform node, target ${bundles[0]?.target ?? BUNDLE_TARGET}, ES modules split into chunks at each \`await import()\`, ES-module builds of packages preferred, source maps without sources in files of their own and not counted). Lambda loads index.mjs and the chunks it imports statically (the column "loaded at initialisation"); the function's SDK clients and their adapters (one \`import()\` of functions/<name>/clients.ts; for ingest also the document pipeline), then the X-Ray tracer, load with the first invocation ("first invocation adds"), and the format libraries, OCR, the SDK's credential providers after the environment, the Lambda client for continuations and iconv-lite's CJK tables only on the paths that need them ("loaded only when needed", docs/operations.md). Initialisation is \`import()\` of index.mjs in a fresh Node ${process.version} process with NODE_OPTIONS=--enable-source-maps as deployed and the environment its configuration reads set to plausible values (AWS_REGION, and AWS_EXECUTION_ENV so tracing is on as in Lambda), median of ${coldStarts[0]?.runs ?? 0} processes interleaved across functions; CPU is the process's user + system time over the same span, steadier than elapsed time when other work shares the cores (see the machine load below). "Cold start's code" goes on to \`import()\` the chunks a first invocation loads, in the same process and order (the clients' chunks, then the tracer's): what moved out of initialisation is still paid by the first invocation (without the clients' construction and requests). kB = 1,000 bytes.`,
    '',
    `| function | loaded at initialisation | gzip | first invocation adds | loaded only when needed | init, as deployed (ms) | target < ${INIT_TARGET_MS} ms | init CPU (ms) | init without source maps (ms) | cold start's code: init + first invocation's chunks (ms) | its CPU (ms) | largest packages at initialisation |`,
    '| --- | ---: | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | --- |',
    ...bundles.map((b) => {
      const c = coldStarts.find((x) => x.name === b.name);
      const lazy = b.lazyFiles.length === 0 ? 'none' : `${kb(sum(b.lazyFiles))} in ${b.lazyFiles.length} files, largest ${b.lazyFiles.slice(0, 2).map((f) => `${f.path} ${kb(f.bytes)}`).join(', ')}`;
      const met = c ? (c.medianMs < INIT_TARGET_MS ? 'met' : 'missed') : '';
      return `| ${b.name} | ${kb(b.bytes)} in ${b.initFiles.length} files | ${kb(b.gzipBytes)} | ${kb(sum(b.firstUseFiles))} in ${b.firstUseFiles.length} files | ${lazy} | ${c?.medianMs} | ${met} | ${c?.medianCpuMs} | ${c?.medianMsWithoutSourceMaps ?? 'not measured (quick run)'} | ${c?.firstInvocationMs} | ${c?.firstInvocationCpuMs} | ${b.largestPackages.map((p) => `${p.name} ${kb(p.bytes)}`).join('; ')} |`;
    }),
    '',
    'Why the largest package loads at initialisation (first static import chain from the handler):',
    '',
    ...bundles.map((b) => `- ${b.name}: ${b.largestPackages[0]?.name} via ${b.largestPackageVia.map((m) => `\`${m}\``).join(' → ')}`),
  ];
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

// Run alone (`node --import tsx bench/lambda-bundles.ts [runs]`): the Lambda table only, to stdout.
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'lambda-bundles.ts')) {
  const runs = Number(process.argv[2] ?? 9);
  const { bundles, coldStarts } = await lambdaBundles(runs);
  process.stdout.write(`${lambdaBundlesTable(bundles, coldStarts).join('\n')}\n`);
}
