import * as z from 'zod/mini';

/**
 * An ingest-queue message asking to process one stored document again with the current pipeline
 * (`docpipe reprocess` in AWS hands rows to the ingest function this way). One document per message,
 * so a failure is retried, and finally dead-lettered, for that document alone.
 */
const reprocessMessage = z.object({ docpipe: z.literal('reprocess'), id: z.string().check(z.minLength(1)) });

export function reprocessMessageBody(id: string): string {
  return JSON.stringify({ docpipe: 'reprocess', id });
}

/** The document id when the body is a reprocess request; undefined for anything else (S3 notifications). */
export function parseReprocessMessage(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = reprocessMessage.safeParse(json);
  return parsed.success ? parsed.data.id : undefined;
}
