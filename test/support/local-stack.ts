import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSettled, LocalStack, type DocumentStatus, type LocalStackOptions } from '../../local/local-stack.ts';

/** Options a test may set on its stack; folder, ports, logging and advertising stay the test defaults. */
export type TestStackOptions = Pick<LocalStackOptions, 'maxDocumentBytes' | 'processor'>;

/** A local stack on random free ports in a fresh temporary folder. */
export async function startTestStack(options: TestStackOptions = {}): Promise<{ stack: LocalStack; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-it-'));
  const stack = await LocalStack.start({ ...options, dataDir, ports: { http: 0, s3: 0, dynamodb: 0 }, logLevel: 'SILENT', advertise: false });
  return {
    stack,
    cleanup: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until every id is settled (processed and indexed, or failed); fails the test after `timeoutMs`. */
export async function waitUntilSettled(stack: LocalStack, ids: string[], timeoutMs = 30_000): Promise<DocumentStatus[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await stack.status(ids);
    if (statuses.every((s) => isSettled(s))) return statuses;
    if (Date.now() > deadline) throw new Error(`not settled after ${timeoutMs} ms: ${JSON.stringify(statuses.filter((s) => !isSettled(s)))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until both queues are empty and nothing is in flight. */
export async function drained(stack: LocalStack): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await stack.ingestQueue.idle();
    await stack.streamQueue.idle();
    await new Promise((r) => setTimeout(r, 20));
  }
}
