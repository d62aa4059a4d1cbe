/**
 * A worker for the worker pool's tests: echoes a task, throws a named error, or dies (an uncaught
 * error, or `process.exit`) as asked; with `failStart` in its data it dies before serving anything.
 */
import { workerData } from 'node:worker_threads';
import { serveTasks } from '../../local/worker-pool.ts';

export type PoolTestTask = { echo: string } | { throwNamed: string } | { crash: 'throw' | 'exit' } | { slow: string; ms: number };

if ((workerData as { failStart?: boolean } | undefined)?.failStart) throw new Error('cannot load');

class ExampleError extends Error {
  override readonly name = 'ExampleError';
  readonly code = 'CORRUPT_DOCUMENT';
  readonly permanent = true;
}

serveTasks<PoolTestTask, string>(async (task) => {
  if ('echo' in task) return `${task.echo} from ${process.pid}`;
  if ('throwNamed' in task) throw new ExampleError(task.throwNamed);
  if ('slow' in task) {
    await new Promise((r) => setTimeout(r, task.ms));
    return task.slow;
  }
  if (task.crash === 'exit') process.exit(3);
  // Thrown outside the task's promise: an uncaught exception ends the worker.
  setImmediate(() => {
    throw new Error('worker blew up');
  });
  return new Promise<string>(() => undefined);
});
