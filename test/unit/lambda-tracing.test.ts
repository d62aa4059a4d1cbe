import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';

interface TraceDocument {
  id: string;
  name: string;
  trace_id: string;
  parent_id?: string;
  annotations?: Record<string, string | number | boolean>;
  fault?: boolean;
  cause?: { exceptions: Array<{ message: string; type: string }> };
  aws?: { operation?: string };
  subsegments?: TraceDocument[];
}

const TRACE_ID = '1-5759e988-bd862e3fe1be46a994272793';
const FACADE_ID = '53995c3f42cd8ad8';

/**
 * A loopback X-Ray daemon: the SDK sends each closed subsegment as a UDP datagram, a JSON header line
 * then the document, exactly as to the daemon Lambda runs next to the function.
 */
const daemon = createSocket('udp4');
const received: TraceDocument[] = [];
daemon.on('message', (message) => received.push(JSON.parse(message.toString('utf8').split('\n')[1] ?? '{}') as TraceDocument));
await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', () => resolve()));

// What Lambda sets for an on-demand function with active tracing. The X-Ray SDK reads these when it is
// first imported, so the module under test is imported only after them (this file runs in its own process).
Object.assign(process.env, {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  LAMBDA_TASK_ROOT: '/var/task',
  _HANDLER: 'index.handler',
  _X_AMZN_TRACE_ID: `Root=${TRACE_ID};Parent=${FACADE_ID};Sampled=1`,
  AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
  // Keeps the assertions on the handler and SDK subsegments; in Lambda plain HTTP(S) calls are traced too.
  POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
const { powertools, withTracing } = await import('../../shared/adapters/aws-runtime.ts');

/** Waits for the next trace document the daemon receives with this name. */
async function nextDocument(name: string): Promise<TraceDocument> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const index = received.findIndex((d) => d.name === name);
    if (index >= 0) return received.splice(index, 1)[0] as TraceDocument;
    if (Date.now() > deadline) throw new Error(`no ${name} subsegment reached the daemon; got ${received.map((d) => d.name).join(', ') || 'nothing'}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('tracing of the Lambda entries (X-Ray segments sent to a loopback daemon)', () => {
  const sqsRequests: Array<{ traceHeader: string }> = [];
  const sqsEndpoint = createServer((req, res) => {
    sqsRequests.push({ traceHeader: String(req.headers['x-amzn-trace-id'] ?? '') });
    req.resume().on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ QueueUrl: 'http://127.0.0.1/123456789012/docpipe-ingest' }));
    });
  });
  before(() => new Promise<void>((r) => sqsEndpoint.listen(0, '127.0.0.1', () => r())));
  after(async () => {
    await new Promise<void>((r) => sqsEndpoint.close(() => r()));
    daemon.close();
  });

  it('records each invocation as a "## handler" subsegment annotated with ColdStart (first only) and Service', async () => {
    const { tracer } = powertools('ingest');
    const handler = withTracing(tracer, async (event: { n: number }, _context: unknown) => event.n * 2);

    assert.equal(await handler({ n: 21 }, {}), 42);
    const first = await nextDocument('## index.handler');
    assert.equal(await handler({ n: 1 }, {}), 2);
    const second = await nextDocument('## index.handler');

    assert.equal(tracer.isTracingEnabled(), true);
    assert.deepEqual(first.annotations, { ColdStart: true, Service: 'ingest' });
    assert.deepEqual(second.annotations, { ColdStart: false, Service: 'ingest' });
    assert.equal(first.trace_id, TRACE_ID);
    assert.equal(first.parent_id, FACADE_ID);
  });

  it('records a thrown error on the handler subsegment as a fault and rethrows it unchanged', async () => {
    const { tracer } = powertools('reindex');
    const failure = new Error('lock table unreachable');
    const handler = withTracing(tracer, async () => {
      throw failure;
    });

    await assert.rejects(handler(undefined, undefined), (error: unknown) => error === failure);
    const traced = await nextDocument('## index.handler');

    assert.equal(traced.fault, true);
    assert.deepEqual(traced.cause?.exceptions.map((e) => [e.type, e.message]), [['Error', 'lock table unreachable']]);
  });

  it('traces a captured SDK client\'s call inside the handler subsegment and propagates the trace header', async () => {
    const { tracer } = powertools('reindex');
    const sqs = await tracer.captureAWSv3Client(new SQSClient({
      endpoint: `http://127.0.0.1:${(sqsEndpoint.address() as AddressInfo).port}`,
      region: 'ap-southeast-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    }));
    const handler = withTracing(tracer, async () => (await sqs.send(new GetQueueUrlCommand({ QueueName: 'docpipe-ingest' }))).QueueUrl);

    await handler(undefined, undefined);
    const call = await nextDocument('SQS');
    sqs.destroy();

    assert.equal(call.aws?.operation, 'GetQueueUrl');
    assert.match(sqsRequests[0]?.traceHeader ?? '', new RegExp(`^Root=${TRACE_ID};Parent=[0-9a-f]{16};Sampled=1`));
    const handlerSegment = await nextDocument('## index.handler');
    assert.equal(call.parent_id, handlerSegment.id);
  });
});
