import { randomUUID } from 'node:crypto';
import type { IndexDocument } from '../domain/types.ts';
import {
  systemClock,
  type Clock, type IndexGenerations, type MetadataStore, type ObjectStore, type ReindexCheckpoint, type ReindexStateStore, type SearchIndex,
} from '../ports.ts';
import { createIndexService } from './index-service.ts';
import { JobLockLostError, scanPages, withLease, type LeasedJob, type LockedReport } from './leased-scan.ts';
import { readProcessed, toIndexDocument } from './processed-objects.ts';

export interface ReindexDependencies {
  objects: ObjectStore;
  metadata: Pick<MetadataStore, 'get' | 'scan' | 'scanPage'>;
  index: SearchIndex & IndexGenerations;
  state: ReindexStateStore;
  processedBucket: string;
  clock?: Clock;
  /** How long the lock holds without renewal; renewed after every page (default 5 minutes). */
  leaseMs?: number;
  /**
   * Rows changed from this long before a re-index started are replayed after the switch: covers the
   * clock difference between the writers and this process (default 60 s).
   */
  clockSkewMs?: number;
  /** Rows read per page, hence per checkpoint (default 250). */
  pageSize?: number;
}

export interface ReindexRunOptions {
  /** Time left in this invocation (Lambda's `getRemainingTimeInMillis`); unlimited when omitted. */
  timeLeftMs?: () => number;
  /** The run saves its checkpoint and pauses when less than this is left (default 60 s). */
  pauseMarginMs?: number;
  /** After every page: the checkpoint just saved. */
  onProgress?: (checkpoint: ReindexCheckpoint) => void;
  /** Lock owner (default: a new random id). */
  owner?: string;
}

interface Counts {
  runId: string;
  target: string;
  scanned: number;
  indexed: number;
  missingText: number;
  invocations: number;
}

export type ReindexReport =
  /** The new generation is active; `replayed` rows that changed during the build were applied to it. */
  | (Counts & { outcome: 'completed'; previous: string | undefined; replayed: number })
  /** Time ran out: the checkpoint is saved and the next invocation resumes from it. */
  | (Counts & { outcome: 'paused' })
  /** Another run holds the lock; nothing was done. */
  | LockedReport;

export interface RollbackReport {
  outcome: 'rolled-back';
  active: string;
  previous: string;
  replayed: number;
}

export interface ReindexService {
  /** Builds (or resumes building) a new generation, verifies it and switches searches to it. */
  run(options?: ReindexRunOptions): Promise<ReindexReport>;
  /** Switches back to the generation the last re-index replaced, and replays the changes it missed. */
  rollback(options?: { owner?: string }): Promise<RollbackReport | Extract<ReindexReport, { outcome: 'locked' }>>;
}

