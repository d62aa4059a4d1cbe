import { gunzipSync } from 'node:zlib';
import { extractStructure, type ArticleStructure, type StructureHints } from './clean/structure.ts';
import { detectKind, detectTextFormat, FORMAT_SAMPLE_CHARS, type DetectedKind, type DocumentFormat } from './decode/detect-format.ts';
import { htmlToText } from './decode/html.ts';
import type { LegacyFontUse } from './decode/legacy-fonts.ts';
import { markdownToText } from './decode/markdown.ts';
import { mergeRepairs, repairMojibake, repairMojibakeLines, type MojibakeRepair } from './decode/mojibake.ts';
import { decodeText, decodeUtf8InPieces, type DecodedText, type TextEncodingName } from './decode/text-encoding.ts';
import { CorruptDocumentError, DocpipeError, DocumentTooLargeError, EmptyDocumentError, OcrUnavailableError, UnsupportedFormatError } from './errors.ts';
import { ocrParagraphsByPage, ocrSummary, type OcrEngine, type OcrSummary } from './ocr.ts';
import { sha256Hex } from './ids.ts';
import { abbreviationsIn } from './metadata/abbreviations.ts';
import { contextYearIn, datesMentionedIn, publishedDate } from './metadata/dates.ts';
import { docRefDetailsIn, type DocRef } from './metadata/doc-refs.ts';
import { extractEntities, type Entities } from './metadata/entities.ts';
import { detectLanguage, languageOfWords } from './metadata/language.ts';
import { extractPeople } from './metadata/people.ts';
import { PLACES } from './metadata/place-names.ts';
import { extractTitledPeople, listedPeople } from './metadata/titled-people.ts';
import { readWords } from './text/written-words.ts';
import { extractKeywords, KEYWORD_SCAN_CHARS, keywordsOfWords, readingMinutes, summarize } from './metadata/summary.ts';
import { chunkedText } from './text/joined-chunks.ts';
import { countWords, normalizeText } from './text/normalize.ts';
import { FINGERPRINT_SCAN_CHARS, simhash, simhashOfWords } from './text/simhash.ts';
import { wordStream, type WordStream } from './text/word-stream.ts';
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
  /**
   * Recognises scanned PDF pages and images. Without one they fail as `UNSUPPORTED_FORMAT`, as
   * before; the engine (and its models) loads only when a document needs it.
   */
  ocr?: OcrEngine;
}

/** The readable text of a document before cleaning: lines in reading order, plus what the format itself says. */
interface Readable {
  format: DocumentFormat;
  encoding: TextEncodingName | 'binary';
  replacementChars: number;
  /** Everything readable, footers included: joined, it gives facts the cleaned body may have dropped. */
  lines: string[];
  hints: StructureHints;
  /** Paragraphs that had been decoded with the wrong table on their way here, and were read again. */
  repairs: MojibakeRepair[];
  /** TCVN3 and VNI fonts whose runs were converted (DOCX). */
  legacyFonts?: LegacyFontUse[];
  /** Set when text was recognised in page images. */
  ocr?: OcrSummary | null;
}

/**
 * Plain text is decoded and normalised in windows of about this many bytes (or characters), cut
 * after a line break. Small enough that each window and its garbage stay in V8's young generation
 * (strings under 128 kB) and die there, instead of piling up in the old generation until a full GC.
 */
const WINDOW_BYTES = 1 << 15;
/**
 * Normalised windows are joined into chunks of about this many characters that the lines are cut
 * from: a title or lead kept in the result then holds on to its chunk only, not to a whole 50 MB text.
 */
const LINE_CHUNK_CHARS = 1 << 20;
/**
 * The readers of abbreviations, dates and document references read a longer text joined a chunk of
 * about this many characters at a time, not as one more full-length copy. Chunks under 128 kB (two
 * bytes a character) die in the young generation, as the windows do: with chunks of 2^20 characters
 * a 50 MB document (the benchmark's 5e7 bytes) peaked at 413–414 MiB resident, with these at 378–382.
 */
const SCAN_CHUNK_CHARS = WINDOW_BYTES;

