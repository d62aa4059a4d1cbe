import { indexedText } from '../domain/document-record.ts';
import type { DocumentRecord, IndexDocument, ProcessedObject } from '../domain/types.ts';
import type { ObjectStore } from '../ports.ts';

/**
 * Where the cleaned text of a document lives in the processed bucket. Content-addressed per
 * document: a late, stale event that processes an older version writes beside the current text,
 * never over it, and identical content maps to the same object.
 */
export function processedKeyOf(id: string, contentHash: string): string {
  return `documents/${id}/${contentHash.slice(0, 32)}.json`;
}

export async function readProcessed(objects: ObjectStore, bucket: string, key: string): Promise<ProcessedObject | undefined> {
  const stored = await objects.get(bucket, key);
  return stored ? (JSON.parse(new TextDecoder().decode(stored.bytes)) as ProcessedObject) : undefined;
}

/** The search-index view of a processed document. */
export function toIndexDocument(record: Pick<DocumentRecord, 'id' | 'key' | 'etag'>, processed: Pick<ProcessedObject, 'document'>): IndexDocument {
  const doc = processed.document;
  const text = indexedText(doc);
  return {
    id: record.id,
    key: record.key,
    etag: record.etag,
    title: doc.title ?? record.key,
    body: text.body,
    captions: text.captions,
    source: doc.source,
    authors: doc.authors,
    published: doc.published,
    language: doc.language,
    people: doc.people,
    organizations: doc.organizations ?? [],
    docRefs: doc.docRefs,
  };
}
