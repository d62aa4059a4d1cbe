/**
 * A worker thread of `docpipe process` (bin/commands/process.ts). It takes either runs of file paths,
 * reads and processes each, and answers each file's NDJSON line as soon as it is done (so if the
 * thread dies, the file it died on is known and the rest of its run goes to another thread); or
 * files the main thread has read and cleaned, and answers their lines (the second stage, when the
 * two threads split the stages).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReadDocument } from '../shared/domain/process-document.ts';
import { fileProcessor } from './process-files.ts';

/** Main thread → worker: files `start` … `start + files.length - 1` of the command line. */
export interface FilesRun {
  start: number;
  files: string[];
}
/** Main thread → worker: file `index` of the command line, read and cleaned; the worker describes it. */
export interface ReadFileToDescribe {
  index: number;
  file: string;
  read: ReadDocument;
}
/** Worker → main thread: ready to take runs, or one file's line. */
export type FromFilesWorker = { type: 'ready' } | { type: 'line'; index: number; line: string; failed: boolean };

const port = parentPort;
if (!port) throw new Error('process-files-worker runs in a worker thread started by docpipe process.');
const { processFile, describe } = await fileProcessor((workerData as { ocr: boolean }).ocr);

// Messages are handled strictly one after another, in the order they came.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: FilesRun | ReadFileToDescribe) => {
  if ('read' in message) {
    const { index, file, read } = message;
    queue = queue.then(() => port.postMessage({ type: 'line', index, ...describe(file, read) } satisfies FromFilesWorker));
    return;
  }
  const { start, files } = message;
  queue = queue.then(async () => {
    for (const [offset, file] of files.entries()) {
      const { line, failed } = await processFile(file);
      port.postMessage({ type: 'line', index: start + offset, line, failed } satisfies FromFilesWorker);
    }
  });
});
port.postMessage({ type: 'ready' } satisfies FromFilesWorker);
