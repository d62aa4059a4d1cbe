/**
 * The compiled CLI, as `npx docpipe` runs it: `dist/docpipe.js`. Tests that spawn the CLI use it, so
 * they exercise the package build rather than the TypeScript sources. `npm test` builds first
 * (`pretest`); a test file run alone builds here when dist/ is missing or older than the sources.
 */
import { join } from 'node:path';
import { buildDist, isStale } from '../../bin/build.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const DOCPIPE_BIN = join(ROOT, 'dist/docpipe.js');

if (isStale()) await buildDist();
