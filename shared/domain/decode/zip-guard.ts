import { inflateRawSync } from 'node:zlib';
import { CorruptDocumentError, DocumentTooLargeError, UnsupportedFormatError } from '../errors.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const MAX_ENTRIES = 10_000;

/**
 * Reads a ZIP's central directory and inflates every entry with a hard output cap, so a bomb
 * (huge or lying uncompressed sizes) stops here with a clear error before any library unpacks it.
 */
export function inspectZip(bytes: Uint8Array, maxTotalBytes: number): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(bytes, view);
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count > MAX_ENTRIES) throw new CorruptDocumentError(`the archive lists ${count} files (limit ${MAX_ENTRIES})`);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw new CorruptDocumentError('the ZIP central directory is damaged');
    const nameLength = view.getUint16(offset + 28, true);
    entries.push({
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      declaredSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
      name: new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)),
    });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  const declared = entries.reduce((sum, e) => sum + e.declaredSize, 0);
  if (declared > maxTotalBytes) throw DocumentTooLargeError.unpacked(bytes.length, maxTotalBytes);
  let actual = 0;
  for (const entry of entries) {
    actual += inflatedSize(bytes, view, entry, maxTotalBytes - actual, maxTotalBytes);
  }
  return entries;
}

function inflatedSize(bytes: Uint8Array, view: DataView, entry: ZipEntry, budget: number, limit: number): number {
  const local = entry.localHeaderOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw new CorruptDocumentError(`the ZIP entry ${entry.name} is damaged`);
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.length;
  if (entry.method !== 8) throw new UnsupportedFormatError(`a ZIP entry compressed with method ${entry.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw DocumentTooLargeError.unpacked(bytes.length, limit);
    }
    throw new CorruptDocumentError(`the ZIP entry ${entry.name} cannot be decompressed`, { cause: error });
  }
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  throw new CorruptDocumentError('the ZIP archive is truncated (no end of central directory)');
}

/** What kind of Office/OpenDocument file a ZIP is, from the names inside it. */
export function zipKind(entries: ZipEntry[]): 'docx' | string {
  const names = new Set(entries.map((e) => e.name));
  if (names.has('word/document.xml')) return 'docx';
  if (names.has('xl/workbook.xml')) return 'XLSX spreadsheet';
  if (names.has('ppt/presentation.xml')) return 'PPTX presentation';
  if (names.has('content.xml') && names.has('mimetype')) return 'OpenDocument file';
  return 'ZIP archive';
}

/** One entry's bytes, inflated with a cap; undefined when the archive has no such entry. Call after `inspectZip`. */
export function readZipEntry(bytes: Uint8Array, entries: ZipEntry[], name: string, maxBytes: number): Uint8Array | undefined {
  const entry = entries.find((e) => e.name === name);
  if (!entry) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localHeaderOffset;
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  return entry.method === 0 ? data : inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
}
