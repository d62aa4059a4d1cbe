import { RAW_BUCKET } from '../../local/local-clients.ts';
import { withStack } from '../stack-session.ts';
import { collectFiles, reportSettled, upload } from '../uploads.ts';

/** `docpipe put`: upload files to the local bucket (they are processed and indexed within seconds). */
export async function run(paths: string[], opts: { data: string; prefix: string }): Promise<void> {
  await withStack(opts.data, async (client, embedded) => {
    const uploaded = await upload(client, collectFiles(paths), opts.prefix);
    for (const u of uploaded) process.stdout.write(`s3://${RAW_BUCKET}/${u.key}\n`);
    // An in-process stack stops when this command ends: wait so the files are not left unprocessed.
    if (embedded) await reportSettled(client, uploaded, 'Processing');
  });
}
