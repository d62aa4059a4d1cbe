import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStorageServers, type StorageServers } from '../../local/storage-servers.ts';

/**
 * The storage thread answers a request that emitted an S3 event only once the pipeline's thread has
 * taken the event (local/storage-servers-worker.ts): a client whose PUT was answered can rely on its
 * event being queued, as when s3rver ran on the pipeline's own thread.
 */
describe('storage thread: S3 events are taken before the request is answered', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-event-ack-'));
  const events: Array<{ key: string; at: number }> = [];
  let servers: StorageServers;

  before(async () => {
    servers = await startStorageServers({ dataDir: dir, ports: { s3: 0, dynamodb: 0 }, buckets: ['raw'] }, (event) => {
      const key = (event as { Records?: Array<{ s3?: { object?: { key?: string } } }> }).Records?.[0]?.s3?.object?.key ?? '';
      events.push({ key, at: Date.now() });
    });
  });
  after(async () => {
    await servers.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a PUT only after the pipeline thread, busy meanwhile, has taken its event', async () => {
    // Prepare: another process PUTs an object 200 ms after it says it is ready (s3rver checks no signature).
    const client = spawn(process.execPath, ['-e', `
      process.stdout.write('ready\\n');
      setTimeout(async () => {
        const res = await fetch(${JSON.stringify(`${servers.endpoints.s3}/raw/waits.txt`)}, { method: 'PUT', body: 'bytes' });
        process.stdout.write('answered ' + res.status + ' ' + Date.now() + '\\n');
      }, 200);
    `]);
    let out = '';
    client.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve) => client.stdout.once('data', () => resolve()));

    // Act: this thread is busy (blocked) for 800 ms, through the PUT; the event waits for it.
    const busyUntil = Date.now() + 800;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 800);
    await new Promise<void>((resolve) => client.once('exit', () => resolve()));

    // Assess: the event was taken after this thread was free again, and the PUT answered after that.
    const answered = /answered (\d+) (\d+)/.exec(out);
    assert.ok(answered, out);
    assert.equal(answered[1], '200');
    const event = events.find((e) => e.key === 'waits.txt');
    assert.ok(event, JSON.stringify(events));
    assert.ok(event.at >= busyUntil - 5, `event taken ${busyUntil - event.at} ms before this thread was free`);
    assert.ok(Number(answered[2]) >= event.at, `PUT answered ${event.at - Number(answered[2])} ms before its event was taken`);
  });
});
