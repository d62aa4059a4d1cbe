import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { RUNNING_FROM_SOURCES, startWorker, workerModuleUrl } from '../../shared/worker-entry.ts';

describe('worker threads from the TypeScript sources', () => {
  it('knows it runs from sources under tsx, and then starts the .ts module itself', () => {
    const source = new URL('../support/echo-worker.ts', import.meta.url);
    assert.equal(RUNNING_FROM_SOURCES, true);
    assert.equal(workerModuleUrl(source).href, source.href);
  });

  it('starts a TypeScript worker with tsx registered in its thread, whatever flags the parent has', async () => {
    const worker = startWorker(new URL('../support/echo-worker.ts', import.meta.url), { workerData: 'xin chào' });
    const [message] = (await once(worker, 'message')) as [string];
    assert.equal(message, 'echo: xin chào');
    await once(worker, 'exit');
  });

  it('refuses a module not named <name>-worker.ts, which the build would not compile', () => {
    assert.throws(() => workerModuleUrl(new URL('./storage-servers.ts', import.meta.url)), /named <name>-worker\.ts/);
  });
});
