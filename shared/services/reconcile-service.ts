import type { DocumentRecord } from '../domain/types.ts';
import { notificationBody } from '../events/s3-notification.ts';
import type { MessageQueue, MetadataStore, ObjectStore, SearchIndex } from '../ports.ts';

/** What a reconcile found and set right. */
export interface ReconcileReport {
  /** Objects without a current row: their creation is queued again. */
  queuedCreates: number;
  /** Rows (not DELETED) without an object: their removal is queued. */
  queuedRemoves: number;
  /** Processed rows the index lacks or holds in another version: re-indexed. */
  queuedIndexUpdates: number;
  /** Index entries without a processed row: removed from the index. */
  removedIndexOrphans: number;
}

export interface ReconcileDependencies {
  objects: Pick<ObjectStore, 'list'>;
  rawBucket: string;
  metadata: Pick<MetadataStore, 'scan' | 'get'>;
  index: Pick<SearchIndex, 'indexedVersion' | 'ids' | 'remove'>;
  /** The ingest queue: lost object changes are sent to it again as S3 notifications. */
  ingestQueue: MessageQueue;
  /** Brings the index entry of each row up to date (AWS: the index service; locally: the change feed). */
  refreshIndex: (records: DocumentRecord[]) => Promise<void>;
  /** Sequencer for a re-queued change; AWS has none to give (the change is applied as it comes). */
  sequencer?: () => string | undefined;
}

/**
 * Compares the bucket listing, the table and the index, and sets right what a lost event or a failed
 * write left behind: objects without a current row are re-queued for ingest, rows without an object are
 * queued for removal, processed rows the index lacks (or holds in another version) are re-indexed, and
 * index entries without a processed row are removed. Idempotent: a second run finds nothing to do.
 */
export function createReconcileService(deps: ReconcileDependencies): { run(): Promise<ReconcileReport> } {
  const requeue = async (eventName: string, keys: string[]): Promise<void> => {
    const bodies = keys.map((key) => {
      const sequencer = deps.sequencer?.();
      return notificationBody(deps.rawBucket, eventName, key, sequencer ? { sequencer } : {});
    });
    for (let at = 0; at < bodies.length; at += 10) await deps.ingestQueue.send(bodies.slice(at, at + 10));
  };
  return {
    async run() {
      const objectEtags = new Map<string, string | null>();
      for await (const o of deps.objects.list(deps.rawBucket)) objectEtags.set(o.key, o.etag?.replace(/"/g, '') ?? null);
      const records = new Map<string, DocumentRecord>();
      for await (const page of deps.metadata.scan()) for (const r of page) records.set(r.key, r);

      const removes = [...records].filter(([key, r]) => !objectEtags.has(key) && r.status !== 'DELETED').map(([key]) => key);
      const creates: string[] = [];
      const stale: DocumentRecord[] = [];
      for (const [key, etag] of objectEtags) {
        const record = records.get(key);
        if (!record || record.etag !== etag) creates.push(key);
        else if (record.status === 'PROCESSED' && (await deps.index.indexedVersion(record.id))?.etag !== record.etag) stale.push(record);
      }
      await requeue('ObjectRemoved:Delete', removes);
      await requeue('ObjectCreated:Put', creates);
      if (stale.length > 0) await deps.refreshIndex(stale);

      // Index entries whose row is gone, deleted or failed (a lost removal) are orphans.
      const searchable = new Set([...records.values()].filter((r) => r.status === 'PROCESSED').map((r) => r.id));
      let removedIndexOrphans = 0;
      for await (const ids of deps.index.ids()) {
        const candidates = ids.filter((id) => !searchable.has(id));
        // A row may have become PROCESSED (and indexed) since the table was read: look again.
        const current = await Promise.all(candidates.map((id) => deps.metadata.get(id)));
        const orphans = candidates.filter((_, i) => current[i]?.status !== 'PROCESSED');
        if (orphans.length === 0) continue;
        await deps.index.remove(orphans);
        removedIndexOrphans += orphans.length;
      }
      return { queuedCreates: creates.length, queuedRemoves: removes.length, queuedIndexUpdates: stale.length, removedIndexOrphans };
    },
  };
}
