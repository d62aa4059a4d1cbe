import type { ErrorInfo } from './errors.ts';
import { PIPELINE_VERSION } from './pipeline-constants.ts';
import { compareSequencers } from './sequencer.ts';
import type { DocumentRecord, DuplicateRef, ObjectRef, ProcessedDocument } from './types.ts';

/**
 * Bounds on what a metadata row holds, so an item stays far below DynamoDB's 400 KB whatever the
 * document: a 50 MB log with a hundred thousand names still makes a row of tens of kilobytes. The
 * processed object keeps everything.
 */
export const RECORD_LIMITS = {
  textChars: 1_000,
  authors: 20,
  people: 200,
  organizations: 200,
  docRefs: 200,
  abbreviations: 100,
} as const;

/**
 * Characters of a document's text (kicker, body, captions) that go into the search index. Longer
 * texts are cut at a word boundary before this and the row records it (`indexTruncation`); the full
 * text stays in the processed object and `GET /documents/{id}`. Two million characters is a 600-page
 * book; it keeps bulk requests and stream batches far below OpenSearch's and Lambda's payload limits.
 */
export const INDEX_TEXT_LIMIT = 2_000_000;

/** The searchable part of a text: all of it, or up to the last space before INDEX_TEXT_LIMIT. */
export function indexableText(text: string): string {
  if (text.length <= INDEX_TEXT_LIMIT) return text;
  const cut = text.lastIndexOf(' ', INDEX_TEXT_LIMIT);
  return text.slice(0, cut > INDEX_TEXT_LIMIT / 2 ? cut : INDEX_TEXT_LIMIT);
}

/** The text the index receives for a document: kicker, body and captions. */
export function searchableBody(doc: Pick<ProcessedDocument, 'kicker' | 'body' | 'captions'>): string {
  return [doc.kicker, doc.body, ...doc.captions].filter((p): p is string => !!p).join('\n\n');
}

/**
 * The same text split as the index weighs it: kicker and body, and captions in a field of their own
 * (a word only a photo caption carries is weaker evidence than one of the story). Together they stay
 * within INDEX_TEXT_LIMIT, cut as `searchableBody` is (the body keeps its room first), so the
 * row's `indexTruncation` describes what was indexed.
 */
export function indexedText(doc: Pick<ProcessedDocument, 'kicker' | 'body' | 'captions'>): { body: string; captions: string } {
  const body = indexableText([doc.kicker, doc.body].filter((p): p is string => !!p).join('\n\n'));
  const captions = doc.captions.filter((c) => c.length > 0).join('\n\n');
  const room = INDEX_TEXT_LIMIT - body.length - 2;
  if (captions.length <= room) return { body, captions };
  const cut = captions.lastIndexOf(' ', room);
  return { body, captions: room <= 0 ? '' : captions.slice(0, cut > 0 ? cut : room) };
}

/** How long a DELETED row is kept to reject late events for the key before DynamoDB's TTL removes it. */
export const TOMBSTONE_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface ChangeSeen {
  kind: 'created' | 'removed';
  ref: ObjectRef;
}

/**
 * What to do with an S3 event given the stored row:
 * - `stale`: an older event (by sequencer) than the one the row reflects: ignore it;
 * - `duplicate`: the same event delivered again: ignore it;
 * - `unchanged`: the same bytes again (same ETag, same pipeline version): only the version pointer moves;
 * - `apply`: process and write.
 * The store enforces the same sequencer rule atomically; this decision only saves the work.
 */
export type ChangeDecision = 'apply' | 'stale' | 'duplicate' | 'unchanged';

export function decideChange(stored: DocumentRecord | undefined, change: ChangeSeen): ChangeDecision {
  if (!stored) return 'apply';
  const { sequencer, etag } = change.ref;
  if (sequencer && stored.sequencer) {
    const order = compareSequencers(sequencer, stored.sequencer);
    if (order < 0) return 'stale';
    if (order === 0) return 'duplicate';
  }
  if (change.kind === 'created' && stored.status !== 'DELETED' && etag && unquote(etag) === stored.etag && stored.pipelineVersion === PIPELINE_VERSION) {
    return 'unchanged';
  }
  return 'apply';
}

/**
 * Whether an older pipeline made this row, so a reprocess should run processing again over the object
 * version it describes. Tombstones never are: reprocessing must not bring a deleted key back.
 */
