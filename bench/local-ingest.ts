/**
 * The whole local pipeline under load: documents PUT through the S3 protocol into a LocalStack
 * (s3rver → in-process SQS → ingest handler → dynalite → change feed → index handler → SQLite FTS5),
 * timed until every one is searchable, with the CPU time and requests each document cost; the same
 * stages run one at a time; and the latency of one document on an idle stack, split by stage, so a
 * slow figure says where its time goes.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { localS3Client, RAW_BUCKET } from '../local/local-clients.ts';
import { isSettled, LocalStack } from '../local/local-stack.ts';
import { prng, variedScrapedText } from './corpus.ts';

export interface Percentiles { p50: number; p95: number }

export interface IngestThroughput {
  documents: number;
  /** False when the run hit its time limit before every document PUT was searchable. */
  complete: boolean;
  meanBytes: number;
  /** PUTs in flight at once. */
  concurrency: number;
  /** From the first PUT until the index holds every document (or its failure is recorded). */
  seconds: number;
  docsPerSec: number;
  /** Documents PUT: fewer than `documents` only when the time limit ended the run during the uploads. */
  uploaded: number;
  /** When the last PUT was answered: how far the pipeline lagged behind the uploads. */
  uploadSeconds: number;
  /** Checked row by row after the clock stopped: processed, and indexed at the version uploaded. */
  searchable: number;
  failed: number;
  /** Rows the ingest marked as (near-)duplicates of another: near 0 means the lookup was selective, not degenerate. */
  duplicates: number;
  /**
   * When the ingest queue first stood empty after the last PUT, and how many documents were searchable
   * then: the indexer (one ordered batch at a time) shares the event loop with the ingest.
   */
  ingestDrainedSeconds: number | null;
  searchableWhenIngestDrained: number | null;
  /** Requests the pipeline made per document while timed (the upload's own PUT not included), by service and command. */
  requestsPerDocument: Record<string, number>;
  /** CPU time of the whole process (every thread: the event loop, libuv's pool, GC) per document while timed. */
  cpuMsPerDocument: number;
  /**
   * Of that, the pipeline's thread (queues, handlers, AWS SDK clients, processing, SQLite, and the
   * benchmark's own uploads) and the storage thread (s3rver, dynalite); null where threads cannot be
   * told apart (not Linux).
   */
  pipelineThreadCpuMsPerDocument: number | null;
  storageThreadCpuMsPerDocument: number | null;
}

export interface StageCost {
  stage: string;
  /** Documents per second through this stage with nothing else running. */
  docsPerSec: number;
  /** CPU time of the whole process per document in this stage. */
  cpuMsPerDocument: number;
  /** Of that, the pipeline's thread and the storage thread (s3rver, dynalite); null where unknown. */
  pipelineThreadCpuMsPerDocument: number | null;
  storageThreadCpuMsPerDocument: number | null;
}

export interface SingleDocumentLatency {
  documents: number;
  total: Percentiles;
  /** Median per stage, milliseconds: where one document's time goes. */
  stages: { put: number; toIngestQueue: number; ingest: number; toIndexed: number };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const percentiles = (xs: number[]): Percentiles => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: round(percentile(s, 0.5)), p95: round(percentile(s, 0.95)) };
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Where the benchmark's stacks keep their data: in the project's .docpipe/, beside a user's stack
 * (`docpipe start`), not in the system's temporary folder; and every run's folder is removed when the
 * process exits, not as the run ends.
 *
 * Why: on a file system without a journal (this machine's ext4), the kernel does not reuse an inode
 * freed in the last minute (five while its inode table block is unwritten), and for each file it
 * creates it first steps past every such inode of the folder's block group (recently_deleted() in
 * fs/ext4/ialloc.c). In /tmp, where the tests and earlier runs create and delete tens of thousands of
 * files, each file cost about 220 µs of CPU instead of 12 (5,000 empty files: 1.12 s, against 0.06 s in
 * a new folder elsewhere on the same disk), and the stack creates six or seven per document: perf put
 * 9.7–10.2 % of all of an end-to-end run's samples in find_inode_bit. A run removing its ~25,000 files
 * taxes the next run the same way, wherever it is: 87 µs a file in .docpipe/ three minutes after a
 * benchmark's exit removed its folders. A user's bulk load follows neither; the end-to-end runs start
 * minutes into `npm run bench`, after anything a previous one removed has aged.
 */
