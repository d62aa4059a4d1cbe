/**
 * A small pool of worker threads that each run one task at a time, for CPU-bound work (processing
 * documents) beside the event loop. The parent side is `WorkerPool`; the module each worker runs calls
 * `serveTasks` once. Errors a task throws come back as `WorkerTaskError` with the original name, code
 * and message; a worker that dies (an uncaught error, out of memory, `process.exit`) fails its task with
 * `WorkerCrashedError` and is replaced, so no caller ever waits for an answer that cannot come.
 */
import { isMainThread, parentPort, type Transferable, type Worker } from 'node:worker_threads';
import { startWorker } from '../shared/worker-entry.ts';

/** What a thrown error becomes on its way back to the parent: enough to rebuild a named error. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  permanent?: boolean;
  stack?: string;
}

type ToWorker<T> = { id: number; task: T };
type FromWorker<R> = { type: 'ready' } | { type: 'done'; id: number; result: R } | { type: 'failed'; id: number; error: SerializedError };

/** The task threw in the worker; `error` says what it threw. */
export class WorkerTaskError extends Error {
  override readonly name = 'WorkerTaskError';
  constructor(readonly error: SerializedError) {
    super(error.message);
  }
}

/** The worker died while running the task; it has been replaced. Not the task's own failure as such. */
export class WorkerCrashedError extends Error {
  override readonly name = 'WorkerCrashedError';
  constructor(cause: string) {
    super(`The worker thread running this task died (${cause}); a new one took its place. Try the task again; if it fails the same way, the input crashes the processing code: report it.`);
  }
}

/** The pool was closed (Ctrl-C, a stop) before the task finished. */
export class WorkerPoolClosedError extends Error {
  override readonly name = 'WorkerPoolClosedError';
  constructor() {
    super('The worker pool was closed before this task finished.');
  }
}

/** Workers dying before they could take a task, several times in a row: the module cannot load. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
  constructor(cause: string) {
    super(`Worker threads cannot start (${cause}); run with --concurrency 1 to process on the main thread, and report this.`);
  }
}

export interface WorkerPoolOptions {
  /** The worker's module (a `.ts` source URL; `startWorker` knows how to run it). */
  module: URL;
  /** Workers at most; they start as tasks arrive. */
  size: number;
  /** Passed to every worker (structured-cloned). */
  workerData?: unknown;
  /** Creates one worker; `startWorker` unless a caller must start them otherwise. */
  create?: (module: URL, workerData: unknown) => Worker;
}

interface Job<T, R> {
  id: number;
  task: T;
  transfer: readonly Transferable[];
  resolve: (result: R) => void;
  reject: (error: Error) => void;
}

interface Slot<T, R> {
  worker: Worker;
  ready: boolean;
  job: Job<T, R> | undefined;
  /** The last 'error' the worker emitted, to say why it exited. */
  error: Error | undefined;
}

/** Consecutive workers that may die before becoming ready before the pool stops trying. */
const MAX_START_FAILURES = 3;

export class WorkerPool<T, R> {
  private readonly slots = new Set<Slot<T, R>>();
  private readonly queue: Array<Job<T, R>> = [];
  private nextId = 0;
  private startFailures = 0;
  private broken: WorkerStartError | undefined;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new RangeError(`A worker pool needs at least one worker; got ${options.size}.`);
  }

  get size(): number {
    return this.options.size;
  }

  /** Runs `task` on the first free worker; `transfer` moves buffers instead of copying them. */
  run(task: T, transfer: readonly Transferable[] = []): Promise<R> {
    if (this.closed) return Promise.reject(new WorkerPoolClosedError());
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: ++this.nextId, task, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Starts every worker now and resolves when all are ready to take tasks (so the first tasks pay no start-up). */
  async warm(): Promise<void> {
    if (this.closed || this.broken) return;
    while (this.slots.size < this.options.size) this.spawn();
    await Promise.all([...this.slots].map((slot) => slot.ready ? undefined : new Promise<void>((done) => {
      const settle = (): void => done();
      slot.worker.once('message', settle);
      slot.worker.once('exit', settle);
    })));
  }

  /** Fails queued and running tasks with `WorkerPoolClosedError` and ends every worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new WorkerPoolClosedError());
    const slots = [...this.slots];
    this.slots.clear();
    for (const slot of slots) slot.job?.reject(new WorkerPoolClosedError());
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift() as Job<T, R>;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task } satisfies ToWorker<T>, job.transfer);
    }
    // Start workers while more tasks wait than workers are starting, up to the pool's size.
    let starting = [...this.slots].filter((s) => !s.ready).length;
    while (this.slots.size < this.options.size && this.queue.length > starting) {
      this.spawn();
      starting++;
    }
  }

  private spawn(): void {
    const worker = (this.options.create ?? ((module, data) => startWorker(module, { workerData: data })))(this.options.module, this.options.workerData);
    const slot: Slot<T, R> = { worker, ready: false, job: undefined, error: undefined };
    this.slots.add(slot);
    worker.on('message', (message: FromWorker<R>) => {
      if (message.type === 'ready') {
        slot.ready = true;
        this.startFailures = 0;
      } else {
        const job = slot.job;
        slot.job = undefined;
        if (job && job.id === message.id) {
          if (message.type === 'done') job.resolve(message.result);
          else job.reject(new WorkerTaskError(message.error));
        }
      }
      // An idle worker must not keep the process alive (a caller that forgets close() still exits).
      if (!slot.job) worker.unref();
      this.dispatch();
    });
    worker.on('error', (error) => {
      slot.error = error;
    });
    worker.on('exit', (code) => {
      if (!this.slots.delete(slot)) return; // closed by us
      const cause = slot.error ? `${slot.error.name}: ${slot.error.message}` : `exit code ${code}`;
      slot.job?.reject(new WorkerCrashedError(cause));
      if (!slot.ready && ++this.startFailures >= MAX_START_FAILURES) {
        this.broken = new WorkerStartError(cause);
        for (const job of this.queue.splice(0)) job.reject(this.broken);
        return;
      }
      this.dispatch();
    });
  }
}

/**
 * The worker's side: answers every task the pool sends with `handle`'s result, or with the error it
 * threw. Call once, at the top level of the worker's module.
 */
export function serveTasks<T, R>(handle: (task: T) => Promise<R>): void {
  const port = parentPort;
  if (isMainThread || !port) throw new Error('serveTasks runs in a worker thread started by a WorkerPool.');
  port.on('message', ({ id, task }: ToWorker<T>) => {
    handle(task).then(
      (result) => port.postMessage({ type: 'done', id, result } satisfies FromWorker<R>),
      (error: unknown) => port.postMessage({ type: 'failed', id, error: serializeError(error) } satisfies FromWorker<R>),
    );
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker<R>);
}

function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { code, permanent } = error as { code?: unknown; permanent?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof permanent === 'boolean' ? { permanent } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}
