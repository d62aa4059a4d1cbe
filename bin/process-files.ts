/**
 * `docpipe process` for one file, the same on the main thread and in its worker threads
 * (bin/process-files-worker.ts): read it, process it, and format its NDJSON line there, so a worker
 * hands back one string instead of a document to clone and the main thread only prints. Or the two
 * stages of that, for two threads that each run one: `readFile` (read and clean) and `describe`
 * (the facts, and the line).
 */
import { readFileSync } from 'node:fs';
import { errorInfo, type ErrorInfo } from '../shared/domain/errors.ts';
import type { OcrEngine } from '../shared/domain/ocr.ts';
import type { ReadDocument } from '../shared/domain/process-document.ts';
import type { ProcessedDocument } from '../shared/domain/types.ts';
import { lazyOcrEngine } from '../shared/adapters/lazy-ocr.ts';
import { loadProcessing } from '../local/compiled-processing.ts';

/** One file's line of output, and whether it records a failure. */
export interface FileLine {
  line: string;
  failed: boolean;
}

export const documentLine = (file: string, document: ProcessedDocument): string => `${JSON.stringify({ file, ...document })}\n`;
export const failedLine = (file: string, error: ErrorInfo): FileLine => ({ line: `${JSON.stringify({ file, error })}\n`, failed: true });

/** A file read and cleaned (`readFile`), for `describe`; or its line, when reading it failed. */
export type ReadFile = { read: ReadDocument } | FileLine;

export interface FileProcessor {
  processFile: (file: string) => Promise<FileLine>;
  /** The first stage of `processFile`: `describe` of what it reads gives the same line. */
  readFile: (file: string) => Promise<ReadFile>;
  describe: (file: string, read: ReadDocument) => FileLine;
  close: () => Promise<void>;
}

/** Processes files one at a time on this thread: the processing code is loaded (from the build's code cache) on the first. */
export async function fileProcessor(withOcr: boolean): Promise<FileProcessor> {
  const { processDocument, readDocument, describeDocument } = await loadProcessing();
  // Loaded on this thread's first scan only; its own worker thread is stopped by close().
  const ocr: OcrEngine | undefined = withOcr ? lazyOcrEngine() : undefined;
  const options = ocr ? { ocr } : {};
  return {
    async processFile(file) {
      try {
        return { line: documentLine(file, await processDocument(readFileSync(file), options)), failed: false };
      } catch (error) {
        return failedLine(file, errorInfo(error));
      }
    },
    async readFile(file) {
      try {
        return { read: await readDocument(readFileSync(file), options) };
      } catch (error) {
        return failedLine(file, errorInfo(error));
      }
    },
    describe(file, read) {
      try {
        return { line: documentLine(file, describeDocument(read)), failed: false };
      } catch (error) {
        return failedLine(file, errorInfo(error));
      }
    },
    close: async () => ocr?.close(),
  };
}
