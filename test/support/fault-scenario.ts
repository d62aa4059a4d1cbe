import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prng, scrapedText } from '../../bench/corpus.ts';
import { RAW_BUCKET } from '../../local/local-clients.ts';
import { isSettled, LocalStack } from '../../local/local-stack.ts';
import type { IndexGenerations, SearchIndex } from '../../shared/ports.ts';
import { hostileCorpus, HOSTILE_MAX_DOCUMENT_BYTES } from './hostile-corpus.ts';

/** Thrown by the search engine while an outage is injected (as OpenSearch answers 503). */
export class SearchEngineUnavailableError extends Error {
  constructor() {
    super('search engine unavailable (injected outage, HTTP 503)');
    this.name = 'SearchEngineUnavailableError';
  }
}

/** A search index that can be switched off: every call fails while it is down, as a dead domain would. */
export function flakyIndex(inner: SearchIndex & IndexGenerations): { index: SearchIndex & IndexGenerations; setDown(down: boolean): void; refused(): number } {
  let down = false;
  let refused = 0;
  const index = new Proxy(inner, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (down) {
          refused++;
          return Promise.reject(new SearchEngineUnavailableError());
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { index, setDown: (d) => void (down = d), refused: () => refused };
}

export interface ScenarioOptions {
  documents: number;
  /** Injected search-engine outages while the documents arrive, each this long. */
  outages: number;
  outageMs: number;
  /** Also: every S3 event delivered again twice, shuffled; hostile inputs in the stream; a re-index during the run. */
  redeliver?: boolean;
  hostile?: boolean;
  reindexDuringRun?: boolean;
  seed?: number;
  log?: (line: string) => void;
}

export interface ScenarioReport {
  documents: number;
  puts: number;
  overwrites: number;
  deletes: number;
  hostileInputs: number;
  faults: { outages: number; refusedIndexCalls: number; redeliveredEvents: number; reindexDuringRun: boolean };
  bucketObjects: number;
  processed: number;
  failed: number;
  /** Objects whose current version has no settled row, or processed rows the index lacks or holds stale. */
  lost: number;
  /** Index entries beyond one per processed object (duplicate ids, or entries for deleted/failed/unknown rows). */
  duplicated: number;
  deadLetters: number;
  seconds: number;
}

/**
 * The fault-injection run behind the search-outage test and `npm run soak`: documents (plus overwrites
 * and deletes) arrive through the S3 protocol while the search engine goes down and comes back, and
 * optionally every event is delivered twice more out of order, hostile inputs are mixed in and a
 * re-index runs meanwhile. At the end the table and the index are compared with the bucket.
 */
export async function runFaultScenario(options: ScenarioOptions): Promise<ScenarioReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const rand = prng(options.seed ?? 7);
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-faults-'));
  let flaky: ReturnType<typeof flakyIndex> | undefined;
  const stack = await LocalStack.start({
    dataDir,
    ports: { http: 0, s3: 0, dynamodb: 0 },
    logLevel: 'SILENT',
    advertise: false,
    maxDocumentBytes: HOSTILE_MAX_DOCUMENT_BYTES,
    decorateIndex: (index) => (flaky = flakyIndex(index)).index,
  });
  const engine = flaky;
  if (!engine) throw new Error('the index decorator was not applied');
  try {
    const events = stack.recordEvents();
    const put = (key: string, body: string | Uint8Array, contentType = 'text/plain; charset=utf-8') =>
      stack.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: body, ContentType: contentType }));
    const keys = Array.from({ length: options.documents }, (_, i) => `soak/${String(i).padStart(5, '0')}-${Math.floor(rand() * 1e9).toString(36)}.txt`);
    const hostile = options.hostile ? hostileCorpus() : [];

    // Outages spread over the upload: down for outageMs at evenly spaced points of the key list.
    const outageAt = new Set(Array.from({ length: options.outages }, (_, i) => Math.floor(((i + 1) * keys.length) / (options.outages + 1))));
    const outages: Array<Promise<void>> = [];
    let reindex: Promise<unknown> | undefined;
    const BATCH = 16;
    for (let at = 0; at < keys.length; at += BATCH) {
      for (let i = at; i < at + BATCH; i++) {
        if (!outageAt.has(i)) continue;
        log(`outage: search engine down for ${options.outageMs} ms after ${i} documents`);
        engine.setDown(true);
        outages.push(new Promise((resolve) => setTimeout(() => {
          engine.setDown(false);
          resolve();
        }, options.outageMs)));
      }
      if (options.reindexDuringRun && !reindex && at >= keys.length / 2) {
        log('re-index started while documents keep arriving');
        reindex = stack.reindex().catch((error: unknown) => error);
      }
      await Promise.all(keys.slice(at, at + BATCH).map((key) => put(key, scrapedText(rand, 1200 + Math.floor(rand() * 2400)))));
    }
    for (const input of hostile) await put(input.key, input.body, input.contentType).catch(() => undefined);

    // Overwrites and deletes of some keys while the rest is still in flight.
    const overwritten = keys.filter(() => rand() < 0.05);
    const deleted = keys.filter((k) => !overwritten.includes(k) && rand() < 0.05);
    await Promise.all(overwritten.map((key) => put(key, scrapedText(rand, 2000))));
    await Promise.all(deleted.map((key) => stack.s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: key }))));
    await Promise.all(outages);
    if ((await reindex) instanceof Error) {
      // It met an outage: a failed run keeps its checkpoint, and the next one resumes from it.
      log('the re-index met an outage; running it again (it resumes from its checkpoint)');
      await stack.reindex();
    }

    let redelivered = 0;
    if (options.redeliver) {
      await settle(stack);
      const again = [...events, ...events].map((e) => [rand(), e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
      redelivered = again.length;
      log(`redelivering ${redelivered} S3 events (each twice, shuffled)`);
      stack.deliver(again);
    }
    await settle(stack);

    // The verdict: table and index against the bucket.
    const bucket = new Map<string, string>();
    for await (const o of stack.objects.list(RAW_BUCKET)) bucket.set(o.key, (o.etag ?? '').replace(/"/g, ''));
    let lost = 0;
    let processed = 0;
    let failed = 0;
    const processedIds = new Set<string>();
    for (const [key, etag] of bucket) {
      const id = stack.idOf(key);
      const row = await stack.metadata.get(id);
      if (!row || row.etag !== etag || !isSettled({ id, status: row.status, etag: row.etag, indexedEtag: (await stack.index.indexedVersion(id))?.etag ?? null, error: row.error }, etag)) {
        lost++;
        log(`lost: ${key} (${row?.status ?? 'no row'})`);
        continue;
      }
      if (row.status === 'PROCESSED') {
        processed++;
        processedIds.add(id);
      } else failed++;
    }
    const indexIds: string[] = [];
    for await (const page of stack.index.ids()) indexIds.push(...page);
    const duplicated = indexIds.length - new Set(indexIds).size + [...new Set(indexIds)].filter((id) => !processedIds.has(id)).length;
    return {
      documents: keys.length,
      puts: keys.length + overwritten.length + hostile.length,
      overwrites: overwritten.length,
      deletes: deleted.length,
      hostileInputs: hostile.length,
      faults: { outages: outages.length, refusedIndexCalls: engine.refused(), redeliveredEvents: redelivered, reindexDuringRun: Boolean(reindex) },
      bucketObjects: bucket.size,
      processed,
      failed,
      lost,
      duplicated,
      deadLetters: stack.ingestQueue.deadLetters.length + stack.streamQueue.deadLetters.length,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Until both queues stay empty. */
async function settle(stack: LocalStack): Promise<void> {
  for (let quiet = 0; quiet < 3;) {
    await stack.ingestQueue.idle();
    await stack.streamQueue.idle();
    quiet = stack.ingestQueue.depth === 0 && stack.streamQueue.depth === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 50));
  }
}
