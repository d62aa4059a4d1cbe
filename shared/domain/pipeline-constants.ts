/*
 * Constants of processing that other layers read (the table layout, configuration). Their own module:
 * the search and index functions must not bundle the decoders (iconv-lite, htmlparser2, the PDF and
 * DOCX libraries) that process-document.ts imports.
 */

/** Bumped whenever processing output changes, so stored rows show which version made them. */
export const PIPELINE_VERSION = '0.3.0';

/** Default size limit of one document (`MAX_DOCUMENT_BYTES`): 50 MB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
