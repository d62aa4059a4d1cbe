// Worker threads do not inherit the parent's `--import tsx` on Node 20: register it, then load the
// TypeScript module start-worker.ts names in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