/**
 * Decode, clean and extract metadata from the raw bytes of one document. Pure: no I/O.
 *
 * A 50 MB input makes text copies of up to 100 MB each (V8 keeps Vietnamese as two-byte strings),
 * so the steps are ordered to keep few alive at once: each full-length join is built, scanned and
 * let go before the next is made, and only the prefix a bounded scan reads is ever built.
 *
 * Two stages, `readDocument` then `describeDocument`, which two threads can run side by side on
 * consecutive documents (`docpipe process --concurrency 2`): each thread then runs, and has V8
 * optimise, only half of the processing code.
 */
export async function processDocument(bytes: Uint8Array, options: ProcessOptions = {}): Promise<ProcessedDocument> {
  return describeDocument(await readDocument(bytes, options));
}

/**
 * A document decoded and cleaned, before its facts are read: what `describeDocument` takes. Plain
 * data (strings, numbers, arrays and plain objects), so it can be posted to another thread.
 */
export interface ReadDocument {
  format: string;
  encoding: TextEncodingName | 'binary';
  replacementChars: number;
  repairs: MojibakeRepair[];
  legacyFonts: LegacyFontUse[];
  ocr: OcrSummary | null;
  /** Read from every readable line, footers included, which the structure no longer holds. */
  abbreviations: ProcessedDocument['abbreviations'];
  structure: ArticleStructure;
  /** Dates and document references, read from the structure's headline, paragraphs and captions. */
  facts: DatesAndReferences;
}

/**
 * The first stage of `processDocument`: decode the bytes, read their lines, find the article's
 * structure, and read the abbreviations, dates and document references.
 */
export async function readDocument(bytes: Uint8Array, options: ProcessOptions = {}): Promise<ReadDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  if (bytes.length > maxBytes) throw new DocumentTooLargeError(bytes.length, maxBytes);
  const { payload, compressed, kind } = unwrap(bytes, maxBytes);
  if (payload.length === 0) throw new EmptyDocumentError();

  const readable = await read(payload, kind, maxBytes, options.ocr);
  // Read here, after the decoded text (no longer referenced once `read` returns) can be collected.
  const abbreviations = abbreviationsIn(chunkedText(readable.lines, '\n', SCAN_CHUNK_CHARS));
  const structure = extractStructure(readable.lines, readable.hints);
  readable.lines = [];
  if (structure.paragraphs.length === 0 && !structure.title) throw new EmptyDocumentError();
  const facts = factsOfEverything(structure);
  return {
    format: compressed ? `${readable.format}+gzip` : readable.format,
    encoding: readable.encoding,
    replacementChars: readable.replacementChars,
    repairs: readable.repairs,
    legacyFonts: readable.legacyFonts ?? [],
    ocr: readable.ocr ?? null,
    abbreviations,
    structure,
    facts,
  };
}

/**
 * The second stage of `processDocument`: the rest of the facts of a document read by `readDocument`
 * (people, summary, language, fingerprint, keywords), and the document they make. Takes the
 * paragraphs out of `read.structure` once the body is joined from them.
 */
export function describeDocument(read: ReadDocument): ProcessedDocument {
  const { structure, abbreviations } = read;
  const { published, datesMentioned, docRefDetails } = read.facts;
  const { people, roles, organizations } = peopleOf(structure);
  const summary = summarize(structure.lead, structure.paragraphs);
  const body = structure.paragraphs.join('\n\n');
  // From here on only `body` is read: the paragraphs (and the text windows they share) can go.
  structure.paragraphs = [];
  // The body's words, found once for the language, the fingerprint and the keywords.
  const bodyWords = wordStream(body.length > FINGERPRINT_SCAN_CHARS ? body.slice(0, FINGERPRINT_SCAN_CHARS) : body);
  const language = body ? languageOfWords(bodyWords) : detectLanguage(structure.title ?? '');
  // Counted while the body's words were read, unless only its opening was.
  const wordCount = bodyWords.text === body ? bodyWords.countedWords : countWords(body);
  return {
    format: read.format,
    encoding: read.encoding,
    replacementChars: read.replacementChars,
    repairs: read.repairs,
    legacyFonts: read.legacyFonts,
    ocr: read.ocr,
    title: structure.title,
    kicker: structure.kicker,
    section: structure.section,
    source: structure.source,
    authors: structure.authors,
    published: published?.date ?? null,
    publishedEvidence: published?.evidence ?? null,
    datesMentioned,
    lead: structure.lead,
    body,
    captions: structure.captions,
    people,
    roles,
    organizations,
    docRefs: docRefDetails.map((r) => r.ref),
    docRefDetails,
    abbreviations,
    language,
    contentHash: sha256Hex([structure.title ?? '', '\n\n', body]),
    fingerprint: body ? simhashOfWords(bodyWords) : simhash(structure.title ?? ''),
    wordCount,
    readingMinutes: readingMinutes(wordCount),
    summary,
    keywords: keywordsOf(structure.title, body, bodyWords, language),
  };
}

