import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { extractImages, getDocumentProxy } from 'unpdf';
import { CorruptDocumentError, OcrLimitError } from '../domain/errors.ts';
import { MAX_OCR_PIXELS, type OcrEngine, type OcrLine, type RecognizedPage } from '../domain/ocr.ts';

/**
 * OCR with tesseract.js (Tesseract compiled to WebAssembly, LSTM engine) and the Vietnamese and
 * English models of the `@tesseract.js-data/*` packages, read from disk: nothing is downloaded at run
 * time. A scanned PDF page is its image: pdf.js (`unpdf`) decodes the largest image the page paints
 * (JPEG, JPEG 2000, CCITT, Flate…) at the resolution it was scanned at, and the pixels go to Tesseract
 * as a greyscale PGM — no canvas, nothing native, so the same code runs in Lambda on ARM64. One worker
 * thread, made on first use and kept for the next documents of the process.
 */

export interface TesseractOptions {
  /** Folder holding `vie.traineddata.gz` and `eng.traineddata.gz`; defaults to the npm packages' `4.0.0_best_int` folders. */
  dataDir?: string;
  /** tesseract.js's worker script, when it is not where the package keeps it (a bundled function). */
  workerPath?: string;
}

const LANGUAGES = ['vie', 'eng'] as const;
/** As reported in `ocr.engine` (the lazy wrapper in lazy-ocr.ts says the same without loading this file). */
export const TESSERACT_ENGINE_NAME = 'tesseract.js vie+eng (LSTM)';
/** Models for the LSTM engine only (integer-quantised "best"): smaller and faster than the legacy+LSTM files. */
const MODEL_FOLDER = '4.0.0_best_int';
/** Smaller images hold no readable text (and make Tesseract complain about scaling). */
const MIN_SIDE = 16;

/**
 * One folder holding every model (Tesseract reads all languages from one path). A function ships
 * them together; from the npm packages, which keep one language each, they are copied once into a
 * folder under the temp directory.
 */
function modelFolder(dataDir: string | undefined): string {
  if (dataDir) return dataDir;
  const folder = join(tmpdir(), `docpipe-ocr-models-${MODEL_FOLDER}`);
  const require = createRequire(import.meta.url);
  for (const lang of LANGUAGES) {
    const target = join(folder, `${lang}.traineddata.gz`);
    if (existsSync(target)) continue;
    mkdirSync(folder, { recursive: true });
    // Copied under a name of this process's own, then renamed: a reader never sees half a model.
    const partial = `${target}.${process.pid}.partial`;
    copyFileSync(join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), MODEL_FOLDER, `${lang}.traineddata.gz`), partial);
    renameSync(partial, target);
  }
  return folder;
}

export function createTesseractEngine(options: TesseractOptions = {}): OcrEngine {
  let worker: Promise<Worker> | undefined;
  const started = (): Promise<Worker> =>
    (worker ??= createWorker([...LANGUAGES], OEM.LSTM_ONLY, {
      langPath: modelFolder(options.dataDir),
      cacheMethod: 'none',
      gzip: true,
      ...(options.workerPath ? { workerPath: options.workerPath } : {}),
    }));

  const recognize = async (image: Uint8Array, page: number, height: number): Promise<RecognizedPage> => {
    const { data } = await (await started()).recognize(Buffer.from(image), { rotateAuto: true }, { blocks: true, text: false });
    const paragraphs: OcrLine[][] = (data.blocks ?? []).flatMap((block) =>
      block.paragraphs.map((p) => p.lines.map((l) => ({ text: l.text.replace(/\s+/g, ' ').trim(), confidence: l.confidence, top: l.bbox.y0, bottom: l.bbox.y1 })).filter((l) => l.text)),
    ).filter((p) => p.length > 0);
    return { page, paragraphs, confidence: paragraphs.length > 0 ? data.confidence : 0, height };
  };

  return {
    name: TESSERACT_ENGINE_NAME,

    async recognizeImage(image) {
      const size = imageSize(image);
      if (size && size.width * size.height > MAX_OCR_PIXELS) {
        throw new OcrLimitError(`The image is ${size.width}×${size.height} pixels, over the ${MAX_OCR_PIXELS.toLocaleString('en')}-pixel OCR limit; scan at 300 dpi (an A4 page is about 2480×3508) and upload it again.`);
      }
      if (size && (size.width < MIN_SIDE || size.height < MIN_SIDE)) return { page: 1, paragraphs: [], confidence: 0, height: size.height };
      // A worker that cannot start is the engine's failure (thrown as it is); one that cannot decode the image, the document's.
      await started();
      try {
        return await recognize(image, 1, size?.height ?? 0);
      } catch (error) {
        throw new CorruptDocumentError(`the image cannot be decoded for OCR (${String((error as Error)?.message ?? error)})`, { cause: error });
      }
    },

    async recognizePdfPages(pdfBytes, pages) {
      const pdf = await getDocumentProxy(new Uint8Array(pdfBytes), { isEvalSupported: false, verbosity: 0 });
      try {
        const out: RecognizedPage[] = [];
        for (const number of pages) {
          // The scan is the largest image on the page (a logo or a signature beside it is not).
          const image = (await extractImages(pdf, number)).sort((a, b) => b.width * b.height - a.width * a.height)[0];
          if (!image || image.width < MIN_SIDE || image.height < MIN_SIDE) {
            out.push({ page: number, paragraphs: [], confidence: 0, height: image?.height ?? 0 });
            continue;
          }
          if (image.width * image.height > MAX_OCR_PIXELS) {
            throw new OcrLimitError(`Page ${number} is a ${image.width}×${image.height}-pixel image, over the ${MAX_OCR_PIXELS.toLocaleString('en')}-pixel OCR limit; rescan at 300 dpi and upload it again.`);
          }
          out.push(await recognize(greyPgm(image), number, image.height));
        }
        return out;
      } finally {
        await pdf.destroy();
      }
    },

    async close() {
      const running = worker;
      worker = undefined;
      if (running) await (await running).terminate();
    },
  };
}

/** Decoded pixels (1, 3 or 4 channels) as an 8-bit greyscale PGM, a format Tesseract's Leptonica reads without a codec. */
function greyPgm(image: { data: Uint8ClampedArray; width: number; height: number; channels: number }): Uint8Array {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1');
  const out = Buffer.alloc(header.length + image.width * image.height);
  header.copy(out);
  const { data, channels } = image;
  for (let i = 0, o = header.length; o < out.length; i += channels, o++) {
    out[o] = channels < 3 ? data[i]! : (data[i]! * 299 + data[i + 1]! * 587 + data[i + 2]! * 114) / 1000;
  }
  return out;
}

/** Width and height from a PNG or JPEG header (TIFF: undefined, the engine decides); a damaged header is a corrupt document. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] === 0x89 && bytes[1] === 0x50) {
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw new CorruptDocumentError('the PNG image is truncated (no header)');
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the JPEG segments to the frame header (SOF0–SOF15, not DHT/JPG/DAC).
    for (let at = 2; at + 9 < bytes.length; ) {
      if (bytes[at] !== 0xff) break;
      const marker = bytes[at + 1]!;
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      }
      at += 2 + view.getUint16(at + 2);
    }
    throw new CorruptDocumentError('the JPEG image is truncated (no frame header)');
  }
  return undefined;
}
