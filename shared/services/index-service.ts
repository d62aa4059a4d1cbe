import type { DocumentRecord, IndexDocument, ProcessedObject } from '../domain/types.ts';
import type { MetadataStore, ObjectStore, SearchIndex } from '../ports.ts';
import { readProcessed, toIndexDocument } from './processed-objects.ts';

export interface IndexDependencies {
  objects: ObjectStore;
  metadata: Pick<MetadataStore, 'get'>;
  index: SearchIndex;
  processedBucket: string;
}

/** A change to one metadata row, as a DynamoDB stream (or the local change feed) reports it. */
export interface RecordChange {
  id: string;
  /** The row after the change; undefined when it was deleted. */
  newRecord: DocumentRecord | undefined;
  /** The row before the change, when the stream carries it. */
  oldRecord?: DocumentRecord | undefined;
}

export type IndexOutcome = 'upserted' | 'removed' | 'unchanged' | 'superseded';

/** What became of one change of a batch: its outcome, or the error that failed it (it is retried). */
export type IndexResult = { outcome: IndexOutcome } | { error: unknown };

export interface IndexService {
  apply(change: RecordChange): Promise<IndexOutcome>;
  /**
   * Applies a batch of changes in order, with the outcome of each as `apply` would give it: a change
   * that fails (its text unreadable, the engine refusing it) fails alone, the others are applied. The
   * index is written a run of upserts or removals at a time (`SearchIndex.upsert` / `remove` with many
   * documents: one SQLite transaction, one OpenSearch bulk request) instead of once per change; a run
   * that fails is written again one change at a time, so each change gets its own outcome.
   */
  applyAll(changes: RecordChange[]): Promise<IndexResult[]>;
  /**
   * Announces the changes about to be applied, in order: their texts are then read a few ahead of
   * `apply` (and of `applyAll`, which announces its batch itself), so a batch does not wait for one
   * read at a time. Outcomes and errors stay the same; a change applied unannounced is read then.
   */
  readAhead(changes: RecordChange[]): void;
}

/** Texts read ahead of the one being applied, at most: bounded, as a text can be megabytes. */
export const READ_AHEAD = 8;

/**
 * Text held for one write of the index, at most (characters of the documents' bodies and captions):
 * `applyAll` writes what it has gathered once past it, so a batch of long texts is not all in memory.
 */
export const WRITE_RUN_CHARS = 4_000_000;

export class ProcessedTextMissingError extends Error {
  constructor(readonly id: string, readonly processedKey: string) {
    super(`Processed text ${processedKey} of document ${id} is missing from the processed bucket. Run a reconcile (docpipe start does one) or re-upload the object.`);
    this.name = 'ProcessedTextMissingError';
  }
}

/** The same bytes, processed by the same pipeline version, into the same text: nothing to re-index. */
function sameIndexedContent(a: DocumentRecord, b: DocumentRecord): boolean {
  return a.status === b.status && a.etag === b.etag && a.contentHash === b.contentHash && a.pipelineVersion === b.pipelineVersion && a.processedKey === b.processedKey;
}