/**
 * Keywords of the title and the body's opening, from the body's words already found when the two
 * fit in what the keywords read (any article); a longer text is cut where the keywords stop reading.
 */
function keywordsOf(title: string | null, body: string, bodyWords: WordStream, language: string): string[] {
  const titled = title ? title.length + 1 : 0;
  if (body && titled + body.length <= KEYWORD_SCAN_CHARS && bodyWords.text === body) {
    return keywordsOfWords(title ? [wordStream(title), bodyWords] : [bodyWords], language);
  }
  // The keywords read the opening only: join no more of the body than that.
  return extractKeywords([title, body.slice(0, KEYWORD_SCAN_CHARS)].filter(Boolean).join('\n'), language);
}

/** Dates and document references, read from headline, paragraphs and captions joined. */
interface DatesAndReferences {
  published: ReturnType<typeof publishedDate>;
  datesMentioned: string[];
  docRefDetails: DocRef[];
}

function factsOfEverything(structure: ArticleStructure): DatesAndReferences {
  // Read a chunk at a time: joined whole, a 50 MB text is 100 MB more at once.
  const everything = chunkedText([structure.kicker, structure.title, ...structure.paragraphs, ...structure.captions].filter(isText), '\n', SCAN_CHUNK_CHARS);
  return {
    // The date the page states (markup or a date line) wins over one read from the lead's opening.
    published: structure.published ?? publishedDate([structure.lead, structure.paragraphs[0] ?? null], () => contextYearIn(everything)),
    datesMentioned: datesMentionedIn(everything),
    docRefDetails: docRefDetailsIn(everything),
  };
}

/** People, their roles and organisations, read from the opening of the text without bylines. */
function peopleOf(structure: ArticleStructure): { people: string[] } & Entities {
  // Only the first PEOPLE_SCAN_CHARS characters are read, so only those are joined.
  const bylineFree = joinPrefix([structure.title, ...structure.paragraphs, ...structure.captions].filter(isText), '\n', PEOPLE_SCAN_CHARS);
  const scanned = bylineFree.slice(0, PEOPLE_SCAN_CHARS);
  const entityText = bylineFree.slice(0, ENTITY_SCAN_CHARS);
  // The words are found once, for every reader of names.
  return readWords(scanned, (words) => {
    const named = mergeNames([...extractPeople(scanned, words), ...extractTitledPeople(scanned, words)]);
    const people = mergeNames([...named, ...listedPeople(scanned, new Set(named), words)]);
    return { people, ...(entityText.length === scanned.length ? extractEntities(scanned, people, words) : extractEntities(entityText, people)) };
  });
}

/**
 * Names found by both readers, once: a name that is the start of a longer one found ("Trần Hữu" of
 * "Trần Hữu Nghị") is that one cut short; a longer one that ends with a found name carries a word
 * before it ("Thái Lan Prawit Wongsuwon": a country read as a family name).
 */
function mergeNames(names: string[]): string[] {
  const unique = [...new Set(names)];
  // Every pair is compared: the tests read code units in place instead of building `${n} ` per pair.
  return unique.filter((n) => !unique.some((other) => other !== n && (startsWithWord(other, n) || countryFirst(n, other))));
}

/** `text.startsWith(`${word} `)`. */
function startsWithWord(text: string, word: string): boolean {
  return text.length > word.length && text.charCodeAt(word.length) === 32 && text.startsWith(word);
}

/** `name.endsWith(` ${other}`)` with a place before that space. */
function countryFirst(name: string, other: string): boolean {
  const space = name.length - other.length - 1;
  return space >= 0 && name.charCodeAt(space) === 32 && name.endsWith(other) && PLACES.has(name.slice(0, space));
}

const isText = (part: string | null): part is string => Boolean(part);

/** `parts.join(separator)`, built only as far as its first `chars` characters reach. */
function joinPrefix(parts: string[], separator: string, chars: number): string {
  let length = 0;
  let end = 0;
  while (end < parts.length && length < chars) length += (end > 0 ? separator.length : 0) + (parts[end++] ?? '').length;
  return parts.slice(0, end).join(separator);
}

