/**
 * Preloaded into `docpipe process` by a test (NODE_OPTIONS=--require, which worker threads also run):
 * a worker thread dies (exit code 70) when it formats the line of a file whose path contains
 * DOCPIPE_TEST_WORKER_DIES_ON, as if the processing code had crashed it: on a file it processes whole,
 * or on one the main thread read and cleaned for it (the two threads of `--concurrency 2` split the
 * stages). The main thread reads the same files (or those whose path contains
 * DOCPIPE_TEST_MAIN_READ_PAUSE_ON), each DOCPIPE_TEST_MAIN_READ_PAUSE_MS late, so the workers have
 * started and taken files of their own before it is done (or a run lasts long enough to interrupt).
 * With DOCPIPE_TEST_WORKER_CANNOT_START set, every worker thread throws as it starts.
 */
const { isMainThread } = require('node:worker_threads');
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');

const marker = process.env.DOCPIPE_TEST_WORKER_DIES_ON;
// The files the main thread reads late: those the workers die on, or DOCPIPE_TEST_MAIN_READ_PAUSE_ON's.
const pauseOn = process.env.DOCPIPE_TEST_MAIN_READ_PAUSE_ON ?? marker;
const pauseMs = Number(process.env.DOCPIPE_TEST_MAIN_READ_PAUSE_MS ?? 0);
if (pauseOn && isMainThread && pauseMs > 0) {
  const read = fs.readFileSync;
  fs.readFileSync = function readFileSync(path, ...rest) {
    if (typeof path === 'string' && path.includes(pauseOn)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    return read.call(this, path, ...rest);
  };
  // The compiled CLI imports readFileSync by name from node:fs.
  syncBuiltinESMExports();
}
if (process.env.DOCPIPE_TEST_WORKER_CANNOT_START && !isMainThread) throw new Error('this worker thread cannot start (test)');
if (marker && !isMainThread) {
  // A file's line is `JSON.stringify({ file, ...document })` (bin/process-files.ts).
  const stringify = JSON.stringify;
  JSON.stringify = function (value, ...rest) {
    if (typeof value?.file === 'string' && value.file.includes(marker) && !('error' in value)) process.exit(70);
    return stringify.call(this, value, ...rest);
  };
}
