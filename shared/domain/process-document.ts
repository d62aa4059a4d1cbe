import { gunzipSync } from 'node:zlib';
import { extractStructure, type StructureHints } from './clean/structure.ts';
import { detectKind, detectTextFormat, type DocumentFormat } from './decode/detect-format.ts';
import { htmlToText } from './decode/html.ts';
import { markdownToText } from './decode/markdown.ts';
import { decodeText, type TextEncodingName } from './decode/text-encoding.ts';
import { CorruptDocumentError, DocumentTooLargeError, EmptyDocumentError, UnsupportedFormatError } from './errors.ts';
import { sha256Hex } from './ids.ts';
import { extractAbbreviations } from './metadata/abbreviations.ts';
import { datesMentioned, publishedDate } from './metadata/dates.ts';
import { extractDocRefDetails } from './metadata/doc-refs.ts';
import { extractEntities } from './metadata/entities.ts';
import { detectLanguage } from './metadata/language.ts';
import { extractPeople } from './metadata/people.ts';
import { extractKeywords, readingMinutes, summarize } from './metadata/summary.ts';
import { countWords, normalizeText } from './text/normalize.ts';
import { simhash } from './text/simhash.ts';
import type { ProcessedDocument } from './types.ts';

import { DEFAULT_MAX_DOCUMENT_BYTES } from './pipeline-constants.ts';

export { DEFAULT_MAX_DOCUMENT_BYTES, PIPELINE_VERSION } from './pipeline-constants.ts';
/** People are looked for in the first million characters: enough for any article, bounded for a 50 MB log. */
export const PEOPLE_SCAN_CHARS = 1_000_000;
/** Roles and organisations are read from the first 200,000 characters (about 40,000 words). */
export const ENTITY_SCAN_CHARS = 200_000;

export interface ProcessOptions {
  /** Largest input accepted, also the cap on decompressed gzip output (a bomb stops there). */
  maxBytes?: number;
}

/** The readable text of a document before cleaning: lines in reading order, plus what the format itself says. */
interface Readable {
  format: DocumentFormat;
  encoding: TextEncodingName | 'binary';
  replacementChars: number;
  lines: string[];
  hints: StructureHints;
  /** Everything readable, footers included, for facts the cleaned body may have dropped. */
  fullText: string;
}

/** Decode, clean and extract metadata from the raw bytes of one document. Pure: no I/O. */
export async function processDocument(bytes: Uint8Array, options: ProcessOptions = {}): Promise<ProcessedDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  if (bytes.length > maxBytes) throw new DocumentTooLargeError(bytes.length, maxBytes);
  const { payload, compressed } = unwrap(bytes, maxBytes);
  if (payload.length === 0) throw new EmptyDocumentError();

  const readable = await read(payload, maxBytes);
  const structure = extractStructure(readable.lines, readable.hints);
  const body = structure.paragraphs.join('\n\n');
  if (!body && !structure.title) throw new EmptyDocumentError();

  const everything = [structure.kicker, structure.title, ...structure.paragraphs, ...structure.captions].filter(Boolean).join('\n');
  const published = publishedDate([structure.dateLine, structure.lead, structure.paragraphs[0] ?? null], everything);
  const bylineFree = [structure.title, ...structure.paragraphs, ...structure.captions].filter(Boolean).join('\n');
  const people = extractPeople(bylineFree.slice(0, PEOPLE_SCAN_CHARS));
  const { roles, organizations } = extractEntities(bylineFree.slice(0, ENTITY_SCAN_CHARS), people);
  const docRefDetails = extractDocRefDetails(everything);
  const language = detectLanguage(body || (structure.title ?? ''));
  const wordCount = countWords(body);
  return {
    format: compressed ? `${readable.format}+gzip` : readable.format,
    encoding: readable.encoding,
    replacementChars: readable.replacementChars,
    title: structure.title,
    kicker: structure.kicker,
    section: structure.section,
    source: structure.source,
    authors: structure.authors,
    published: published?.date ?? null,
    publishedEvidence: published?.evidence ?? null,
    datesMentioned: datesMentioned(everything),
    lead: structure.lead,
    body,
    captions: structure.captions,
    people,
    roles,
    organizations,
    docRefs: docRefDetails.map((r) => r.ref),
    docRefDetails,
    abbreviations: extractAbbreviations(readable.fullText),
    language,
    contentHash: sha256Hex([structure.title ?? '', body].join('\n\n')),
    fingerprint: simhash(body || (structure.title ?? '')),
    wordCount,
    readingMinutes: readingMinutes(wordCount),
    summary: summarize(structure.lead, structure.paragraphs),
    keywords: extractKeywords([structure.title, body].filter(Boolean).join('\n'), language),
  };
}

function unwrap(bytes: Uint8Array, maxBytes: number): { payload: Uint8Array; compressed: boolean } {
  if (detectKind(bytes).kind !== 'gzip') return { payload: bytes, compressed: false };
  let inflated: Buffer;
  try {
    inflated = gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw DocumentTooLargeError.unpacked(bytes.length, maxBytes);
    }
    throw new CorruptDocumentError('the gzip stream is truncated or damaged', { cause: error });
  }
  if (detectKind(inflated).kind === 'gzip') throw new UnsupportedFormatError('gzip inside gzip');
  return { payload: inflated, compressed: true };
}

async function read(bytes: Uint8Array, maxBytes: number): Promise<Readable> {
  const kind = detectKind(bytes);
  if (kind.kind === 'binary') throw new UnsupportedFormatError(kind.name);
  // The PDF and DOCX libraries are large: load them only for documents that need them.
  if (kind.kind === 'pdf') {
    const { pdfToParagraphs } = await import('./decode/pdf.ts');
    const paragraphs = (await pdfToParagraphs(bytes)).map(normalizeText);
    return { format: 'pdf', encoding: 'binary', replacementChars: 0, lines: paragraphs, hints: {}, fullText: paragraphs.join('\n') };
  }
  if (kind.kind === 'zip') {
    const { docxToHtml } = await import('./decode/docx.ts');
    const page = htmlToText(await docxToHtml(bytes, maxBytes * 4));
    const lines = page.blocks.map(normalizeText);
    return { format: 'docx', encoding: 'binary', replacementChars: 0, lines, hints: { authored: true }, fullText: lines.join('\n') };
  }
  const decoded = decodeText(bytes);
  const format = detectTextFormat(decoded.text);
  const base = { format, encoding: decoded.encoding, replacementChars: decoded.replacementChars };
  if (format === 'html') {
    const page = htmlToText(decoded.text);
    const lines = page.blocks.map(normalizeText);
    return { ...base, lines, hints: { title: page.title, source: page.siteName, author: page.author }, fullText: lines.join('\n') };
  }
  if (format === 'markdown') {
    const md = markdownToText(decoded.text);
    const lines = md.blocks.map(normalizeText);
    return { ...base, lines, hints: { title: md.title, authored: true }, fullText: lines.join('\n') };
  }
  const text = normalizeText(decoded.text);
  return { ...base, lines: text.split('\n'), hints: {}, fullText: text };
}
