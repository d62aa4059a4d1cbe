import { NotFoundError } from '../domain/errors.ts';
import { encodeCursor, parseSearchRequest, type RawParams } from '../domain/search/request.ts';
import type { DocumentRecord } from '../domain/types.ts';
import type { MetadataStore, ObjectStore, SearchIndex, SearchResponse } from '../ports.ts';
import { readProcessed } from './processed-objects.ts';

/** How long the link to a document's original file stays valid. */
export const ORIGINAL_LINK_SECONDS = 15 * 60;

/** `GET /documents/{id}`: the metadata row, the cleaned text, and a link to the original file. */
export interface DocumentView {
  document: Omit<DocumentRecord, 'processedKey'>;
  text: { title: string | null; kicker: string | null; lead: string | null; body: string; captions: string[] };
  /** Presigned GET of the uploaded file, valid for ORIGINAL_LINK_SECONDS. */
  originalUrl: string;
}

export interface SearchService {
  search(params: RawParams): Promise<SearchResponse>;
  document(id: string): Promise<DocumentView>;
}

export interface SearchDependencies {
  index: SearchIndex;
  /** Needed for `document()` only; the CLI's offline search has none. */
  documents?: { metadata: Pick<MetadataStore, 'get'>; objects: ObjectStore; processedBucket: string };
}

const ID = /^[0-9a-f]{32}$/;

/** Validates what a person asked for and asks the engine; bad input is an InvalidQueryError naming the parameter. */
export function createSearchService(deps: SearchDependencies): SearchService {
  return {
    async search(params) {
      const request = parseSearchRequest(params);
      const result = await deps.index.search(request);
      return {
        total: result.total,
        hits: result.hits,
        facets: result.facets,
        nextCursor: result.last ? encodeCursor(request, result.last) : null,
        corrections: result.corrections ?? [],
      };
    },

    async document(id) {
      if (!deps.documents) throw new Error('This search service was built without document access.');
      const { metadata, objects, processedBucket } = deps.documents;
      const missing = () => new NotFoundError(`No document ${id}: ids are the 32-character \`id\` of a search hit.`);
      if (!ID.test(id)) throw missing();
      const record = await metadata.get(id);
      if (!record || record.status !== 'PROCESSED' || !record.processedKey) throw missing();
      const processed = await readProcessed(objects, processedBucket, record.processedKey);
      if (!processed) throw missing();
      const { processedKey: _hidden, ...document } = record;
      const doc = processed.document;
      return {
        document,
        text: { title: doc.title, kicker: doc.kicker, lead: doc.lead, body: doc.body, captions: doc.captions },
        originalUrl: await objects.presignGet(record.bucket, record.key, ORIGINAL_LINK_SECONDS),
      };
    },
  };
}