const STACKS_DIR = fileURLToPath(new URL('../.docpipe/bench-stacks/', import.meta.url));
const stackFolders: string[] = [];
process.once('exit', () => {
  if (stackFolders.length === 0) return;
  for (const dir of stackFolders) rmSync(dir, { recursive: true, force: true });
  // Gone too when no other benchmark's stack is left in it.
  if (readdirSync(STACKS_DIR).length === 0) rmSync(STACKS_DIR, { recursive: true, force: true });
});

/** A LocalStack on free ports in a fresh folder (STACKS_DIR), as the integration tests start one; `use` runs, then the stack stops (its folder goes at exit). */
async function withStack<T>(use: (stack: LocalStack, uploads: S3Client) => Promise<T>): Promise<T> {
  mkdirSync(STACKS_DIR, { recursive: true });
  const dataDir = mkdtempSync(join(STACKS_DIR, 'ingest-'));
  stackFolders.push(dataDir);
  let stack: LocalStack | undefined;
  // Uploads go through a client of their own, as another program's would.
  let uploads: S3Client | undefined;
  try {
    // Processing workers started with the stack, as `docpipe start` does: runs time the steady state.
    stack = await LocalStack.start({ dataDir, ports: { http: 0, s3: 0, dynamodb: 0 }, logLevel: 'SILENT', advertise: false, warmWorkers: true });
    uploads = localS3Client(stack.endpoints.s3, { asAnotherProgram: true });
    return await use(stack, uploads);
  } finally {
    uploads?.destroy();
    await stack?.stop();
  }
}

const put = async (uploads: S3Client, key: string, body: Buffer): Promise<string> => {
  const out = await uploads.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body, ContentType: 'text/plain; charset=utf-8' }));
  return (out.ETag ?? '').replace(/"/g, '');
};

/**
 * PUTs `count` distinct seed-sized documents with `concurrency` uploads in flight and measures
 * documents per second from the first PUT until every one is searchable. Completion is polled cheaply
 * (the index's row count plus the failures the ingest counted); every document's row and index entry
 * are checked afterwards, outside the timed part. A run still unfinished after `maxSeconds` stops
 * there (`complete: false`; uploads end too, and the rate counts what was searchable by then), so a
 * slow pipeline cannot stretch the benchmark past its time limit.
 */
