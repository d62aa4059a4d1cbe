import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue } from '../ports.ts';

/** SQS takes at most ten messages per batch call. */
const SQS_BATCH = 10;

export class SqsSendError extends Error {
  constructor(queueUrl: string, failed: Array<{ Id?: string; Code?: string; Message?: string }>) {
    super(`SQS refused ${failed.length} message(s) for ${queueUrl} (${[...new Set(failed.map((f) => f.Code))].join(', ')}); nothing was lost: run the reconcile again.`);
    this.name = 'SqsSendError';
  }
}

/** MessageQueue over SQS (the ingest queue in AWS). */
export class SqsMessageQueue implements MessageQueue {
  constructor(private readonly client: SQSClient, private readonly queueUrl: string) {}

  async send(bodies: string[]): Promise<void> {
    for (let at = 0; at < bodies.length; at += SQS_BATCH) {
      const entries = bodies.slice(at, at + SQS_BATCH).map((body, i) => ({ Id: String(i), MessageBody: body }));
      const out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      if (out.Failed && out.Failed.length > 0) throw new SqsSendError(this.queueUrl, out.Failed);
    }
  }
}
