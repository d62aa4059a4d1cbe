import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, ResourceNotFoundException, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Context, DynamoDBRecord, SQSRecord } from 'aws-lambda';
import { DEFAULT_PORTS } from './default-ports.ts';
import { closeServer, listenOrExplain } from './listen.ts';
import { startStorageServers } from './storage-servers.ts';
import { createIndexHandler } from '../functions/index/index-handler.ts';
import { createIngestHandler } from '../functions/ingest/ingest-handler.ts';
import { createReindexHandler, type ReindexEvent, type ReindexResult, type ReprocessResult } from '../functions/reindex/reindex-handler.ts';
import { createSearchHandler } from '../functions/search/search-handler.ts';
import { tableDefinition, TABLE_KEYS } from '../shared/adapters/dynamodb-items.ts';
import { DynamoMetadataStore } from '../shared/adapters/dynamodb-metadata-store.ts';
import { DynamoJobStateStore, DynamoReindexStateStore } from '../shared/adapters/dynamodb-reindex-state.ts';
import { S3ObjectStore } from '../shared/adapters/s3-object-store.ts';
import { SqliteSearchIndex } from '../shared/adapters/sqlite-search-index.ts';
import { NoPreviousIndexError } from '../shared/domain/errors.ts';
import { documentId } from '../shared/domain/ids.ts';
import type { DocumentRecord } from '../shared/domain/types.ts';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../shared/domain/process-document.ts';
import { notificationBody } from '../shared/events/s3-notification.ts';
import { TallyMetrics } from '../shared/metrics.ts';
import { INDEX_TIMEOUT_SECONDS, INGEST_BATCH_SIZE, INGEST_MAX_RECEIVE_COUNT, INGEST_VISIBILITY_TIMEOUT_SECONDS, STREAM_BATCH_SIZE, STREAM_RETRY_ATTEMPTS } from '../shared/pipeline-tuning.ts';
import { systemClock, type IndexGenerations, type JobStateStore, type ReprocessCheckpoint, type SearchIndex } from '../shared/ports.ts';
import { createIndexService } from '../shared/services/index-service.ts';
import { createIngestService, type DocumentProcessor, type IngestService } from '../shared/services/ingest-service.ts';
import { lazyOcrEngine } from '../shared/adapters/lazy-ocr.ts';
import { createReconcileService, type ReconcileReport } from '../shared/services/reconcile-service.ts';
import { createReindexService } from '../shared/services/reindex-service.ts';
import { createReprocessService, inProcessReprocessor } from '../shared/services/reprocess-service.ts';
import { createSearchService } from '../shared/services/search-service.ts';
import { ChangeFeedMetadataStore } from './change-feed.ts';
import { startHttpGateway } from './http-gateway.ts';
import { InProcessQueue, type QueueMessage } from './in-process-queue.ts';
import { PROCESSED_BUCKET, RAW_BUCKET, TABLE_NAME, localDynamoClient, localS3Client } from './local-clients.ts';
import { clearStackState, writeStackState } from './stack-state.ts';
import { LocalMetadataStore } from './local-metadata-store.ts';
import { TextHandoffStore } from './text-handoff-store.ts';
import { parallelProcessor } from './parallel-processor.ts';
import { defaultWorkerCount } from './worker-concurrency.ts';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

export interface LocalStackOptions {
  /** Folder for all data (bucket, table, index). */
  dataDir: string;
  /** 0 picks a free port. */
  ports?: { http?: number; s3?: number; dynamodb?: number };
  logLevel?: LogLevel;
  maxDocumentBytes?: number;
  /** Record endpoints in `<dataDir>/stack.json` so other commands use this stack (default true). */
  advertise?: boolean;
  /**
   * Wraps the search index the pipeline writes and searches through (fault-injection tests and the
   * soak make it fail on purpose); the default is the SQLite index itself.
   */
  decorateIndex?: (index: SqliteSearchIndex) => SearchIndex & IndexGenerations;
  /** Read scanned PDFs and images with OCR (default true); the engine loads on the first scan. */
  ocr?: boolean;
  /** Replaces processing (fault-injection tests make it throw); the default is `processDocument`. */
  processor?: DocumentProcessor;
  /**
   * Worker threads that process documents for the ingest (default: DOCPIPE_WORKERS, else one per
   * core); 1 processes on the pipeline's thread. Ignored when `processor` is given.
   */
  workers?: number;
  /** Start the processing workers with the stack (the first documents then pay no start-up) instead of on the first document. */
  warmWorkers?: boolean;
}

