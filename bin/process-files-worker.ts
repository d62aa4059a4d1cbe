/**
 * A worker thread of `docpipe process` (bin/commands/process.ts). It takes either runs of file paths,
 * reads and processes each, and answers each file's NDJSON line as soon as it is done (so if the
 * thread dies, the file it died on is known and the rest of its run goes to another thread); or
 * files the main thread has read and cleaned, and answers their lines (the second stage, when the
 * two threads split the stages).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReadDocument } from '../shared/domain/process-document.ts';
import { fileProcessor, type FileLine } from './process-files.ts';

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
/**
 * Worker → main thread: ready to take runs, or one file's line, as UTF-8 bytes handed over (a
 * transferred buffer, not copied): the main thread writes them as they are, so encoding the output is
 * done here, beside the processing, rather than on the thread that reads every file.
 */
export type FromFilesWorker = { type: 'ready' } | { type: 'line'; index: number; line: Uint8Array; failed: boolean };

const port = parentPort;
if (!port) throw new Error('process-files-worker runs in a worker thread started by docpipe process.');
const { processFile, describe } = await fileProcessor((workerData as { ocr: boolean }).ocr);

const utf8 = new TextEncoder();
/** Hands a file's line to the main thread, encoded here; its buffer moves rather than being copied. */
const answer = (index: number, { line, failed }: FileLine): void => {
  const bytes = utf8.encode(line);
  port.postMessage({ type: 'line', index, line: bytes, failed } satisfies FromFilesWorker, [bytes.buffer]);
};

// Messages are handled strictly one after another, in the order they came.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: FilesRun | ReadFileToDescribe) => {
  if ('read' in message) {
    const { index, file, read } = message;
    queue = queue.then(() => answer(index, describe(file, read)));
    return;
  }
  const { start, files } = message;
  queue = queue.then(async () => {
    for (const [offset, file] of files.entries()) answer(start + offset, await processFile(file));
  });
});
port.postMessage({ type: 'ready' } satisfies FromFilesWorker);
