/**
 * `processDocument` for the CLI's `process` command and the processing workers, loaded with V8's code
 * cache when running from the build.
 *
 * Node 20 compiles ES modules afresh in every process and thread. The build (bin/build.mjs) therefore
 * also compiles the processing code as one CommonJS-style script, `dist/processing.cjs`, and records
 * V8's code cache for it after processing a sample (`dist/processing.cjs.cache`). Here the script is
 * compiled with that cache: V8 checks it against the source, its own version and flags, and rejects a
 * stale or damaged one, which costs only the compile it would have saved. Without the script (running
 * from sources under tsx) the ES module is imported as usual. The output is the same either way.
 *
 * The script shares `shared/domain/errors.ts` with the ES modules (the loader hands it the module
 * already loaded), so an error class is one class wherever it is thrown or tested; its PDF, DOCX and
 * DOC decoders are the build's ES modules, imported on first use as before (through a function passed
 * in: see below).
 */
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type { describeDocument as DescribeDocument, processDocument as ProcessDocument, readDocument as ReadDocument } from '../shared/domain/process-document.ts';
import { RUNNING_FROM_SOURCES } from '../shared/worker-entry.ts';

/** The specifier under which the script asks for the errors module (bin/build.mjs writes it). */
export const SHARED_ERRORS_SPECIFIER = 'docpipe:shared-errors';
/** Set by the build while it runs a sample through the script: write the code cache at exit. */
export const WRITE_CODE_CACHE_ENV = 'DOCPIPE_WRITE_CODE_CACHE';

type ProcessingModule = { processDocument: typeof ProcessDocument; readDocument: typeof ReadDocument; describeDocument: typeof DescribeDocument };

let loaded: Promise<ProcessingModule> | undefined;

/** The processing module: from the compiled script with its code cache in dist/, else the ES module. */
export function loadProcessing(): Promise<ProcessingModule> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<ProcessingModule> {
  const script = new URL('./processing.cjs', import.meta.url);
  // import.meta.url names dist/ only in the build; from sources this file sits in local/.
  if (RUNNING_FROM_SOURCES || !existsSync(script)) return import('../shared/domain/process-document.ts');
  return loadBuiltProcessing(new URL('./', import.meta.url));
}

/**
 * The build's processing script in `dist` (a directory URL), whatever this process runs from: the
 * benchmark measures the code the CLI, its workers and the Lambda bundles run, not the sources under
 * tsx. Throws when that build has no processing script.
 */
export async function loadBuiltProcessing(dist: URL): Promise<ProcessingModule> {
  const errors: unknown = await import(new URL('processing-errors.js', dist).href);
  return runScript(fileURLToPath(new URL('processing.cjs', dist)), errors);
}

function runScript(file: string, errors: unknown): ProcessingModule {
  const cacheFile = `${file}.cache`;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // no cache: compiled as any script
  }
  const source = `(function (exports, require, module, __filename, __dirname, __docpipeImport) {${readFileSync(file, 'utf8')}\n})`;
  const compiled = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  // The decoders are the build's ES modules beside the script. A script compiled from the code cache
  // has no import() of its own on Node 20, so the build made its three import() calls call this.
  const importBesideScript = (specifier: string): Promise<unknown> => import(new URL(specifier, pathToFileURL(file)).href);
  const requireFromDist = createRequire(file);
  const requireShared = (id: string): unknown => (id === SHARED_ERRORS_SPECIFIER ? errors : requireFromDist(id));
  const module = { exports: {} as ProcessingModule };
  (compiled.runInThisContext() as (...args: unknown[]) => void)(module.exports, requireShared, module, file, dirname(file), importBesideScript);
  if (process.env[WRITE_CODE_CACHE_ENV] === '1') {
    // After the sample has run, the cache also holds the functions it compiled on the way.
    process.once('exit', () => {
      writeFileSync(`${cacheFile}.tmp`, compiled.createCachedData());
      renameSync(`${cacheFile}.tmp`, cacheFile);
    });
  }
  return module.exports;
}
