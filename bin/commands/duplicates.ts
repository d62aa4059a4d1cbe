import { RAW_BUCKET } from '../../local/local-clients.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { documentId } from '../../shared/domain/ids.ts';
import { withTable } from '../stack-session.ts';

/** `docpipe duplicates`: documents with the same text (same content hash) or nearly the same (SimHash within 3 bits) as this one. */
export async function run(keyOrId: string, opts: { data: string; json?: boolean }): Promise<void> {
  await withTable(opts.data, async (table) => {
    const record = (await table.get(documentId(RAW_BUCKET, keyOrId))) ?? (await table.get(keyOrId));
    if (!record || record.status !== 'PROCESSED') throw new NotFoundError(`No processed document ${keyOrId} in ${opts.data}.`);
    const exact = record.contentHash ? await table.findByContentHash(record.contentHash) : [];
    const near = record.fingerprint ? await table.findNearDuplicates(record.fingerprint) : [];
    const found = new Map<string, { id: string; key: string; kind: 'exact' | 'near'; distance: number }>();
    for (const d of exact) if (d.id !== record.id) found.set(d.id, { id: d.id, key: d.key, kind: 'exact', distance: 0 });
    for (const d of near) if (d.id !== record.id && !found.has(d.id)) found.set(d.id, { id: d.id, key: d.key, kind: 'near', distance: d.distance });
    const list = [...found.values()];
    if (opts.json) process.stdout.write(`${JSON.stringify(list)}\n`);
    else if (list.length === 0) process.stdout.write(`No duplicates of ${record.key}.\n`);
    else for (const d of list) process.stdout.write(`${d.key}  ${d.kind}${d.kind === 'near' ? ` (${d.distance} bits apart)` : ''}\n`);
  });
}
