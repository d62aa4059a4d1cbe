import type { ReindexResult } from '../../functions/reindex/reindex-handler.ts';
import { withStack } from '../stack-session.ts';

/** `docpipe reindex`: rebuild the search index from the table and processed text into a new generation, verify it, switch to it (keeping the old one), then reconcile. */
export async function run(opts: { data: string; rollback?: boolean; json?: boolean }): Promise<void> {
  await withStack(opts.data, async (client) => {
    const report = await client.reindex({ rollback: opts.rollback === true });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    process.stdout.write(`${describeReindex(report)}\n`);
  });
}

function describeReindex(report: ReindexResult): string {
  switch (report.outcome) {
    case 'completed':
      return [
        `Re-indexed ${report.indexed} of ${report.scanned} rows into generation ${report.target}${report.previous ? ` (previous ${report.previous} kept for \`docpipe reindex --rollback\`)` : ''}.`,
        ...(report.replayed ? [`${report.replayed} row(s) changed during the build were applied to it.`] : []),
        ...(report.missingText ? [`${report.missingText} processed row(s) had no processed text: run \`docpipe reconcile\`.`] : []),
      ].join('\n');
    case 'paused':
      return `Re-index paused at a checkpoint after ${report.scanned} rows; run it again to continue.`;
    case 'locked':
      return `Another re-index holds the lock (until ${report.lockExpiresAt ?? '?'}); nothing done.`;
    case 'rolled-back':
      return `Rolled back: generation ${report.active} serves searches again (${report.previous} kept); ${report.replayed} row(s) changed since the switch re-applied.`;
    case 'reconciled':
      return 'Reconciled.';
  }
}
