import mammoth from 'mammoth';
import { CorruptDocumentError, UnsupportedFormatError } from '../errors.ts';
import { inspectZip, zipKind } from './zip-guard.ts';

/** DOCX → HTML with headings and paragraphs (mammoth), images left out. The archive is checked first. */
export async function docxToHtml(bytes: Uint8Array, maxBytes: number): Promise<string> {
  const kind = zipKind(inspectZip(bytes, maxBytes));
  if (kind !== 'docx') throw new UnsupportedFormatError(kind);
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    return result.value;
  } catch (error) {
    throw new CorruptDocumentError(`the DOCX cannot be read (${(error as Error).message})`, { cause: error });
  }
}
