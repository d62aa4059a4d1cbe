import type { ErrorInfo } from './errors.ts';
import type { LegacyFontUse } from './decode/legacy-fonts.ts';
import type { MojibakeRepair } from './decode/mojibake.ts';
import type { OcrSummary } from './ocr.ts';
import type { DocRef } from './metadata/doc-refs.ts';

export type { DocRef } from './metadata/doc-refs.ts';
export type { MojibakeRepair } from './decode/mojibake.ts';
export type { LegacyFontUse } from './decode/legacy-fonts.ts';
export type { OcrSummary } from './ocr.ts';

/** Everything the processing step learns about one document. Field names are a public contract (`docpipe process`). */
export interface ProcessedDocument {
  format: string;
  encoding: string;
  replacementChars: number;
  /** Paragraphs that had been decoded with the wrong table before they reached docpipe (`Ä‘á»“ng`, `C«ng v¨n`), read again; empty when none. */
  repairs: MojibakeRepair[];
  /** TCVN3 (`.VnTime` …) and VNI (`VNI-Times` …) fonts whose runs were converted to Unicode (DOCX); empty when none. */
  legacyFonts: LegacyFontUse[];
  /** Set when the text was recognised in page images (scanned PDF pages, PNG/JPEG/TIFF); null otherwise. */
  ocr: OcrSummary | null;
  title: string | null;
  kicker: string | null;
  section: string | null;
  source: string | null;
  authors: string[];
  published: string | null;
  publishedEvidence: string | null;
  datesMentioned: string[];
  lead: string | null;
  /** Cleaned article text: paragraphs (subheadings included) separated by blank lines. */
  body: string;
  captions: string[];
  people: string[];
  /** Role stated next to a person, as written ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"), by name. */
  roles: Record<string, string>;
  organizations: string[];
  docRefs: string[];
  /** `docRefs` with type and issuer spelled out, same order. */
  docRefDetails: DocRef[];
  abbreviations: Record<string, string>;
  language: string;
  /** SHA-256 of the normalised title and body: equal for the same article whatever the bytes. */
  contentHash: string;
  /** 64-bit SimHash (16 hex digits) of the body; near-duplicates differ in at most 3 bits. Null for tiny texts. */
  fingerprint: string | null;
  wordCount: number;
  readingMinutes: number;
  summary: string | null;
  keywords: string[];
}

/** Where an object lives and which version an event speaks of. */
export interface ObjectRef {
  bucket: string;
  key: string;
  versionId?: string | undefined;
  etag?: string | undefined;
  sequencer?: string | undefined;
  size?: number | undefined;
}

export type DocumentStatus = 'PROCESSED' | 'FAILED' | 'DELETED';

/** Another document with the same text (`exact`, equal `contentHash`) or nearly (`near`, SimHash within 3 bits). */
export interface DuplicateRef {
  id: string;
  key: string;
  kind: 'exact' | 'near';
  /** Differing fingerprint bits; 0 for exact duplicates. */
  distance: number;
}

/** What a row keeps of the processed document, as processing made it (the text itself is in the processed bucket). */
type RecordedFields = Pick<ProcessedDocument,
  | 'title' | 'kicker' | 'section' | 'source' | 'authors' | 'published' | 'publishedEvidence' | 'datesMentioned'
  | 'people' | 'roles' | 'organizations' | 'docRefs' | 'docRefDetails' | 'abbreviations' | 'fingerprint'
  | 'wordCount' | 'readingMinutes' | 'summary' | 'keywords'>;

/** Fields every processed document has, null on rows of documents not processed (failed, deleted). */
type NullUnlessProcessed = { [K in 'format' | 'encoding' | 'language' | 'contentHash']: ProcessedDocument[K] | null };

/** Fields absent on rows written before pipeline version 0.3.0. */
type AddedInPipeline030 = Partial<Pick<ProcessedDocument, 'repairs' | 'legacyFonts' | 'ocr'>>;

/**
 * The metadata row stored per document (DynamoDB item, minus keys and index attributes). The full
 * text lives in the processed object, not here, so a row stays a few kilobytes.
 */
export interface DocumentRecord extends RecordedFields, NullUnlessProcessed, AddedInPipeline030 {
  id: string;
  bucket: string;
  key: string;
  versionId: string | null;
  etag: string | null;
  /** S3 event sequencer of the change this row reflects; older events never overwrite it. */
  sequencer: string | null;
  size: number;
  status: DocumentStatus;
  error: ErrorInfo | null;
  /** Key of the processed JSON (cleaned text) in the processed bucket; null unless PROCESSED. */
  processedKey: string | null;
  duplicateOf: DuplicateRef | null;
  /** Set when the text was longer than the search index takes: only the first `indexedChars` are searchable. */
  indexTruncation: { indexedChars: number; totalChars: number } | null;
  pipelineVersion: string;
  /** When the key was first seen (kept across versions). */
  createdAt: string;
  /** When this row's content last changed. */
  updatedAt: string;
  /** For DELETED rows: when the delete was applied. */
  deletedAt: string | null;
}

/** What the table's secondary indexes return: enough to list, page and pick documents. */
export interface DocumentSummary {
  id: string;
  key: string;
  status: DocumentStatus;
  title: string | null;
  source: string | null;
  published: string | null;
  contentHash: string | null;
  fingerprint: string | null;
  error: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
}

/** What goes into the search index for one document. */
export interface IndexDocument {
  id: string;
  key: string;
  etag: string | null;
  title: string;
  /** Kicker and body. */
  body: string;
  /** Photo captions, one paragraph each: searchable with the lowest weight. */
  captions: string;
  source: string | null;
  authors: string[];
  published: string | null;
  language: string | null;
  people: string[];
  organizations: string[];
  docRefs: string[];
}

/** The processed object written next to the metadata: the full cleaned text lives here, not in the item. */
export interface ProcessedObject {
  id: string;
  key: string;
  etag: string | null;
  document: ProcessedDocument;
}
