import type { DocumentRecord } from '../domain/types.ts';
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
}

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
  return {
    async apply({ id, newRecord, oldRecord }) {
      if (newRecord?.status === 'PROCESSED' && newRecord.processedKey) {
        if (oldRecord && sameIndexedContent(oldRecord, newRecord)) return 'unchanged';
        const processed = await readProcessed(deps.objects, deps.processedBucket, newRecord.processedKey);
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
