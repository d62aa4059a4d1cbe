import { CorruptDocumentError } from '../errors.ts';

/**
 * A structural check of an OLE2 compound file (the container of Word 97–2003, Excel 97–2003,
 * PowerPoint and Outlook files) before any library reads it: sector chains are followed with a
 * visited set, because a chain that loops back on itself makes a naive reader allocate until the
 * process dies, and the directory tells what the container holds.
 */

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Sector ids at or above this (as unsigned) are markers: free, end of chain, FAT, DIFAT. */
const MAX_REGULAR_SECTOR = 0xfffffffa;
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

export function isOle2(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/** What an OLE2 container holds, by its top-level stream names. */
export type Ole2Kind = 'word' | string;

/**
 * Checks the container's allocation tables (no chain loops or leaves the file) and names what it
 * holds: `word` when it has a `WordDocument` stream, else a description for the unsupported-format error.
 */
export function inspectOle2(bytes: Uint8Array): Ole2Kind {
  if (bytes.length < 512 || !isOle2(bytes)) throw new CorruptDocumentError('the OLE2 header is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) throw new CorruptDocumentError(`the OLE2 header gives an impossible sector size (2^${shift})`);
  const sectorSize = 1 << shift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + (bytes.length % sectorSize ? 1 : 0);
  const sectorAt = (id: number): number => {
    if (id >= sectorCount) throw new CorruptDocumentError(`an OLE2 chain points to sector ${id}, past the end of the file`);
    return (id + 1) * sectorSize;
  };

  // The FAT's own sectors: 109 ids in the header, then a DIFAT chain (bounded by its stated length).
  const fatSectorIds: number[] = [];
  for (let i = 0; i < 109; i++) {
    const id = view.getUint32(0x4c + i * 4, true);
    if (id <= MAX_REGULAR_SECTOR) fatSectorIds.push(id);
  }
  let difat = view.getUint32(0x44, true);
  const difatCount = view.getUint32(0x48, true);
  const seenDifat = new Set<number>();
  for (let n = 0; n < difatCount && difat <= MAX_REGULAR_SECTOR; n++) {
    if (seenDifat.has(difat)) throw new CorruptDocumentError('the OLE2 DIFAT chain loops');
    seenDifat.add(difat);
    const at = sectorAt(difat);
    for (let i = 0; i < sectorSize / 4 - 1; i++) {
      const id = view.getUint32(at + i * 4, true);
      if (id <= MAX_REGULAR_SECTOR) fatSectorIds.push(id);
    }
    difat = view.getUint32(at + sectorSize - 4, true);
  }
  const fat = new Uint32Array(fatSectorIds.length * (sectorSize / 4));
  fatSectorIds.forEach((id, s) => {
    const at = sectorAt(id);
    for (let i = 0; i < sectorSize / 4; i++) fat[s * (sectorSize / 4) + i] = view.getUint32(at + i * 4, true);
  });
  assertNoLoops(fat, 'FAT');

  const chain = (start: number): number[] => {
    const ids: number[] = [];
    for (let id = start; id <= MAX_REGULAR_SECTOR; id = fat[id] ?? END_OF_CHAIN) {
      sectorAt(id);
      ids.push(id);
    }
    return ids;
  };
  const miniFatStart = view.getUint32(0x3c, true);
  if (miniFatStart !== END_OF_CHAIN && miniFatStart !== FREE) {
    const miniFatSectors = chain(miniFatStart);
    const miniFat = new Uint32Array(miniFatSectors.length * (sectorSize / 4));
    miniFatSectors.forEach((id, s) => {
      const at = sectorAt(id);
      for (let i = 0; i < sectorSize / 4; i++) miniFat[s * (sectorSize / 4) + i] = view.getUint32(at + i * 4, true);
    });
    assertNoLoops(miniFat, 'mini FAT');
  }

  const names = new Set<string>();
  for (const id of chain(view.getUint32(0x30, true))) {
    const at = sectorAt(id);
    for (let entry = at; entry + 128 <= Math.min(at + sectorSize, bytes.length); entry += 128) {
      const nameBytes = Math.min(view.getUint16(entry + 0x40, true), 64);
      if (nameBytes >= 2) names.add(new TextDecoder('utf-16le').decode(bytes.subarray(entry, entry + nameBytes - 2)));
    }
  }
  if (names.has('WordDocument')) return 'word';
  if (names.has('Workbook') || names.has('Book')) return 'XLS spreadsheet (Excel 97–2003)';
  if (names.has('PowerPoint Document')) return 'PPT presentation (PowerPoint 97–2003)';
  if ([...names].some((n) => n.startsWith('__substg1.0_'))) return 'Outlook message (MSG)';
  return 'OLE2 compound file without a Word document';
}

/** Every chain in an allocation table ends: following next-pointers never comes back to a sector. */
function assertNoLoops(table: Uint32Array, what: string): void {
  // 0 = not seen, 1 = on the chain being followed, 2 = known to end.
  const state = new Uint8Array(table.length);
  const path: number[] = [];
  for (let start = 0; start < table.length; start++) {
    let id = start;
    while (id < table.length && state[id] === 0) {
      state[id] = 1;
      path.push(id);
      id = table[id]!;
    }
    if (id < table.length && state[id] === 1) throw new CorruptDocumentError(`the OLE2 ${what} has a sector chain that loops`);
    for (const p of path) state[p] = 2;
    path.length = 0;
  }
}
