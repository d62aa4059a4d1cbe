import { startWorker } from '../shared/worker-entry.ts';

/** What the storage thread is started with (its `workerData`). */
export interface StorageStart {
  dataDir: string;
  ports: { s3: number; dynamodb: number };
  buckets: string[];
}

/** Messages from the pipeline's thread to the storage thread. */
export type ToStorage = { type: 'ack'; id: number } | { type: 'close' };

/** Messages from the storage thread. */
export type FromStorage =
  | { type: 'ready'; s3Port: number; dynamoPort: number; osThreadId: number | null }
  | { type: 'failed'; message: string }
  | { type: 'event'; id: number; event: unknown }
  | { type: 'closed' };

export interface StorageServers {
  endpoints: { s3: string; dynamodb: string };
  /** The storage thread's operating-system id where known (Linux), to tell its CPU time from the pipeline's. */
  osThreadId: number | null;
  /** Closes both servers and ends their thread. */
  close(): Promise<void>;
}

/** Thrown when the storage thread dies while the stack runs; the stack cannot go on without it. */
export class StorageServersStoppedError extends Error {
  override readonly name = 'StorageServersStoppedError';
  constructor(cause: unknown) {
    super(`The local S3 and DynamoDB servers stopped unexpectedly (${cause instanceof Error ? cause.message : String(cause)}); nothing stored is lost: start docpipe again.`, { cause });
  }
}

/**
 * Starts s3rver and dynalite on a worker thread (local/storage-servers-worker.ts), so the machine's
 * second core serves storage requests while the first runs the pipeline. Every S3 event reaches
 * `onS3Event` before the request that caused it is answered, as when s3rver ran on this thread.
 */
export function startStorageServers(start: StorageStart, onS3Event: (event: unknown) => void): Promise<StorageServers> {
  const worker = startWorker(new URL('./storage-servers-worker.ts', import.meta.url), { workerData: start });
  const post = (message: ToStorage): void => worker.postMessage(message);
  let closing = false;
  let closed: () => void = () => undefined;
  const closedMessage = new Promise<void>((done) => (closed = done));
  return new Promise((ready, fail) => {
    let started = false;
    worker.on('message', (message: FromStorage) => {
      if (message.type === 'event') {
        onS3Event(message.event);
        post({ type: 'ack', id: message.id });
      } else if (message.type === 'ready') {
        started = true;
        ready({
          endpoints: { s3: `http://127.0.0.1:${message.s3Port}`, dynamodb: `http://127.0.0.1:${message.dynamoPort}` },
          osThreadId: message.osThreadId,
          close: async () => {
            closing = true;
            post({ type: 'close' });
            await closedMessage;
            // Ends whatever the servers leave open (LevelDB's handle is closed with the thread).
            await worker.terminate();
          },
        });
      } else if (message.type === 'closed') {
        closed();
      } else if (message.type === 'failed') {
        fail(new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      if (!started) return fail(error);
      // As when the servers shared this thread: their crash ends the process, saying so.
      throw new StorageServersStoppedError(error);
    });
    worker.on('exit', (code) => {
      if (!started) fail(new Error(`The local storage servers' thread ended during start-up (exit code ${code}).`));
      else if (!closing) throw new StorageServersStoppedError(new Error(`thread exit code ${code}`));
    });
  });
}
