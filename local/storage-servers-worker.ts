/**
 * The local stack's storage servers, s3rver as the bucket and dynalite as the table, on a thread of
 * their own: their request handling (HTTP parsing, XML, LevelDB, files) runs beside the pipeline's
 * event loop instead of on it. Started and stopped by storage-servers.ts, which it talks to by
 * messages only.
 */
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { pageListingsWithoutDes } from './s3-continuation-tokens.ts';
import { storeObjectsAtomically, type AtomicStore } from './s3-atomic-objects.ts';
import { serialiseFolderChanges } from './s3-folder-races.ts';
import { cacheStoreReads, type CachedStore } from './s3-store-cache.ts';
import { rejectUnstorableKeys } from './s3-key-guard.ts';
import { closeServer, listenOrExplain } from './listen.ts';
import type { FromStorage, StorageStart, ToStorage } from './storage-servers.ts';

const port = parentPort;
if (!port) throw new Error('storage-servers-worker.ts runs as a worker thread started by storage-servers.ts.');
const { dataDir, ports, buckets } = workerData as StorageStart;
const send = (message: FromStorage): void => port.postMessage(message);

const waitingForAck = new Map<number, () => void>();
let lastEventId = 0;

const s3rver = new S3rver({ address: '127.0.0.1', port: ports.s3, silent: true, directory: join(dataDir, 's3'), configureBuckets: buckets.map((name) => ({ name })) });
const store = (s3rver as unknown as { store: AtomicStore & CachedStore }).store;
// Every object change whole and isolated per key, answered once on disk (see s3-atomic-objects.ts).
storeObjectsAtomically(store);
// Around that: a delete that empties a folder must not remove it under a write in the same folder.
serialiseFolderChanges(store);
// Outside the folder lock: reads of what this store wrote come from memory (see s3-store-cache.ts).
cacheStoreReads(store);
// s3rver is silent, but its request logger (koa-logger) still formats a coloured line for every
// response; winston's loggers behind ctx.logger stay, silent.
const requestLogger = s3rver.middleware.findIndex((m) => m.name === 'logger');
if (requestLogger !== -1) s3rver.middleware.splice(requestLogger, 1);
// Just before s3rver's router (its last middleware), inside its XML encoder: listings page without
// DES, so no process needs OpenSSL's legacy provider.
s3rver.middleware.splice(-1, 0, pageListingsWithoutDes);
// Before s3rver's own middleware: keys it cannot store safely never reach its file store.
s3rver.middleware.unshift(rejectUnstorableKeys);
/** Sends an S3 event to the pipeline's thread; settles when the pipeline has queued it. */
const forward = (event: unknown): Promise<void> => {
  const id = ++lastEventId;
  const acked = new Promise<void>((done) => waitingForAck.set(id, done));
  // s3rver's event is a class instance with getters: send its plain JSON form.
  send({ type: 'event', id, event: JSON.parse(JSON.stringify(event)) as unknown });
  return acked;
};
// Outermost: a request that emitted an event is answered only once the pipeline has queued the event,
// as when s3rver ran on the pipeline's own thread (a client whose PUT was answered can rely on it).
// s3rver's controllers emit events through `ctx.app.emit`, so each request gets an app of its own
// whose `emit` collects them: no AsyncLocalStorage, whose promise hooks taxed every promise of this
// thread (dynalite's and s3rver's alike).
type App = { emit(name: string | symbol, ...args: unknown[]): boolean };
s3rver.middleware.unshift(async (ctx: { app: App }, next: () => Promise<void>) => {
  const pending: Array<Promise<void>> = [];
  const app = ctx.app;
  const emit = (name: string | symbol, ...args: unknown[]): boolean => {
    if (name !== 'event') return app.emit(name, ...args);
    pending.push(forward(args[0]));
    return true;
  };
  ctx.app = Object.create(app, { emit: { value: emit } }) as App;
  try {
    await next();
  } finally {
    ctx.app = app;
  }
  await Promise.all(pending);
});
// Any event emitted past a request (none today) still reaches the pipeline.
s3rver.on('event', (event: unknown) => void forward(event));

const dynamoServer = dynalite({ path: join(dataDir, 'dynamodb'), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const opened: Array<() => Promise<unknown>> = [];

/** This thread's id in the operating system (Linux: /proc/thread-self), for per-thread CPU figures; null elsewhere. */
function osThreadId(): number | null {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return null;
  }
}

async function close(): Promise<void> {
  for (const closeOne of opened.reverse()) await closeOne().catch(() => undefined);
  opened.length = 0;
}

port.on('message', (message: ToStorage) => {
  if (message.type === 'ack') {
    waitingForAck.get(message.id)?.();
    waitingForAck.delete(message.id);
  } else if (message.type === 'close') {
    void close().then(() => {
      send({ type: 'closed' });
      port.close();
    });
  }
});

try {
  const s3Address = await listenOrExplain('S3 (s3rver)', ports.s3, () => s3rver.run());
  opened.push(() => s3rver.close());
  await listenOrExplain('DynamoDB (dynalite)', ports.dynamodb, () =>
    new Promise<void>((ok, fail) => {
      dynamoServer.once('error', fail);
      dynamoServer.listen(ports.dynamodb, '127.0.0.1', () => ok());
    }),
  );
  opened.push(() => closeServer(dynamoServer));
  send({ type: 'ready', s3Port: s3Address.port, dynamoPort: (dynamoServer.address() as { port: number }).port, osThreadId: osThreadId() });
} catch (error) {
  await close();
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
