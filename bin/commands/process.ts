import { readFileSync, statSync } from 'node:fs';
import type { OcrEngine } from '../../shared/domain/ocr.ts';
import { errorInfo, type ErrorInfo } from '../../shared/domain/errors.ts';
import type { ProcessedDocument } from '../../shared/domain/types.ts';
import { loadProcessing } from '../../local/compiled-processing.ts';
import { WorkerCrashedError } from '../../local/worker-pool.ts';
import { defaultWorkerCount, WORKERS_ENV } from '../../local/worker-concurrency.ts';
import { collectFiles } from '../collect-files.ts';

/** Documents read ahead of the one printed next, per worker: keeps every worker busy, bounds memory. */
const READ_AHEAD_PER_WORKER = 4;
/**
 * Input per worker thread before one is worth starting, when the count is not given: a worker costs
 * about half a second of CPU to start (loading the processing code), a few articles take less.
 */
const BYTES_PER_DEFAULT_WORKER = 256 * 1024;
/**
 * Cores left to V8's optimising compiler when the count is not given. Each thread that processes
 * documents compiles the same hot functions again on background threads (callgrind, 59 files: the
 * optimising compiler is 52 % of all instructions with one thread), so on 2 cores one thread already
 * keeps both busy: 942 files took 2.32 s with 1 thread and 2.81 s with 2 workers, and 2 workers spent
 * about 60 % more CPU than 1 (docs/benchmarks.md, many-files section).
 */
const CORES_FOR_THE_COMPILER = 1;

/**
 * `docpipe process`: decode, clean and extract metadata from files without any server; prints NDJSON,
 * one line per file in the order given. Documents are processed on `--concurrency` worker threads
 * (default DOCPIPE_WORKERS, else one per core but one, fewer when there is too little input to be
 * worth starting them); 1 processes on this thread. The output is the same either way.
 */
export async function run(paths: string[], opts: { ocr: boolean; concurrency?: number }): Promise<void> {
  const files = collectFiles(paths).map((f) => f.path);
  const workers = Math.min(opts.concurrency ?? defaultWorkers(files), files.length);
  const failures = workers > 1 ? await onWorkers(files, workers, opts.ocr) : await onThisThread(files, opts.ocr);
  if (failures > 0 && process.exitCode === undefined) process.exitCode = 1;
}

/** DOCPIPE_WORKERS when set; else one per core but one, and one per 256 KB of input at most. */
function defaultWorkers(files: string[]): number {
  if (process.env[WORKERS_ENV]) return defaultWorkerCount();
  const bytes = files.reduce((sum, file) => sum + (statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
  return Math.max(1, Math.min(defaultWorkerCount() - CORES_FOR_THE_COMPILER, Math.floor(bytes / BYTES_PER_DEFAULT_WORKER)));
}

const line = (file: string, document: ProcessedDocument): string => `${JSON.stringify({ file, ...document })}\n`;
const failedLine = (file: string, error: ErrorInfo): string => `${JSON.stringify({ file, error })}\n`;

/** A crashed worker is no fault of the file as far as we know: said so, not passed off as a processing bug. */
const failureOf = (error: unknown): ErrorInfo => (error instanceof WorkerCrashedError ? { code: 'WORKER_CRASHED', message: error.message } : errorInfo(error));

async function onThisThread(files: string[], withOcr: boolean): Promise<number> {
  const { processDocument } = await loadProcessing();
  let ocr: OcrEngine | undefined;
  if (withOcr) {
    const { lazyOcrEngine } = await import('../../shared/adapters/lazy-ocr.ts');
    // Loaded on the first scan only; its worker thread is stopped at the end so the command exits.
    ocr = lazyOcrEngine();
  }
  let failures = 0;
  for (const file of files) {
    try {
      process.stdout.write(line(file, await processDocument(readFileSync(file), ocr ? { ocr } : {})));
    } catch (error) {
      failures++;
      process.stdout.write(failedLine(file, failureOf(error)));
    }
  }
  await ocr?.close();
  return failures;
}

/**
 * Reads files a few ahead, processes them on worker threads and prints each result as soon as it and
 * every file before it are done. Ctrl-C stops the workers and prints nothing more (exit 130).
 */
async function onWorkers(files: string[], workers: number, ocr: boolean): Promise<number> {
  const { parallelProcessor } = await import('../../local/parallel-processor.ts');
  const processor = parallelProcessor({ concurrency: workers, ocr });
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    process.exitCode = 130;
    void processor.close();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let failures = 0;
  const submit = (file: string): Promise<string> => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      return Promise.resolve(failedLine(file, errorInfo(error))).finally(() => failures++);
    }
    return processor.process(bytes).then(
      (document) => line(file, document),
      (error: unknown) => {
        failures++;
        return failedLine(file, failureOf(error));
      },
    );
  };
  try {
    const ahead: Array<Promise<string>> = [];
    let next = 0;
    while (!interrupted && (next < files.length || ahead.length > 0)) {
      while (next < files.length && ahead.length < workers * READ_AHEAD_PER_WORKER) ahead.push(submit(files[next++] as string));
      const text = await (ahead.shift() as Promise<string>);
      if (!interrupted) process.stdout.write(text);
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await processor.close();
  }
  return failures;
}
