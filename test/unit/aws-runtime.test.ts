import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { powertools, withMetrics, withTracing } from '../../shared/adapters/aws-runtime.ts';

// Outside Lambda, as in every test and on a laptop: no AWS_EXECUTION_ENV. EMF output would only be noise here.
delete process.env.AWS_EXECUTION_ENV;
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

describe('Powertools wiring of the Lambda entries, outside Lambda', () => {
  it('gives each function a tracer that is off and leaves SDK clients unpatched', async () => {
    const { tracer } = powertools('ingest');
    const client = new S3Client({ region: 'ap-southeast-1' });
    const before = client.middlewareStack.identify();

    const captured = await tracer.captureAWSv3Client(client);

    assert.equal(tracer.isTracingEnabled(), false);
    assert.equal(captured, client);
    assert.deepEqual(client.middlewareStack.identify(), before);
    client.destroy();
  });

  it('loads no tracer (nor the X-Ray SDK) where tracing is off', async () => {
    const { tracer } = powertools('index');

    assert.equal(await tracer.load(), undefined);
  });

  it('withTracing returns what the handler returns', async () => {
    const { tracer } = powertools('search');
    const handler = withTracing(tracer, async (event: { n: number }, _context: unknown) => ({ doubled: event.n * 2 }));

    assert.deepEqual(await handler({ n: 21 }, {}), { doubled: 42 });
  });

  it('withTracing rethrows the handler\'s error unchanged', async () => {
    const { tracer } = powertools('search');
    const failure = new Error('OpenSearch unavailable');
    const handler = withTracing(tracer, async () => {
      throw failure;
    });

    await assert.rejects(handler(undefined, undefined), (error: unknown) => error === failure);
  });

  it('withMetrics flushes what the handler counted, after a result and after an error', async () => {
    const { metrics, sink } = powertools('index');
    const ok = withMetrics(metrics, async () => {
      sink.count('DocumentsIndexed', 3);
      return 'done';
    });
    const failing = withMetrics(metrics, async () => {
      sink.count('DocumentsIndexed');
      throw new Error('bulk request refused');
    });

    assert.equal(await ok(undefined, undefined), 'done');
    assert.equal(metrics.hasStoredMetrics(), false);
    await assert.rejects(failing(undefined, undefined), /bulk request refused/);
    assert.equal(metrics.hasStoredMetrics(), false);
  });

  it('every Lambda entry loads outside Lambda with its configuration set', async () => {
    Object.assign(process.env, {
      TABLE_NAME: 'docpipe-documents',
      PROCESSED_BUCKET: 'docpipe-processed',
      RAW_BUCKET: 'docpipe-raw',
      INGEST_QUEUE_URL: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/docpipe-ingest',
      OPENSEARCH_ENDPOINT: 'https://search-docpipe-abc.ap-southeast-1.es.amazonaws.com',
      AWS_REGION: 'ap-southeast-1',
    });

    for (const name of ['ingest', 'index', 'search', 'reindex']) {
      const entry = (await import(`../../functions/${name}/handler.ts`)) as { handler: unknown };
      assert.equal(typeof entry.handler, 'function', `functions/${name}/handler.ts exports no handler`);
    }
  });
});
