/**
 * `docpipe process` for one file, the same on the main thread and in its worker threads
 * (bin/process-files-worker.ts): read it, process it, and format its NDJSON line there, so a worker
 * hands back one string instead of a document to clone and the main thread only prints.
 */
import { readFileSync } from 'node:fs';
import { errorInfo, type ErrorInfo } from '../shared/domain/errors.ts';
import type { OcrEngine } from '../shared/domain/ocr.ts';
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

/** Processes files one at a time on this thread: the processing code is loaded (from the build's code cache) on the first. */
export async function fileProcessor(withOcr: boolean): Promise<{ processFile: (file: string) => Promise<FileLine>; close: () => Promise<void> }> {
  const { processDocument } = await loadProcessing();
  // Loaded on this thread's first scan only; its own worker thread is stopped by close().
  const ocr: OcrEngine | undefined = withOcr ? lazyOcrEngine() : undefined;
  return {
    async processFile(file) {
      try {
        return { line: documentLine(file, await processDocument(readFileSync(file), ocr ? { ocr } : {})), failed: false };
      } catch (error) {
        return failedLine(file, errorInfo(error));
      }
    },
    close: async () => ocr?.close(),
  };
}
