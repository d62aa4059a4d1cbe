import type { IndexDocument } from '../domain/types.ts';
import type { MetadataStore, ObjectStore, SearchIndex } from '../ports.ts';
import { readProcessed, toIndexDocument } from './processed-objects.ts';

export interface ReindexDependencies {
  objects: ObjectStore;
  metadata: MetadataStore;
  index: SearchIndex;
  processedBucket: string;
}

export interface ReindexReport {
  scanned: number;
  indexed: number;
  /** Processed rows whose text was missing from the processed bucket. */
  missingText: string[];
}

/** Full rebuild of the search index from the metadata table and the processed text. */
export function createReindexService(deps: ReindexDependencies): { rebuild(): Promise<ReindexReport> } {
  return {
    async rebuild() {
      let scanned = 0;
      const missingText: string[] = [];
      async function* pages(): AsyncIterable<IndexDocument[]> {
        for await (const records of deps.metadata.scan()) {
          scanned += records.length;
          const processed = records.filter((r) => r.status === 'PROCESSED' && r.processedKey);
          const docs = await Promise.all(
            processed.map(async (record) => {
              const text = await readProcessed(deps.objects, deps.processedBucket, record.processedKey ?? '');
              if (!text) missingText.push(record.id);
              return text ? toIndexDocument(record, text) : undefined;
            }),
          );
          yield docs.filter((d): d is IndexDocument => d !== undefined);
        }
      }
      const { indexed } = await deps.index.rebuild(pages());
      return { scanned, indexed, missingText };
    },
  };
}
