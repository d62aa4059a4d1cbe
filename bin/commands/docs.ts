import { InvalidArgumentError } from 'commander';
import { withTable } from '../stack-session.ts';

/** `docpipe docs`: list documents from the metadata table: by source (newest first) or by status (failed ones to retry). */
export async function run(opts: { data: string; source?: string; status?: 'FAILED' | 'DELETED'; oldest?: boolean; limit: string; cursor?: string; json?: boolean }): Promise<void> {
  if (!opts.source === !opts.status) throw new InvalidArgumentError('give exactly one of --source <name> or --status FAILED|DELETED.');
  await withTable(opts.data, async (table) => {
    const request = { limit: Number(opts.limit), ...(opts.cursor ? { cursor: opts.cursor } : {}) };
    const page = opts.source
      ? await table.listBySource(opts.source, { ...request, order: opts.oldest ? 'oldest' : 'newest' })
      : await table.listByStatus(opts.status ?? 'FAILED', request);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(page)}\n`);
      return;
    }
    for (const d of page.items) {
      const detail = d.error ? `${d.error.code}: ${d.error.message}` : `${d.published ?? 'undated'}  ${d.title ?? ''}`;
      process.stdout.write(`${d.key}  ${d.status}  ${detail}\n`);
    }
    if (page.items.length === 0) process.stdout.write('No documents.\n');
    if (page.nextCursor) process.stdout.write(`\nMore: --cursor ${page.nextCursor}\n`);
  });
}
