import { RAW_BUCKET } from '../../local/local-clients.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { documentId } from '../../shared/domain/ids.ts';
import { withTable } from '../stack-session.ts';
import { upload } from '../uploads.ts';

/** `docpipe show`: print the metadata row of a document (by key in the bucket, or by id) as JSON. */
export async function run(keyOrId: string, opts: { data: string }): Promise<void> {
  await withTable(opts.data, async (table) => {
    const record = (await table.get(documentId(RAW_BUCKET, keyOrId))) ?? (/^[0-9a-f]{32}$/.test(keyOrId) ? await table.get(keyOrId) : undefined);
    if (!record) throw new NotFoundError(`No document ${keyOrId} in ${opts.data}: check the key with \`docpipe docs\`, or upload it with \`docpipe put\`.`);
    process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  });
}
