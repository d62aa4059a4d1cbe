import { withStack } from '../stack-session.ts';

/** `docpipe reconcile`: compare bucket, table and index; queue what is missing or stale, remove index orphans; print what it fixed. */
export async function run(opts: { data: string; json?: boolean }): Promise<void> {
  await withStack(opts.data, async (client) => {
    const report = await client.reconcile();
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    process.stdout.write([
      `${report.queuedCreates} object(s) without a current row: queued for ingest`,
      `${report.queuedRemoves} row(s) without an object: queued for removal`,
      `${report.queuedIndexUpdates} processed row(s) missing from the index or stale there: re-indexing`,
      `${report.removedIndexOrphans} index entr${report.removedIndexOrphans === 1 ? 'y' : 'ies'} without a processed row: removed`,
    ].join('\n') + '\n');
  });
}
