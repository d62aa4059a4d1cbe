import { readFileSync } from 'node:fs';
import { lazyOcrEngine } from '../../shared/adapters/lazy-ocr.ts';
import { errorInfo } from '../../shared/domain/errors.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import { collectFiles } from '../collect-files.ts';

/** `docpipe process`: decode, clean and extract metadata from files without any server; prints NDJSON. */
export async function run(files: string[], opts: { ocr: boolean }): Promise<void> {
  let failures = 0;
  // Loaded on the first scan only; its worker thread is stopped at the end so the command exits.
  const ocr = opts.ocr ? lazyOcrEngine() : undefined;
  for (const { path: file } of collectFiles(files)) {
    try {
      const document = await processDocument(readFileSync(file), ocr ? { ocr } : {});
      process.stdout.write(`${JSON.stringify({ file, ...document })}\n`);
    } catch (error) {
      failures++;
      process.stdout.write(`${JSON.stringify({ file, error: errorInfo(error) })}\n`);
    }
  }
  await ocr?.close();
  if (failures > 0) process.exitCode = 1;
}
