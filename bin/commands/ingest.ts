import { withStack } from '../stack-session.ts';
import { collectFiles, reportSettled, upload } from '../uploads.ts';

/** `docpipe ingest`: upload files and wait until each is searchable (or failed); exit 1 if any failed. */
export async function run(paths: string[], opts: { data: string; prefix: string; timeout: number }): Promise<void> {
  await withStack(opts.data, async (client) => {
    const uploaded = await upload(client, collectFiles(paths), opts.prefix);
    await reportSettled(client, uploaded, 'Ingesting', opts.timeout * 1000);
  });
}
