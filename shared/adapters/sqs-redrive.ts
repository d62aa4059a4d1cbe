import { GetQueueAttributesCommand, GetQueueUrlCommand, StartMessageMoveTaskCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface RedriveStarted {
  taskHandle: string;
  /** Messages in the dead-letter queue when the move started (approximate, as SQS reports it). */
  messages: number;
}

/** A DLQ ARN is `arn:<partition>:sqs:<region>:<account>:<name>`. */
export function parseQueueArn(arn: string): { region: string; account: string; name: string } {
  const match = /^arn:aws[\w-]*:sqs:([\w-]+):(\d{12}):([\w-]+(?:\.fifo)?)$/.exec(arn);
  if (!match) throw new Error(`Not an SQS queue ARN: ${arn}. Use the IngestDeadLetterQueueArn output of the stack (arn:aws:sqs:<region>:<account>:<name>).`);
  return { region: match[1] ?? '', account: match[2] ?? '', name: match[3] ?? '' };
}

/**
 * Moves every message of a dead-letter queue back to the queue it came from, with SQS's own redrive
 * (StartMessageMoveTask): SQS does the moving, at its own pace, and keeps going if this process ends.
 */
export async function startRedrive(client: SQSClient, dlqArn: string): Promise<RedriveStarted> {
  const { account, name } = parseQueueArn(dlqArn);
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }));
  const attributes = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  const task = await client.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
  return { taskHandle: task.TaskHandle ?? '', messages: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) };
}
