/**
 * What the functions' bundles run from their lazily loaded files (infra/function-bundles.ts): document
 * processing (PDF, DOCX and DOC libraries, the OCR engine) and the SDK's credential chain. test/infra/function-bundles.test.ts
 * bundles this as the ingest function is bundled and calls it from the built folder.
 */
export { defaultProvider } from '@aws-sdk/credential-provider-node';
export { processDocument } from '../../shared/domain/process-document.ts';
export { lazyOcrEngine } from '../../shared/adapters/lazy-ocr.ts';
export { OCR_ASSET } from '../../shared/function-assets.ts';
