// A worker for test/unit/worker-entry.test.ts: TypeScript-only syntax, so it runs only through a loader.
import { parentPort, workerData } from 'node:worker_threads';

const greeting: string = `echo: ${workerData as string}`;
parentPort?.postMessage(greeting satisfies string);
