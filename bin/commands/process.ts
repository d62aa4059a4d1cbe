import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { defaultWorkerCount, WORKERS_ENV } from '../../local/worker-concurrency.ts';
import { startWorker } from '../../shared/worker-entry.ts';
import { collectFiles } from '../collect-files.ts';
import { failedLine, fileProcessor, type FileLine, type FileProcessor } from '../process-files.ts';
import type { ReadDocument } from '../../shared/domain/process-document.ts';
import type { FilesRun, FromFilesWorker, ReadFileToDescribe } from '../process-files-worker.ts';

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
 * costs about a tenth of a second of CPU to start (Node's bootstrap of a thread and loading the
 * processing code). Two threads splitting the stages took as long as one on 128 articles (675 kB:
 * 0.63–0.81 s either way, 27 % more CPU) and 20 % less time on 942 (3.9 MB).
 */
const BYTES_PER_DEFAULT_THREAD = 512 * 1024;
/**
 * Cores left to V8's optimising compiler when the count is not given and there are more than two.
 * Each thread processing whole files compiles the same hot functions again on background threads, so
 * they compete with their own compilers (docs/benchmarks.md, many-files section). On 2 cores, the two
 * threads split the stages instead, each optimising its half of the code: callgrind, 942 articles,
 * 10.89 G instructions in all against 9.99 G for one thread (14.87 G for two splitting the files),
 * and 1.14–1.20 s against 1.43–1.51 s on a quiet machine.
 */
const CORES_FOR_THE_COMPILER = 1;

/**
 * `docpipe process`: decode, clean and extract metadata from files without any server; prints NDJSON,
 * one line per file in the order given. `--concurrency N` threads process them: two split the stages
 * (processFilesInStages), more split the files (processFiles) (default DOCPIPE_WORKERS, else two on
 * 2 cores and one per core but one on more, fewer when there is too little input to be worth starting
 * them). The output is the same whatever the count.
 */
export async function run(paths: string[], opts: { ocr: boolean; concurrency?: number }): Promise<void> {
  const files = collectFiles(paths).map((f) => f.path);
  const threads = Math.max(1, Math.min(opts.concurrency ?? defaultThreads(files), files.length));
  const failures = threads === 2 ? await processFilesInStages(files, opts.ocr) : await processFiles(files, threads, opts.ocr);
  if (failures > 0 && process.exitCode === undefined) process.exitCode = 1;
}

/** DOCPIPE_WORKERS when set; else two on 2 cores, one per core but one on more, and one per 512 KB of input at most. */
function defaultThreads(files: string[]): number {
  if (process.env[WORKERS_ENV]) return defaultWorkerCount();
  const cores = defaultWorkerCount();
  const byCores = cores <= 2 ? cores : cores - CORES_FOR_THE_COMPILER;
  // The files' sizes are read until they are enough for every thread the cores allow.
  let bytes = 0;
  for (let i = 0; i < files.length && bytes < byCores * BYTES_PER_DEFAULT_THREAD; i++) bytes += statSync(files[i] as string, { throwIfNoEntry: false })?.size ?? 0;
  return Math.max(1, Math.min(byCores, Math.floor(bytes / BYTES_PER_DEFAULT_THREAD)));
}

/**
 * The lines of the files, printed in the order given once each line and every line before it are
 * done, in writes of about OUTPUT_CHUNK or within about OUTPUT_DELAY_MS; and the failures counted.
 */
class OrderedLines {
  /** Lines done and not yet printed: as made on this thread, or UTF-8 bytes from a worker. */
  private readonly lines: Array<string | Uint8Array | undefined>;
  /** The next line to print: every one before it is printed or about to be. */
  nextToPrint = 0;
  failures = 0;
  /** Set by an interrupt: nothing more is printed. */
  stopped = false;
  /** Lines ready to print, in order, not yet written, about how many bytes they are, and the timer that prints them if nothing else does. */
  private unwritten: Array<string | Uint8Array> = [];
  private unwrittenSize = 0;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(readonly count: number) {
    this.lines = new Array<string | Uint8Array | undefined>(count);
  }

  get finished(): boolean {
    return this.nextToPrint >= this.count;
  }

