import type { DocumentRecord } from '../domain/types.ts';
import type { ObjectStore, SearchIndex } from '../ports.ts';
import { readProcessed, toIndexDocument } from './processed-objects.ts';

export interface IndexDependencies {
  objects: ObjectStore;
  index: SearchIndex;
  processedBucket: string;
}

/** A change to one metadata row, as a DynamoDB stream (or the local change feed) reports it. */
export interface RecordChange {
  id: string;
  /** The row after the change; undefined when it was deleted. */
  newRecord: DocumentRecord | undefined;
}

export type IndexOutcome = 'upserted' | 'removed' | 'superseded';

export interface IndexService {
  apply(change: RecordChange): Promise<IndexOutcome>;
}

/** Keeps the search index equal to the processed rows: a row that is gone or failed is not searchable. */
export function createIndexService(deps: IndexDependencies): IndexService {
  return {
    async apply({ id, newRecord }) {
      if (newRecord?.status === 'PROCESSED' && newRecord.processedKey) {
        const processed = await readProcessed(deps.objects, deps.processedBucket, newRecord.processedKey);
        if (processed && processed.etag === newRecord.etag) {
          await deps.index.upsert([toIndexDocument(newRecord, processed)]);
          return 'upserted';
        }
        // The processed text belongs to another version: a newer change of this row follows in the stream.
        if (processed) return 'superseded';
      }
      await deps.index.remove([id]);
      return 'removed';
    },
  };
}
