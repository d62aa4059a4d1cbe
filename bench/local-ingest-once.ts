/**
 * One end-to-end local ingest run, without the rest of `npm run bench`: N documents PUT into a fresh
 * local stack, timed until searchable; prints documents per second and CPU milliseconds per document
 * by thread (the pipeline's, the storage servers', everything else: processing workers, libuv's pool,
 * GC). With `--stages`, also the stages one at a time.
 *
 *   node --import tsx bench/local-ingest-once.ts [documents=1000] [--stages]
 */
import { ingestThroughput, stageCosts } from './local-ingest.ts';

const args = process.argv.slice(2);
const documents = Number(args.find((a) => /^\d+$/.test(a)) ?? 1000);
const run = await ingestThroughput(documents, 7, { maxSeconds: 300 });
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
if (args.includes('--stages')) {
  for (const stage of await stageCosts(Math.min(documents, 300), 21)) process.stdout.write(`${JSON.stringify(stage)}\n`);
}