export async function ingestThroughput(count: number, seed: number, options: { concurrency?: number; maxSeconds?: number } = {}): Promise<IngestThroughput> {
  const concurrency = options.concurrency ?? 16;
  const maxMs = (options.maxSeconds ?? 600) * 1000;
  const rand = prng(seed);
  const bodies = Array.from({ length: count }, () => Buffer.from(variedScrapedText(rand)));
  const keys = bodies.map((_, i) => `bench/${seed}/${String(i).padStart(6, '0')}.txt`);
  return withStack(async (stack, uploads) => {
    const etags: Array<string | undefined> = new Array<string | undefined>(count).fill(undefined);
    const requests = countRequests(stack);
    const threadsAtStart = threadCpu(stack);
    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    let next = 0;
    let lastPutMs = 0;
    const uploaded = Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          etags[i] = await put(uploads, keys[i] ?? '', bodies[i] ?? Buffer.alloc(0));
        }
      }),
    ).then(() => {
      lastPutMs = performance.now() - started;
    });
    let done = 0;
    let drained: { seconds: number; searchable: number } | undefined;
    for (;;) {
      done = (await stack.index.count()) + (stack.metrics.counts.documents_failed ?? 0);
      if (!drained && lastPutMs > 0 && stack.ingestQueue.depth === 0) drained = { seconds: round((performance.now() - started) / 1000, 2), searchable: done };
      if (done >= count || performance.now() - started > maxMs) break;
      await sleep(50);
    }
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    const threadsAtEnd = threadCpu(stack);
    const requestCounts = { ...requests };
    next = count; // the time limit ended the run: no further uploads
    await uploaded;
    const putCount = etags.filter((e) => e !== undefined).length;

    // The check, untimed: one table scan (cheaper than a read per id) and one index lookup per row.
    const expected = new Map(keys.flatMap((key, i) => (etags[i] === undefined ? [] : [[stack.idOf(key), etags[i] ?? '']] as const)));
    let searchable = 0;
    let failed = 0;
    let duplicates = 0;
    for await (const page of stack.metadata.scan()) {
      for (const row of page) {
        const etag = expected.get(row.id);
        if (etag === undefined) continue;
        const indexed = await stack.index.indexedVersion(row.id);
        const status = { id: row.id, status: row.status, etag: row.etag, indexedEtag: indexed?.etag ?? null, error: row.error } as const;
        if (!isSettled(status, etag)) continue;
        if (status.status === 'PROCESSED') searchable++;
        else failed++;
        if (row.duplicateOf) duplicates++;
      }
    }
    return {
      documents: count,
      complete: done >= putCount,
      meanBytes: Math.round(bodies.reduce((n, b) => n + b.length, 0) / count),
      concurrency,
      seconds: round(ms / 1000, 2),
      docsPerSec: Math.round(Math.min(done, putCount) / (ms / 1000)),
      uploaded: putCount,
      uploadSeconds: round(lastPutMs / 1000, 2),
      searchable,
      failed,
      duplicates,
      ingestDrainedSeconds: drained?.seconds ?? null,
      searchableWhenIngestDrained: drained?.searchable ?? null,
      requestsPerDocument: Object.fromEntries(Object.entries(requestCounts).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => [k, round(n / Math.max(1, done), 2)])),
      cpuMsPerDocument: round((cpu.user + cpu.system) / 1000 / Math.max(1, done), 1),
      pipelineThreadCpuMsPerDocument: perDocument(threadsAtStart.pipeline, threadsAtEnd.pipeline, done),
      storageThreadCpuMsPerDocument: perDocument(threadsAtStart.storage, threadsAtEnd.storage, done),
    };
  });
}

/** CPU milliseconds used so far by the pipeline's thread and the storage thread (Linux /proc; null elsewhere). */
function threadCpu(stack: LocalStack): { pipeline: number | null; storage: number | null } {
  const ms = (tid: number | null): number | null => {
    if (tid === null) return null;
    try {
      // Fields after the command name: state is 3rd, utime 14th and stime 15th of the whole line, in clock ticks (100 per second).
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return null;
    }
  };
  return { pipeline: ms(process.pid), storage: ms(stack.storageThreadId) };
}

const perDocument = (start: number | null, end: number | null, documents: number): number | null =>
  start === null || end === null ? null : round((end - start) / Math.max(1, documents), 1);

/**
 * Counts every request the stack's own S3 and DynamoDB clients send, by service and command, from now
 * on. Counted where commands are sent (each `send` is one request, its retries aside): the local
 * clients cache their resolved middleware (`cacheMiddleware`), so middleware added now would miss
 * commands already sent once.
 */
