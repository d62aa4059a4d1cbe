import { DocpipeError, type ErrorCode } from '../shared/domain/errors.ts';
import type { ProcessOptions } from '../shared/domain/process-document.ts';
import type { ProcessedDocument } from '../shared/domain/types.ts';
import { WorkerPool, WorkerTaskError, type SerializedError } from './worker-pool.ts';

/** One document for a processing worker: its bytes (transferred) and the size limit. */
export interface ProcessingTask {
  bytes: Uint8Array;
  maxBytes?: number;
}

/** What every processing worker starts with. */
export interface ProcessingWorkerData {
  /** Read scanned pages and images with OCR (each worker loads its own engine on its first scan). */
  ocr: boolean;
}

/**
 * A named docpipe error thrown in a worker, rebuilt on this side with the same code, message and
 * permanence, so `errorInfo` and `isPermanent` judge it exactly as if it had been thrown here.
 */
export class WorkerDocpipeError extends DocpipeError {
  readonly code: ErrorCode;
  readonly permanent: boolean;
  constructor(error: SerializedError & { code: string; permanent: boolean }) {
    super(error.message);
    this.code = error.code as ErrorCode;
    this.permanent = error.permanent;
    this.name = error.name;
  }
}

/** Processing on worker threads: `process` has the signature of `processDocument`. */
export interface ParallelProcessor {
  readonly concurrency: number;
  process(bytes: Uint8Array, options?: Pick<ProcessOptions, 'maxBytes'>): Promise<ProcessedDocument>;
  /** Starts every worker now; resolves when they can take documents. */
  warm(): Promise<void>;
  /** Ends the workers; documents still running fail with WorkerPoolClosedError. */
  close(): Promise<void>;
}

/**
 * `concurrency` worker threads running `processDocument` (local/processing-worker.ts). Documents are
 * processed in the order given as workers free up; each call resolves with its own document, so
 * callers keep their order by awaiting in it. Errors come back as they were thrown (named docpipe
 * errors rebuilt); a worker crash is a `WorkerCrashedError` (transient: the queue retries it).
 */
export function parallelProcessor(options: { concurrency: number; ocr: boolean }): ParallelProcessor {
  const pool = new WorkerPool<ProcessingTask, ProcessedDocument>({
    module: new URL('./processing-worker.ts', import.meta.url),
    size: options.concurrency,
    workerData: { ocr: options.ocr } satisfies ProcessingWorkerData,
  });
  return {
    concurrency: options.concurrency,
    async process(bytes, processOptions = {}) {
      // A copy of its own: the caller's bytes may share a pooled ArrayBuffer that must not be detached.
      const copy = new Uint8Array(bytes);
      try {
        return await pool.run({ bytes: copy, ...(processOptions.maxBytes !== undefined ? { maxBytes: processOptions.maxBytes } : {}) }, [copy.buffer]);
      } catch (error) {
        throw rebuilt(error);
      }
    },
    warm: () => pool.warm(),
    close: () => pool.close(),
  };
}

function rebuilt(error: unknown): unknown {
  if (!(error instanceof WorkerTaskError)) return error;
  const { code, permanent } = error.error;
  if (code !== undefined && permanent !== undefined) return new WorkerDocpipeError({ ...error.error, code, permanent });
  // Anything else stays what it was: a bug, reported (and retried) as such.
  const plain = new Error(error.error.message);
  plain.name = error.error.name;
  if (error.error.stack) plain.stack = error.error.stack;
  return plain;
}
