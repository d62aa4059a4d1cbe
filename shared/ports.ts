import type { DocumentRecord, DocumentSummary, IndexDocument } from './domain/types.ts';
import type { CursorPosition, SearchRequest } from './domain/search/request.ts';

/** Object storage (S3 in AWS, s3rver locally). */
export interface ObjectStore {
  /** The object's bytes, or undefined when it no longer exists. */
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
  put(bucket: string, key: string, body: Uint8Array | string, contentType?: string): Promise<{ etag: string | undefined }>;
  delete(bucket: string, key: string): Promise<void>;
  list(bucket: string, prefix?: string): AsyncIterable<ListedObject>;
  /** A time-limited link to download the object. */
  presignGet(bucket: string, key: string, expiresInSeconds: number): Promise<string>;
}

export interface StoredObject {
  bytes: Uint8Array;
  etag: string | undefined;
  versionId: string | undefined;
}

export interface ListedObject {
  key: string;
  etag: string | undefined;
  size: number;
}

/** The metadata table (DynamoDB in AWS, dynalite locally). Access patterns: docs/metadata.md. */
export interface MetadataStore {
  get(id: string): Promise<DocumentRecord | undefined>;
  /**
   * Writes the row unless the stored one reflects the same or a later S3 event (by sequencer): a
   * stale or repeated event never overwrites newer state. Rows without a sequencer are written as
   * they come. Atomic: the rule holds under concurrent writers.
   */
  put(record: DocumentRecord): Promise<PutResult>;
  /** Removes a row outright, whatever it holds (maintenance; the pipeline writes DELETED rows instead). */
  delete(id: string): Promise<DocumentRecord | undefined>;
  /** Every row, a page at a time. */
  scan(): AsyncIterable<DocumentRecord[]>;
  /** Processed documents of a source (case-insensitive), newest `published` first by default. */
  listBySource(source: string, page?: PageRequest & { order?: 'newest' | 'oldest' }): Promise<Page<DocumentSummary>>;
  /** FAILED (to retry) or DELETED rows, oldest change first. */
  listByStatus(status: 'FAILED' | 'DELETED', page?: PageRequest): Promise<Page<DocumentSummary>>;
  /** Processed documents with this content hash, first seen first. */
  findByContentHash(contentHash: string): Promise<DocumentSummary[]>;
  /** Processed documents whose fingerprint is within `maxDistance` bits (at most 3), nearest first. */
  findNearDuplicates(fingerprint: string, maxDistance?: number): Promise<Array<DocumentSummary & { distance: number }>>;
}

export type PutResult =
  | { written: true; previous: DocumentRecord | undefined }
  /** The stored row came from the same or a later event; `current` is what the table holds now. */
  | { written: false; current: DocumentRecord | undefined };

export interface PageRequest {
  /** 1–100; default 25. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  nextCursor?: string;
}

/** The search index (OpenSearch in AWS, SQLite FTS5 locally). Ids are document ids: writes are idempotent. */
export interface SearchIndex {
  upsert(documents: IndexDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(request: SearchRequest): Promise<EngineResult>;
  /** Which version (etag) of a document the index holds, if any. */
  indexedVersion(id: string): Promise<{ etag: string | null } | undefined>;
  /** Every document id the index holds, a page at a time (reconcile finds orphans with it). */
  ids(): AsyncIterable<string[]>;
  /** Builds a complete new index from the pages and switches searches to it in one step. */
  rebuild(pages: AsyncIterable<IndexDocument[]>): Promise<{ indexed: number }>;
}

export type { SearchRequest } from './domain/search/request.ts';

export interface SearchHit {
  id: string;
  key: string;
  title: string;
  /** HTML: matches in <mark>, everything else escaped. */
  snippet: string;
  published: string | null;
  source: string | null;
  authors: string[];
  score: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

/** Counts over every match of a search (not just the page), most frequent first. */
export interface Facets {
  source: FacetValue[];
  authors: FacetValue[];
  people: FacetValue[];
  docRefs: FacetValue[];
  year: FacetValue[];
}

/** What an engine returns; the service turns `last` into `nextCursor`. */
export interface EngineResult {
  total: number;
  hits: SearchHit[];
  facets: Facets | null;
  /** Sort position of the last hit when more may follow (a full page), else null. */
  last: CursorPosition | null;
}

export interface SearchResponse {
  total: number;
  hits: SearchHit[];
  facets: Facets | null;
  nextCursor: string | null;
}

/** A message queue (SQS in AWS, the in-process queue locally). */
export interface MessageQueue {
  send(bodies: string[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
