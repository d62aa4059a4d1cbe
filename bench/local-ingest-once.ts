/**
 * End-to-end local ingest runs, without the rest of `npm run bench`: N documents PUT into a fresh
 * local stack, timed until searchable; prints documents per second and CPU milliseconds per document
 * by thread (the pipeline's, the storage servers', everything else: processing workers, libuv's pool,
 * GC), one line per run. `--runs R` runs R times in this one process, as `npm run bench` does (each
 * run's folder is removed at exit: see bench/local-ingest.ts). With `--stages`, also the stages one
 * at a time.
 *
 *   node --import tsx bench/local-ingest-once.ts [documents=1000] [--runs R] [--stages]
 */
import { ingestThroughput, stageCosts } from './local-ingest.ts';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 1 : Number(args[runsAt + 1]);
if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number from 1; got ${args[runsAt + 1] ?? 'nothing'}.`);
const documents = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs') ?? 1000);
for (let seed = 7; seed < 7 + runs; seed++) {
  const run = await ingestThroughput(documents, seed, { maxSeconds: 300 });
  const other = run.pipelineThreadCpuMsPerDocument === null || run.storageThreadCpuMsPerDocument === null
    ? null
    : Number((run.cpuMsPerDocument - run.pipelineThreadCpuMsPerDocument - run.storageThreadCpuMsPerDocument).toFixed(1));
  process.stdout.write(`${JSON.stringify({
    documents: run.documents,
    complete: run.complete,
    searchable: run.searchable,
    failed: run.failed,
    docsPerSec: run.docsPerSec,
    seconds: run.seconds,
    uploadSeconds: run.uploadSeconds,
    ingestDrainedSeconds: run.ingestDrainedSeconds,
    cpuMsPerDocument: { all: run.cpuMsPerDocument, pipeline: run.pipelineThreadCpuMsPerDocument, storage: run.storageThreadCpuMsPerDocument, other },
    requestsPerDocument: run.requestsPerDocument,
  })}\n`);
}
if (args.includes('--stages')) {
  for (const stage of await stageCosts(Math.min(documents, 300), 21)) process.stdout.write(`${JSON.stringify(stage)}\n`);
}
