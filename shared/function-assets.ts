/**
 * Paths inside a function's asset that both the build (infra/function-bundles.ts) and the running
 * function (functions/ingest/handler.ts) name; a module of its own so the function bundles no build code.
 */
export const OCR_ASSET = {
  /** tesseract.js runs Tesseract in a worker thread started from this file. */
  worker: 'node_modules/tesseract.js/worker.js',
  /** The language models, one folder (Tesseract reads every language from one path). */
  models: 'ocr-models',
} as const;
