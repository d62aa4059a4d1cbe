import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SharedExclusiveLock } from '../../local/s3-folder-races.ts';

describe('shared/exclusive lock (local S3 deletes against writes)', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('runs shared work together, and exclusive work alone, first come first served', async () => {
    const lock = new SharedExclusiveLock();
    const log: string[] = [];
    const job = (mode: 'shared' | 'exclusive', name: string) =>
      lock.run(mode, async () => {
        log.push(`${name}+`);
        await tick();
        log.push(`${name}-`);
      });
    await Promise.all([job('shared', 'w1'), job('shared', 'w2'), job('exclusive', 'd1'), job('shared', 'w3'), job('exclusive', 'd2')]);
    assert.deepEqual(log, ['w1+', 'w2+', 'w1-', 'w2-', 'd1+', 'd1-', 'w3+', 'w3-', 'd2+', 'd2-']);
  });

  it('releases the lock when the work fails', async () => {
    const lock = new SharedExclusiveLock();
    await assert.rejects(lock.run('exclusive', async () => Promise.reject(new Error('disk full'))), /disk full/);
    assert.equal(await lock.run('shared', async () => 'ran'), 'ran');
  });
});
