import { gunzipSync } from 'node:zlib';
import { extractStructure, type StructureHints } from './clean/structure.ts';
import { detectKind, detectTextFormat, type DocumentFormat } from './decode/detect-format.ts';
import { htmlToText } from './decode/html.ts';
import { markdownToText } from './decode/markdown.ts';
import { decodeText } from './decode/text-encoding.ts';
import { CorruptDocumentError, DocumentTooLargeError, EmptyDocumentError, UnsupportedFormatError } from './errors.ts';
import { sha256Hex } from './ids.ts';
import { extractAbbreviations } from './metadata/abbreviations.ts';
import { datesMentioned, publishedDate } from './metadata/dates.ts';
import { extractDocRefs } from './metadata/doc-refs.ts';
import { detectLanguage } from './metadata/language.ts';
import { extractPeople } from './metadata/people.ts';
import { normalizeText, wordTokens } from './text/normalize.ts';
import type { ProcessedDocument } from './types.ts';

/** Bumped whenever processing output changes, so stored rows show which version made them. */
export const PIPELINE_VERSION = '0.1.0';
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export interface ProcessOptions {
  /** Largest input accepted, also the cap on decompressed gzip output (a bomb stops there). */
  maxBytes?: number;
}

/** Decode, clean and extract metadata from the raw bytes of one document. Pure: no I/O. */
export function processDocument(bytes: Uint8Array, options: ProcessOptions = {}): ProcessedDocument {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  if (bytes.length > maxBytes) throw new DocumentTooLargeError(bytes.length, maxBytes);
  const { payload, compressed } = unwrap(bytes, maxBytes);
  if (payload.length === 0) throw new EmptyDocumentError();

  const decoded = decodeText(payload);
  const format = detectTextFormat(decoded.text);
  const { lines, hints } = toLines(format, decoded.text);
  const structure = extractStructure(lines, hints);
  const body = structure.paragraphs.join('\n\n');
  if (!body && !structure.title) throw new EmptyDocumentError();

  const everything = [structure.kicker, structure.title, ...structure.paragraphs, ...structure.captions].filter(Boolean).join('\n');
  const published = publishedDate([structure.dateLine, structure.lead, structure.paragraphs[0] ?? null], everything);
  const bylineFree = [structure.title, ...structure.paragraphs, ...structure.captions].filter(Boolean).join('\n');
  const words = wordTokens(body).length;
  return {
    format: compressed ? `${format}+gzip` : format,
    encoding: decoded.encoding,
    replacementChars: decoded.replacementChars,
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
    people: extractPeople(bylineFree),
    docRefs: extractDocRefs(everything),
    abbreviations: extractAbbreviations(normalizeText(decodedPlain(format, decoded.text))),
    language: detectLanguage(body || (structure.title ?? '')),
    contentHash: sha256Hex([structure.title ?? '', body].join('\n\n')),
    wordCount: words,
  };
}

function unwrap(bytes: Uint8Array, maxBytes: number): { payload: Uint8Array; compressed: boolean } {
  const kind = detectKind(bytes);
  if (kind.kind === 'binary') throw new UnsupportedFormatError(kind.name);
  if (kind.kind === 'text') return { payload: bytes, compressed: false };
  let inflated: Buffer;
  try {
    inflated = gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DocumentTooLargeError(maxBytes + 1, maxBytes);
    }
    throw new CorruptDocumentError('the gzip stream is truncated or damaged', { cause: error });
  }
  const inner = detectKind(inflated);
  if (inner.kind !== 'text') throw new UnsupportedFormatError(inner.kind === 'gzip' ? 'gzip inside gzip' : `${inner.name} inside gzip`);
  return { payload: inflated, compressed: true };
}

function toLines(format: DocumentFormat, text: string): { lines: string[]; hints: StructureHints } {
  if (format === 'html') {
    const page = htmlToText(text);
    return { lines: page.blocks.map(normalizeText), hints: { title: page.title, source: page.siteName, author: page.author } };
  }
  if (format === 'markdown') {
    const md = markdownToText(text);
    return { lines: md.blocks.map(normalizeText), hints: { title: md.title } };
  }
  return { lines: normalizeText(text).split('\n'), hints: {} };
}

/** The whole readable text (bylines and footers included) for facts the cleaned body may have dropped. */
function decodedPlain(format: DocumentFormat, text: string): string {
  if (format === 'html') return htmlToText(text).blocks.join('\n');
  if (format === 'markdown') return markdownToText(text).blocks.join('\n');
  return text;
}
