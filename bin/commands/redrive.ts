import { StackHttpClient } from '../../local/stack-http-client.ts';
import { findRunningStack } from '../../local/stack-state.ts';

/** `docpipe redrive`: send dead letters back to their queue: the running local stack's, or an AWS dead-letter queue with --dlq-arn. */
export async function run(opts: { data: string; dlqArn?: string }): Promise<void> {
  if (opts.dlqArn) {
    // The AWS SDK's SQS client only for an AWS dead-letter queue.
    const [{ SQSClient }, { parseQueueArn, startRedrive }] = await Promise.all([import('@aws-sdk/client-sqs'), import('../../shared/adapters/sqs-redrive.ts')]);
    const client = new SQSClient({ region: parseQueueArn(opts.dlqArn).region });
    try {
      const started = await startRedrive(client, opts.dlqArn);
      process.stdout.write(`SQS is moving ${started.messages} message(s) back to their source queue (task ${started.taskHandle}).\n`);
    } finally {
      client.destroy();
    }
    return;
  }
  const running = await findRunningStack(opts.data);
  if (!running) {
    // Dead letters live in the running stack's memory; a stopped stack re-reads everything at start.
    process.stdout.write(`No stack is running for ${opts.data}: nothing to redrive. \`docpipe start\` reconciles the bucket, table and index at start-up.\n`);
    return;
  }
  const moved = await new StackHttpClient(running.endpoints).redrive();
  process.stdout.write(`Redrove ${moved.ingest} ingest message(s) and ${moved.stream} stream record(s).\n`);
}