export function needsReprocessing(row: Pick<DocumentRecord, 'status' | 'pipelineVersion'>): boolean {
  return row.status !== 'DELETED' && row.pipelineVersion !== PIPELINE_VERSION;
}

export function unquote(etag: string | undefined | null): string | null {
  return etag ? etag.replace(/^"|"$/g, '') : null;
}

/** The identity part of a row, with every content field empty. */
export function baseRecord(id: string, ref: ObjectRef, seen: { etag?: string | undefined; versionId?: string | undefined; size: number }, now: Date, previous?: DocumentRecord): DocumentRecord {
  const timestamp = now.toISOString();
  return {
    id,
    bucket: ref.bucket,
    key: ref.key,
    versionId: seen.versionId ?? ref.versionId ?? null,
    etag: unquote(seen.etag ?? ref.etag),
    sequencer: ref.sequencer ?? null,
    size: seen.size,
    status: 'FAILED',
    error: null,
    processedKey: null,
    format: null, encoding: null, title: null, kicker: null, section: null, source: null, authors: [],
    published: null, publishedEvidence: null, datesMentioned: [], people: [], roles: {}, organizations: [],
    docRefs: [], docRefDetails: [], abbreviations: {}, language: null, contentHash: null, fingerprint: null,
    duplicateOf: null, indexTruncation: null, wordCount: 0, readingMinutes: 0, summary: null, keywords: [],
    pipelineVersion: PIPELINE_VERSION,
    createdAt: previous && previous.status !== 'DELETED' ? previous.createdAt : timestamp,
    updatedAt: timestamp,
    deletedAt: null,
  };
}

const clip = (text: string | null): string | null => (text && text.length > RECORD_LIMITS.textChars ? `${text.slice(0, RECORD_LIMITS.textChars - 1)}…` : text);

export function processedRecord(base: DocumentRecord, doc: ProcessedDocument, processedKey: string, duplicateOf: DuplicateRef | null): DocumentRecord {
  const people = doc.people.slice(0, RECORD_LIMITS.people);
  return {
    ...base,
    status: 'PROCESSED',
    error: null,
    processedKey,
    format: doc.format,
    encoding: doc.encoding,
    repairs: doc.repairs,
    legacyFonts: doc.legacyFonts,
    ocr: doc.ocr,
    title: clip(doc.title),
    kicker: clip(doc.kicker),
    section: clip(doc.section),
    source: clip(doc.source),
    authors: doc.authors.slice(0, RECORD_LIMITS.authors),
    published: doc.published,
    publishedEvidence: clip(doc.publishedEvidence),
    datesMentioned: doc.datesMentioned,
    people,
    roles: Object.fromEntries(people.filter((p) => doc.roles[p]).map((p) => [p, clip(doc.roles[p] ?? null) ?? ''])),
    organizations: doc.organizations.slice(0, RECORD_LIMITS.organizations),
    docRefs: doc.docRefs.slice(0, RECORD_LIMITS.docRefs),
    docRefDetails: doc.docRefDetails.slice(0, RECORD_LIMITS.docRefs),
    abbreviations: Object.fromEntries(Object.entries(doc.abbreviations).slice(0, RECORD_LIMITS.abbreviations)),
    language: doc.language,
    contentHash: doc.contentHash,
    fingerprint: doc.fingerprint,
    duplicateOf,
    indexTruncation: truncationOf(searchableBody(doc)),
    wordCount: doc.wordCount,
    readingMinutes: doc.readingMinutes,
    summary: doc.summary,
    keywords: doc.keywords,
  };
}

function truncationOf(text: string): DocumentRecord['indexTruncation'] {
  const indexed = indexableText(text).length;
  return indexed < text.length ? { indexedChars: indexed, totalChars: text.length } : null;
}

export function failedRecord(base: DocumentRecord, error: ErrorInfo): DocumentRecord {
  return { ...base, status: 'FAILED', error };
}

/** A tombstone: the key is gone, and events older than its sequencer must not bring it back. */
export function deletedRecord(base: DocumentRecord, now: Date): DocumentRecord {
  return { ...base, status: 'DELETED', error: null, etag: null, versionId: base.versionId, size: 0, deletedAt: now.toISOString() };
}

/** Same bytes seen again under a later event: only the version pointer moves. */
export function touchedRecord(stored: DocumentRecord, ref: ObjectRef): DocumentRecord {
  return { ...stored, sequencer: ref.sequencer ?? stored.sequencer, versionId: ref.versionId ?? stored.versionId };
}
