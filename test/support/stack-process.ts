/**
 * A local stack in a process of its own, for fault-injection tests that kill it (SIGKILL: no
 * shutdown hook runs, the in-memory queues and the batches in flight are lost) and start it again on
 * the same data folder, as `docpipe start` does after a crash.
 *
 *   node --import tsx test/support/stack-process.ts <dataDir> <httpPort> <s3Port> <dynamodbPort>
 *
 * `DOCPIPE_TEST_INDEX_WRITE_DELAY_MS=N` slows every index write by N ms, and
 * `DOCPIPE_TEST_PROCESSING_INTERVAL_MS=N` starts at most one document's processing per N ms (see below).
 *
 * Before the start-up reconcile it takes stock of what the previous process left on disk (bucket,
 * table, index), so the test can show the work really was incomplete; then it reconciles and prints one
 * JSON line `{"ready":true,...}` (a `StackProcessReady`) on stdout. SIGTERM stops it gracefully.
 */
import { LocalStack, type ReconcileReport } from '../../local/local-stack.ts';
import type { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import type { DocumentProcessor } from '../../shared/services/ingest-service.ts';
import { parallelProcessor, type ParallelProcessor } from '../../local/parallel-processor.ts';
import { defaultWorkerCount } from '../../local/worker-concurrency.ts';
import { RAW_BUCKET } from '../../local/local-clients.ts';

/** What the dead process left behind, seen before the reconcile repairs it. */
export interface LeftOnDisk {
  /** Objects in the raw bucket. */
  objects: number;
  /** Objects whose row holds their current ETag, PROCESSED or FAILED. */
  rowsCurrent: number;
  /** Objects whose current version is processed and indexed. */
  settled: number;
  /** Rows not DELETED whose object is gone (a removal not applied yet). */
  rowsWithoutObject: number;
  /** Entries in the search index. */
  indexed: number;
}

export interface StackProcessReady {
  ready: true;
  pid: number;
  endpoints: { http: string; s3: string; dynamodb: string };
  before: LeftOnDisk;
  reconcile: ReconcileReport;
}

async function takeStock(stack: LocalStack): Promise<LeftOnDisk> {
  const objects = new Map<string, string | null>();
  for await (const o of stack.objects.list(RAW_BUCKET)) objects.set(o.key, o.etag?.replace(/"/g, '') ?? null);
  const stock: LeftOnDisk = { objects: objects.size, rowsCurrent: 0, settled: 0, rowsWithoutObject: 0, indexed: await stack.index.count() };
  for await (const rows of stack.metadata.scan()) {
    for (const row of rows) {
      if (!objects.has(row.key)) {
        if (row.status !== 'DELETED') stock.rowsWithoutObject++;
        continue;
      }
      if (row.etag !== objects.get(row.key) || (row.status !== 'PROCESSED' && row.status !== 'FAILED')) continue;
      stock.rowsCurrent++;
      if (row.status === 'FAILED' || (await stack.index.indexedVersion(row.id))?.etag === row.etag) stock.settled++;
    }
  }
  return stock;
}

const [dataDir, http, s3, dynamodb] = process.argv.slice(2);
if (!dataDir || !http || !s3 || !dynamodb) {
  process.stderr.write('usage: stack-process.ts <dataDir> <httpPort> <s3Port> <dynamodbPort>\n');
  process.exit(2);
}
/**
 * `DOCPIPE_TEST_INDEX_WRITE_DELAY_MS`: every write to the search index takes that much longer, as
 * writes to a remote engine do. The local SQLite index keeps pace with the ingest (a batch of updates
 * takes a millisecond or two), so without it a test could not count on index updates still pending
 * when it kills the process.
 */
const indexWriteDelayMs = Number(process.env.DOCPIPE_TEST_INDEX_WRITE_DELAY_MS ?? 0);
/**
 * `DOCPIPE_TEST_PROCESSING_INTERVAL_MS`: documents start processing (on the usual worker threads) at
 * most one per that many ms, so the ingest falls behind a burst of uploads on any machine and a kill
 * finds S3 events of every kind still queued.
 */
const processingIntervalMs = Number(process.env.DOCPIPE_TEST_PROCESSING_INTERVAL_MS ?? 0);
const stack = await LocalStack.start({
  dataDir,
  ports: { http: Number(http), s3: Number(s3), dynamodb: Number(dynamodb) },
  logLevel: 'SILENT',
  advertise: true,
  ...(indexWriteDelayMs > 0 ? { decorateIndex: (index: SqliteSearchIndex) => slowWrites(index, indexWriteDelayMs) } : {}),
  ...(processingIntervalMs > 0 ? { processor: paced(parallelProcessor({ concurrency: defaultWorkerCount(), ocr: true }), processingIntervalMs) } : {}),
});

/** The pool's processing, each document starting at least `intervalMs` after the one before. */
function paced(pool: ParallelProcessor, intervalMs: number): DocumentProcessor {
  let turn = Promise.resolve();
  return async (bytes, options) => {
    const mine = turn.then(() => new Promise<void>((r) => setTimeout(r, intervalMs)));
    turn = mine;
    await mine;
    return pool.process(bytes, options);
  };
}

/**
 * The index with `upsert` and `remove` writing `delayMs` late: the stream records that arrive meanwhile
 * are still pending when the write lands (a test that kills the process right after a write finds them).
 */
function slowWrites(index: SqliteSearchIndex, delayMs: number): SqliteSearchIndex {
  const late = async <T>(write: () => Promise<T>): Promise<T> => {
    await new Promise((r) => setTimeout(r, delayMs));
    return write();
  };
  return Object.assign(Object.create(index) as SqliteSearchIndex, {
    upsert: (documents: Parameters<SqliteSearchIndex['upsert']>[0]) => late(() => index.upsert(documents)),
    remove: (ids: string[]) => late(() => index.remove(ids)),
  });
}
process.on('SIGTERM', () => {
  void stack.stop().then(() => process.exit(0));
});
const before = await takeStock(stack);
const reconcile = await stack.reconcile();
const ready: StackProcessReady = { ready: true, pid: process.pid, endpoints: stack.endpoints, before, reconcile };
process.stdout.write(`${JSON.stringify(ready)}\n`);
