/**
 * Worker threads that start the same way from the compiled build (dist/) and from the TypeScript
 * sources (tests and scripts under tsx).
 *
 * Convention: a worker's module is a file named `<name>-worker.ts` (under bin/, local/ or shared/;
 * names unique). The build (bin/build.mjs) makes each one an entry point, `dist/<name>-worker.js`,
 * beside every other compiled module. Callers name the TypeScript file next to them:
 *
 *   const worker = startWorker(new URL('./storage-servers-worker.ts', import.meta.url), { workerData });
 *
 * From dist/ that runs `dist/storage-servers-worker.js`, plain JavaScript, no loader. From sources it
 * runs the `.ts` file through tsx, registered inside the new thread (worker threads do not inherit the
 * parent's `--import tsx` on Node 20); tsx is a devDependency and is only looked up in that case.
 */
import { basename } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Whether this code runs from TypeScript sources (under tsx) rather than from the compiled dist/. */
export const RUNNING_FROM_SOURCES = new URL(import.meta.url).pathname.endsWith('.ts');

/** The module a worker runs: `source` itself from sources, `dist/<name>-worker.js` from the build. */
export function workerModuleUrl(source: URL): URL {
  const file = basename(source.pathname);
  if (!file.endsWith('-worker.ts')) throw new Error(`Worker modules are named <name>-worker.ts so the build compiles them to dist/; got ${source.href}.`);
  return RUNNING_FROM_SOURCES ? source : new URL(`./${file.replace(/\.ts$/, '.js')}`, import.meta.url);
}

/**
 * Starts the worker thread whose module is `source` (a `<name>-worker.ts` URL, relative to the
 * caller's `import.meta.url`). `execArgv` defaults to none: the parent's flags (e.g. `--input-type`
 * of a `node -e` parent) can fail a worker.
 */
export function startWorker(source: URL, options: WorkerOptions = {}): Worker {
  const module = workerModuleUrl(source);
  if (!RUNNING_FROM_SOURCES) return new Worker(module, { execArgv: [], ...options });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); });`;
  return new Worker(bootstrap, { execArgv: [], ...options, eval: true });
}
