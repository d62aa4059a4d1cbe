import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { RAW_BUCKET } from '../../local/local-clients.ts';
import type { DocumentStatus, LocalStack } from '../../local/local-stack.ts';
import type { DocumentRecord } from '../../shared/domain/types.ts';
import { DOT_SEGMENT_KEYS, EMPTY_SEGMENT_KEYS, goodDocuments, HOSTILE_MAX_DOCUMENT_BYTES, hostileCorpus, type RefusedKey } from '../support/hostile-corpus.ts';
import { drained, startTestStack, waitUntilSettled } from '../support/local-stack.ts';

/** What the S3 client rejects a PUT with. */
interface S3Refusal {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

interface SearchBody {
  total: number;
  hits: Array<{ id: string; key: string }>;
}

/**
 * The hostile corpus goes through the whole local stack in one batch with ordinary documents: PUT over
 * the S3 protocol → S3 event → ingest queue → ingest → table → change feed → index. Each hostile input
 * must end recorded (FAILED with its reason, or PROCESSED), never crash the batch or dead-letter.
 */
describe('hostile inputs end to end: each is recorded FAILED with a reason or PROCESSED, and the batch around it is unharmed', { timeout: 120_000 }, () => {
  const hostile = hostileCorpus();
  const good = goodDocuments();
  let stack: LocalStack;
  let cleanup: () => Promise<void>;
  const statuses = new Map<string, DocumentStatus>();
  const records = new Map<string, DocumentRecord | undefined>();

  const put = (key: string, body: Uint8Array | string, contentType?: string) =>
    stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body, ...(contentType ? { ContentType: contentType } : {}) }));
  const search = async (q: string): Promise<SearchBody> => {
    const res = await fetch(`${stack.endpoints.http}/search?q=${encodeURIComponent(q)}&size=50`);
    assert.equal(res.status, 200, `search ${q}`);
    return (await res.json()) as SearchBody;
  };
  const findsKey = async (q: string, key: string): Promise<boolean> => (await search(q)).hits.some((h) => h.key === key);

  before(async () => {
    ({ stack, cleanup } = await startTestStack({ maxDocumentBytes: HOSTILE_MAX_DOCUMENT_BYTES }));
    // One batch, an ordinary document after every few hostile ones, so a crash or a stuck queue batch would take good documents with it.
    const uploads: Array<{ key: string; body: Uint8Array | string; contentType?: string | undefined }> = [];
    const every = Math.ceil(hostile.length / good.length);
    const ordinary = good.map((g) => ({ ...g, contentType: 'text/plain' }));
    hostile.forEach((h, i) => {
      uploads.push(h);
      if ((i + 1) % every === 0) uploads.push(...ordinary.splice(0, 1));
    });
    uploads.push(...ordinary);
    await Promise.all(uploads.map((u) => put(u.key, u.body, u.contentType)));
    const ids = uploads.map((u) => stack.idOf(u.key));
    for (const s of await waitUntilSettled(stack, ids, 60_000)) statuses.set(s.id, s);
    await drained(stack);
    for (const id of ids) records.set(id, await stack.metadata.get(id));
  });
  after(() => cleanup());

  it('builds at least 34 distinct hostile inputs, deterministically', () => {
    assert.ok(hostile.length >= 34, `${hostile.length} inputs`);
    assert.equal(new Set(hostile.map((h) => h.key)).size, hostile.length, 'keys are distinct');
    const again = hostileCorpus();
    for (const [i, h] of hostile.entries()) assert.deepEqual(Buffer.from(again[i]?.body ?? ''), Buffer.from(h.body), h.name);
  });

  for (const input of hostile) {
    if (input.expect === 'FAILED') {
      it(`${input.name}: recorded FAILED with its reason, nothing indexed`, async () => {
        const id = stack.idOf(input.key);
        const status = statuses.get(id);
        const record = records.get(id);
        assert.equal(status?.status, 'FAILED', JSON.stringify(status));
        const reason = `${status?.error?.code ?? ''}: ${status?.error?.message ?? ''}`;
        assert.ok(status?.error?.message.trim(), 'the reason says what happened');
        assert.match(reason, input.reason ?? /./);
        assert.equal(record?.processedKey, null);
        assert.equal(await stack.index.indexedVersion(id), undefined);
      });
    } else {
      it(`${input.name}: PROCESSED and indexed${input.findBy ? ', found by its own text' : ''}`, async () => {
        const id = stack.idOf(input.key);
        const status = statuses.get(id);
        const record = records.get(id);
        assert.equal(status?.status, 'PROCESSED', JSON.stringify(status));
        assert.equal(status?.indexedEtag, status?.etag);
        assert.ok(record);
        assert.equal(record.key, input.key, 'the key is stored exactly as uploaded');
        if (input.findBy) assert.ok(await findsKey(input.findBy, input.key), `${input.findBy} should find ${input.key}`);
        input.check?.(record);
      });
    }
    const gap = input.knownGap;
    if (gap?.findBy) {
      const query = gap.findBy;
      it(`${input.name}: also found by ${query}`, { todo: gap.why }, async () => {
        assert.ok(await findsKey(query, input.key), `${query} should find ${input.key}`);
      });
    }
    if (gap?.reason) {
      const expected = gap.reason;
      it(`${input.name}: the reason names what happened`, { todo: gap.why }, () => {
        const error = statuses.get(stack.idOf(input.key))?.error;
        assert.match(`${error?.code ?? ''}: ${error?.message ?? ''}`, expected);
      });
    }
  }

  it('processes every ordinary document of the batch and finds each by its own phrase', async () => {
    for (const g of good) {
      assert.equal(statuses.get(stack.idOf(g.key))?.status, 'PROCESSED', g.key);
      assert.ok(await findsKey(g.findBy, g.key), `${g.findBy} should find ${g.key}`);
    }
  });

  it('indexes exactly the processed documents: no failed one is searchable', async () => {
    const processed: string[] = [];
    for await (const page of stack.metadata.scan()) for (const r of page) if (r.status === 'PROCESSED') processed.push(r.id);
    const indexed: string[] = [];
    for await (const ids of stack.index.ids()) indexed.push(...ids);
    assert.deepEqual(indexed.sort(), processed.sort());
    const expected = hostile.filter((h) => h.expect === 'PROCESSED').length + good.length;
    assert.ok(processed.length >= expected, `${processed.length} processed, ${expected} expected`);
  });

  it('records permanent failures on the document instead of retrying them into a dead-letter queue', () => {
    assert.deepEqual(stack.ingestQueue.deadLetters.map((d) => d.reason), []);
    assert.deepEqual(stack.streamQueue.deadLetters.map((d) => d.reason), []);
    // One outcome per upload: nothing was applied twice or ignored as a repeat, nothing is still pending.
    const failed = hostile.filter((h) => h.expect === 'FAILED').length;
    const processed = hostile.length - failed + good.length;
    const outcomes = Object.fromEntries(Object.entries(stack.metrics.counts).filter(([name]) => name.startsWith('documents_')));
    assert.deepEqual(outcomes, { documents_failed: failed, documents_processed: processed });
  });

  /** PUTs the refused keys together with ordinary documents; returns each refusal and the neighbours' outcome. */
  const putRefusedInBatch = async (refused: RefusedKey[], prefix: string) => {
    const neighbours = good.slice(0, 3).map((g) => ({ ...g, key: `${prefix}/${g.key}` }));
    const results = await Promise.allSettled([
      ...refused.map((r) => put(r.key, 'Nội dung của một khóa bị từ chối, không được lưu.')),
      ...neighbours.map((n) => put(n.key, n.body)),
    ]);
    const errors = refused.map((r, i) => {
      const result = results[i];
      assert.equal(result?.status, 'rejected', `${r.key} must be refused`);
      return (result as PromiseRejectedResult).reason as S3Refusal;
    });
    assert.ok(results.slice(refused.length).every((r) => r.status === 'fulfilled'), 'the ordinary PUTs succeed');
    const settled = await waitUntilSettled(stack, neighbours.map((n) => stack.idOf(n.key)));
    await drained(stack);
    return { errors, neighbours: settled.map((s) => s.status) };
  };

  it('refuses keys with dot segments at the S3 PUT with a clear 400, stores nothing, and processes the rest of their batch', async () => {
    const { errors, neighbours } = await putRefusedInBatch(DOT_SEGMENT_KEYS, 'after-dot-segments');
    for (const [i, r] of DOT_SEGMENT_KEYS.entries()) {
      assert.equal(errors[i]?.$metadata?.httpStatusCode, 400, r.key);
      assert.equal(errors[i]?.name, 'InvalidArgument', r.key);
      assert.match(errors[i]?.message ?? '', r.explains, r.key);
      assert.equal(await stack.metadata.get(stack.idOf(r.key)), undefined, `no row for ${r.key}`);
    }
    assert.deepEqual(neighbours, ['PROCESSED', 'PROCESSED', 'PROCESSED']);
    for (const dir of [dirname(stack.dataDir), stack.dataDir, join(stack.dataDir, 's3')]) assert.ok(!existsSync(join(dir, 'x.txt._S3rver_object')), dir);
    assert.equal(stack.ingestQueue.deadLetters.length, 0);
  });

  it('refuses keys with an empty path segment at the local S3 PUT, stores nothing, and processes the rest of their batch', async () => {
    const { errors, neighbours } = await putRefusedInBatch(EMPTY_SEGMENT_KEYS, 'after-empty-segments');
    for (const [i, r] of EMPTY_SEGMENT_KEYS.entries()) {
      assert.ok((errors[i]?.$metadata?.httpStatusCode ?? 0) >= 400, `${r.key}: ${errors[i]?.message}`);
      assert.equal(await stack.metadata.get(stack.idOf(r.key)), undefined, `no row for ${r.key}`);
    }
    assert.deepEqual(neighbours, ['PROCESSED', 'PROCESSED', 'PROCESSED']);
    assert.equal(stack.ingestQueue.deadLetters.length, 0);
  });

  it(
    'says why a key with an empty path segment is refused, as it does for dot segments',
    async () => {
      for (const r of EMPTY_SEGMENT_KEYS) {
        const error = await put(r.key, 'x').then(() => undefined, (e: unknown) => e as S3Refusal);
        assert.equal(error?.$metadata?.httpStatusCode, 400, r.key);
        assert.match(error?.message ?? '', r.explains, r.key);
      }
    },
  );

  it(
    'refuses a key segment too long for a file name with a clear error, and keeps serving',
    () => {
      // In a child process: without the guard, this PUT takes the process down with it.
      const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-long-key-'));
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', LONG_SEGMENT_PROBE, dataDir], { cwd: new URL('../../', import.meta.url).pathname, encoding: 'utf8', timeout: 30_000 });
      rmSync(dataDir, { recursive: true, force: true });
      assert.equal(run.status, 0, `the stack process died: ${run.stderr.split('\n').find((l) => l.includes('Error')) ?? run.stderr.slice(0, 300)}`);
      const refusal = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { status?: number; message?: string };
      assert.equal(refusal.status, 400);
      assert.match(refusal.message ?? '', /too long|segment/i);
    },
  );
});

/** Starts a stack, PUTs a key whose only segment is 244 bytes (S3 allows 1,024) and prints how the PUT ended. */
const LONG_SEGMENT_PROBE = `
  import { PutObjectCommand } from '@aws-sdk/client-s3';
  import { LocalStack } from ${JSON.stringify(new URL('../../local/local-stack.ts', import.meta.url).pathname)};
  import { RAW_BUCKET } from ${JSON.stringify(new URL('../../local/local-clients.ts', import.meta.url).pathname)};
  const stack = await LocalStack.start({ dataDir: process.argv[1], ports: { http: 0, s3: 0, dynamodb: 0 }, logLevel: 'SILENT', advertise: false });
  let result;
  try {
    await stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: 'y'.repeat(240) + '.txt', Body: 'x' }));
    result = { status: 200 };
  } catch (error) {
    result = { status: error.$metadata?.httpStatusCode, message: error.message };
  }
  await stack.stop();
  console.log(JSON.stringify(result));
`;