/** Keeps the search index equal to the processed rows: a row that is gone, deleted or failed is not searchable. */
export function createIndexService(deps: IndexDependencies): IndexService {
  const read = (key: string): Promise<ProcessedObject | undefined> => readProcessed(deps.objects, deps.processedBucket, key);
  /** Texts announced but not yet being read, in order, and those being read (at most READ_AHEAD). */
  let announced: string[] = [];
  const reading = new Map<string, Promise<ProcessedObject | undefined>>();
  const readMore = (): void => {
    while (reading.size < READ_AHEAD && announced.length > 0) {
      const key = announced.shift() as string;
      if (reading.has(key)) continue;
      const text = read(key);
      text.catch(() => undefined); // surfaced by `apply`, which awaits it
      reading.set(key, text);
    }
  };
  const textOf = (key: string): Promise<ProcessedObject | undefined> => {
    const early = reading.get(key);
    reading.delete(key);
    readMore();
    return early ?? read(key);
  };

  const service: IndexService = {
    readAhead(changes) {
      reading.clear();
      announced = changes.flatMap((c) => (needsText(c) && c.newRecord?.processedKey ? [c.newRecord.processedKey] : []));
      readMore();
    },
    async apply(change) {
      const step = await plan(change);
      if ('outcome' in step) return step.outcome;
      await write([step]);
      return step.write.kind === 'upsert' ? 'upserted' : 'removed';
    },
    async applyAll(changes) {
      service.readAhead(changes);
      const results: IndexResult[] = new Array<IndexResult>(changes.length);
      /** Writes gathered, in order, with the position of the change each one answers. */
      let pending: Array<{ at: number; step: WriteStep }> = [];
      let pendingChars = 0;
      const flush = async (): Promise<void> => {
        const errors = await writeRuns(pending.map((p) => p.step));
        pending.forEach(({ at, step }, i) => {
          const error = errors[i];
          results[at] = error === undefined ? { outcome: step.write.kind === 'upsert' ? 'upserted' : 'removed' } : { error };
        });
        pending = [];
        pendingChars = 0;
      };
      for (const [at, change] of changes.entries()) {
        let step: Step;
        try {
          step = await plan(change);
        } catch (error) {
          results[at] = { error };
          continue;
        }
        if ('outcome' in step) {
          results[at] = { outcome: step.outcome };
          continue;
        }
        pending.push({ at, step });
        pendingChars += step.write.kind === 'upsert' ? step.write.document.body.length + step.write.document.captions.length : 0;
        if (pendingChars > WRITE_RUN_CHARS) await flush();
      }
      await flush();
      return results;
    },
  };

  /** What applying a change takes: nothing to write (its outcome is known), or a write to the index. */
  async function plan({ id, newRecord, oldRecord }: RecordChange): Promise<Step> {
    if (newRecord?.status === 'PROCESSED' && newRecord.processedKey) {
      if (oldRecord && sameIndexedContent(oldRecord, newRecord)) return { outcome: 'unchanged' };
      const processed = await textOf(newRecord.processedKey);
      if (processed) return { write: { kind: 'upsert', document: toIndexDocument(newRecord, processed) } };
      // The text of a row that has since changed is deleted on purpose; a newer stream record follows.
      const current = await deps.metadata.get(id);
      if (current?.processedKey !== newRecord.processedKey) return { outcome: 'superseded' };
      throw new ProcessedTextMissingError(id, newRecord.processedKey);
    }
    return { write: { kind: 'remove', id } };
  }

  async function write(steps: WriteStep[]): Promise<void> {
    const first = steps[0]?.write;
    if (!first) return;
    if (first.kind === 'upsert') await deps.index.upsert(steps.map((s) => (s.write as Extract<IndexWrite, { kind: 'upsert' }>).document));
    else await deps.index.remove(steps.map((s) => (s.write as Extract<IndexWrite, { kind: 'remove' }>).id));
  }

  /**
   * Writes the steps in order, each run of one kind in one call; a run that fails is written again one
   * step at a time, so only the steps that fail on their own fail. The error of each step, in order.
   */
  async function writeRuns(steps: WriteStep[]): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (let start = 0; start < steps.length; ) {
      let end = start + 1;
      while (end < steps.length && steps[end]?.write.kind === steps[start]?.write.kind) end++;
      const run = steps.slice(start, end);
      try {
        await write(run);
        errors.push(...run.map(() => undefined));
      } catch (error) {
        if (run.length === 1) errors.push(error);
        else {
          for (const step of run) errors.push(await write([step]).then(() => undefined, (e: unknown) => e));
        }
      }
      start = end;
    }
    return errors;
  }

  return service;
}

type IndexWrite = { kind: 'upsert'; document: IndexDocument } | { kind: 'remove'; id: string };
type WriteStep = { write: IndexWrite };
type Step = { outcome: IndexOutcome } | WriteStep;

/** Whether applying the change reads its processed text. */
function needsText({ newRecord, oldRecord }: RecordChange): boolean {
  return newRecord?.status === 'PROCESSED' && Boolean(newRecord.processedKey) && !(oldRecord && sameIndexedContent(oldRecord, newRecord));
}
