/**
 * Named errors. `permanent` errors are recorded on the document and never retried;
 * everything else is treated as transient and rethrown so the queue retries it.
 */
export type ErrorCode =
  | 'UNSUPPORTED_FORMAT'
  | 'EMPTY_DOCUMENT'
  | 'DOCUMENT_TOO_LARGE'
  | 'CORRUPT_DOCUMENT'
  | 'OCR_LIMIT'
  | 'OCR_UNAVAILABLE'
  | 'INVALID_QUERY'
  | 'NOT_FOUND';

export abstract class DocpipeError extends Error {
  abstract readonly code: ErrorCode;
  /** True when retrying the same input can never succeed. */
  abstract readonly permanent: boolean;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UnsupportedFormatError extends DocpipeError {
  readonly code = 'UNSUPPORTED_FORMAT' as const;
  readonly permanent = true;
  constructor(readonly detected: string) {
    super(
      `Unsupported format: the bytes look like ${detected}. ` +
        'docpipe reads plain text, HTML, Markdown, DOCX, Word 97–2003 DOC and PDF with a text layer (optionally gzip-compressed), and scanned PDFs and PNG, JPEG or TIFF images where OCR is available; convert the file to one of these and upload it again.',
    );
  }
}

export class EmptyDocumentError extends DocpipeError {
  readonly code = 'EMPTY_DOCUMENT' as const;
  readonly permanent = true;
  constructor() {
    super('The document has no text after decoding and cleaning; upload a file with readable content.');
  }
}

export class DocumentTooLargeError extends DocpipeError {
  readonly code = 'DOCUMENT_TOO_LARGE' as const;
  readonly permanent = true;
  constructor(readonly size: number, readonly limit: number, message?: string) {
    super(message ?? `The document is ${size} bytes, over the ${limit}-byte limit; split it or raise MAX_DOCUMENT_BYTES.`);
  }

  /** A small compressed file (gzip, ZIP/DOCX) whose content unpacks past the limit: stopped while unpacking. */
  static unpacked(fileBytes: number, limit: number): DocumentTooLargeError {
    return new DocumentTooLargeError(fileBytes, limit, `The ${fileBytes}-byte file unpacks to more than ${limit} bytes (a decompression bomb, or a very large document); unpacking was stopped. If it is genuine, split it or raise MAX_DOCUMENT_BYTES.`);
  }
}

export class CorruptDocumentError extends DocpipeError {
  readonly code = 'CORRUPT_DOCUMENT' as const;
  readonly permanent = true;
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`The document is corrupt: ${detail}. Re-export or re-download the original and upload it again.`, options);
  }
}

/** A scan beyond what one invocation recognises (pages, pixels): the message says how to split it. */
export class OcrLimitError extends DocpipeError {
  readonly code = 'OCR_LIMIT' as const;
  readonly permanent = true;
}

/** The OCR engine itself failed (not the document): transient, so the queue retries and finally dead-letters. */
export class OcrUnavailableError extends DocpipeError {
  readonly code = 'OCR_UNAVAILABLE' as const;
  readonly permanent = false;
  constructor(cause: unknown) {
    super(`OCR failed: ${String((cause as Error)?.message ?? cause)}. The document was not read; it is retried.`, { cause });
  }
}

export class InvalidQueryError extends DocpipeError {
  readonly code = 'INVALID_QUERY' as const;
  readonly permanent = true;
  constructor(readonly parameter: string, message: string) {
    super(message);
  }
}

export class NotFoundError extends DocpipeError {
  readonly code = 'NOT_FOUND' as const;
  readonly permanent = true;
}

/** The `{ code, message }` shape recorded on failed documents and returned by the API. */
export interface ErrorInfo {
  code: string;
  message: string;
}

/**
 * What a failure records and reports. Anything but a named error is a bug in docpipe, not a fault of
 * the file, so its message asks for a report.
 */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof DocpipeError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'PROCESSING_ERROR', message: `Processing failed unexpectedly: ${message}. Report this file to the docpipe maintainers.` };
}

export function isPermanent(error: unknown): error is DocpipeError {
  return error instanceof DocpipeError && error.permanent;
}

/** A rollback was asked for, but no previous index generation is kept (no re-index has completed yet). */
export class NoPreviousIndexError extends Error {
  constructor() {
    super('There is no previous search index to roll back to: only a completed re-index keeps one.');
    this.name = 'NoPreviousIndexError';
  }
}
