import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The one place a docpipe worker thread is created from a module URL (`.ts` source). On Node 20 a
 * worker does not inherit the parent's `--import tsx`, so it starts on `tsx-worker.mjs`, which
 * registers tsx and then imports the module named in its `workerData`. A compiled build swaps this
 * function for one that starts the `.js` file directly; callers pass the module URL and nothing else
 * changes.
 */
export function startWorker(moduleUrl: URL, options: Omit<WorkerOptions, 'workerData' | 'execArgv'> & { workerData?: unknown } = {}): Worker {
  const { workerData, ...rest } = options;
  // No inherited Node flags: flags such as --input-type (a parent started with --eval) fail a worker.
  return new Worker(new URL('./tsx-worker.mjs', import.meta.url), { ...rest, execArgv: [], workerData: { module: moduleUrl.href, data: workerData } });
}

/** What a module started by `startWorker` reads as its data (the shim wraps it). */
export function startedWorkerData<T>(raw: unknown): T {
  return (raw as { data: T }).data;
}
