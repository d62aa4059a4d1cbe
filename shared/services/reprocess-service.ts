import { randomUUID } from 'node:crypto';
import { needsReprocessing } from '../domain/document-record.ts';
import { PIPELINE_VERSION } from '../domain/pipeline-constants.ts';
import { reprocessMessageBody } from '../events/reprocess-message.ts';
import { systemClock, type Clock, type JobStateStore, type MessageQueue, type MetadataStore, type ReprocessCheckpoint } from '../ports.ts';
import type { IngestService, ReprocessOutcome } from './ingest-service.ts';
import { scanPages, withLease, type LockedReport } from './leased-scan.ts';

/**
 * Runs ingest again for stale rows. Locally, in this process (the ingest service's `reprocess`); in
 * AWS, by handing each id to the ingest queue, whose function reprocesses it (`QUEUED`).
 */
export interface Reprocessor {
  reprocess(ids: string[]): Promise<Array<ReprocessOutcome | { id: string; status: 'QUEUED' }>>;
}

/** Reprocesses in this process, a few documents at a time (the local stack). */
export function inProcessReprocessor(ingest: Pick<IngestService, 'reprocess'>, concurrency = 4): Reprocessor {
  return {
    async reprocess(ids) {
      const outcomes: ReprocessOutcome[] = [];
      for (let at = 0; at < ids.length; at += concurrency) outcomes.push(...(await Promise.all(ids.slice(at, at + concurrency).map((id) => ingest.reprocess(id)))));
      return outcomes;
    },
  };
}

/**
 * Hands each id to the ingest queue (AWS): the ingest function reprocesses it with its retries and
 * dead-letter queue, and the re-index function never writes a row or a bucket itself.
 */
export function queueReprocessor(queue: MessageQueue): Reprocessor {
  return {
    async reprocess(ids) {
      await queue.send(ids.map(reprocessMessageBody));
      return ids.map((id) => ({ id, status: 'QUEUED' as const }));
    },
  };
}

export interface ReprocessDependencies {
  metadata: Pick<MetadataStore, 'scanPage'>;
  state: JobStateStore<ReprocessCheckpoint>;
  reprocessor: Reprocessor;
  clock?: Clock;
  /** How long the lock holds without renewal; renewed after every page (default 5 minutes). */
  leaseMs?: number;
  /** Rows read per page, hence per checkpoint (default 100: a page is processed before it is saved). */
  pageSize?: number;
}

export interface ReprocessRunOptions {
  /** Time left in this invocation (Lambda's `getRemainingTimeInMillis`); unlimited when omitted. */
  timeLeftMs?: () => number;
  /** The run saves its checkpoint and pauses when less than this is left (default 2 minutes). */
  pauseMarginMs?: number;
  /** After every page: the checkpoint just saved. */
  onProgress?: (checkpoint: ReprocessCheckpoint) => void;
  /** Lock owner (default: a new random id). */
  owner?: string;
}

export type ReprocessCounts = Omit<ReprocessCheckpoint, 'cursor' | 'scanComplete'>;

export type ReprocessReport =
  /** Every row was scanned; stale ones were reprocessed (or queued). */
  | (ReprocessCounts & { outcome: 'completed' })
  /** Time ran out: the checkpoint is saved and the next invocation resumes from it. */
  | (ReprocessCounts & { outcome: 'paused' })
  | LockedReport;

export interface ReprocessService {
  /** Scans (or resumes scanning) the table and reprocesses every row an older pipeline made. */
  run(options?: ReprocessRunOptions): Promise<ReprocessReport>;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
// A page is processed before its checkpoint: a large page of big PDFs must fit in the margin.
const DEFAULT_PAUSE_MARGIN_MS = 2 * 60_000;
const DEFAULT_PAGE_SIZE = 100;

/**
 * Brings the stored archive up to the current pipeline (docs/operations.md): pages through the table
 * under the same lease and checkpoints as the re-index, and reprocesses every row whose
 * `pipelineVersion` is not the current one. Tombstones are skipped (a deleted key stays deleted); each
 * write replaces only the row read, so uploads and deletes meanwhile always win. Redoing a page after
 * a crash is harmless: rows already reprocessed are current and skipped.
 */
export function createReprocessService(deps: ReprocessDependencies): ReprocessService {
  const clock = deps.clock ?? systemClock;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;

  async function startOrResume(save: (c: ReprocessCheckpoint) => Promise<void>): Promise<ReprocessCheckpoint> {
    const { checkpoint } = await deps.state.read();
    // An interrupted run of an older version: the rows before its cursor were brought to that version,
    // not this one, so this one starts over.
    if (checkpoint?.pipelineVersion === PIPELINE_VERSION) return { ...checkpoint, invocations: checkpoint.invocations + 1 };
    const fresh: ReprocessCheckpoint = {
      runId: randomUUID(), startedAt: clock.now().toISOString(), cursor: null, scanComplete: false, scanned: 0, invocations: 1, pipelineVersion: PIPELINE_VERSION,
      reprocessed: 0, failed: 0, queued: 0, skippedCurrent: 0, skippedDeleted: 0, superseded: 0,
    };
    await save(fresh);
    return fresh;
  }

  return {
    async run(options = {}) {
      return withLease('Reprocess', deps.state, { owner: options.owner ?? randomUUID(), leaseMs }, async (run) => {
        const scan = await scanPages(await startOrResume(run.save), {
          metadata: deps.metadata,
          pageSize: deps.pageSize ?? DEFAULT_PAGE_SIZE,
          run,
          timeLeftMs: options.timeLeftMs ?? (() => Number.POSITIVE_INFINITY),
          pauseMarginMs: options.pauseMarginMs ?? DEFAULT_PAUSE_MARGIN_MS,
          onProgress: options.onProgress,
          page: async (rows, c) => {
            const next = { ...c };
            for (const row of rows) {
              if (row.status === 'DELETED') next.skippedDeleted++;
              else if (!needsReprocessing(row)) next.skippedCurrent++;
            }
            const stale = rows.filter(needsReprocessing).map((r) => r.id);
            for (const outcome of stale.length > 0 ? await deps.reprocessor.reprocess(stale) : []) {
              if (outcome.status === 'PROCESSED') next.reprocessed++;
              else if (outcome.status === 'FAILED') next.failed++;
              else if (outcome.status === 'QUEUED') next.queued++;
              // Made current meanwhile (another writer of this version): nothing was written.
              else if (outcome.status === 'CURRENT') next.skippedCurrent++;
              else if (outcome.status === 'IGNORED' && outcome.reason === 'deleted') next.skippedDeleted++;
              else next.superseded++;
            }
            return next;
          },
        });
        const { cursor: _cursor, scanComplete: _complete, ...counts } = scan.checkpoint;
        if (scan.paused) return { outcome: 'paused' as const, ...counts };
        await run.save(undefined);
        return { outcome: 'completed' as const, ...counts };
      });
    },
  };
}
