import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';

/**
 * Continues a long job in a fresh invocation of the same function: an asynchronous self-invoke with
 * `{ action }` (`continue` for a re-index, `reprocess` for a reprocess). The job's checkpoint and lock live in the table, so a lost or repeated
 * continuation is harmless (the next schedule resumes; a second runner finds the lock held).
 */
export class LambdaContinuation {
  constructor(private readonly client: LambdaClient, private readonly functionName: string) {}

  async resume(action: 'continue' | 'reprocess' = 'continue'): Promise<void> {
    await this.client.send(new InvokeCommand({
      FunctionName: this.functionName,
      InvocationType: 'Event',
      Payload: new TextEncoder().encode(JSON.stringify({ action })),
    }));
  }
}
