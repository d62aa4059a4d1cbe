import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InProcessQueue } from '../../local/in-process-queue.ts';

describe('in-process queue', () => {
  it('retries a failing message and dead-letters it after maxReceiveCount tries, without blocking the others', async () => {
    const seen: string[] = [];
    const queue = new InProcessQueue<string>({
      name: 't', batchSize: 10, visibilityTimeoutMs: 1000, maxReceiveCount: 3, retryBaseMs: 1,
      consume: async (batch) => {
        seen.push(...batch.map((m) => m.body));
        return batch.filter((m) => m.body === 'poison').map((m) => m.id);
      },
    });
    queue.start();
    queue.send(['a', 'poison', 'b']);
    await queue.idle();
    await queue.stop();
    assert.equal(seen.filter((b) => b === 'poison').length, 3);
    assert.deepEqual(seen.filter((b) => b !== 'poison').sort(), ['a', 'b']);
    assert.deepEqual(queue.deadLetters.map((m) => m.body), ['poison']);
  });

  it('fails the whole batch when the consumer throws, then succeeds on retry', async () => {
    let calls = 0;
    const queue = new InProcessQueue<number>({
      name: 't', batchSize: 10, visibilityTimeoutMs: 1000, maxReceiveCount: 5, retryBaseMs: 1,
      consume: async () => {
        if (++calls === 1) throw new Error('throttled');
        return [];
      },
    });
    queue.start();
    queue.send([1, 2]);
    await queue.idle();
    await queue.stop();
    assert.equal(calls, 2);
    assert.equal(queue.deadLetters.length, 0);
  });

  it('in ordered mode delivers nothing behind a failing message until it succeeds', async () => {
    const order: number[] = [];
    let failures = 2;
    const queue = new InProcessQueue<number>({
      name: 't', batchSize: 1, visibilityTimeoutMs: 1000, maxReceiveCount: 5, ordered: true, retryBaseMs: 1,
      consume: async ([m]) => {
        order.push(m!.body);
        if (m!.body === 1 && failures-- > 0) return [m!.id];
        return [];
      },
    });
    queue.start();
    queue.send([1, 2, 3]);
    await queue.idle();
    await queue.stop();
    assert.deepEqual(order, [1, 1, 1, 2, 3]);
  });

  it('redrive moves dead letters back for another try', async () => {
    let healthy = false;
    const queue = new InProcessQueue<string>({
      name: 't', batchSize: 1, visibilityTimeoutMs: 1000, maxReceiveCount: 1, retryBaseMs: 1,
      consume: async (batch) => (healthy ? [] : batch.map((m) => m.id)),
    });
    queue.start();
    queue.send(['x']);
    await queue.idle();
    assert.equal(queue.deadLetters.length, 1);
    healthy = true;
    assert.equal(queue.redrive(), 1);
    await queue.idle();
    await queue.stop();
    assert.equal(queue.deadLetters.length, 0);
  });

  it('with a batching window, delivers a batch once full or once its oldest message has waited the window', async () => {
    const batches: number[][] = [];
    const queue = new InProcessQueue<number>({
      name: 't', batchSize: 3, visibilityTimeoutMs: 1000, maxReceiveCount: 1, ordered: true, batchingWindowMs: 40,
      consume: async (batch) => (batches.push(batch.map((m) => m.body)), []),
    });
    queue.start();
    const sent = Date.now();
    queue.send([1]);
    queue.send([2]);
    assert.deepEqual(batches, [], 'waits for more');
    queue.send([3, 4]);
    await new Promise((r) => setTimeout(r, 0));
    assert.deepEqual(batches, [[1, 2, 3]], 'a full batch goes at once');
    await queue.idle();
    assert.deepEqual(batches, [[1, 2, 3], [4]]);
    assert.ok(Date.now() - sent >= 35, 'the rest went when the window closed');
    await queue.stop();
  });

  it('does not spin while every batch slot is taken: the finishing batch delivers the next', async () => {
    let release: () => void = () => undefined;
    const queue = new InProcessQueue<number>({
      name: 't', batchSize: 1, visibilityTimeoutMs: 60_000, maxReceiveCount: 1, concurrency: 1,
      consume: async () => (await new Promise<void>((r) => (release = r)), []),
    });
    const timers: unknown[] = [];
    const setTimer = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => (timers.push(ms), setTimer(fn, ms))) as typeof setTimeout;
    try {
      queue.start();
      queue.send([1, 2, 3]);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(timers, [], 'no timer while the batch is in flight');
    } finally {
      globalThis.setTimeout = setTimer;
    }
    for (let i = 0; i < 3; i++) {
      release();
      await new Promise((r) => setImmediate(r));
    }
    await queue.idle();
    await queue.stop();
  });
});
