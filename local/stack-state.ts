import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpRequest } from './http-request.ts';

/** What a running stack records in its data folder so other docpipe commands can find it. */
export interface StackState {
  pid: number;
  startedAt: string;
  endpoints: { http: string; s3: string; dynamodb: string };
}

const FILE = 'stack.json';

export function writeStackState(dataDir: string, state: StackState): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, FILE), JSON.stringify(state, null, 2));
}

export function clearStackState(dataDir: string, pid: number): void {
  const state = readStackState(dataDir);
  if (state?.pid === pid) rmSync(join(dataDir, FILE), { force: true });
}

export function readStackState(dataDir: string): StackState | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

/** The running stack for this folder, if its process is alive and its HTTP endpoint answers. */
export async function findRunningStack(dataDir: string): Promise<StackState | undefined> {
  const state = readStackState(dataDir);
  if (!state) return undefined;
  try {
    process.kill(state.pid, 0);
  } catch {
    return undefined;
  }
  try {
    const res = await httpRequest(`${state.endpoints.http}/health`, { timeoutMs: 2000 });
    return res.ok ? state : undefined;
  } catch {
    return undefined;
  }
}
