import type { OcrEngine } from '../domain/ocr.ts';
import type { TesseractOptions } from './tesseract-ocr.ts';

/**
 * The OCR engine as functions are wired with it: nothing of tesseract.js, pdf.js's renderer or the
 * canvas is loaded (or bundled into the main file) until a document needs OCR.
 */
export function lazyOcrEngine(options: TesseractOptions = {}): OcrEngine {
  let engine: Promise<OcrEngine> | undefined;
  const load = (): Promise<OcrEngine> => (engine ??= import('./tesseract-ocr.ts').then((m) => m.createTesseractEngine(options)));
  return {
    name: 'tesseract.js vie+eng (LSTM)',
    recognizeImage: async (image) => (await load()).recognizeImage(image),
    recognizePdfPages: async (pdf, pages) => (await load()).recognizePdfPages(pdf, pages),
    close: async () => {
      if (engine) await (await engine).close();
    },
  };
}
