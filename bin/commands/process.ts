import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { defaultWorkerCount, WORKERS_ENV } from '../../local/worker-concurrency.ts';
import { startWorker } from '../../shared/worker-entry.ts';
import { collectFiles } from '../collect-files.ts';
import { failedLine, fileProcessor, type FileLine } from '../process-files.ts';
import type { FilesRun, FromFilesWorker } from '../process-files-worker.ts';

/**
 * Files handed out at a time. Small, so the threads finish together (a file takes a few milliseconds);
 * each worker holds two runs, so it has the next while the main thread, busy processing, has not yet
 * read its messages.
 */
const RUN_LENGTH = 4;
const RUNS_PER_WORKER = 2;
/** Files processed beyond the next one to print, at most: bounds the lines held back to keep the order. */
const AHEAD_OF_OUTPUT = 256;
/**
 * Output printed in writes of about this much: lines come out in order as files finish, and one write
 * per line made one system call per file (stdout to a file or pipe: `fs.writeSync`, 942 of them for 942
 * files, about 40 ms of the main thread's time in a CPU profile). Lines are also printed when this
 * thread waits for the workers, when the run ends, when it is interrupted, and OUTPUT_DELAY_MS after
 * the first line held back whenever the event loop runs meanwhile (a slow file, such as a scan being
 * read, does not hold back the lines before it).
 */
const OUTPUT_CHUNK = 64 * 1024;
const OUTPUT_DELAY_MS = 200;
/**
 * Input per thread before another is worth starting, when the count is not given: a worker thread
 * costs about a tenth of a second of CPU to start (loading the processing code), a few articles less.
 */
const BYTES_PER_DEFAULT_THREAD = 256 * 1024;
/**
 * Cores left to V8's optimising compiler when the count is not given. Each thread that processes
 * documents compiles the same hot functions again on background threads (callgrind, 59 files: the
 * optimising compiler is 52 % of all instructions with one thread), so on 2 cores one thread already
 * keeps both busy (docs/benchmarks.md, many-files section: this thread alone against this thread and
 * one worker).
 */
const CORES_FOR_THE_COMPILER = 1;

/**
 * `docpipe process`: decode, clean and extract metadata from files without any server; prints NDJSON,
 * one line per file in the order given. `--concurrency N` threads process them: this one and N − 1
 * worker threads (default DOCPIPE_WORKERS, else one per core but one, fewer when there is too little
 * input to be worth starting them). The output is the same whatever the count.
 */
export async function run(paths: string[], opts: { ocr: boolean; concurrency?: number }): Promise<void> {
  const files = collectFiles(paths).map((f) => f.path);
  const threads = Math.max(1, Math.min(opts.concurrency ?? defaultThreads(files), files.length));
  const failures = await processFiles(files, threads, opts.ocr);
  if (failures > 0 && process.exitCode === undefined) process.exitCode = 1;
}

