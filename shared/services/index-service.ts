import type { DocumentRecord, ProcessedObject } from '../domain/types.ts';
import type { MetadataStore, ObjectStore, SearchIndex } from '../ports.ts';
import { readProcessed, toIndexDocument } from './processed-objects.ts';

export interface IndexDependencies {
  objects: ObjectStore;
  metadata: Pick<MetadataStore, 'get'>;
  index: SearchIndex;
  processedBucket: string;
}

/** A change to one metadata row, as a DynamoDB stream (or the local change feed) reports it. */
export interface RecordChange {
  id: string;
  /** The row after the change; undefined when it was deleted. */
  newRecord: DocumentRecord | undefined;
  /** The row before the change, when the stream carries it. */
  oldRecord?: DocumentRecord | undefined;
}

export type IndexOutcome = 'upserted' | 'removed' | 'unchanged' | 'superseded';

export interface IndexService {
  apply(change: RecordChange): Promise<IndexOutcome>;
  /**
   * Announces the changes about to be applied, in order: their texts are then read a few ahead of
   * `apply`, so a batch does not wait for one read at a time. Changes are still applied one by one,
   * in order, with the same outcomes and errors; a change applied without being announced is read then.
   */
  readAhead(changes: RecordChange[]): void;
}

/** Texts read ahead of the one being applied, at most: bounded, as a text can be megabytes. */
export const READ_AHEAD = 8;

export class ProcessedTextMissingError extends Error {
  constructor(readonly id: string, readonly processedKey: string) {
    super(`Processed text ${processedKey} of document ${id} is missing from the processed bucket. Run a reconcile (docpipe start does one) or re-upload the object.`);
    this.name = 'ProcessedTextMissingError';
  }
}

/** The same bytes, processed by the same pipeline version, into the same text: nothing to re-index. */
function sameIndexedContent(a: DocumentRecord, b: DocumentRecord): boolean {
  return a.status === b.status && a.etag === b.etag && a.contentHash === b.contentHash && a.pipelineVersion === b.pipelineVersion && a.processedKey === b.processedKey;
}

/** Keeps the search index equal to the processed rows: a row that is gone, deleted or failed is not searchable. */
export function createIndexService(deps: IndexDependencies): IndexService {
  const read = (key: string): Promise<ProcessedObject | undefined> => readProcessed(deps.objects, deps.processedBucket, key);
  /** Texts announced but not yet being read, in order, and those being read (at most READ_AHEAD). */
  let announced: string[] = [];
  const reading = new Map<string, Promise<ProcessedObject | undefined>>();
  const readMore = (): void => {
    while (reading.size < READ_AHEAD && announced.length > 0) {
      const key = announced.shift() as string;
      if (reading.has(key)) continue;
      const text = read(key);
      text.catch(() => undefined); // surfaced by `apply`, which awaits it
      reading.set(key, text);
    }
  };
  const textOf = (key: string): Promise<ProcessedObject | undefined> => {
    const early = reading.get(key);
    reading.delete(key);
    readMore();
    return early ?? read(key);
  };

  return {
    readAhead(changes) {
      reading.clear();
      announced = changes.flatMap((c) => (needsText(c) && c.newRecord?.processedKey ? [c.newRecord.processedKey] : []));
      readMore();
    },
    async apply({ id, newRecord, oldRecord }) {
      if (newRecord?.status === 'PROCESSED' && newRecord.processedKey) {
        if (oldRecord && sameIndexedContent(oldRecord, newRecord)) return 'unchanged';
        const processed = await textOf(newRecord.processedKey);
        if (processed) {
          await deps.index.upsert([toIndexDocument(newRecord, processed)]);
          return 'upserted';
        }
        // The text of a row that has since changed is deleted on purpose; a newer stream record follows.
        const current = await deps.metadata.get(id);
        if (current?.processedKey !== newRecord.processedKey) return 'superseded';
        throw new ProcessedTextMissingError(id, newRecord.processedKey);
      }
      await deps.index.remove([id]);
      return 'removed';
    },
  };
}

/** Whether applying the change reads its processed text. */
function needsText({ newRecord, oldRecord }: RecordChange): boolean {
  return newRecord?.status === 'PROCESSED' && Boolean(newRecord.processedKey) && !(oldRecord && sameIndexedContent(oldRecord, newRecord));
}
