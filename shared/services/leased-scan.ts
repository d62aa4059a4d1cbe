import type { DocumentRecord } from '../domain/types.ts';
import type { JobStateStore, MetadataStore, ScanCheckpoint } from '../ports.ts';

/** Another run holds the job's lock; nothing was done. */
export interface LockedReport {
  outcome: 'locked';
  lockOwner: string | undefined;
  lockExpiresAt: string | undefined;
}

/** The job's lock was taken over by another run (this one stalled past its lease). */
export class JobLockLostError extends Error {
  constructor(readonly job: string, owner: string) {
    super(`${job} run ${owner} lost its lock (it stalled longer than the lease); the run that took over continues from the checkpoint.`);
    this.name = 'JobLockLostError';
  }
}

/** What a run of a leased job does with its store and owner. */
export interface LeasedJob<C extends ScanCheckpoint> {
  owner: string;
  /** Saves (or clears) the checkpoint and extends the lease; throws JobLockLostError when the lock was lost. */
  save(checkpoint: C | undefined): Promise<void>;
}

/**
 * Runs `work` holding the job's lock (a lease in its control row), and releases it afterwards whatever
 * happens; reports `locked` without running when another owner's lease is live.
 */
export async function withLease<C extends ScanCheckpoint, R>(
  job: string,
  state: JobStateStore<C>,
  options: { owner: string; leaseMs: number },
  work: (run: LeasedJob<C>) => Promise<R>,
): Promise<R | LockedReport> {
  const { owner, leaseMs } = options;
  if (!(await state.acquire(owner, leaseMs))) {
    const held = await state.read();
    return { outcome: 'locked', lockOwner: held.lockOwner, lockExpiresAt: held.lockExpiresAt };
  }
  try {
    return await work({
      owner,
      save: async (checkpoint) => {
        if (!(await state.saveCheckpoint(owner, checkpoint, leaseMs))) throw new JobLockLostError(job, owner);
      },
    });
  } finally {
    await state.release(owner);
  }
}

export interface ScanPagesOptions<C extends ScanCheckpoint> {
  metadata: Pick<MetadataStore, 'scanPage'>;
  pageSize: number;
  run: LeasedJob<C>;
  /** Time left in this invocation; the scan saves and pauses when less than `pauseMarginMs` is left. */
  timeLeftMs: () => number;
  pauseMarginMs: number;
  /** Does the job's work on one page of rows and returns the checkpoint with the job's counts moved on. */
  page: (rows: DocumentRecord[], checkpoint: C) => Promise<C>;
  /** After every page: the checkpoint just saved. */
  onProgress?: ((checkpoint: C) => void) | undefined;
}

/**
 * Pages through the table from the checkpoint's cursor, doing the job's work on each page and saving
 * the checkpoint (and the lease) after it. A page is redone after a crash between its work and its
 * checkpoint, so a job's page work must be idempotent.
 */
export async function scanPages<C extends ScanCheckpoint>(from: C, options: ScanPagesOptions<C>): Promise<{ checkpoint: C; paused: boolean }> {
  let checkpoint = from;
  while (!checkpoint.scanComplete) {
    if (options.timeLeftMs() < options.pauseMarginMs) {
      await options.run.save(checkpoint);
      return { checkpoint, paused: true };
    }
    const page = await options.metadata.scanPage(checkpoint.cursor ?? undefined, options.pageSize);
    const worked = await options.page(page.items, checkpoint);
    checkpoint = { ...worked, cursor: page.nextCursor ?? null, scanComplete: !page.nextCursor, scanned: checkpoint.scanned + page.items.length };
    await options.run.save(checkpoint);
    options.onProgress?.(checkpoint);
  }
  return { checkpoint, paused: false };
}
