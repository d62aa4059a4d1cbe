import {
  baseRecord, decideChange, deletedRecord, failedRecord, needsReprocessing, processedRecord, touchedRecord, unquote,
} from '../domain/document-record.ts';
import { DocumentTooLargeError, errorInfo, isPermanent, type ErrorInfo } from '../domain/errors.ts';
import { documentId } from '../domain/ids.ts';
import { processDocument, type ProcessOptions } from '../domain/process-document.ts';
import type { OcrEngine } from '../domain/ocr.ts';
import type { DocumentRecord, DuplicateRef, ObjectRef, ProcessedDocument, ProcessedObject } from '../domain/types.ts';
import type { ObjectChange } from '../events/s3-notification.ts';
import type { Clock, MetadataStore, ObjectStore, RowVersion } from '../ports.ts';
import { processedKeyOf } from './processed-objects.ts';

/** Turns bytes into a processed document; `processDocument` unless a test injects a fault. */
export type DocumentProcessor = (bytes: Uint8Array, options: ProcessOptions) => Promise<ProcessedDocument>;

export interface IngestDependencies {
  objects: ObjectStore;
  metadata: MetadataStore;
  processedBucket: string;
  maxDocumentBytes: number;
  clock: Clock;
  /** Reads scanned pages and images; without one they are recorded as UNSUPPORTED_FORMAT. */
  ocr?: OcrEngine;
  /** Processing itself (default `processDocument`); fault-injection tests pass one that throws. */
  processor?: DocumentProcessor;
}

export type IngestOutcome =
  | { id: string; status: 'PROCESSED'; duplicateOf: DuplicateRef | null }
  | { id: string; status: 'FAILED'; error: ErrorInfo }
  | { id: string; status: 'DELETED' }
  /** The same bytes again: only the stored version pointer moved; nothing was processed or re-indexed. */
  | { id: string; status: 'UNCHANGED' }
  /** The event was older than, or the same as, the one the stored row reflects: nothing changed. */
  | { id: string; status: 'IGNORED'; reason: 'stale-event' | 'duplicate-event' }
  /** The object was gone by the time we read it; its removal event follows. */
  | { id: string; status: 'SKIPPED' };

export type ReprocessOutcome =
  | Extract<IngestOutcome, { status: 'PROCESSED' | 'FAILED' | 'SKIPPED' }>
  /** The current pipeline version already made the row: nothing was read or written. */
  | { id: string; status: 'CURRENT' }
  /**
   * Nothing to reprocess: no row, a tombstone (never brought back), or the row or object moved on
   * (a newer upload or a delete won; its own event brings the current pipeline's output).
   */
  | { id: string; status: 'IGNORED'; reason: 'no-row' | 'deleted' | 'superseded' };

export interface IngestService {
  apply(change: ObjectChange): Promise<IngestOutcome>;
  /**
   * Runs processing again over the object version the row `id` describes, when an older pipeline
   * version made it. The row is replaced only if it is still the one read (same event, version and
   * update time), so a concurrent upload or delete always wins over a reprocess.
   */
  reprocess(id: string): Promise<ReprocessOutcome>;
}

/** Documents shorter than this have fingerprints too unstable to call near-duplicates. */
const NEAR_DUPLICATE_MIN_WORDS = 50;

/**
 * Turns object changes into processed text and metadata rows, in any delivery order: the S3
 * sequencer decides which change wins (the table enforces it atomically), repeated events change
 * nothing, and the same bytes re-uploaded are not processed again. Permanent failures (corrupt or
 * unsupported input) are recorded on the document; everything else (storage errors, a bug in
 * processing) propagates so the queue retries and finally dead-letters it.
 */