/** DOCPIPE_WORKERS when set; else one per core but one, and one per 256 KB of input at most. */
function defaultThreads(files: string[]): number {
  if (process.env[WORKERS_ENV]) return defaultWorkerCount();
  const bytes = files.reduce((sum, file) => sum + (statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
  return Math.max(1, Math.min(defaultWorkerCount() - CORES_FOR_THE_COMPILER, Math.floor(bytes / BYTES_PER_DEFAULT_THREAD)));
}

interface FilesWorker {
  worker: Worker;
  ready: boolean;
  /** Indexes of the files sent to it and not yet answered, in the order it processes them. */
  pending: number[];
}

/**
 * Processes the files on this thread and `threads − 1` worker threads, which take runs of files as
 * they free up (this thread takes its own between files), and prints the lines in order once each line
 * and every line before it are done, in writes of about OUTPUT_CHUNK or within about OUTPUT_DELAY_MS. A
 * worker that dies fails the file it was on (WORKER_CRASHED) and its other files go back to the queue;
 * one that cannot start leaves the work to the others. Ctrl-C stops the workers and prints nothing more
 * (exit 130).
 */
async function processFiles(files: string[], threads: number, withOcr: boolean): Promise<number> {
  const lines: Array<string | undefined> = new Array<string | undefined>(files.length);
  const requeued: number[] = [];
  let nextToTake = 0;
  let nextToPrint = 0;
  let failures = 0;
  let interrupted = false;
  /** Resolves the main thread's wait for a worker's message, when it has nothing to do itself. */
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };

  const take = (limit: number): number[] => {
    const taken = requeued.splice(0, limit);
    while (taken.length < limit && nextToTake < files.length && nextToTake < nextToPrint + AHEAD_OF_OUTPUT) taken.push(nextToTake++);
    return taken;
  };
  /** Lines ready to print, in order, not yet written, and the timer that prints them if nothing else does. */
  let unwritten = '';
  let flushTimer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (unwritten) process.stdout.write(unwritten);
    unwritten = '';
  };
  const done = (index: number, result: FileLine): void => {
    if (interrupted) return;
    lines[index] = result.line;
    if (result.failed) failures++;
    while (nextToPrint < files.length && lines[nextToPrint] !== undefined) {
      unwritten += lines[nextToPrint];
      lines[nextToPrint++] = undefined;
    }
    if (unwritten.length >= OUTPUT_CHUNK) flush();
    else if (unwritten && flushTimer === undefined) flushTimer = setTimeout(flush, OUTPUT_DELAY_MS).unref();
  };

  const workers = new Set<FilesWorker>();
  const feed = (w: FilesWorker): void => {
    while (!interrupted && w.ready && w.pending.length < RUN_LENGTH * RUNS_PER_WORKER) {
      const run = take(RUN_LENGTH);
      if (run.length === 0) return;
      w.pending.push(...run);
      // Requeued files may not be consecutive: each is sent as a run of its own then.
      for (const group of consecutive(run)) w.worker.postMessage({ start: group[0] as number, files: group.map((i) => files[i] as string) } satisfies FilesRun);
    }
  };
  for (let i = 1; i < threads; i++) {
    const w: FilesWorker = { worker: startWorker(new URL('../process-files-worker.ts', import.meta.url), { workerData: { ocr: withOcr } }), ready: false, pending: [] };
    workers.add(w);
    w.worker.on('message', (message: FromFilesWorker) => {
      if (message.type === 'ready') w.ready = true;
      else {
        w.pending.splice(w.pending.indexOf(message.index), 1);
        done(message.index, message);
      }
      feed(w);
      notify();
    });
    let lastError: Error | undefined;
    w.worker.on('error', (error) => (lastError = error));
    w.worker.on('exit', (code) => {
      if (!workers.delete(w) || interrupted) return;
      const [crashedOn, ...rest] = w.pending;
      if (crashedOn !== undefined) done(crashedOn, failedLine(files[crashedOn] as string, { code: 'WORKER_CRASHED', message: crashMessage(lastError ? `${lastError.name}: ${lastError.message}` : `exit code ${code}`) }));
      requeued.push(...rest);
      requeued.sort((a, b) => a - b);
      for (const other of workers) feed(other);
      notify();
    });
  }

  const interrupt = (): void => {
    // The lines finished before the interrupt are printed; nothing after them.
    flush();
    interrupted = true;
    process.exitCode = 130;
    notify();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const here = await fileProcessor(withOcr);
  let sinceTurn = 0;
  try {
    while (!interrupted && nextToPrint < files.length) {
      const run = take(1);
      const index = run[0];
      if (index === undefined) {
        // Everything left is on the workers (or this thread is too far ahead of the output): print what
        // is ready and wait for one.
        flush();
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      done(index, await here.processFile(files[index] as string));
      // Lets the workers' messages in after every run's worth of files (each worker holds two runs
      // meanwhile): they take their next runs and hand back their lines. Not after every file, nor at
      // all alone: a turn of the event loop per file cost 4–11 % more instructions in all (callgrind,
      // 314 files, this thread alone: 9.53–10.20 G against 9.19 G), V8 running its tasks that often.
      if (workers.size > 0 && ++sinceTurn >= RUN_LENGTH) {
        sinceTurn = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    // Even when this thread fails: every line finished is printed (after an interrupt none is held).
    flush();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    const stopping = [...workers].map((w) => w.worker.terminate());
    workers.clear();
    await Promise.all([...stopping, here.close()]);
  }
  return failures;
}

/** Said of the file a worker thread died on: no fault of the file as far as we know, nor passed off as a processing bug. */
const crashMessage = (cause: string): string =>
  `The worker thread processing this file died (${cause}); the other files went on. Try this file again; if it fails the same way, the input crashes the processing code: report it.`;

/** Splits ascending indexes into runs of consecutive ones. */
function consecutive(indexes: number[]): number[][] {
  const groups: number[][] = [];
  for (const i of indexes) {
    const last = groups.at(-1);
    if (last && last.at(-1) === i - 1) last.push(i);
    else groups.push([i]);
  }
  return groups;
}