  done(index: number, result: { line: string | Uint8Array; failed: boolean }): void {
    if (this.stopped) return;
    this.lines[index] = result.line;
    if (result.failed) this.failures++;
    while (this.nextToPrint < this.count) {
      const line = this.lines[this.nextToPrint];
      if (line === undefined) break;
      this.unwritten.push(line);
      this.unwrittenSize += line.length;
      this.lines[this.nextToPrint++] = undefined;
    }
    if (this.unwrittenSize >= OUTPUT_CHUNK) this.flush();
    else if (this.unwritten.length > 0 && this.flushTimer === undefined) this.flushTimer = setTimeout(() => this.flush(), OUTPUT_DELAY_MS).unref();
  }

  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.unwritten.length > 0) process.stdout.write(joinedOutput(this.unwritten));
    this.unwritten = [];
    this.unwrittenSize = 0;
  }

  /** Ctrl-C: the lines finished before it are printed; nothing after them (exit 130). */
  stop(): void {
    this.flush();
    this.stopped = true;
    process.exitCode = 130;
  }
}

/** Lines as one write: a string when all were made on this thread, else bytes (a worker's lines come encoded). */
function joinedOutput(lines: Array<string | Uint8Array>): string | Uint8Array {
  if (lines.every((line) => typeof line === 'string')) return lines.join('');
  return Buffer.concat(lines.map((line) => (typeof line === 'string' ? Buffer.from(line, 'utf8') : line)));
}

/** The main thread's wait for a worker's message, when it has nothing to do itself, and what ends it. */
class Waiter {
  private wake: (() => void) | undefined;