/** The payload (gzip unpacked) and what its bytes look like, detected once. */
function unwrap(bytes: Uint8Array, maxBytes: number): { payload: Uint8Array; compressed: boolean; kind: DetectedKind } {
  const outer = detectKind(bytes);
  if (outer.kind !== 'gzip') return { payload: bytes, compressed: false, kind: outer };
  let inflated: Buffer;
  try {
    inflated = gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw DocumentTooLargeError.unpacked(bytes.length, maxBytes);
    }
    throw new CorruptDocumentError('the gzip stream is truncated or damaged', { cause: error });
  }
  const kind = detectKind(inflated);
  if (kind.kind === 'gzip') throw new UnsupportedFormatError('gzip inside gzip');
  return { payload: inflated, compressed: true, kind };
}

async function read(bytes: Uint8Array, kind: DetectedKind, maxBytes: number, engine: OcrEngine | undefined): Promise<Readable> {
  if (kind.kind === 'binary') throw new UnsupportedFormatError(kind.name);
  if (kind.kind === 'image') {
    if (!engine) throw new UnsupportedFormatError(`${kind.name} (OCR is not available here)`);
    const page = await engine.recognizeImage(bytes).catch((error: unknown) => {
      throw error instanceof DocpipeError ? error : new OcrUnavailableError(error);
    });
    const paragraphs = ocrParagraphsByPage([page]).flat();
    if (paragraphs.length === 0) throw new UnsupportedFormatError(`${kind.name} in which OCR found no text`);
    const { lines, repairs } = repairedLines(paragraphs);
    return { format: kind.format, encoding: 'binary', replacementChars: 0, lines, hints: {}, repairs, ocr: ocrSummary(engine.name, [page]) };
  }
  // The PDF and DOCX libraries are large: load them only for documents that need them.
  if (kind.kind === 'pdf') {
    const { pdfToParagraphs } = await import('./decode/pdf.ts');
    const { paragraphs, ocr } = await pdfToParagraphs(bytes, engine);
    const { lines, repairs } = repairedLines(paragraphs);
    return { format: 'pdf', encoding: 'binary', replacementChars: 0, lines, hints: {}, repairs, ocr };
  }
  if (kind.kind === 'zip') {
    const { docxToHtml } = await import('./decode/docx.ts');
    const { html, legacyFonts } = await docxToHtml(bytes, maxBytes * 4);
    const { lines, repairs } = repairedLines(htmlToText(html).blocks);
    return { format: 'docx', encoding: 'binary', replacementChars: 0, lines, hints: { authored: true }, repairs, legacyFonts };
  }
  if (kind.kind === 'ole2') {
    const { docToParagraphs } = await import('./decode/doc.ts');
    const { lines, repairs } = repairedLines(await docToParagraphs(bytes));
    return { format: 'doc', encoding: 'binary', replacementChars: 0, lines, hints: { authored: true }, repairs };
  }
  const streamed = utf8Text(bytes);
  if (streamed?.format === 'text') {
    const repairs: MojibakeRepair[][] = [];
    const lines = normalizedLines(streamed.pieces, repairs);
    return { format: streamed.format, encoding: streamed.encoding, replacementChars: streamed.replacementChars, lines, hints: {}, repairs: mergeRepairs(repairs) };
  }
  const decoded = streamed?.whole ?? decodeText(bytes);
  const format = streamed?.format ?? detectTextFormat(decoded.text);
  const base = { format, encoding: decoded.encoding, replacementChars: decoded.replacementChars };
  if (format === 'html') {
    const page = htmlToText(decoded.text);
    const { lines, repairs } = repairedLines(page.blocks);
    // What the page declares was misread the same way as its text: the same repair, not counted twice.
    const [title, source, author] = repairMojibake([page.title ?? '', page.siteName ?? '', page.author ?? '']).paragraphs.map((p) => normalizeText(p) || undefined);
    return { ...base, lines, hints: { title, source, author, published: page.published, chrome: page.chrome }, repairs };
  }
  if (format === 'markdown') {
    const md = markdownToText(decoded.text);
    const { lines, repairs } = repairedLines(md.blocks);
    return { ...base, lines, hints: { title: md.title, authored: true }, repairs };
  }
  const repairs: MojibakeRepair[][] = [];
  const lines = normalizedLines(piecesOf(decoded.text), repairs);
  return { ...base, lines, hints: {}, repairs: mergeRepairs(repairs) };
}

