/*
 * How the queue and the table stream feed the functions: read by the CDK stack (infra/app-stack.ts)
 * and by the local stack (local/local-stack.ts), so the pipeline tested locally is the one deployed.
 * Plain numbers (seconds, counts): runtime code must not import CDK.
 */

/** Five minutes: a 30-page scan (MAX_OCR_PAGES) takes about two and a half at the ingest function's 0.58 vCPU (docs/processing.md). */
export const INGEST_TIMEOUT_SECONDS = 5 * 60;

/** AWS guidance: at least six times the consumer's timeout, so a retry never overlaps a running batch. */
export const INGEST_VISIBILITY_TIMEOUT_SECONDS = 6 * INGEST_TIMEOUT_SECONDS;

/** S3 notifications per ingest invocation: each is processed on its own and fails alone. */
export const INGEST_BATCH_SIZE = 10;

/** Receives of one ingest message before it moves to the dead-letter queue (each a full retry). */
export const INGEST_MAX_RECEIVE_COUNT = 5;

/** A minute: indexing a batch is a bulk request of already processed text. */
export const INDEX_TIMEOUT_SECONDS = 60;

/** Stream records per index invocation: one bulk request to the search engine. */
export const STREAM_BATCH_SIZE = 100;

/**
 * Retries of a failing stream batch (after the first try) before its shard position goes to the
 * stream failure queue. Generous, because that queue names positions, not records: a record given up
 * is out of the index until a reconcile, while a retry of the idempotent, version-checked index
 * writes costs only a delay (a search-engine outage outlasts five quick retries).
 */
export const STREAM_RETRY_ATTEMPTS = 10;