export type { ReconcileReport } from '../shared/services/reconcile-service.ts';

/** Where one document stands: in the table, and which version the index holds. */
import type { DocumentStatus } from './document-status.ts';

export { type DocumentStatus, isSettled } from './document-status.ts';

export { DEFAULT_PORTS } from './default-ports.ts';

const lambdaContext = (functionName: string): Context =>
  ({
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

/**
 * The whole pipeline on one machine: s3rver as the bucket, dynalite as the table, SQLite FTS5 as the
 * index, in-process queues for SQS and the DynamoDB stream, and an HTTP server for the search API.
 * The Lambda handlers run unchanged; only endpoints and adapters differ.
 */
export class LocalStack {
  private eventLog: string[] | undefined;
  readonly dataDir: string;
  readonly endpoints: { http: string; s3: string; dynamodb: string };
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly objects: TextHandoffStore;
  readonly metadata: DynamoMetadataStore;
  readonly index: SearchIndex & IndexGenerations;
  readonly ingestQueue: InProcessQueue<string>;
  readonly streamQueue: InProcessQueue<DynamoDBRecord>;
  readonly metrics: TallyMetrics;
  /** The ingest service the queue consumer runs; its writes go through the change feed to the index. */
  readonly ingest: IngestService;
  /** The operating-system id of the thread serving S3 and DynamoDB (Linux; null elsewhere). */
  readonly storageThreadId: number | null;
  /** The next S3 sequencer (see `nextSequencer`). */
  readonly nextSequencer: () => string;
  private readonly reindexHandler: LocalStackParts['reindexHandler'];
  private readonly reprocessState: JobStateStore<ReprocessCheckpoint>;
  private readonly closeAll: () => Promise<void>;
  private readonly advertised: boolean;

  private constructor(parts: LocalStackParts) {
    this.dataDir = parts.dataDir;
    this.endpoints = parts.endpoints;
    this.s3 = parts.s3;
    this.dynamodb = parts.dynamodb;
    this.objects = parts.objects;
    this.metadata = parts.metadata;
    this.index = parts.index;
    this.ingestQueue = parts.ingestQueue;
    this.streamQueue = parts.streamQueue;
    this.metrics = parts.metrics;
    this.ingest = parts.ingest;
    this.storageThreadId = parts.storageThreadId;
    this.nextSequencer = parts.nextSequencer;
    this.reindexHandler = parts.reindexHandler;
    this.reprocessState = parts.reprocessState;
    this.closeAll = parts.closeAll;
    this.advertised = parts.advertise;
  }

  static async start(options: LocalStackOptions): Promise<LocalStack> {
    const dataDir = resolve(options.dataDir);
    for (const sub of ['s3', 'dynamodb']) mkdirSync(join(dataDir, sub), { recursive: true });
    const ports = { ...DEFAULT_PORTS, ...options.ports };
    const logLevel = options.logLevel ?? 'WARN';
    const logger = (serviceName: string): Logger => new Logger({ serviceName, logLevel });

    // A start that fails part-way closes what it had opened, so the caller's process can end.
    const opened: Array<() => unknown> = [];
    // Built in order, each part from the ones before it. Only three callbacks reach the stack itself,
    // once it exists: S3 events, a re-index's self-continuation and the /_local routes.
    let stack: LocalStack | undefined;
    try {
      const storage = await startStorageServers({ dataDir, ports: { s3: ports.s3, dynamodb: ports.dynamodb }, buckets: [RAW_BUCKET, PROCESSED_BUCKET] }, (event) =>
        stack?.onS3Event(event as { Records: SQSNotificationRecord[] }),
      );
      opened.push(() => storage.close());
      const endpoints = { ...storage.endpoints, http: '' };

      const s3 = localS3Client(endpoints.s3);
      const dynamodb = localDynamoClient(endpoints.dynamodb);
      opened.push(() => s3.destroy(), () => dynamodb.destroy());
      const stackLogger = logger('local-stack');
      await ensureTable(dynamodb, (message) => stackLogger.warn(message));
      const reindexState = new DynamoReindexStateStore(dynamodb, TABLE_NAME);
      await reindexState.breakLock();
      const reprocessState = new DynamoJobStateStore<ReprocessCheckpoint>(dynamodb, TABLE_NAME, 'reprocess');
      await reprocessState.breakLock();
      // Processed texts go from the ingest to the index through memory (see text-handoff-store.ts).
      const objects = new TextHandoffStore(new S3ObjectStore(s3), PROCESSED_BUCKET);
      const metadata = new LocalMetadataStore(dynamodb, TABLE_NAME);
      const sqlite = new SqliteSearchIndex(join(dataDir, 'search.sqlite'));
      opened.push(() => sqlite.close());
      const index = options.decorateIndex ? options.decorateIndex(sqlite) : sqlite;
      const metrics = new TallyMetrics();
      const nextSequencer = s3Sequencer();

      const indexHandler = createIndexHandler({
        service: createIndexService({ objects, metadata, index, processedBucket: PROCESSED_BUCKET }),
        logger: logger('index'),
        metrics,
      });
      const streamQueue = new InProcessQueue<DynamoDBRecord>({
        name: 'stream',
        batchSize: STREAM_BATCH_SIZE,
        visibilityTimeoutMs: INDEX_TIMEOUT_SECONDS * 1000,
        // Lambda counts retries after the first try; the queue counts receives.
        maxReceiveCount: 1 + STREAM_RETRY_ATTEMPTS,
        ordered: true,
        // The index keeps pace with the ingest, so without a window nearly every batch would hold one
        // record and pay a SQLite transaction (FTS5 flushes a segment per commit) of its own.
        batchingWindowMs: STREAM_BATCHING_WINDOW_MS,
        consume: async (batch) => {
          const response = await indexHandler({ Records: batch.map((m) => m.body) }, lambdaContext('docpipe-index'));
          return failedFromFirst(batch, response.batchItemFailures.map((f) => f.itemIdentifier), (m) => m.body.dynamodb?.SequenceNumber);
        },
      });
      const feed = new ChangeFeedMetadataStore(metadata, `arn:aws:dynamodb:local:000000000000:table/${TABLE_NAME}`, (r) => streamQueue.send([r]));

      const workers = options.processor ? 1 : (options.workers ?? defaultWorkerCount());
      // On worker threads, each loads its own OCR engine on its first scan; else this thread's does.
      const parallel = workers > 1 ? parallelProcessor({ concurrency: workers, ocr: options.ocr !== false }) : undefined;
      if (parallel) opened.push(() => parallel.close());
      if (parallel && options.warmWorkers) await parallel.warm();
      const ocr = options.ocr === false || parallel ? undefined : lazyOcrEngine();
      if (ocr) opened.push(() => ocr.close());
      // Tried and dropped: documents up to 16 KB processed on this thread, larger ones on the workers
      // (no message round trip, no clone of the result). bench/local-ingest-once.ts, 3,000 documents, 4
      // interleaved pairs: CPU per document 13.83 → 13.95 ms, the work moving from the workers (other
      // threads 6.50 → 5.65) to this thread (3.98 → 4.83), and this thread is the busier one.
      const processor: DocumentProcessor | undefined = options.processor ?? (parallel ? (bytes, processOptions) => parallel.process(bytes, processOptions) : undefined);
      const ingestService = createIngestService({
        objects,
        metadata: feed,
        processedBucket: PROCESSED_BUCKET,
        maxDocumentBytes: options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES,
        clock: systemClock,
        ...(ocr ? { ocr } : {}),
        ...(processor ? { processor } : {}),
      });
      const ingestHandler = createIngestHandler({
        service: ingestService,
        logger: logger('ingest'),
        metrics,
      });
      const ingestQueue = new InProcessQueue<string>({
        name: 'ingest',
        batchSize: INGEST_BATCH_SIZE,
        visibilityTimeoutMs: INGEST_VISIBILITY_TIMEOUT_SECONDS * 1000,
        maxReceiveCount: INGEST_MAX_RECEIVE_COUNT,
        concurrency: 4,
        consume: async (batch) => {
          const response = await ingestHandler({ Records: batch.map(toSqsRecord) }, lambdaContext('docpipe-ingest'));
          return response.batchItemFailures.map((f) => f.itemIdentifier);
        },
      });

      const reindexService = createReindexService({ objects, metadata, index, state: reindexState, processedBucket: PROCESSED_BUCKET });
      const reconcileService = createReconcileService({
        objects,
        rawBucket: RAW_BUCKET,
        metadata,
        index,
        ingestQueue: { send: async (bodies) => ingestQueue.send(bodies) },
        // Through the change feed, so the re-index is ordered with the stream like any other change.
        refreshIndex: async (records) => records.forEach((r) => feed.replay(r)),
        sequencer: nextSequencer,
      });
      const reindex = createReindexHandler({
        service: reindexService,
        reconcile: reconcileService,
        // Locally, in this process, through the change feed: the index follows as it does for uploads.
        reprocess: createReprocessService({ metadata, state: reprocessState, reprocessor: inProcessReprocessor(ingestService) }),
        // Locally there is no time limit, so a run never pauses; should one, it resumes at once.
        continuation: {
          resume: async (action) =>
            void (action === 'reprocess' ? stack?.reprocess() : stack?.reindex())?.catch((error: unknown) => stackLogger.error(`${action} continuation failed`, { error })),
        },
        logger: logger('reindex'),
        metrics,
      });
      const searchHandler = createSearchHandler({
        service: createSearchService({ index, documents: { metadata, objects, processedBucket: PROCESSED_BUCKET } }),
        logger: logger('search'),
      });

      const http = await listenOrExplain('HTTP', ports.http, () =>
        startHttpGateway(ports.http, searchHandler, async (url, req) => (stack ? stack.localRoute(url, req.method ?? 'GET') : undefined)),
      );
      endpoints.http = `http://127.0.0.1:${http.port}`;
      opened.push(() => closeServer(http.server));

      stack = new LocalStack({
        dataDir,
        endpoints,
        s3,
        dynamodb,
        objects,
        metadata,
        index,
        ingestQueue,
        streamQueue,
        metrics,
        ingest: ingestService,
        storageThreadId: storage.osThreadId,
        nextSequencer,
        reindexHandler: (event) => reindex({ id: `local-${Date.now()}`, time: new Date().toISOString(), ...event }, { getRemainingTimeInMillis: () => Number.MAX_SAFE_INTEGER }),
        reprocessState,
        closeAll: () => closeInReverse(opened),
        advertise: options.advertise ?? true,
      });
      ingestQueue.start();
      streamQueue.start();
      if (stack.advertised) writeStackState(dataDir, { pid: process.pid, startedAt: new Date().toISOString(), endpoints });
      return stack;
    } catch (error) {
      await closeInReverse(opened).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Brings table and index back in line with the bucket after the stack was down (or a multi-object
   * delete, for which s3rver emits no event): missing or stale rows are queued as S3 events again,
   * rows without an object are queued as removals, rows the index lacks are re-emitted on the feed.
   */
  async reconcile(): Promise<ReconcileReport> {
    const { outcome: _outcome, ...report } = (await this.reindexHandler({ action: 'reconcile' })) as ReconcileReport & { outcome: 'reconciled' };
    return report;
  }

  async status(ids: string[]): Promise<DocumentStatus[]> {
    return Promise.all(
      ids.map(async (id) => {
        const record = await this.metadata.get(id);
        const indexed = await this.index.indexedVersion(id);
        return { id, status: record?.status ?? 'PENDING', etag: record?.etag ?? null, indexedEtag: indexed?.etag ?? null, error: record?.error ?? null };
      }),
    );
  }

  /** Re-index (blue/green, then reconcile); with `rollback`, switch back to the previous generation. */
  async reindex(options: { rollback?: boolean } = {}): Promise<ReindexResult> {
    const result = await this.reindexHandler({ action: options.rollback ? 'rollback' : 'reindex' });
    if ('job' in result) throw new Error('The re-index action answered with a reprocess report.');
    return result;
  }

  /** Reprocesses every row an older pipeline version made (resuming a checkpoint left by an interrupted run). */
  async reprocess(): Promise<ReprocessResult> {
    const result = await this.reindexHandler({ action: 'reprocess' });
    if (!('job' in result)) throw new Error('The reprocess action answered with a re-index report.');
    // Returns once the index holds the new output too. It must: the index keys versions by ETag, which
    // a reprocess keeps, so a reconcile would not notice an index entry the stream never updated.
    await this.streamQueue.idle();
    return result;
  }

  /** Where a reprocess stands (its checkpoint, if one runs or was interrupted); with `countRows`, the document rows to scan. */
  async reprocessProgress(options: { countRows?: boolean } = {}): Promise<{ checkpoint: ReprocessCheckpoint | null; rows?: number }> {
    const { checkpoint } = await this.reprocessState.read();
    return { checkpoint: checkpoint ?? null, ...(options.countRows ? { rows: await this.countDocumentRows() } : {}) };
  }

  /** Sends every dead letter back to its queue, as SQS's redrive does; returns how many per queue. */
  redrive(): { ingest: number; stream: number } {
    return { ingest: this.ingestQueue.redrive(), stream: this.streamQueue.redrive() };
  }

  /** Id of a key in the raw bucket. */
  idOf(key: string): string {
    return documentId(RAW_BUCKET, key);
  }

  async stop(): Promise<void> {
    await this.ingestQueue.stop();
    await this.streamQueue.stop();
    if (this.advertised) clearStackState(this.dataDir, process.pid);
    await this.closeAll();
  }

  private async localRoute(url: URL, method: string): Promise<{ status: number; body: unknown } | undefined> {
    if (!url.pathname.startsWith('/_local/')) return undefined;
    if (method === 'GET' && url.pathname === '/_local/status') return { status: 200, body: await this.status(url.searchParams.getAll('id')) };
    if (method === 'POST' && url.pathname === '/_local/reindex') {
      try {
        return { status: 200, body: await this.reindex({ rollback: url.searchParams.get('rollback') === 'true' }) };
      } catch (error) {
        if (error instanceof NoPreviousIndexError) return { status: 409, body: { error: { code: 'NO_PREVIOUS_INDEX', message: error.message } } };
        throw error;
      }
    }
    if (method === 'POST' && url.pathname === '/_local/reprocess') return { status: 200, body: await this.reprocess() };
    if (method === 'GET' && url.pathname === '/_local/reprocess') return { status: 200, body: await this.reprocessProgress({ countRows: url.searchParams.get('count') === 'rows' }) };
    if (method === 'POST' && url.pathname === '/_local/reconcile') return { status: 200, body: await this.reconcile() };
    if (method === 'POST' && url.pathname === '/_local/redrive') return { status: 200, body: this.redrive() };
    if (method === 'GET' && url.pathname === '/_local/stats') {
      return {
        status: 200,
        body: {
          ingestQueue: { depth: this.ingestQueue.depth, deadLetters: this.ingestQueue.deadLetters.length },
          streamQueue: { depth: this.streamQueue.depth, deadLetters: this.streamQueue.deadLetters.length },
          metrics: this.metrics.counts,
        },
      };
    }
    return { status: 404, body: { error: { code: 'NOT_FOUND', message: `No local route ${method} ${url.pathname}.` } } };
  }

  /** Document rows in the table (tombstones included): the scan a reprocess makes. */
  private async countDocumentRows(): Promise<number> {
    let rows = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.dynamodb.send(new ScanCommand({
        TableName: TABLE_NAME,
        Select: 'COUNT',
        FilterExpression: 'begins_with(#pk, :doc)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
        ExpressionAttributeValues: { ':doc': { S: 'DOC#' } },
        ExclusiveStartKey: start,
      }));
      rows += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return rows;
  }

  private onS3Event(event: { Records: SQSNotificationRecord[] }): void {
    for (const record of event.Records) {
      if (record.s3.bucket.name !== RAW_BUCKET) continue;
      this.enqueueS3(record.eventName, record.s3.object.key, record.s3.object);
    }
  }

  /**
   * s3rver emits raw keys and millisecond sequencers; real S3 URL-encodes keys in notifications and
   * orders events by a per-key sequencer. `notificationBody` encodes, so ingest decodes exactly once.
   */
  private enqueueS3(eventName: string, rawKey: string, object: { size?: number; eTag?: string } = {}): void {
    const body = notificationBody(RAW_BUCKET, eventName, rawKey, { ...object, sequencer: this.nextSequencer() });
    this.eventLog?.push(body);
    this.ingestQueue.send([body]);
  }

  /**
   * Every S3 notification body sent to the ingest queue from now on, in order: fault-injection tests
   * deliver them again (twice, shuffled) to check that at-least-once, out-of-order delivery changes
   * nothing.
   */
  recordEvents(): string[] {
    this.eventLog = [];
    return this.eventLog;
  }

  /** Sends notification bodies to the ingest queue as S3 would (again, late, or out of order). */
  deliver(bodies: string[]): void {
    this.ingestQueue.send(bodies);
  }
}

/** What `LocalStack.start` builds, in order, and hands to the stack in one piece. */
interface LocalStackParts {
  dataDir: string;
  endpoints: { http: string; s3: string; dynamodb: string };
  s3: S3Client;
  dynamodb: DynamoDBClient;
  objects: TextHandoffStore;
  metadata: DynamoMetadataStore;
  index: SearchIndex & IndexGenerations;
  ingestQueue: InProcessQueue<string>;
  streamQueue: InProcessQueue<DynamoDBRecord>;
  metrics: TallyMetrics;
  ingest: IngestService;
  storageThreadId: number | null;
  nextSequencer: () => string;
  reindexHandler: (event: ReindexEvent) => Promise<ReindexResult | ReprocessResult>;
  reprocessState: JobStateStore<ReprocessCheckpoint>;
  /** Closes servers, clients and the index file, last opened first. */
  closeAll: () => Promise<void>;
  /** The endpoints are recorded in `<dataDir>/stack.json` (and cleared at stop). */
  advertise: boolean;
}

/**
 * How long a stream batch smaller than a full one waits for more records, as Lambda's batching window:
 * a document becomes searchable up to this much later, and a stream under load is indexed in batches.
 */
export const STREAM_BATCHING_WINDOW_MS = 20;

/** s3rver's events carry no usable sequencer: one that grows with time, as S3's does per key. */
function s3Sequencer(): () => string {
  let counter = 0;
  return () => `${Date.now().toString(16).toUpperCase().padStart(12, '0')}${(++counter).toString(16).toUpperCase().padStart(8, '0')}`;
}

interface SQSNotificationRecord {
  eventName: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
}

/** Runs the closers, last first; every one is tried, and the first failure is thrown after. */
async function closeInReverse(opened: Array<() => unknown>): Promise<void> {
  let failure: unknown;
  for (const close of [...opened].reverse()) {
    try {
      await close();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

function toSqsRecord(message: QueueMessage<string>): SQSRecord {
  return {
    messageId: message.id,
    receiptHandle: message.id,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(message.sentAt),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:docpipe-ingest',
    awsRegion: 'local',
  };
}

/** A stream shard retries from its first failure: everything after it in the batch is failed too. */
function failedFromFirst<T>(batch: Array<QueueMessage<T>>, failedIdentifiers: string[], identifierOf: (m: QueueMessage<T>) => string | undefined): string[] {
  const failed = new Set(failedIdentifiers);
  const first = batch.findIndex((m) => failed.has(identifierOf(m) ?? ''));
  return first === -1 ? [] : batch.slice(first).map((m) => m.id);
}

/**
 * Creates the metadata table in dynalite with the layout the code expects. A table from an older
 * layout (missing an index) is dropped and created again: the table is derived data, and the
 * reconcile that runs at start-up re-ingests every object of the bucket into it.
 */
async function ensureTable(client: DynamoDBClient, log: (message: string) => void): Promise<void> {
  const wanted = tableDefinition(TABLE_NAME);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    const have = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    if ((wanted.GlobalSecondaryIndexes ?? []).every((i) => have.has(i.IndexName))) return;
    log(`metadata table ${TABLE_NAME} has an older layout: recreating it; the start-up reconcile re-ingests the bucket`);
    await client.send(new DeleteTableCommand({ TableName: TABLE_NAME }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException) && (error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  await client.send(new CreateTableCommand(wanted));
  // dynalite answers CreateTable while the table is still CREATING; writes before ACTIVE fail.
  for (let tries = 0; tries < 100; tries++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`The local table ${TABLE_NAME} did not become ACTIVE; delete the dynamodb/ folder under the data folder and start again.`);
}

