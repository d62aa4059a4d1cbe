import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { RAW_BUCKET } from '../../local/local-clients.ts';
import type { LocalStack } from '../../local/local-stack.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import { INGEST_MAX_RECEIVE_COUNT } from '../../shared/pipeline-tuning.ts';
import type { DocumentProcessor } from '../../shared/services/ingest-service.ts';
import { drained, startTestStack } from '../support/local-stack.ts';

/**
 * A bug in processing (here a `TypeError` from a processor the test injects) is not the file's
 * fault: the document must be retried, dead-lettered, and processed by a redrive once the bug is
 * fixed, never recorded as a permanent failure. A corrupt file still fails once, for good.
 */
describe('processing faults on the local stack', { timeout: 120_000 }, () => {
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  let broken = false;
  let calls = 0;
  const processor: DocumentProcessor = async (bytes, options) => {
    calls++;
    if (broken) throw new TypeError("Cannot read properties of undefined (reading 'text')");
    return processDocument(bytes, options);
  };

  before(async () => {
    ({ stack, cleanup } = await startTestStack({ processor }));
  });
  after(() => cleanup());
  beforeEach(() => {
    calls = 0;
    broken = false;
  });

  const article = 'Hội nghị tổng kết công tác năm\n\nSáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm với sự tham dự của đông đảo cán bộ, đảng viên và nhân dân trong tỉnh.';
  const put = (key: string, body: string | Uint8Array) => stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body }));

  it('retries a document whose processing throws a bug, dead-letters it after the configured tries, and never records it FAILED', async () => {
    broken = true;

    await put('faults/bug.txt', article);
    await drained(stack);

    const [status] = await stack.status([stack.idOf('faults/bug.txt')]);
    assert.equal(calls, INGEST_MAX_RECEIVE_COUNT, 'processed once per receive');
    assert.equal(stack.ingestQueue.deadLetters.length, 1);
    assert.equal(stack.ingestQueue.deadLetters[0]?.receiveCount, INGEST_MAX_RECEIVE_COUNT);
    assert.match(stack.ingestQueue.deadLetters[0]?.reason ?? '', /reported the message as failed/);
    assert.notEqual(status?.status, 'FAILED');
    assert.equal(status?.error, null);
  });

  it('processes a dead-lettered document when it is redriven after the fault is gone', async () => {
    const id = stack.idOf('faults/fixed-later.txt');
    broken = true;
    await put('faults/fixed-later.txt', article);
    await drained(stack);
    const deadBefore = stack.ingestQueue.deadLetters.length;
    broken = false;

    const redriven = stack.redrive();
    await drained(stack);

    const [status] = await stack.status([id]);
    assert.equal(redriven.ingest, deadBefore);
    assert.equal(status?.status, 'PROCESSED');
    assert.equal(status?.indexedEtag, status?.etag, 'searchable');
    assert.equal(stack.ingestQueue.deadLetters.length, 0);
  });

  it('records a corrupt file as FAILED after one try, without retrying it', async () => {
    const corruptPdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a PDF body at all\n');

    await put('faults/corrupt.pdf', corruptPdf);
    await drained(stack);

    const [status] = await stack.status([stack.idOf('faults/corrupt.pdf')]);
    assert.equal(calls, 1);
    assert.equal(status?.status, 'FAILED');
    assert.equal(status?.error?.code, 'CORRUPT_DOCUMENT');
    assert.equal(stack.ingestQueue.deadLetters.length, 0);
  });
});
