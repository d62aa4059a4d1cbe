import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { prng } from '../../bench/corpus.ts';
import { localDynamoClient, RAW_BUCKET, TABLE_NAME } from '../../local/local-clients.ts';
import { isSettled, type DocumentStatus } from '../../local/local-stack.ts';
import { StackClient } from '../../local/stack-client.ts';
import { DynamoMetadataStore } from '../../shared/adapters/dynamodb-metadata-store.ts';
import { S3ObjectStore } from '../../shared/adapters/s3-object-store.ts';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import type { DocumentRecord } from '../../shared/domain/types.ts';
import type { StackProcessReady } from '../support/stack-process.ts';

/**
 * `docpipe start` keeps its queues in memory: a process killed outright (SIGKILL, the OOM killer, a
 * closed terminal) loses every queued S3 event and every batch in flight. What S3 acknowledged is on
 * disk, though, and the start-up reconcile must rebuild the table and the index from it. Here a stack
 * in a child process is killed while ingesting and indexing ~400 uploads (with deletes and
 * overwrites), then started again on the same folder; later it is killed once more in the middle of a
 * re-index, while it writes a new SQLite generation.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const STACK_PROCESS = join(ROOT, 'test/support/stack-process.ts');
const DOCUMENTS = 400;

interface Running {
  child: ChildProcess;
  ready: StackProcessReady;
  client: StackClient;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

interface Stats {
  ingestQueue: { depth: number; deadLetters: number };
  streamQueue: { depth: number; deadLetters: number };
  metrics: Record<string, number>;
}

/** Free loopback ports, all held at once while picking so that none is handed out twice. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<Server>((ok, fail) => {
      const server = createServer();
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => ok(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
  return ports;
}

/** Starts a stack in its own process on fixed ports and waits for its `{"ready":true}` line. */
async function startStackProcess(dataDir: string, options: { indexWriteDelayMs?: number; processingIntervalMs?: number } = {}): Promise<Running> {
  const ports = await freePorts(3);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DOCPIPE_TEST_INDEX_WRITE_DELAY_MS: String(options.indexWriteDelayMs ?? 0),
    DOCPIPE_TEST_PROCESSING_INTERVAL_MS: String(options.processingIntervalMs ?? 0),
  };
  delete env.NODE_TEST_CONTEXT; // the child is a server, not a test file
  const child = spawn(process.execPath, ['--import', 'tsx', STACK_PROCESS, dataDir, ...ports.map(String)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  const ready = await new Promise<StackProcessReady>((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`stack process not ready after 60 s:\n${stderr}`));
    }, 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{"ready":true')) return;
      clearTimeout(timer);
      ok(JSON.parse(line) as StackProcessReady);
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`stack process exited before ready (code ${code}, signal ${signal}):\n${stderr}`));
    });
  });
  assert.deepEqual(ready.endpoints, { http: `http://127.0.0.1:${ports[0]}`, s3: `http://127.0.0.1:${ports[1]}`, dynamodb: `http://127.0.0.1:${ports[2]}` });
  return { child, ready, client: new StackClient(ready.endpoints), exited, stderr: () => stderr };
}

