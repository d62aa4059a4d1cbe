/*
 * How the queues and the stream feed the functions: read by the CDK stack (infra/app-stack.ts) and
 * by the local stack (local/local-stack.ts), so the pipeline you test is the pipeline you deploy.
 */

/** Receives of one ingest message before it moves to the dead-letter queue (each a full retry). */
export const INGEST_MAX_RECEIVE_COUNT = 5;
