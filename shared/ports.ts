import type { DocumentRecord, DocumentSummary, IndexDocument } from './domain/types.ts';
import type { CursorPosition, SearchRequest } from './domain/search/request.ts';
import type { Correction } from './domain/search/typos.ts';

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
   *
   * With `replacing` (a reprocess), the rule is instead "only over that very row": the stored row must
   * still carry its sequencer, pipeline version and update time. A reprocess then never overwrites a
   * newer upload's row, a tombstone, or another reprocess's output.
   */
  put(record: DocumentRecord, replacing?: RowVersion): Promise<PutResult>;
  /** Removes a row outright, whatever it holds (maintenance; the pipeline writes DELETED rows instead). */
  delete(id: string): Promise<DocumentRecord | undefined>;
  /** Every row, a page at a time; with `changedSince` (ISO time), only rows updated at or after it. */
  scan(options?: { changedSince?: string }): AsyncIterable<DocumentRecord[]>;
  /**
   * One page of a full scan from `cursor` (the previous page's `nextCursor`), reading at most `limit`
   * rows: a re-index resumes from it. A page may hold fewer rows (even none) and still have a next one.
   */
  scanPage(cursor?: string, limit?: number): Promise<Page<DocumentRecord>>;
  /** Processed documents of a source (case-insensitive), newest `published` first by default. */
  listBySource(source: string, page?: PageRequest & { order?: 'newest' | 'oldest' }): Promise<Page<DocumentSummary>>;
  /** FAILED (to retry) or DELETED rows, oldest change first. */
  listByStatus(status: 'FAILED' | 'DELETED', page?: PageRequest): Promise<Page<DocumentSummary>>;
  /** Processed documents with this content hash, first seen first. */
  findByContentHash(contentHash: string): Promise<DocumentSummary[]>;
  /** Processed documents whose fingerprint is within `maxDistance` bits (at most 3), nearest first. */
  findNearDuplicates(fingerprint: string, maxDistance?: number): Promise<Array<DocumentSummary & { distance: number }>>;
}

/** What identifies one write of a row: the event that made it, the pipeline version, the time. */
export type RowVersion = Pick<DocumentRecord, 'sequencer' | 'pipelineVersion' | 'updatedAt'>;

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
  /** Documents the index holds. */
  count(): Promise<number>;
  /** Every document id the index holds, a page at a time (reconcile finds orphans with it). */
  ids(): AsyncIterable<string[]>;
}

/**
 * Blue/green generations of the search index. Searches and pipeline writes (`SearchIndex`) go to the
 * active generation; a re-index fills a new one, verifies it, and activates it in one atomic step,
 * keeping the generation it replaced for rollback. Generation names are opaque and never reused.
 */
export interface IndexGenerations {
  /** The active generation and the one kept for rollback (undefined when none is kept). */
  generations(): Promise<{ active: string | undefined; previous: string | undefined }>;
  /** A new, empty generation that nothing searches or writes to yet. */
  createGeneration(): Promise<string>;
  hasGeneration(name: string): Promise<boolean>;
  /** Writes documents into a generation under construction (idempotent by id). */
  writeGeneration(name: string, documents: IndexDocument[]): Promise<void>;
  /** Documents a generation holds, every write so far visible. */
  countGeneration(name: string): Promise<number>;
  /**
   * Readies a filled generation for searching, before it is activated (SQLite: merges its FTS5
   * segments into one, docs/search.md). Optional: an engine that merges on its own has nothing to do.
   */
  sealGeneration?(name: string): Promise<void>;
  /** Makes `name` active in one atomic step; the generation it replaces becomes `previous`; older ones are dropped. */
  activate(name: string): Promise<{ previous: string | undefined }>;
  /** Makes `previous` active again in one atomic step; the generation it replaces becomes `previous`. */
  rollback(): Promise<{ active: string; previous: string }>;
  dropGeneration(name: string): Promise<void>;
}

/**
 * Where a resumable scan of the table stands (a re-index or a reprocess), saved after every page so the
 * next invocation resumes where this one stopped.
 */
export interface ScanCheckpoint {
  runId: string;
  /** When the run started (a re-index replays rows changed since). */
  startedAt: string;
  /** Table scan position (`Page.nextCursor`) of the next page; null before the first page and after the last. */
  cursor: string | null;
  /** Every page is done: what remains is the job's finishing step. */
  scanComplete: boolean;
  scanned: number;
  invocations: number;
}

/** A re-index in progress. */
export interface ReindexCheckpoint extends ScanCheckpoint {
  /** The generation being built. */
  target: string;
  indexed: number;
  missingText: number;
}

/** A reprocess in progress: what became of the rows scanned so far. */
export interface ReprocessCheckpoint extends ScanCheckpoint {
  /** The version the run brings rows to: a checkpoint of another version is not resumed. */
  pipelineVersion: string;
  /** Processed again and written by this run (PROCESSED). */
  reprocessed: number;
  /** Processed again, and the current pipeline records a permanent failure (FAILED). */
  failed: number;
  /** Handed to the ingest queue, whose consumer reprocesses them (AWS). */
  queued: number;
  /** Already made by the current pipeline version. */
  skippedCurrent: number;
  /** Tombstones, never brought back. */
  skippedDeleted: number;
  /** A newer upload or a delete won over the reprocess, or the object was gone. */
  superseded: number;
}

/** The last completed switch, for rollback and its catch-up. */
export interface ReindexSwitch {
  active: string;
  previous: string | undefined;
  /** When the switch happened: rows changed since then are replayed after a rollback. */
  at: string;
}

export interface JobState<C> {
  checkpoint: C | undefined;
  lockOwner: string | undefined;
  lockExpiresAt: string | undefined;
}

/**
 * The lock and checkpoint of one scheduled job (a control row in the metadata table). The lock has an
 * expiry: a holder that dies stops blocking others once its lease runs out, and the next run resumes
 * from the checkpoint. Every write is conditional on holding the lock.
 */
export interface JobStateStore<C extends ScanCheckpoint> {
  /** Takes the lock for `leaseMs` unless another owner holds a lease that has not expired. */
  acquire(owner: string, leaseMs: number): Promise<boolean>;
  release(owner: string): Promise<void>;
  read(): Promise<JobState<C>>;
  /**
   * Saves (or with undefined, clears) the checkpoint and extends the lease by `leaseMs`, in one write;
   * false when `owner` no longer holds the lock (it expired and another run took it).
   */
  saveCheckpoint(owner: string, checkpoint: C | undefined, leaseMs: number): Promise<boolean>;
}

/** The re-index's lock and checkpoint, and the last switch of generations. */
export interface ReindexStateStore extends JobStateStore<ReindexCheckpoint> {
  read(): Promise<JobState<ReindexCheckpoint> & { lastSwitch: ReindexSwitch | undefined }>;
  /** Records the last switch (activation or rollback); false when `owner` no longer holds the lock. */
  recordSwitch(owner: string, change: ReindexSwitch): Promise<boolean>;
}

export type { SearchRequest } from './domain/search/request.ts';
export type { Correction } from './domain/search/typos.ts';

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
  /** Words no document holds, and the spelling a typo tier matched instead (none when absent). */
  corrections?: Correction[];
}

export interface SearchResponse {
  total: number;
  hits: SearchHit[];
  facets: Facets | null;
  nextCursor: string | null;
  /** "Did you mean": for each word no document holds, the spelling the hits matched instead. */
  corrections: Correction[];
}

/** A message queue (SQS in AWS, the in-process queue locally). */
export interface MessageQueue {
  send(bodies: string[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
