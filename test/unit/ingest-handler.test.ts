import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import { documentId } from '../../shared/domain/ids.ts';
import { parseReprocessMessage, reprocessMessageBody } from '../../shared/events/reprocess-message.ts';
import { parseS3Notification, type ObjectChange } from '../../shared/events/s3-notification.ts';
import { TallyMetrics } from '../../shared/metrics.ts';
import type { IngestService } from '../../shared/services/ingest-service.ts';
import { silentLogger } from '../support/fakes.ts';

const sample = JSON.parse(readFileSync(new URL('../../events/sqs-s3-notifications.json', import.meta.url), 'utf8')) as SQSEvent;
const reprocessRecord = (id: string, messageId: string): SQSRecord => ({ ...(sample.Records[0] as SQSRecord), messageId, body: reprocessMessageBody(id) });

function harness(failOn?: string) {
  const calls = { applied: [] as string[], reprocessed: [] as string[] };
  const service: IngestService = {
    apply: async (change: ObjectChange) => (calls.applied.push(change.ref.key), { id: change.ref.key, status: 'PROCESSED', duplicateOf: null }),
    reprocess: async (id: string) => {
      if (id === failOn) throw new Error('S3 throttled');
      calls.reprocessed.push(id);
      return { id, status: 'PROCESSED', duplicateOf: null };
    },
  };
  const metrics = new TallyMetrics();
  return { handler: createIngestHandler({ service, logger: silentLogger(), metrics }), calls, metrics };
}

describe('ingest handler: reprocess requests', () => {
  it('reprocesses the document a reprocess message names, beside the S3 notifications of the same batch', async () => {
    const { handler, calls, metrics } = harness();
    const event: SQSEvent = { Records: [reprocessRecord('doc-1', 'm-reprocess'), ...sample.Records] };
    const response = await handler(event, {} as Context);
    assert.deepEqual(response.batchItemFailures, []);
    assert.deepEqual(calls.reprocessed, ['doc-1']);
    assert.ok(calls.applied.length > 0, 'the notifications are applied as before');
    assert.equal(metrics.counts.reprocess_processed, 1);
  });

  it('reports a reprocess that failed for a transient reason for retry, alone', async () => {
    const { handler, calls } = harness('doc-2');
    const response = await handler({ Records: [reprocessRecord('doc-1', 'a'), reprocessRecord('doc-2', 'b')] }, {} as Context);
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: 'b' }]);
    assert.deepEqual(calls.reprocessed, ['doc-1']);
  });

  it('tells a reprocess request from an S3 notification and from anything else', () => {
    assert.equal(parseReprocessMessage(reprocessMessageBody('abc')), 'abc');
    assert.equal(parseReprocessMessage(sample.Records[0]?.body ?? ''), undefined);
    assert.equal(parseReprocessMessage('{"docpipe":"reprocess","id":""}'), undefined);
    assert.equal(parseReprocessMessage('not json'), undefined);
  });
});

/** Records what the handler logs at error level, with the attributes it attached. */
class RecordingLogger extends Logger {
  readonly errors: Array<{ message: string; attributes: Record<string, unknown> }> = [];
  override error(message: unknown, ...extra: unknown[]): void {
    this.errors.push({ message: String(message), attributes: Object.assign({}, ...extra.filter((e) => typeof e === 'object')) as Record<string, unknown> });
  }
}

describe('ingest handler: a bug in processing', () => {
  it('reports the record for retry and logs the error with its stack, document id and key', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'text')");
    const service: IngestService = {
      apply: async () => {
        throw bug;
      },
      reprocess: async (id) => ({ id, status: 'CURRENT' }),
    };
    const logger = new RecordingLogger({ serviceName: 'test', logLevel: 'SILENT' });
    const handler = createIngestHandler({ service, logger, metrics: new TallyMetrics() });
    const record = sample.Records[0] as SQSRecord;
    const [change] = parseS3Notification(record.body);

    const response = await handler({ Records: [record] }, {} as Context);

    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: record.messageId }]);
    assert.equal(logger.errors.length, 1);
    const attributes: Record<string, unknown> = logger.errors[0]?.attributes ?? {};
    assert.equal(attributes.error, bug, 'the error itself, so the logger prints its stack');
    assert.ok(bug.stack?.includes('TypeError'));
    assert.equal(attributes.key, change?.ref.key);
    assert.equal(attributes.documentId, documentId(change?.ref.bucket ?? '', change?.ref.key ?? ''));
  });
});