/**
 * Paragraphs misread on their way here are read again (before normalisation, which would remove the
 * C1 controls and non-breaking spaces that misread UTF-8 leaves), then normalised.
 */
function repairedLines(blocks: readonly string[]): { lines: string[]; repairs: MojibakeRepair[] } {
  const { paragraphs, repairs } = repairMojibake(blocks);
  return { lines: paragraphs.map(normalizeText), repairs };
}

/** Up to this many bytes, a page in another format than plain text is joined from the pieces decoded to detect it. */
const JOINED_BYTES = LINE_CHUNK_CHARS;

/**
 * Valid UTF-8, decoded a window at a time and its format detected from the first windows: plain
 * text comes as `pieces`, so the whole decoded text never exists beside its normalised lines; a
 * page in another format up to JOINED_BYTES comes `whole`, as `decodeText` would decode it (a
 * longer one is left to `decodeText`). Undefined for any other input.
 */
function utf8Text(bytes: Uint8Array):
  | { format: 'text'; encoding: 'utf-8'; replacementChars: number; pieces: Iterable<string> }
  | { format: Exclude<DocumentFormat, 'text'>; whole: DecodedText | undefined }
  | undefined {
  const decoding = decodeUtf8InPieces(bytes, WINDOW_BYTES);
  if (!decoding) return undefined;
  const pieces = decoding.pieces[Symbol.iterator]();
  const head: string[] = [];
  let headChars = 0;
  for (let next = pieces.next(); ; next = pieces.next()) {
    if (next.done) break;
    head.push(next.value);
    headChars += next.value.length;
    if (headChars >= FORMAT_SAMPLE_CHARS) break;
  }
  const format = detectTextFormat(head.join(''));
  const { encoding, replacementChars } = decoding;
  if (format === 'text') return { format, encoding, replacementChars, pieces: concat(head, pieces) };
  if (bytes.length > JOINED_BYTES) return { format, whole: undefined };
  return { format, whole: { text: [...concat(head, pieces)].join(''), encoding, replacementChars } };
}

function* concat(first: string[], rest: Iterator<string>): Generator<string> {
  yield* first;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}

/** A decoded text in window-sized pieces (a surrogate pair may be split: pieces are joined before use). */
function* piecesOf(text: string): Generator<string> {
  for (let start = 0; start < text.length; start += WINDOW_BYTES) yield text.slice(start, start + WINDOW_BYTES);
}

/**
 * The lines of `normalizeText(pieces.join(''))`, normalised a window at a time. Identical to the
 * whole-text result: every normalisation step stays within a line, and windows end just after a
 * line break (a `\r\n` is never split).
 */
function normalizedLines(pieces: Iterable<string>, repairs: MojibakeRepair[][]): string[] {
  const lines: string[] = [];
  let windows: string[] = [];
  let windowChars = 0;
  // Every window ends with its line break: the empty string after the chunk's last one is not a line.
  const cutChunk = (): void => {
    const chunkLines = windows.join('').split('\n');
    chunkLines.pop();
    for (const line of chunkLines) lines.push(line);
    windows = [];
    windowChars = 0;
  };
  // The unfinished line so far, in pieces: it never holds a line break, so each piece is searched
  // once (a 50 MB text without one would otherwise be rescanned, and re-flattened, per window).
  let carry: string[] = [];
  for (const piece of pieces) {
    const end = piece.lastIndexOf('\n') + 1;
    if (end === 0) {
      carry.push(piece);
      continue;
    }
    carry.push(piece.slice(0, end));
    const repaired = repairMojibakeLines(carry.join(''));
    if (repaired.repairs.length > 0) repairs.push(repaired.repairs);
    const normalized = normalizeText(repaired.text);
    carry = end < piece.length ? [piece.slice(end)] : [];
    windows.push(normalized);
    windowChars += normalized.length;
    if (windowChars >= LINE_CHUNK_CHARS) cutChunk();
  }
  if (windows.length > 0) cutChunk();
  const rest = repairMojibakeLines(carry.join(''));
  if (rest.repairs.length > 0) repairs.push(rest.repairs);
  for (const line of normalizeText(rest.text).split('\n')) lines.push(line);
  return lines;
}