export function createIngestService(deps: IngestDependencies): IngestService {
  const { objects, metadata, processedBucket, maxDocumentBytes, clock, ocr, processor = processDocument } = deps;

  /** Writes a row; on refusal (a later event won meanwhile) reports the event as stale. */
  const write = async <O extends IngestOutcome>(record: DocumentRecord, written: (previous: DocumentRecord | undefined) => Promise<O>, replacing?: RowVersion): Promise<O | Extract<IngestOutcome, { status: 'IGNORED' }>> => {
    const result = await metadata.put(record, replacing);
    if (!result.written) return { id: record.id, status: 'IGNORED', reason: 'stale-event' };
    if (result.previous?.processedKey && result.previous.processedKey !== record.processedKey) {
      await objects.delete(processedBucket, result.previous.processedKey);
    }
    return written(result.previous);
  };

  const findDuplicate = async (id: string, doc: ProcessedDocument): Promise<DuplicateRef | null> => {
    const exact = (await metadata.findByContentHash(doc.contentHash)).find((d) => d.id !== id);
    if (exact) return { id: exact.id, key: exact.key, kind: 'exact', distance: 0 };
    if (!doc.fingerprint || doc.wordCount < NEAR_DUPLICATE_MIN_WORDS) return null;
    const near = (await metadata.findNearDuplicates(doc.fingerprint)).find((d) => d.id !== id);
    return near ? { id: near.id, key: near.key, kind: 'near', distance: near.distance } : null;
  };

  return {
    async apply(change) {
      const { ref } = change;
      const id = documentId(ref.bucket, ref.key);
      const stored = await metadata.get(id);
      const decision = decideChange(stored, change);
      if (decision === 'stale') return { id, status: 'IGNORED', reason: 'stale-event' };
      if (decision === 'duplicate') return { id, status: 'IGNORED', reason: 'duplicate-event' };
      const now = clock.now();

      if (change.kind === 'removed') {
        return write(deletedRecord(baseRecord(id, ref, { size: 0 }, now, stored), now), async () => ({ id, status: 'DELETED' }));
      }
      if (decision === 'unchanged' && stored) {
        return write(touchedRecord(stored, ref), async () => ({ id, status: 'UNCHANGED' }));
      }
      if (ref.size !== undefined && ref.size > maxDocumentBytes) {
        const base = baseRecord(id, ref, { size: ref.size }, now, stored);
        const error = errorInfo(new DocumentTooLargeError(ref.size, maxDocumentBytes));
        return write(failedRecord(base, error), async () => ({ id, status: 'FAILED', error }));
      }

      const object = await objects.get(ref.bucket, ref.key);
      if (!object) return { id, status: 'SKIPPED' };
      const base = baseRecord(id, ref, { etag: object.etag, versionId: object.versionId, size: object.bytes.length }, now, stored);
      // The event may not name the ETag; the object does.
      if (stored && decideChange(stored, { kind: 'created', ref: { ...ref, etag: base.etag ?? undefined } }) === 'unchanged') {
        return write(touchedRecord(stored, ref), async () => ({ id, status: 'UNCHANGED' }));
      }
      return processAndWrite(base, object.bytes);
    },

    async reprocess(id) {
      const stored = await metadata.get(id);
      if (!stored) return { id, status: 'IGNORED', reason: 'no-row' };
      if (stored.status === 'DELETED') return { id, status: 'IGNORED', reason: 'deleted' };
      if (!needsReprocessing(stored)) return { id, status: 'CURRENT' };
      // The row's own event: the sequencer stays, so later events still compare against it.
      const ref: ObjectRef = { bucket: stored.bucket, key: stored.key, versionId: stored.versionId ?? undefined, etag: stored.etag ?? undefined, sequencer: stored.sequencer ?? undefined, size: stored.size };
      const now = clock.now();
      const outcome = await (async (): Promise<IngestOutcome> => {
        if (stored.size > maxDocumentBytes) {
          const error = errorInfo(new DocumentTooLargeError(stored.size, maxDocumentBytes));
          return write(failedRecord(baseRecord(id, ref, { size: stored.size }, now, stored), error), async () => ({ id, status: 'FAILED', error }), stored);
        }
        const object = await objects.get(ref.bucket, ref.key);
        if (!object) return { id, status: 'SKIPPED' };
        // Other bytes than the row describes: a newer upload whose event is on its way processes them.
        if (stored.etag && unquote(object.etag) !== stored.etag) return { id, status: 'IGNORED', reason: 'stale-event' };
        return processAndWrite(baseRecord(id, ref, { etag: object.etag, versionId: object.versionId, size: object.bytes.length }, now, stored), object.bytes, stored);
      })();
      switch (outcome.status) {
        case 'PROCESSED':
        case 'FAILED':
        case 'SKIPPED':
          return outcome;
        default:
          return { id, status: 'IGNORED', reason: 'superseded' };
      }
    },
  };

  /** Processes the bytes and writes the row (by the sequencer rule, or over exactly `replacing`). */
  async function processAndWrite(base: DocumentRecord, bytes: Uint8Array, replacing?: RowVersion): Promise<IngestOutcome> {
    const { id } = base;
    let document: ProcessedDocument;
    try {
      document = await processor(bytes, { maxBytes: maxDocumentBytes, ...(ocr ? { ocr } : {}) });
    } catch (error) {
      // Anything but a named permanent error is not the file's fault: a bug in docpipe (a TypeError in
      // cleaning code) or the OCR engine's own failure. Rethrown, so the queue retries and finally
      // dead-letters it and a redrive re-runs it after the fix; recorded FAILED it would stay buried.
      if (!isPermanent(error)) throw error;
      // A named permanent error: processing is deterministic, so the same bytes fail the same way.
      const info = errorInfo(error);
      return write(failedRecord(base, info), async () => ({ id, status: 'FAILED', error: info }), replacing);
    }
    const processedKey = processedKeyOf(id, document.contentHash);
    const processed: ProcessedObject = { id, key: base.key, etag: base.etag, document };
    // Same text hash as the stored row (a reprocess, mostly): the same key, overwritten in place.
    await objects.put(processedBucket, processedKey, JSON.stringify(processed), 'application/json; charset=utf-8');
    const duplicateOf = await findDuplicate(id, document);
    const outcome = await write(processedRecord(base, document, processedKey, duplicateOf), async () => ({ id, status: 'PROCESSED', duplicateOf }), replacing);
    if (outcome.status === 'IGNORED') {
      // A later event won while this one was processed: drop the text written for the older version.
      const current = await metadata.get(id);
      if (current?.processedKey !== processedKey) await objects.delete(processedBucket, processedKey);
    }
    return outcome;
  }
}
