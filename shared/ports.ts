import type { DocumentRecord, IndexDocument } from './domain/types.ts';
import type { ParsedQuery } from './domain/search/query.ts';

/** Object storage (S3 in AWS, s3rver locally). */
export interface ObjectStore {
  /** The object's bytes, or undefined when it no longer exists. */
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
  put(bucket: string, key: string, body: Uint8Array | string, contentType?: string): Promise<{ etag: string | undefined }>;
  delete(bucket: string, key: string): Promise<void>;
  list(bucket: string, prefix?: string): AsyncIterable<ListedObject>;
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

/** The metadata table (DynamoDB in AWS, dynalite locally). */
export interface MetadataStore {
  get(id: string): Promise<DocumentRecord | undefined>;
  /** Writes the record and returns the one it replaced. */
  put(record: DocumentRecord): Promise<DocumentRecord | undefined>;
  /** Deletes the record and returns it, if there was one. */
  delete(id: string): Promise<DocumentRecord | undefined>;
  /** Every record, a page at a time. */
  scan(): AsyncIterable<DocumentRecord[]>;
}

/** The search index (OpenSearch in AWS, SQLite FTS5 locally). Ids are document ids: writes are idempotent. */
export interface SearchIndex {
  upsert(documents: IndexDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchResponse>;
  /** Which version (etag) of a document the index holds, if any. */
  indexedVersion(id: string): Promise<{ etag: string | null } | undefined>;
  /** Builds a complete new index from the pages and switches searches to it in one step. */
  rebuild(pages: AsyncIterable<IndexDocument[]>): Promise<{ indexed: number }>;
}

export interface SearchRequest {
  query: ParsedQuery;
  size: number;
}

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

export interface SearchResponse {
  total: number;
  hits: SearchHit[];
}

/** A message queue (SQS in AWS, the in-process queue locally). */
export interface MessageQueue {
  send(bodies: string[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
