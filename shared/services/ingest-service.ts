import { DocpipeError, DocumentTooLargeError, type ErrorInfo } from '../domain/errors.ts';
import { documentId } from '../domain/ids.ts';
import { PIPELINE_VERSION, processDocument } from '../domain/process-document.ts';
import type { DocumentRecord, ObjectRef, ProcessedDocument, ProcessedObject } from '../domain/types.ts';
import type { ObjectChange } from '../events/s3-notification.ts';
import type { Clock, MetadataStore, ObjectStore } from '../ports.ts';
import { processedKeyOf } from './processed-objects.ts';

export interface IngestDependencies {
  objects: ObjectStore;
  metadata: MetadataStore;
  processedBucket: string;
  maxDocumentBytes: number;
  clock: Clock;
}

export type IngestOutcome =
  | { id: string; status: 'PROCESSED' }
  | { id: string; status: 'FAILED'; error: ErrorInfo }
  | { id: string; status: 'DELETED' }
  /** The object was gone by the time we read it; its removal event will follow. */
  | { id: string; status: 'SKIPPED' };

export interface IngestService {
  apply(change: ObjectChange): Promise<IngestOutcome>;
}

/**
 * Turns object changes into processed text and metadata rows. Permanent failures (corrupt or
 * unsupported input) are recorded on the document; storage errors propagate so the queue retries.
 */
export function createIngestService(deps: IngestDependencies): IngestService {
  const { objects, metadata, processedBucket, maxDocumentBytes, clock } = deps;

  const baseRecord = (id: string, ref: ObjectRef, etag: string | undefined, versionId: string | undefined, size: number): Omit<DocumentRecord, 'status' | 'error' | 'processedKey'> => ({
    id,
    bucket: ref.bucket,
    key: ref.key,
    versionId: versionId ?? ref.versionId ?? null,
    etag: unquote(etag ?? ref.etag),
    sequencer: ref.sequencer ?? null,
    size,
    format: null, encoding: null, title: null, kicker: null, section: null, source: null, authors: [], published: null,
    people: [], docRefs: [], abbreviations: {}, language: null, contentHash: null, wordCount: 0,
    pipelineVersion: PIPELINE_VERSION,
    updatedAt: clock.now().toISOString(),
  });

  const fail = async (record: ReturnType<typeof baseRecord>, error: ErrorInfo): Promise<IngestOutcome> => {
    await metadata.put({ ...record, status: 'FAILED', error, processedKey: null });
    return { id: record.id, status: 'FAILED', error };
  };

  return {
    async apply(change) {
      const { ref } = change;
      const id = documentId(ref.bucket, ref.key);
      if (change.kind === 'removed') {
        const previous = await metadata.delete(id);
        if (previous?.processedKey) await objects.delete(processedBucket, previous.processedKey);
        return { id, status: 'DELETED' };
      }

      if (ref.size !== undefined && ref.size > maxDocumentBytes) {
        return fail(baseRecord(id, ref, undefined, undefined, ref.size), errorInfo(new DocumentTooLargeError(ref.size, maxDocumentBytes)));
      }
      const stored = await objects.get(ref.bucket, ref.key);
      if (!stored) return { id, status: 'SKIPPED' };
      const base = baseRecord(id, ref, stored.etag, stored.versionId, stored.bytes.length);

      let document: ProcessedDocument;
      try {
        document = await processDocument(stored.bytes, { maxBytes: maxDocumentBytes });
      } catch (error) {
        // Processing is pure and deterministic: the same bytes fail the same way, so never retry.
        return fail(base, errorInfo(error));
      }
      const processedKey = processedKeyOf(id);
      const processed: ProcessedObject = { id, key: ref.key, etag: base.etag, document };
      await objects.put(processedBucket, processedKey, JSON.stringify(processed), 'application/json; charset=utf-8');
      await metadata.put({
        ...base,
        status: 'PROCESSED',
        error: null,
        processedKey,
        format: document.format,
        encoding: document.encoding,
        title: document.title,
        kicker: document.kicker,
        section: document.section,
        source: document.source,
        authors: document.authors,
        published: document.published,
        people: document.people,
        docRefs: document.docRefs,
        abbreviations: document.abbreviations,
        language: document.language,
        contentHash: document.contentHash,
        wordCount: document.wordCount,
      });
      return { id, status: 'PROCESSED' };
    },
  };
}

function unquote(etag: string | undefined): string | null {
  return etag ? etag.replace(/^"|"$/g, '') : null;
}

export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof DocpipeError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'PROCESSING_ERROR', message: `Processing failed unexpectedly: ${message}. Report this file to the docpipe maintainers.` };
}
