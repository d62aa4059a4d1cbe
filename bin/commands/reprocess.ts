import { SingleBar } from 'cli-progress';
import type { ReprocessResult } from '../../functions/reindex/reindex-handler.ts';
import { StackClient } from '../../local/stack-client.ts';
import { withStack } from '../stack-session.ts';
import { upload } from '../uploads.ts';

/** `docpipe reprocess`: after an upgrade: process again every stored document an older pipeline version made (resumable, locked); uploads and deletes meanwhile win. */
export async function run(opts: { data: string; json?: boolean }): Promise<void> {
  await withStack(opts.data, async (client) => {
    const report = await withReprocessProgress(client, () => client.reprocess());
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    process.stdout.write(`${describeReprocess(report)}\n`);
    if (report.outcome !== 'locked' && report.failed > 0) process.stdout.write(`${report.failed} document(s) failed under ${report.pipelineVersion}: \`docpipe docs --status FAILED\` lists them with the reason.\n`);
  });
}

/** Runs the reprocess while polling its checkpoint for a progress bar (a terminal) or a line per page (otherwise). */
async function withReprocessProgress(client: StackClient, run: () => Promise<ReprocessResult>): Promise<ReprocessResult> {
  const tty = process.stderr.isTTY === true;
  const { rows = 0 } = await client.reprocessProgress({ countRows: true });
  const bar = tty ? new SingleBar({ format: 'Reprocessing [{bar}] {value}/{total} rows | {reprocessed} reprocessed, {skippedCurrent} current, {failed} failed', stream: process.stderr, hideCursor: true }) : undefined;
  bar?.start(rows, 0, { reprocessed: 0, skippedCurrent: 0, failed: 0 });
  let done = false;
  let lastScanned = -1;
  const poller = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 250));
      const { checkpoint } = await client.reprocessProgress().catch(() => ({ checkpoint: null }));
      if (!checkpoint || checkpoint.scanned === lastScanned) continue;
      lastScanned = checkpoint.scanned;
      bar?.setTotal(Math.max(rows, checkpoint.scanned));
      bar?.update(checkpoint.scanned, { reprocessed: checkpoint.reprocessed, skippedCurrent: checkpoint.skippedCurrent, failed: checkpoint.failed });
      if (!tty) process.stderr.write(`Reprocessing: ${checkpoint.scanned}/${rows} rows, ${checkpoint.reprocessed} reprocessed\n`);
    }
  })();
  try {
    const report = await run();
    if (report.outcome !== 'locked') bar?.update(report.scanned, { reprocessed: report.reprocessed, skippedCurrent: report.skippedCurrent, failed: report.failed });
    return report;
  } finally {
    done = true;
    await poller;
    bar?.stop();
  }
}

function describeReprocess(report: ReprocessResult): string {
  switch (report.outcome) {
    case 'locked':
      return `Another reprocess holds the lock (until ${report.lockExpiresAt ?? '?'}); nothing done.`;
    case 'paused':
      return `Reprocess paused at a checkpoint after ${report.scanned} rows; run it again to continue.`;
    case 'completed':
      return [
        `Reprocessed to pipeline ${report.pipelineVersion}: scanned ${report.scanned} rows, reprocessed ${report.reprocessed}, skipped ${report.skippedCurrent} current, failed ${report.failed}.`,
        ...(report.skippedDeleted ? [`${report.skippedDeleted} deleted key(s) left deleted.`] : []),
        ...(report.superseded ? [`${report.superseded} changed meanwhile (a newer upload or a delete won; its own event applies the current pipeline).`] : []),
        ...(report.queued ? [`${report.queued} handed to the ingest queue.`] : []),
        ...(report.invocations > 1 ? [`Resumed from a checkpoint (run ${report.invocations} of it).`] : []),
      ].join('\n');
  }
}
