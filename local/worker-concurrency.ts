import { cpus } from 'node:os';

/** Sets how many worker threads process documents (`docpipe process`, the local stack's ingest). */
export const WORKERS_ENV = 'DOCPIPE_WORKERS';

/** Thrown at start-up for a worker count that is not a whole number from 1. */
export class InvalidWorkerCountError extends Error {
  override readonly name = 'InvalidWorkerCountError';
  constructor(source: string, value: string) {
    super(`${source} must be a whole number of worker threads from 1 (1 processes on the main thread); got "${value}".`);
  }
}

/** A worker count as typed (`--concurrency`, DOCPIPE_WORKERS), checked. */
export function parseWorkerCount(value: string, source = '--concurrency'): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new InvalidWorkerCountError(source, value);
  return n;
}

/** Worker threads by default: DOCPIPE_WORKERS when set, else one per core. */
export function defaultWorkerCount(env: NodeJS.ProcessEnv = process.env): number {
  const set = env[WORKERS_ENV];
  return set === undefined || set === '' ? Math.max(1, cpus().length) : parseWorkerCount(set, WORKERS_ENV);
}
