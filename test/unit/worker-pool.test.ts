import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parallelProcessor } from '../../local/parallel-processor.ts';
import { WorkerCrashedError, WorkerPool, WorkerPoolClosedError, WorkerStartError, WorkerTaskError } from '../../local/worker-pool.ts';
import { errorInfo, isPermanent } from '../../shared/domain/errors.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import type { PoolTestTask } from '../support/pool-test-worker.ts';

const MODULE = new URL('../support/pool-test-worker.ts', import.meta.url);
const pool = (size: number, workerData?: unknown): WorkerPool<PoolTestTask, string> => new WorkerPool<PoolTestTask, string>({ module: MODULE, size, workerData });

describe('worker pool', () => {
  it('answers every task with its own result, whichever worker ran it', async () => {
    const workers = pool(2);
    try {
      const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((echo) => workers.run({ echo })));
      assert.deepEqual(results.map((r) => r.split(' ')[0]), ['a', 'b', 'c', 'd', 'e']);
    } finally {
      await workers.close();
    }
  });

  it('returns an error thrown by a task with its name, code and message, and goes on', async () => {
    const workers = pool(1);
    try {
      const failed = await workers.run({ throwNamed: 'bad bytes' }).catch((e: unknown) => e);
      assert.ok(failed instanceof WorkerTaskError);
      assert.deepEqual([failed.error.name, failed.error.code, failed.error.permanent, failed.error.message], ['ExampleError', 'CORRUPT_DOCUMENT', true, 'bad bytes']);
      assert.match(await workers.run({ echo: 'next' }), /^next /);
    } finally {
      await workers.close();
    }
  });

  for (const crash of ['throw', 'exit'] as const) {
    it(`a worker that dies (${crash}) fails its task only; a new worker takes the tasks after it`, async () => {
      const workers = pool(1);
      try {
        const crashed = workers.run({ crash }).catch((e: unknown) => e);
        const after = workers.run({ echo: 'after' });
        assert.ok((await crashed) instanceof WorkerCrashedError);
        assert.match(await after, /^after /);
      } finally {
        await workers.close();
      }
    });
  }

  it('fails tasks with WorkerStartError when workers die before serving, instead of waiting for ever', async () => {
    const workers = pool(2, { failStart: true });
    try {
      const outcomes = await Promise.all([1, 2, 3, 4].map((i) => workers.run({ echo: String(i) }).catch((e: unknown) => e)));
      assert.ok(outcomes.some((e) => e instanceof WorkerStartError), String(outcomes));
      assert.ok(outcomes.every((e) => e instanceof WorkerStartError || e instanceof WorkerCrashedError), String(outcomes));
    } finally {
      await workers.close();
    }
  });

  it('close fails running and queued tasks with WorkerPoolClosedError', async () => {
    const workers = pool(1);
    await workers.run({ echo: 'warm' });
    const running = workers.run({ slow: 'x', ms: 10_000 }).catch((e: unknown) => e);
    const queued = workers.run({ echo: 'queued' }).catch((e: unknown) => e);
    await workers.close();
    assert.ok((await running) instanceof WorkerPoolClosedError);
    assert.ok((await queued) instanceof WorkerPoolClosedError);
    assert.ok((await workers.run({ echo: 'late' }).catch((e: unknown) => e)) instanceof WorkerPoolClosedError);
  });
});

describe('processing on worker threads', () => {
  it('gives the same document as processDocument on this thread, and the same permanent error', async () => {
    const processor = parallelProcessor({ concurrency: 2, ocr: false });
    try {
      const text = new TextEncoder().encode('Hội nghị giao ban\n\n(Baonghean.vn) - Ngày 18/6/2018, Thường trực Tỉnh ủy tổ chức hội nghị giao ban, triển khai Nghị quyết 18-NQ/TW.\n');
      assert.deepEqual(await processor.process(text), await processDocument(text));
      const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]);
      const here = await processDocument(png).catch((e: unknown) => e);
      const there = await processor.process(png).catch((e: unknown) => e);
      assert.ok(isPermanent(there));
      assert.deepEqual(errorInfo(there), errorInfo(here));
    } finally {
      await processor.close();
    }
  });
});