/** The new generation does not hold what was written to it: it is dropped, never activated. */
export class ReindexVerificationError extends Error {
  constructor(readonly target: string, readonly expected: number, readonly found: number) {
    super(`Re-index verification failed: generation ${target} holds ${found} documents, ${expected} were written. It was dropped and the active index is unchanged; the next run starts over.`);
    this.name = 'ReindexVerificationError';
  }
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const DEFAULT_SKEW_MS = 60_000;
const DEFAULT_PAUSE_MARGIN_MS = 60_000;
const DEFAULT_PAGE_SIZE = 250;
/** Processed texts read at once while filling a page. */
const READ_CONCURRENCY = 16;

/**
 * Blue/green re-indexing from the metadata table and the processed text (docs/reliability.md):
 *
 * 1. take the lock (a lease in the table's control row; a dead holder's lease expires);
 * 2. resume the checkpoint, or create a new generation and start one;
 * 3. page through the table into the new generation, saving the checkpoint after every page; pause
 *    when the invocation's time runs short (the next invocation resumes);
 * 4. verify that the generation holds as many documents as were written, then activate it in one
 *    atomic step (searches and pipeline writes move to it; the replaced one is kept for rollback);
 * 5. replay every row changed since the run started: pipeline writes during the build went to the old
 *    generation, so they are applied again to the new one.
 */
export function createReindexService(deps: ReindexDependencies): ReindexService {
  const clock = deps.clock ?? systemClock;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const skewMs = deps.clockSkewMs ?? DEFAULT_SKEW_MS;
  const indexer = createIndexService({ objects: deps.objects, metadata: deps.metadata, index: deps.index, processedBucket: deps.processedBucket });

  async function startOrResume(run: LeasedJob<ReindexCheckpoint>): Promise<ReindexCheckpoint> {
    const { checkpoint } = await deps.state.read();
    if (checkpoint && (await deps.index.hasGeneration(checkpoint.target))) return { ...checkpoint, invocations: checkpoint.invocations + 1 };
    const target = await deps.index.createGeneration();
    const fresh: ReindexCheckpoint = { runId: randomUUID(), target, startedAt: clock.now().toISOString(), cursor: null, scanComplete: false, scanned: 0, indexed: 0, missingText: 0, invocations: 1 };
    await run.save(fresh);
    return fresh;
  }

  async function documentsOf(records: Awaited<ReturnType<MetadataStore['scanPage']>>['items']): Promise<{ docs: IndexDocument[]; missing: number }> {
    const processed = records.filter((r) => r.status === 'PROCESSED' && r.processedKey);
    const docs: IndexDocument[] = [];
    let missing = 0;
    for (let at = 0; at < processed.length; at += READ_CONCURRENCY) {
      const texts = await Promise.all(processed.slice(at, at + READ_CONCURRENCY).map((r) => readProcessed(deps.objects, deps.processedBucket, r.processedKey ?? '')));
      texts.forEach((text, i) => {
        const record = processed[at + i];
        if (!record) return;
        if (text) docs.push(toIndexDocument(record, text));
        else missing++;
      });
    }
    return { docs, missing };
  }

  /**
   * Applies the current state of every row changed since `since` to the active generation, then checks
   * each one and applies it once more where a concurrent pipeline write raced the replay.
   */
  async function replaySince(since: string | undefined): Promise<number> {
    const ids: string[] = [];
    for await (const page of deps.metadata.scan(since ? { changedSince: since } : {})) {
      for (const row of page) {
        const current = await deps.metadata.get(row.id);
        await indexer.apply({ id: row.id, newRecord: current });
        ids.push(row.id);
      }
    }
    for (const id of ids) {
      const current = await deps.metadata.get(id);
      const indexed = await deps.index.indexedVersion(id);
      const expected = current?.status === 'PROCESSED' ? current.etag : undefined;
      if ((indexed?.etag ?? undefined) !== expected) await indexer.apply({ id, newRecord: current });
    }
    return ids.length;
  }

  const minus = (iso: string, ms: number): string => new Date(Date.parse(iso) - ms).toISOString();

  return {
    async run(options = {}) {
      return withLease('Re-index', deps.state, { owner: options.owner ?? randomUUID(), leaseMs }, async (run) => {
        const counts = (c: ReindexCheckpoint): Counts => ({ runId: c.runId, target: c.target, scanned: c.scanned, indexed: c.indexed, missingText: c.missingText, invocations: c.invocations });
        const scan = await scanPages(await startOrResume(run), {
          metadata: deps.metadata,
          pageSize: deps.pageSize ?? DEFAULT_PAGE_SIZE,
          run,
          timeLeftMs: options.timeLeftMs ?? (() => Number.POSITIVE_INFINITY),
          pauseMarginMs: options.pauseMarginMs ?? DEFAULT_PAUSE_MARGIN_MS,
          onProgress: options.onProgress,
          page: async (rows, c) => {
            const { docs, missing } = await documentsOf(rows);
            await deps.index.writeGeneration(c.target, docs);
            return { ...c, indexed: c.indexed + docs.length, missingText: c.missingText + missing };
          },
        });
        const { checkpoint } = scan;
        if (scan.paused) return { outcome: 'paused' as const, ...counts(checkpoint) };
        // Already active: a previous run switched and stopped before clearing its checkpoint.
        const alreadyActive = (await deps.index.generations()).active === checkpoint.target;
        // Merged once the scan has filled it, while nothing searches it yet (never in activate, which
        // the local stack's searches wait on).
        if (!alreadyActive) await deps.index.sealGeneration?.(checkpoint.target);
        const found = alreadyActive ? checkpoint.indexed : await deps.index.countGeneration(checkpoint.target);
        if (found !== checkpoint.indexed) {
          await run.save(undefined);
          await deps.index.dropGeneration(checkpoint.target);
          throw new ReindexVerificationError(checkpoint.target, checkpoint.indexed, found);
        }
        const { previous } = alreadyActive ? await deps.index.generations() : await deps.index.activate(checkpoint.target);
        await run.save(undefined);
        if (!(await deps.state.recordSwitch(run.owner, { active: checkpoint.target, previous, at: clock.now().toISOString() }))) throw new JobLockLostError('Re-index', run.owner);
        const replayed = await replaySince(minus(checkpoint.startedAt, skewMs));
        return { outcome: 'completed' as const, ...counts(checkpoint), previous, replayed };
      });
    },

    async rollback(options = {}) {
      return withLease('Re-index', deps.state, { owner: options.owner ?? randomUUID(), leaseMs }, async (run) => {
        const { lastSwitch } = await deps.state.read();
        const { active, previous } = await deps.index.rollback();
        if (!(await deps.state.recordSwitch(run.owner, { active, previous, at: clock.now().toISOString() }))) throw new JobLockLostError('Re-index', run.owner);
        // The generation now active stopped receiving writes at the last switch: replay what it missed.
        const replayed = await replaySince(lastSwitch ? minus(lastSwitch.at, skewMs) : undefined);
        return { outcome: 'rolled-back' as const, active, previous, replayed };
      });
    },
  };
}