async function stats(client: StackClient): Promise<Stats> {
  return (await (await fetch(`${client.endpoints.http}/_local/stats`)).json()) as Stats;
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/** Pids holding a POSIX lock on `file` (Linux `/proc/locks`; LevelDB locks its LOCK file with fcntl). */
function lockHolders(file: string): number[] {
  const inode = statSync(file).ino;
  return readFileSync('/proc/locks', 'utf8').split('\n').flatMap((line) => {
    const m = /^\d+:\s+(?:->\s+)?\S+\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    return m && Number(m[2]) === inode ? [Number(m[1])] : [];
  });
}

/** Resolves as soon as the write-ahead log of the SQLite file `file` changes (a transaction was written). */
async function walChanged(file: string, timeoutMs: number): Promise<void> {
  const state = () => {
    const st = statSync(`${file}-wal`, { throwIfNoEntry: false });
    return st ? `${st.size}/${st.mtimeMs}` : 'none';
  };
  const initial = state();
  const deadline = Date.now() + timeoutMs;
  while (state() === initial) {
    if (Date.now() > deadline) throw new Error(`nothing was written to ${file} for ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Opens a copy of the index file as a crash left it (the copy, so that the restart recovers the
 * write-ahead log itself): integrity, generations on disk, documents in the active one.
 */
async function inspectIndexCopy(file: string, dir: string): Promise<{ integrity: unknown; generations: string[]; count: number }> {
  const copy = join(mkdtempSync(join(dir, 'index-')), 'search.sqlite');
  copyFileSync(file, copy);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  const db = new Database(copy);
  let integrity: unknown;
  let generations: string[];
  try {
    integrity = db.pragma('integrity_check', { simple: true });
    generations = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'docs_g[0-9]*'").pluck().all() as string[];
  } finally {
    db.close();
  }
  const index = new SqliteSearchIndex(copy);
  try {
    return { integrity, generations, count: await index.count() };
  } finally {
    index.close();
  }
}

// A small bilingual corpus: every document names its own number once, so a phrase finds exactly it.
const VI = [
  'Hội nghị tổng kết công tác năm được tổ chức tại hội trường tỉnh với sự tham dự của đông đảo cán bộ.',
  'Ủy ban nhân dân huyện chỉ đạo các xã đẩy nhanh tiến độ gieo cấy lúa xuân trước khi hết khung thời vụ.',
  'Công trình thủy lợi mới giúp bà con nông dân chủ động nguồn nước tưới cho hàng trăm héc-ta ruộng.',
  'Sở Giáo dục và Đào tạo yêu cầu các trường rà soát cơ sở vật chất trước thềm năm học mới.',
  'Đường giao thông nông thôn tại các xã miền núi đã được bê tông hóa, thuận tiện cho việc đi lại.',
  'Lễ hội hoa phượng đỏ thu hút đông đảo du khách đến tham quan quảng trường thành phố vào cuối tuần.',
  'Bệnh viện đa khoa tỉnh tiếp nhận thêm trang thiết bị y tế hiện đại phục vụ khám chữa bệnh.',
  'Ngành điện lực khuyến cáo người dân sử dụng điện an toàn, tiết kiệm trong mùa nắng nóng.',
];
const EN = [
  'Volunteers collected plastic waste along the river banks during the weekend clean-up campaign.',
  'The city council approved a new budget for public transport and cycling lanes in the old quarter.',
  'Farmers in the northern province reported a better rice harvest after a mild and rainy spring.',
  'The provincial hospital received modern diagnostic equipment donated by an international foundation.',
  'Local schools are preparing classrooms and libraries ahead of the new academic year in September.',
  'Engineers inspected the old bridge and recommended repairs before the start of the flood season.',
  'A festival of traditional music drew large crowds to the central square on Saturday evening.',
  'The water company announced maintenance works that may interrupt supply in two districts overnight.',
];

interface Doc {
  key: string;
  phrase: string;
  body: (version: number) => string;
}

function corpus(): Doc[] {
  const rand = prng(4242);
  // Two sentences: under 50 words, so the near-duplicate lookup (slow on dynalite for a corpus this
  // repetitive) is skipped, as it is for any short text.
  const pick = (pool: string[]) => Array.from({ length: 2 }, () => pool[Math.floor(rand() * pool.length)] ?? '');
  return Array.from({ length: DOCUMENTS }, (_, n) => {
    const english = n % 3 === 0;
    const phrase = english ? `bulletin number ${n}` : `bản tin số ${n}`;
    const key = n % 25 === 7 ? `tin tức/bản tin ${n}.txt` : english ? `news/bulletin-${n}.txt` : `tin-tuc/ban-tin-${n}.${n % 2 ? 'md' : 'txt'}`;
    const sentences = pick(english ? EN : VI);
    return {
      key,
      phrase,
      body: (version) => {
        const title = english ? `Bulletin number ${n}${version > 1 ? ', revised' : ''}` : `Bản tin số ${n}${version > 1 ? ', bản sửa' : ''}`;
        const text = version > 1 ? [...sentences].reverse() : sentences;
        return `${title}\n\n${text.join(' ')}\n\n${english ? `Edition ${version}.` : `Lần đăng ${version}.`}`;
      },
    };
  });
}

describe('the ingest process killed with SIGKILL in the middle of a batch, then restarted: nothing is lost', { timeout: 150_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-crash-'));
  const scratch = mkdtempSync(join(tmpdir(), 'docpipe-crash-copy-'));
  const docs = corpus();
  /** What S3 acknowledged: the current ETag of each key, null once deleted. */
  const acknowledged = new Map<string, string | null>();
  const deleted = docs.filter((_, n) => n % 17 === 3 && n < 200);
  const recreated = docs.filter((_, n) => n % 17 === 5 && n < 200);
  const overwritten = docs.filter((_, n) => n % 16 === 9 && n >= 200);
  const children: Running[] = [];
  let first: Running;
  let atKill: Stats;
  let lockedBeforeKill: number[] = [];
  const timings: Record<string, number> = {};
  const since = (t0: number) => Date.now() - t0;
  let restarted: Running;
  let last: Running;

  const put = async (client: StackClient, doc: Doc, version: number): Promise<void> => {
    const out = await client.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: doc.key, Body: doc.body(version), ContentType: 'text/plain; charset=utf-8' }));
    acknowledged.set(doc.key, out.ETag?.replace(/"/g, '') ?? '');
  };
  const remove = async (client: StackClient, doc: Doc): Promise<void> => {
    await client.s3.send(new DeleteObjectCommand({ Bucket: RAW_BUCKET, Key: doc.key }));
    acknowledged.set(doc.key, null);
  };
  const live = () => [...acknowledged].filter((e): e is [string, string] => e[1] !== null);
  const searchSample = async (client: StackClient): Promise<void> => {
    const sample = [...docs.filter((_, n) => n % 37 === 1), ...overwritten.slice(0, 3), ...recreated.slice(0, 3), ...docs.filter((_, n) => n % 25 === 7).slice(0, 2)];
    for (const doc of sample) {
      const { hits } = await client.search({ q: `"${doc.phrase}"`, size: '5' });
      assert.deepEqual(hits.map((h) => h.key), [doc.key], doc.phrase);
      const revised = overwritten.includes(doc) || recreated.includes(doc);
      assert.equal(/revised|bản sửa/.test(hits[0]?.title ?? ''), revised, `${doc.key}: the index holds the acknowledged version`);
    }
    for (const doc of deleted.slice(0, 5)) {
      const { hits } = await client.search({ q: `"${doc.phrase}"`, size: '5' });
      assert.deepEqual(hits.map((h) => h.key), [], `${doc.key} was deleted`);
    }
  };

  before(async () => {
    let t0 = Date.now();
    // Paced: its ingest starts a document at most every 30 ms and its index writes are slowed as a remote
    // engine's are. The local stack now keeps pace with uploads from one client, and the kill must find
    // creates, deletes and index updates pending on any machine. The restarts run at full speed.
    first = await startStackProcess(dataDir, { indexWriteDelayMs: 100, processingIntervalMs: 30 });
    children.push(first);
    timings.startMs = since(t0);
    t0 = Date.now();
    // As fast as the stack accepts them: every upload, then deletes, re-creates and overwrites of keys
    // uploaded before, all acknowledged by S3 while ingest and indexing run behind.
    await pool(docs, 16, (doc) => put(first.client, doc, 1));
    await pool(deleted, 8, (doc) => remove(first.client, doc));
    await pool(recreated, 8, async (doc) => {
      await remove(first.client, doc);
      await put(first.client, doc, 2);
    });
    await pool(overwritten, 8, (doc) => put(first.client, doc, 2));
    timings.uploadMs = since(t0);
    // Once both queues hold work: the indexer can keep pace with the ingest, so its queue is empty at
    // moments; the first moment it is not is taken (within the uploads' backlog, the ingest's never is).
    const deadline = Date.now() + 20_000;
    for (;;) {
      atKill = await stats(first.client);
      const working = (atKill.metrics.documents_processed ?? 0) > 0 && atKill.streamQueue.depth > 0 && atKill.ingestQueue.depth > 0;
      if (working || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    // Kill right after an index write, while the indexer works through its backlog.
    t0 = Date.now();
    await walChanged(join(dataDir, 'search.sqlite'), 10_000);
    timings.walWaitMs = since(t0);
    if (existsSync('/proc/locks')) lockedBeforeKill = lockHolders(join(dataDir, 'dynamodb', 'LOCK'));
    t0 = Date.now();
    first.child.kill('SIGKILL');
    assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });
    timings.exitMs = since(t0);
  });

  after(async () => {
    for (const running of children) {
      running.client.close();
      if (running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGKILL');
        await running.exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('was killed with work in flight: S3 events queued or in an ingest batch, index updates pending', (t) => {
    t.diagnostic(`timings: ${JSON.stringify(timings)}; at the kill: ${JSON.stringify(atKill)}`);
    assert.ok(atKill.ingestQueue.depth > 0, 'ingest had caught up before the kill: the test would prove nothing');
    assert.ok(atKill.streamQueue.depth > 0, 'indexing had caught up before the kill: the test would prove nothing');
  });

  it('releases the LevelDB lock of the table with the dead process', { skip: !existsSync('/proc/locks') && 'no /proc/locks' }, () => {
    assert.deepEqual(lockedBeforeKill, [first.ready.pid], 'the live process held the lock');
    assert.throws(() => process.kill(first.ready.pid, 0), { code: 'ESRCH' });
    assert.deepEqual(lockHolders(join(dataDir, 'dynamodb', 'LOCK')), []);
  });

  it('leaves a SQLite index (with its write-ahead log) that opens and passes an integrity check', async () => {
    const file = join(dataDir, 'search.sqlite');
    assert.ok(statSync(`${file}-wal`).size > 0, 'the dead process left its write-ahead log, not checkpointed');
    const left = await inspectIndexCopy(file, scratch);
    assert.equal(left.integrity, 'ok');
    assert.ok(left.count < live().length, 'the index was still incomplete at the kill');
  });

  it('restarts on the same folder and finds the work the dead process left unfinished', async (t) => {
    restarted = await startStackProcess(dataDir);
    children.push(restarted);
    const { before: left, reconcile } = restarted.ready;
    t.diagnostic(`left on disk: ${JSON.stringify(left)}; start-up reconcile: ${JSON.stringify(reconcile)}`);
    assert.equal(left.objects, live().length, 'every object S3 acknowledged is in the bucket');
    assert.ok(left.settled > 0, 'some documents were processed and indexed before the kill');
    assert.ok(left.settled < left.objects || left.rowsWithoutObject > 0, 'some work was unfinished at the kill');
  });

  it('start-up reconcile re-queues exactly what was lost', () => {
    const { before: left, reconcile } = restarted.ready;
    assert.equal(reconcile.queuedCreates, left.objects - left.rowsCurrent, 'objects without a current row');
    assert.equal(reconcile.queuedRemoves, left.rowsWithoutObject, 'rows whose object is gone');
    assert.equal(reconcile.queuedIndexUpdates, left.rowsCurrent - left.settled, 'processed rows the index lacks');
    // Every repair path was needed: lost creates and overwrites, lost deletes, lost index updates.
    assert.ok(reconcile.queuedCreates > 0 && reconcile.queuedRemoves > 0 && reconcile.queuedIndexUpdates > 0, JSON.stringify(reconcile));
  });

  it('settles every acknowledged change: the table holds one current PROCESSED row per object, deleted keys are DELETED or absent', async (t) => {
    const { client } = restarted;
    const ids = [...acknowledged.keys()].map((key) => client.idOf(key));
    // Nothing else writes now: both queues empty (in-flight batches count) means the work is done.
    // Polling the cheap stats route keeps the stack's one thread on the work itself.
    const t0 = Date.now();
    const deadline = t0 + 60_000;
    for (let idle = 0; idle < 3; ) {
      const now = await stats(client);
      idle = now.ingestQueue.depth === 0 && now.streamQueue.depth === 0 ? idle + 1 : 0;
      assert.ok(Date.now() < deadline, `not drained after 60 s: ${JSON.stringify(now)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    t.diagnostic(`drained ${since(t0)} ms after the restart was ready`);
    const byId = new Map((await client.status(ids)).map((s) => [s.id, s]));
    for (const [key, etag] of acknowledged) {
      const s = byId.get(client.idOf(key)) as DocumentStatus;
      const settled = etag === null ? (s.status === 'DELETED' || s.status === 'PENDING') && s.indexedEtag === null : isSettled(s, etag);
      assert.ok(settled, `${key} not settled: ${JSON.stringify(s)}`);
    }
    const final = await stats(client);
    assert.deepEqual([final.ingestQueue.deadLetters, final.streamQueue.deadLetters], [0, 0], 'no dead letters');

    const bucket = new Map<string, string>();
    for await (const o of new S3ObjectStore(client.s3).list(RAW_BUCKET)) bucket.set(o.key, (o.etag ?? '').replace(/"/g, ''));
    assert.deepEqual(new Map([...bucket].sort()), new Map(live().sort()), 'the bucket holds exactly what S3 acknowledged');

    const dynamodb = localDynamoClient(restarted.ready.endpoints.dynamodb);
    const rows = new Map<string, DocumentRecord>();
    try {
      for await (const page of new DynamoMetadataStore(dynamodb, TABLE_NAME).scan()) for (const r of page) rows.set(r.key, r);
    } finally {
      dynamodb.destroy();
    }
    for (const [key, etag] of acknowledged) {
      const row = rows.get(key);
      if (etag === null) {
        assert.ok(row === undefined || row.status === 'DELETED', `${key} was deleted: ${row?.status}`);
      } else {
        assert.equal(row?.status, 'PROCESSED', key);
        assert.equal(row?.etag, etag, `${key}: the row holds the acknowledged version`);
      }
    }
    assert.deepEqual([...rows.keys()].filter((key) => !acknowledged.has(key)), [], 'no row for a key never uploaded');
    assert.equal([...rows.values()].filter((r) => r.status !== 'DELETED').length, live().length, 'one current row per object');
  });

  it('finds a sample of documents by their own phrase, in their acknowledged version, and none of the deleted ones', () => searchSample(restarted.client));

  it('a second reconcile finds nothing left to do', async () => {
    assert.deepEqual(await restarted.client.reconcile(), { queuedCreates: 0, queuedRemoves: 0, queuedIndexUpdates: 0, removedIndexOrphans: 0 });
  });

  it('a kill in the middle of a re-index leaves the SQLite index whole: the active generation still holds every document', async (t) => {
    const file = join(dataDir, 'search.sqlite');
    const firstWrite = walChanged(file, 20_000);
    const reindex = fetch(`${restarted.client.endpoints.http}/_local/reindex`, { method: 'POST' }).then(
      async (res) => `answered HTTP ${res.status}: ${await res.text()}`,
      () => 'no answer',
    );
    // The first write of the re-index (its new generation) changes the log: kill right then.
    await firstWrite;
    restarted.child.kill('SIGKILL');
    assert.deepEqual(await restarted.exited, { code: null, signal: 'SIGKILL' });
    assert.equal(await reindex, 'no answer', 'the re-index was still running at the kill');

    const left = await inspectIndexCopy(file, scratch);
    t.diagnostic(`index left by the kill: ${JSON.stringify(left)}`);
    assert.equal(left.integrity, 'ok');
    // The new generation is created in one transaction: a kill during its commit leaves none, a later one
    // leaves it beside the active one. Either way the active generation is whole.
    assert.ok(left.generations.length >= 1 && left.generations.length <= 2, JSON.stringify(left.generations));
    assert.equal(left.count, live().length, 'searches still see the whole previous generation');
  });

  it('restarted after that kill, finds nothing to repair and searches as before', async (t) => {
    last = await startStackProcess(dataDir);
    children.push(last);
    const { before: left, reconcile } = last.ready;
    t.diagnostic(`left on disk: ${JSON.stringify(left)}; start-up reconcile: ${JSON.stringify(reconcile)}`);
    assert.deepEqual(left, { objects: live().length, rowsCurrent: live().length, settled: live().length, rowsWithoutObject: 0, indexed: live().length });
    assert.deepEqual(reconcile, { queuedCreates: 0, queuedRemoves: 0, queuedIndexUpdates: 0, removedIndexOrphans: 0 });
    await searchSample(last.client);
  });

  it('leaves the index holding exactly the processed documents at their current ETag: no duplicate, no orphan', async () => {
    last.child.kill('SIGTERM');
    assert.deepEqual(await last.exited, { code: 0, signal: null }, last.stderr());
    const index = new SqliteSearchIndex(join(dataDir, 'search.sqlite'));
    try {
      const ids: string[] = [];
      for await (const page of index.ids()) ids.push(...page);
      const expected = new Map(live().map(([key, etag]) => [last.client.idOf(key), etag]));
      assert.equal(ids.length, new Set(ids).size, 'no id twice');
      assert.deepEqual(ids.sort(), [...expected.keys()].sort(), 'exactly the documents in the bucket');
      assert.equal(await index.count(), expected.size);
      for (const [id, etag] of expected) assert.equal((await index.indexedVersion(id))?.etag, etag, id);
    } finally {
      index.close();
    }
  });
});