  wait(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  notify(): void {
    this.wake?.();
    this.wake = undefined;
  }
}

/** On Ctrl-C (or SIGTERM), until `release` is called: stops the output and ends the main thread's wait. */
function stopOnInterrupt(output: OrderedLines, waiter: Waiter): { release: () => void } {
  const stop = (): void => {
    output.stop();
    waiter.notify();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/** Lets the worker threads' messages in: a turn of the event loop. */
const turn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

interface FilesWorker {
  worker: Worker;
  ready: boolean;
  /** Indexes of the files sent to it and not yet answered, in the order it processes them. */
  pending: number[];
}

/**
 * Processes the files on this thread and `threads − 1` worker threads, which take runs of files as
 * they free up (this thread takes its own between files), and prints the lines in order (OrderedLines).
 * A worker that dies fails the file it was on (WORKER_CRASHED) and its other files go back to the
 * queue; one that cannot start leaves the work to the others. Ctrl-C stops the workers and prints
 * nothing more (exit 130).
 */
async function processFiles(files: string[], threads: number, withOcr: boolean): Promise<number> {
  const output = new OrderedLines(files.length);
  const requeued: number[] = [];
  let nextToTake = 0;
  const waiter = new Waiter();

  const take = (limit: number): number[] => {
    const taken = requeued.splice(0, limit);
    while (taken.length < limit && nextToTake < files.length && nextToTake < output.nextToPrint + AHEAD_OF_OUTPUT) taken.push(nextToTake++);
    return taken;
  };

  const workers = new Set<FilesWorker>();
  const feed = (w: FilesWorker): void => {
    while (!output.stopped && w.ready && w.pending.length < RUN_LENGTH * RUNS_PER_WORKER) {
      const run = take(RUN_LENGTH);
      if (run.length === 0) return;
      w.pending.push(...run);
      // Requeued files may not be consecutive: each is sent as a run of its own then.
      for (const group of consecutive(run)) w.worker.postMessage({ start: group[0] as number, files: group.map((i) => files[i] as string) } satisfies FilesRun);
    }
  };
  for (let i = 1; i < threads; i++) {
    const w: FilesWorker = { worker: startFilesWorker(withOcr), ready: false, pending: [] };
    workers.add(w);
    w.worker.on('message', (message: FromFilesWorker) => {
      if (message.type === 'ready') w.ready = true;
      else {
        w.pending.splice(w.pending.indexOf(message.index), 1);
        output.done(message.index, message);
      }
      feed(w);
      waiter.notify();
    });
    let lastError: Error | undefined;
    w.worker.on('error', (error) => (lastError = error));
    w.worker.on('exit', (code) => {
      if (!workers.delete(w) || output.stopped) return;
      const [crashedOn, ...rest] = w.pending;
      if (crashedOn !== undefined) output.done(crashedOn, crashedLine(files[crashedOn] as string, lastError, code));
      requeued.push(...rest);
      requeued.sort((a, b) => a - b);
      for (const other of workers) feed(other);
      waiter.notify();
    });
  }

  const interrupt = stopOnInterrupt(output, waiter);
  const here = await fileProcessor(withOcr);
  let sinceTurn = 0;
  try {
    while (!output.stopped && !output.finished) {
      const run = take(1);
      const index = run[0];
      if (index === undefined) {
        // Everything left is on the workers (or this thread is too far ahead of the output): print what
        // is ready and wait for one.
        output.flush();
        await waiter.wait();
        continue;
      }
      output.done(index, await here.processFile(files[index] as string));
      // Lets the workers' messages in after every run's worth of files (each worker holds two runs
      // meanwhile): they take their next runs and hand back their lines. Not after every file, nor at
      // all alone: a turn of the event loop per file cost 4–11 % more instructions in all (callgrind,
      // 314 files, this thread alone: 9.53–10.20 G against 9.19 G), V8 running its tasks that often.
      if (workers.size > 0 && ++sinceTurn >= RUN_LENGTH) {
        sinceTurn = 0;
        await turn();
      }
    }
  } finally {
    // Even when this thread fails: every line finished is printed (after an interrupt none is held).
    output.flush();
    interrupt.release();
    const stopping = [...workers].map((w) => w.worker.terminate());
    workers.clear();
    await Promise.all([...stopping, here.close()]);
  }
  return output.failures;
}

/**
 * Files read and cleaned by this thread, waiting for the worker or being described by it, at most,
 * and about as many bytes of their text: enough for this thread never to wait for the worker, bounded
 * so the copies posted to it stay a few megabytes. A document of more text than that is described on
 * this thread. The worker is ready about a tenth of a second after this thread has started reading,
 * and then runs its half of the code in the lower tiers for a while: with 32 files this thread waited
 * for it 70–230 ms of each run of the 942 articles (instrumented runs), with 128 still up to 219 ms,
 * with 256 never (6 runs; the worker then waits 34–199 ms in all for this thread, which is the slower
 * stage once both are warm). Two threads, 942 files, quiet host, 8 interleaved runs: 1.07–1.11 s
 * with 32 against 1.01–1.12 s with 256 (both with the regular-expression flag of bin/v8-flags.ts).
 */
const STAGED_AHEAD_FILES = 256;
const STAGED_AHEAD_BYTES = 8 * 1024 * 1024;
// Tried and dropped: reading files ahead on libuv's pool (fs/promises, 16 or 64 files ahead) so this
// thread, the slower stage, spends no time in open/read/close (about 40 ms of a run of the 942 files).
// Slower: 8 interleaved rounds, 1.25–1.39 s reading each file here, 1.33–1.50 s with 16 ahead and
// 1.35–1.52 s with 64 (CPU 2.25 → 2.43–2.46 s): each file then costs four pool round trips and their
// callbacks on this thread.

/**
 * Two threads that split the stages, not the files: this thread reads and cleans each file in turn
 * (`readDocument`) and posts what it read to one worker thread, which reads its facts
 * (`describeDocument`) and answers its line; the lines are printed in order (OrderedLines).
 *
 * Why: most of a short run's CPU is V8 warming up, running the processing code in its lower tiers and
 * compiling it with TurboFan, and two threads each processing whole files do all of that twice. Split
 * by stages, each thread warms up its half of the code. callgrind, `process` of 942 articles, all
 * instructions of the process: one thread 9.99 G; two threads splitting the files 14.87 G; splitting
 * the stages 10.89 G, of which this thread 4.36 G, the worker 4.45 G and V8's compiler threads 2.09 G
 * (the dates and document references are read in the first stage, which already runs the date code
 * for the date line: 11.03 G in all, 4.17 G here and 4.74 G in the worker, when the second read
 * them). On 2 cores: docs/benchmarks.md, many-files section.
 *
 * A worker that dies fails the file it was describing (WORKER_CRASHED); the files posted after it are
 * processed again from the start here, as is everything after: this thread goes on alone. So does a
 * worker that cannot start. Ctrl-C stops the worker and prints nothing more (exit 130).
 */
async function processFilesInStages(files: string[], withOcr: boolean): Promise<number> {
  const output = new OrderedLines(files.length);
  let worker: Worker | undefined = startFilesWorker(false);
  let started = false;
  /** Set once this thread is done with the worker: its exit is no crash then. */
  let closing = false;
  /** Files posted to the worker and not yet answered, in order, with their sizes. */
  const posted: Array<{ index: number; bytes: number }> = [];
  let postedBytes = 0;
  const waiter = new Waiter();
  const answered = (index: number): void => {
    const at = posted.findIndex((p) => p.index === index);
    if (at >= 0) postedBytes -= posted.splice(at, 1)[0]?.bytes ?? 0;
  };
  /** Files to process here again, whole, after the worker died: those it had not answered yet. */
  let orphans: number[] = [];

  worker.on('message', (message: FromFilesWorker) => {
    if (message.type === 'ready') started = true;
    else {
      answered(message.index);
      output.done(message.index, message);
    }
    waiter.notify();
  });
  let lastError: Error | undefined;
  worker.on('error', (error) => (lastError = error));
  worker.on('exit', (code) => {
    worker = undefined;
    if (closing || output.stopped) return;
    const unanswered = posted.map((p) => p.index);
    // A worker that never started died on no file of ours.
    const crashedOn = started ? unanswered.shift() : undefined;
    if (crashedOn !== undefined) output.done(crashedOn, crashedLine(files[crashedOn] as string, lastError, code));
    orphans = unanswered;
    posted.length = 0;
    postedBytes = 0;
    waiter.notify();
  });

  const interrupt = stopOnInterrupt(output, waiter);
  const here = await fileProcessor(withOcr);
  let sinceTurn = 0;
  try {
    for (let index = 0; index < files.length && !output.stopped; index++) {
      const file = files[index] as string;
      while (worker && posted.length > 0 && (posted.length >= STAGED_AHEAD_FILES || postedBytes >= STAGED_AHEAD_BYTES)) {
        output.flush();
        await waiter.wait();
      }
      if (orphans.length > 0) await processHere(here, files, orphans.splice(0), output);
      if (output.stopped) break;
      if (!worker) {
        output.done(index, await here.processFile(file));
        continue;
      }
      const result = await here.readFile(file);
      if (!('read' in result)) {
        output.done(index, result);
        continue;
      }
      const bytes = textBytes(result.read);
      // A large document is described here: posted, it would be copied twice over (serialised, then
      // read back in the worker) while this thread still holds it.
      if (worker && bytes <= STAGED_AHEAD_BYTES) {
        posted.push({ index, bytes });
        postedBytes += bytes;
        worker.postMessage({ index, file, read: result.read } satisfies ReadFileToDescribe);
      } else output.done(index, here.describe(file, result.read));
      if (++sinceTurn >= RUN_LENGTH) {
        sinceTurn = 0;
        await turn();
      }
    }
    // The last files: wait for the worker's lines, or process here what it left.
    while (!output.stopped && !output.finished) {
      if (orphans.length > 0) await processHere(here, files, orphans.splice(0), output);
      else if (posted.length > 0) {
        output.flush();
        await waiter.wait();
      } else break;
    }
  } finally {
    output.flush();
    interrupt.release();
    closing = true;
    await Promise.all([worker?.terminate(), here.close()]);
  }
  return output.failures;
}

/** Processes the files whole on this thread, in order. */
async function processHere(here: FileProcessor, files: string[], indexes: number[], output: OrderedLines): Promise<void> {
  for (const index of indexes) {
    if (output.stopped) return;
    output.done(index, await here.processFile(files[index] as string));
  }
}

/** About what posting a document read copies: two bytes a character of its text (V8 keeps Vietnamese as two-byte strings). */
function textBytes(read: ReadDocument): number {
  const { structure } = read;
  let chars = (structure.title?.length ?? 0) + (structure.lead?.length ?? 0);
  for (const p of structure.paragraphs) chars += p.length;
  for (const c of structure.captions) chars += c.length;
  return 2 * chars;
}

const startFilesWorker = (withOcr: boolean): Worker => startWorker(new URL('../process-files-worker.ts', import.meta.url), { workerData: { ocr: withOcr } });

/** The line of a file a worker thread died on. */
const crashedLine = (file: string, lastError: Error | undefined, code: number): FileLine =>
  failedLine(file, { code: 'WORKER_CRASHED', message: crashMessage(lastError ? `${lastError.name}: ${lastError.message}` : `exit code ${code}`) });

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
