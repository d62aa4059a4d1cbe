import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LambdaContinuation } from '../../shared/adapters/lambda-continuation.ts';
import { SqsMessageQueue, SqsSendError } from '../../shared/adapters/sqs-message-queue.ts';
import { parseQueueArn, startRedrive } from '../../shared/adapters/sqs-redrive.ts';

interface Exchange {
  method: string;
  path: string;
  target: string;
  invocationType: string;
  body: string;
}

/** A loopback stand-in for the AWS endpoints: records each request, answers with the next scripted reply. */
class RecordingEndpoint {
  readonly exchanges: Exchange[] = [];
  replies: Array<{ status: number; body: unknown }> = [];
  url = '';
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.exchanges.push({
          method: req.method ?? '',
          path: req.url ?? '',
          target: String(req.headers['x-amz-target'] ?? ''),
          invocationType: String(req.headers['x-amz-invocation-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const reply = this.replies.shift() ?? { status: 200, body: {} };
        res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

describe('AWS adapters for re-queueing, redrive and continuation (HTTP exchanges)', () => {
  const endpoint = new RecordingEndpoint();
  let sqs: SQSClient;
  let lambda: LambdaClient;
  before(async () => {
    await endpoint.start();
    sqs = new SQSClient({ endpoint: endpoint.url, region: 'ap-southeast-1', credentials });
    lambda = new LambdaClient({ endpoint: endpoint.url, region: 'ap-southeast-1', credentials });
  });
  after(async () => {
    sqs.destroy();
    lambda.destroy();
    await endpoint.stop();
  });
  beforeEach(() => {
    endpoint.exchanges.length = 0;
    endpoint.replies = [];
  });

  it('sends queue messages ten to a SendMessageBatch call', async () => {
    endpoint.replies = [{ status: 200, body: { Successful: [], Failed: [] } }, { status: 200, body: { Successful: [], Failed: [] } }];
    const queueUrl = `${endpoint.url}/123456789012/docpipe-ingest`;
    await new SqsMessageQueue(sqs, queueUrl).send(Array.from({ length: 12 }, (_, i) => `body-${i}`));
    assert.deepEqual(endpoint.exchanges.map((e) => e.target), ['AmazonSQS.SendMessageBatch', 'AmazonSQS.SendMessageBatch']);
    const first = JSON.parse(endpoint.exchanges[0]?.body ?? '{}') as { QueueUrl: string; Entries: Array<{ Id: string; MessageBody: string }> };
    assert.equal(first.QueueUrl, queueUrl);
    assert.equal(first.Entries.length, 10);
    assert.deepEqual(JSON.parse(endpoint.exchanges[1]?.body ?? '{}').Entries.map((e: { MessageBody: string }) => e.MessageBody), ['body-10', 'body-11']);
  });

  it('raises SqsSendError when SQS refuses part of a batch', async () => {
    endpoint.replies = [{ status: 200, body: { Successful: [], Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }] } }];
    await assert.rejects(new SqsMessageQueue(sqs, `${endpoint.url}/123456789012/q`).send(['x']), SqsSendError);
  });

  it('redrives a dead-letter queue with StartMessageMoveTask from its ARN', async () => {
    endpoint.replies = [
      { status: 200, body: { QueueUrl: `${endpoint.url}/123456789012/docpipe-ingest-dlq` } },
      { status: 200, body: { Attributes: { ApproximateNumberOfMessages: '7' } } },
      { status: 200, body: { TaskHandle: 'task-1' } },
    ];
    const arn = 'arn:aws:sqs:ap-southeast-1:123456789012:docpipe-ingest-dlq';
    assert.deepEqual(await startRedrive(sqs, arn), { taskHandle: 'task-1', messages: 7 });
    assert.deepEqual(endpoint.exchanges.map((e) => e.target), ['AmazonSQS.GetQueueUrl', 'AmazonSQS.GetQueueAttributes', 'AmazonSQS.StartMessageMoveTask']);
    assert.deepEqual(JSON.parse(endpoint.exchanges[2]?.body ?? '{}'), { SourceArn: arn });
  });

  it('refuses something that is not a queue ARN, saying which output to use', () => {
    assert.throws(() => parseQueueArn('https://sqs.ap-southeast-1.amazonaws.com/123456789012/q'), /IngestDeadLetterQueueArn/);
    assert.deepEqual(parseQueueArn('arn:aws:sqs:eu-west-1:123456789012:q.fifo'), { region: 'eu-west-1', account: '123456789012', name: 'q.fifo' });
  });

  it('continues in a new asynchronous invocation of the same function', async () => {
    endpoint.replies = [{ status: 202, body: undefined }];
    await new LambdaContinuation(lambda, 'docpipe-reindex').resume();
    const [invoke] = endpoint.exchanges;
    assert.equal(invoke?.method, 'POST');
    assert.equal(invoke?.path, '/2015-03-31/functions/docpipe-reindex/invocations');
    assert.equal(invoke?.invocationType, 'Event');
    assert.deepEqual(JSON.parse(invoke?.body ?? '{}'), { action: 'continue' });
  });

  it('continues a reprocess with the reprocess action', async () => {
    endpoint.replies = [{ status: 202, body: undefined }];
    await new LambdaContinuation(lambda, 'docpipe-reindex').resume('reprocess');
    assert.deepEqual(JSON.parse(endpoint.exchanges[0]?.body ?? '{}'), { action: 'reprocess' });
  });
});