function countRequests(stack: LocalStack): Record<string, number> {
  const counts: Record<string, number> = {};
  const count = (service: string, client: { send: (command: object, ...rest: never[]) => Promise<unknown> }): void => {
    const send = client.send.bind(client);
    client.send = (command: object, ...rest: never[]) => {
      const key = `${service} ${command.constructor.name}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return send(command, ...rest);
    };
  };
  count('S3', stack.s3 as unknown as Parameters<typeof count>[1]);
  count('DynamoDB', stack.dynamodb as unknown as Parameters<typeof count>[1]);
  return counts;
}

/**
 * The pipeline's stages one after another: all documents are PUT with both queues paused, then the
 * ingest queue runs until empty, then the stream queue. Each stage's rate and CPU time per document
 * say which one the end-to-end figure is made of.
 */
export async function stageCosts(count: number, seed: number): Promise<StageCost[]> {
  const rand = prng(seed);
  const bodies = Array.from({ length: count }, () => Buffer.from(variedScrapedText(rand)));
  return withStack(async (stack, uploads) => {
    await stack.ingestQueue.stop();
    await stack.streamQueue.stop();
    const measure = async (stage: string, run: () => Promise<void>): Promise<StageCost> => {
      const threads = threadCpu(stack);
      const cpu = process.cpuUsage();
      const started = performance.now();
      await run();
      const used = process.cpuUsage(cpu);
      const threadsAfter = threadCpu(stack);
      return {
        stage,
        docsPerSec: Math.round(count / ((performance.now() - started) / 1000)),
        cpuMsPerDocument: round((used.user + used.system) / 1000 / count, 1),
        pipelineThreadCpuMsPerDocument: perDocument(threads.pipeline, threadsAfter.pipeline, count),
        storageThreadCpuMsPerDocument: perDocument(threads.storage, threadsAfter.storage, count),
      };
    };
    let next = 0;
    const stages = [
      await measure('upload: PUT through the S3 protocol (client and s3rver), event queued', async () => {
        await Promise.all(
          Array.from({ length: 16 }, async () => {
            while (next < count) {
              const i = next++;
              await put(uploads, `stages/${seed}/${i}.txt`, bodies[i] ?? Buffer.alloc(0));
            }
          }),
        );
        while (stack.ingestQueue.depth < count) await sleep(5);
      }),
      await measure('ingest handler (S3 GET, processing, S3 PUT, DynamoDB reads, lookups and write)', async () => {
        stack.ingestQueue.start();
        await stack.ingestQueue.idle();
      }),
      await measure('index handler (the text handed over in memory, SQLite)', async () => {
        stack.streamQueue.start();
        await stack.streamQueue.idle();
      }),
    ];
    const indexed = await stack.index.count();
    if (indexed !== count) throw new Error(`stage costs: ${indexed} of ${count} documents indexed`);
    return stages;
  });
}

/**
 * One document at a time on an otherwise idle stack: PUT, then wait until the index holds that
 * version. The queues are watched every millisecond (their depth is an in-memory number) to split the
 * time into: the PUT itself, S3 event to ingest queue, ingest (fetch, process, store, table write),
 * and change feed to index entry.
 */
export async function singleDocumentLatency(count: number, seed: number): Promise<SingleDocumentLatency> {
  const rand = prng(seed);
  return withStack(async (stack, uploads) => {
    const one = async (i: number) => {
      const key = `latency/${seed}/${i}.txt`;
      const id = stack.idOf(key);
      const body = Buffer.from(variedScrapedText(rand));
      const marks = { put: 0, queued: 0, ingested: 0, indexed: 0 };
      const started = performance.now();
      let etag: string | undefined;
      const putDone = put(uploads, key, body).then((e) => {
        marks.put = performance.now();
        etag = e;
      });
      for (;;) {
        const now = performance.now();
        if (!marks.queued && stack.ingestQueue.depth > 0) marks.queued = now;
        if (marks.queued && !marks.ingested && stack.ingestQueue.depth === 0) marks.ingested = now;
        if (etag !== undefined && (await stack.index.indexedVersion(id))?.etag === etag) {
          marks.indexed = performance.now();
          break;
        }
        if (now - started > 10_000) throw new Error(`single-document latency: ${key} not searchable after 10 s`);
        await sleep(1);
      }
      await putDone;
      const [status] = await stack.status([id]);
      if (!status || !isSettled(status, etag)) throw new Error(`single-document latency: ${key} is ${JSON.stringify(status)}`);
      return {
        total: marks.indexed - started,
        put: marks.put - started,
        toIngestQueue: (marks.queued || marks.put) - started,
        ingest: (marks.ingested || marks.indexed) - (marks.queued || marks.put),
        toIndexed: marks.indexed - (marks.ingested || marks.indexed),
      };
    };
    // Warm-up: the first documents pay for lazy module loading and the first connections.
    for (let i = 0; i < 5; i++) await one(-1 - i);
    const samples: Array<Awaited<ReturnType<typeof one>>> = [];
    for (let i = 0; i < count; i++) {
      samples.push(await one(i));
      // Idle between documents, so each meets a quiet stack.
      await sleep(20);
    }
    const median = (f: (s: (typeof samples)[number]) => number): number => percentiles(samples.map(f)).p50;
    return {
      documents: count,
      total: percentiles(samples.map((s) => s.total)),
      stages: { put: median((s) => s.put), toIngestQueue: median((s) => s.toIngestQueue), ingest: median((s) => s.ingest), toIndexed: median((s) => s.toIndexed) },
    };
  });
}
