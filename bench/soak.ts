/**
 * `npm run soak`: the pipeline under injected faults, then a count of what was lost or duplicated.
 *
 * Documents, overwrites, deletes and the hostile-input corpus arrive through the S3 protocol while the
 * search engine goes down and comes back several times and a re-index runs; then every S3 event is
 * delivered twice more, shuffled. The table and the index are compared with the bucket. Exit code 1
 * when anything was lost, duplicated or dead-lettered. Stops by itself: a watchdog ends it at 5 minutes.
 *
 *   npm run soak                      # 2,000 documents, 5 outages of 2 s
 *   npm run soak -- --documents 500   # quicker
 */
import { parseArgs } from 'node:util';
import { runFaultScenario } from '../test/support/fault-scenario.ts';

const { values } = parseArgs({ options: { documents: { type: 'string', default: '2000' }, outages: { type: 'string', default: '5' }, 'outage-ms': { type: 'string', default: '2000' } } });
const documents = Number(values.documents);
const outages = Number(values.outages);
const outageMs = Number(values['outage-ms']);
if (![documents, outages, outageMs].every((n) => Number.isInteger(n) && n >= 0) || documents === 0) {
  process.stderr.write('--documents must be a positive whole number; --outages and --outage-ms whole numbers.\n');
  process.exit(2);
}

const LIMIT_MS = 5 * 60_000 - 5_000;
const watchdog = setTimeout(() => {
  process.stderr.write(`soak: not finished after ${LIMIT_MS / 1000} s; stopping (fewer --documents finish sooner).\n`);
  process.exit(1);
}, LIMIT_MS);
watchdog.unref();

const started = Date.now();
const log = (line: string): void => void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
log(`soak: ${documents} documents, ${outages} search-engine outages of ${outageMs} ms, hostile inputs, a re-index during the run, every event redelivered twice`);
const report = await runFaultScenario({ documents, outages, outageMs, redeliver: true, hostile: true, reindexDuringRun: true, seed: 2026, log });

const rows: Array<[string, string | number]> = [
  ['documents', report.documents],
  ['PUTs (incl. overwrites, hostile inputs)', report.puts],
  ['overwrites', report.overwrites],
  ['deletes', report.deletes],
  ['hostile inputs', report.hostileInputs],
  ['faults: search-engine outages', report.faults.outages],
  ['faults: index calls refused during outages', report.faults.refusedIndexCalls],
  ['faults: S3 events redelivered (duplicate, out of order)', report.faults.redeliveredEvents],
  ['faults: re-index during the run', report.faults.reindexDuringRun ? 'yes' : 'no'],
  ['objects in the bucket at the end', report.bucketObjects],
  ['processed and searchable', report.processed],
  ['failed with a reason', report.failed],
  ['lost', report.lost],
  ['duplicated', report.duplicated],
  ['dead letters', report.deadLetters],
  ['seconds', report.seconds],
];
const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
const ok = report.lost === 0 && report.duplicated === 0 && report.deadLetters === 0;
process.stdout.write(ok ? '\nOK: nothing lost, nothing duplicated.\n' : '\nFAILED: see lost / duplicated / dead letters above.\n');
process.exit(ok ? 0 : 1);
