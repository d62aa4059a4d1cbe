/**
 * A worker thread that processes documents: the same `processDocument` the in-process path runs, on
 * bytes the parent transfers, answering the processed document or the error it threw. Started by
 * parallel-processor.ts through a WorkerPool.
 */
import { workerData } from 'node:worker_threads';
import { lazyOcrEngine } from '../shared/adapters/lazy-ocr.ts';
import { loadProcessing } from './compiled-processing.ts';
import type { ProcessedDocument } from '../shared/domain/types.ts';
import type { ProcessingTask, ProcessingWorkerData } from './parallel-processor.ts';
import { serveTasks } from './worker-pool.ts';

const { ocr: withOcr } = workerData as ProcessingWorkerData;
// From the build's compiled script with its code cache: each worker thread compiles the code again.
const { processDocument } = await loadProcessing();
// Loaded on this thread's first scan only, as on the main thread.
const ocr = withOcr ? lazyOcrEngine() : undefined;

serveTasks<ProcessingTask, ProcessedDocument>(({ bytes, maxBytes }) =>
  processDocument(bytes, { ...(maxBytes !== undefined ? { maxBytes } : {}), ...(ocr ? { ocr } : {}) }),
);
