import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PIPELINE_VERSION } from '../../shared/domain/pipeline-constants.ts';
import type { DocumentRecord } from '../../shared/domain/types.ts';
import type { JobState, JobStateStore, Page, ReprocessCheckpoint } from '../../shared/ports.ts';
import { createReprocessService, queueReprocessor } from '../../shared/services/reprocess-service.ts';

type Row = Pick<DocumentRecord, 'id' | 'status' | 'pipelineVersion'>;

/** The table as pages of rows; the cursor is the index of the next row. */
function table(rows: Row[], pageSize: number) {
  const read: number[] = [];
  return {
    read,
    scanPage: async (cursor?: string): Promise<Page<DocumentRecord>> => {
      const from = Number(cursor ?? 0);
      read.push(from);
      const to = Math.min(from + pageSize, rows.length);
      return { items: rows.slice(from, to) as DocumentRecord[], ...(to < rows.length ? { nextCursor: String(to) } : {}) };
    },
  };
}

/** One process's view of the control row: a lock without expiry and the checkpoint. */
class MemoryJobState implements JobStateStore<ReprocessCheckpoint> {
  state: JobState<ReprocessCheckpoint> = { checkpoint: undefined, lockOwner: undefined, lockExpiresAt: undefined };
  async acquire(owner: string): Promise<boolean> {
    if (this.state.lockOwner && this.state.lockOwner !== owner) return false;
    this.state.lockOwner = owner;
    return true;
  }
  async release(owner: string): Promise<void> {
    if (this.state.lockOwner === owner) this.state.lockOwner = undefined;
  }
  async read(): Promise<JobState<ReprocessCheckpoint>> {
    return { ...this.state };
  }
  async saveCheckpoint(owner: string, checkpoint: ReprocessCheckpoint | undefined): Promise<boolean> {
    if (this.state.lockOwner !== owner) return false;
    this.state.checkpoint = checkpoint;
    return true;
  }
}

const rows: Row[] = [
  { id: 'a', status: 'PROCESSED', pipelineVersion: '0.2.1' },
  { id: 'b', status: 'PROCESSED', pipelineVersion: PIPELINE_VERSION },
  { id: 'c', status: 'DELETED', pipelineVersion: '0.2.1' },
  { id: 'd', status: 'FAILED', pipelineVersion: '0.2.1' },
];

describe('reprocess service', () => {
  it('hands only stale live rows to the ingest queue, one message each, and counts the rest as skipped', async () => {
    const sent: string[] = [];
    const service = createReprocessService({ metadata: table(rows, 2), state: new MemoryJobState(), reprocessor: queueReprocessor({ send: async (bodies) => void sent.push(...bodies) }) });
    const report = await service.run();
    assert.equal(report.outcome, 'completed');
    assert.ok(report.outcome === 'completed');
    assert.deepEqual(sent.map((b) => JSON.parse(b) as unknown), [{ docpipe: 'reprocess', id: 'a' }, { docpipe: 'reprocess', id: 'd' }]);
    assert.deepEqual([report.scanned, report.queued, report.skippedCurrent, report.skippedDeleted, report.reprocessed, report.pipelineVersion], [4, 2, 1, 1, 0, PIPELINE_VERSION]);
  });

  it('resumes a checkpoint of the current pipeline version from its cursor', async () => {
    const state = new MemoryJobState();
    state.state.checkpoint = { runId: 'r', startedAt: 't', cursor: '2', scanComplete: false, scanned: 2, invocations: 1, pipelineVersion: PIPELINE_VERSION, reprocessed: 1, failed: 0, queued: 0, skippedCurrent: 1, skippedDeleted: 0, superseded: 0 };
    const pages = table(rows, 2);
    const report = await createReprocessService({ metadata: pages, state, reprocessor: queueReprocessor({ send: async () => undefined }) }).run();
    assert.deepEqual(pages.read, [2]);
    assert.ok(report.outcome === 'completed');
    assert.deepEqual([report.runId, report.invocations, report.scanned], ['r', 2, 4]);
  });

  it('starts over instead of resuming a checkpoint an older pipeline version left (its rows were brought to that version)', async () => {
    const state = new MemoryJobState();
    state.state.checkpoint = { runId: 'old', startedAt: 't', cursor: '2', scanComplete: false, scanned: 2, invocations: 1, pipelineVersion: '0.2.1', reprocessed: 2, failed: 0, queued: 0, skippedCurrent: 0, skippedDeleted: 0, superseded: 0 };
    const pages = table(rows, 2);
    const report = await createReprocessService({ metadata: pages, state, reprocessor: queueReprocessor({ send: async () => undefined }) }).run();
    assert.deepEqual(pages.read, [0, 2]);
    assert.ok(report.outcome === 'completed');
    assert.notEqual(report.runId, 'old');
    assert.deepEqual([report.invocations, report.scanned], [1, 4]);
  });

  it('pauses at a checkpoint when the invocation runs short of time, and reports another run\'s lock', async () => {
    const state = new MemoryJobState();
    let pages = 0;
    const paused = await createReprocessService({ metadata: table(rows, 2), state, reprocessor: queueReprocessor({ send: async () => undefined }) })
      .run({ owner: 'one', timeLeftMs: () => (pages > 0 ? 0 : 1_000_000), pauseMarginMs: 1, onProgress: () => void pages++ });
    assert.equal(paused.outcome, 'paused');
    assert.equal(state.state.checkpoint?.cursor, '2');
    state.state.lockOwner = 'other';
    assert.deepEqual(await createReprocessService({ metadata: table(rows, 2), state, reprocessor: queueReprocessor({ send: async () => undefined }) }).run({ owner: 'two' }), {
      outcome: 'locked', lockOwner: 'other', lockExpiresAt: undefined,
    });
  });
});
