import { DynamoMetadataStore } from '../shared/adapters/dynamodb-metadata-store.ts';
import { fingerprintBands, hammingDistance, NEAR_DUPLICATE_DISTANCE } from '../shared/domain/text/simhash.ts';
import type { DocumentRecord, DocumentSummary } from '../shared/domain/types.ts';
import type { PutResult, RowVersion } from '../shared/ports.ts';

/**
 * The local stack's table: DynamoMetadataStore over dynalite, which also remembers the id of every
 * row it has seen and the content hash and fingerprint of every processed one (read once from the
 * table, then every write made through it). A duplicate lookup that no remembered row could answer (a
 * new text, no fingerprint within 3 bits) returns nothing without querying, and so does the read of a
 * row whose id was never seen (a new document: the ingest's first read); any other read or lookup
 * runs the same queries as before, so what is found, and in which order, is the table's answer. Most
 * documents are new and unique: this spares them the read of their row and the five index queries
 * (content hash, four fingerprint bands) that cost dynalite and the SDK most of an ingest's CPU time.
 *
 * What is remembered only grows (an overwritten or deleted row's values stay until the stack
 * restarts), and an id is remembered from the moment its write is sent, so it never misses a row the
 * table holds, unless that row was created in dynalite past this store (through another client),
 * which the local stack never does (a test that overwrites an existing row through its own client
 * still finds it: its id is remembered).
 */
export class LocalMetadataStore extends DynamoMetadataStore {
  /** Ids of every row the table may hold (tombstones included). */
  private readonly ids = new Set<string>();
  private readonly hashes = new Set<string>();
  /** Band value → fingerprints seen with it, one map per band. */
  private readonly bands = Array.from({ length: 4 }, () => new Map<string, Set<string>>());
  private loaded: Promise<void> | undefined;
  /** Lookups answered without a query, and those that ran the table's queries. */
  readonly lookups = { skipped: 0, queried: 0 };
  /** Reads of a row answered without a query (an id never seen), and those that read the table. */
  readonly reads = { skipped: 0, queried: 0 };

  override async get(id: string): Promise<DocumentRecord | undefined> {
    await this.load();
    if (!this.ids.has(id)) {
      this.reads.skipped++;
      return undefined;
    }
    this.reads.queried++;
    return super.get(id);
  }

  override async put(record: DocumentRecord, replacing?: RowVersion): Promise<PutResult> {
    // Before the write is sent: a read meanwhile queries the table, which answers the row before or after it.
    this.ids.add(record.id);
    const result = await super.put(record, replacing);
    if (result.written) this.remember(record);
    return result;
  }

  override async findByContentHash(contentHash: string): Promise<DocumentSummary[]> {
    await this.load();
    if (!this.hashes.has(contentHash)) {
      this.lookups.skipped++;
      return [];
    }
    this.lookups.queried++;
    return super.findByContentHash(contentHash);
  }

  override async findNearDuplicates(fingerprint: string, maxDistance = NEAR_DUPLICATE_DISTANCE): Promise<Array<DocumentSummary & { distance: number }>> {
    await this.load();
    if (!this.anyWithin(fingerprint, Math.min(maxDistance, NEAR_DUPLICATE_DISTANCE))) {
      this.lookups.skipped++;
      return [];
    }
    this.lookups.queried++;
    return super.findNearDuplicates(fingerprint, maxDistance);
  }

  /** Reads the rows' ids, and the processed rows' hashes and fingerprints, once, on the first read or lookup; writes meanwhile add theirs. */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      for await (const page of this.scan()) for (const row of page) this.remember(row);
    })().catch((error: unknown) => {
      this.loaded = undefined; // the next lookup tries again
      throw error;
    });
    return this.loaded;
  }

  /** As the table's sparse indexes: only processed rows carry a content hash and fingerprint bands. */
  private remember(record: DocumentRecord): void {
    this.ids.add(record.id);
    if (record.status !== 'PROCESSED') return;
    if (record.contentHash) this.hashes.add(record.contentHash);
    if (record.fingerprint) {
      fingerprintBands(record.fingerprint).forEach((band, i) => {
        const byValue = this.bands[i];
        const value = band.slice(band.indexOf(':') + 1);
        const seen = byValue?.get(value) ?? new Set<string>();
        seen.add(record.fingerprint as string);
        byValue?.set(value, seen);
      });
    }
  }

  /** True when a remembered fingerprint is within `distance` bits (such a one shares a band: pigeonhole). */
  private anyWithin(fingerprint: string, distance: number): boolean {
    return fingerprintBands(fingerprint).some((band, i) => {
      for (const other of this.bands[i]?.get(band.slice(band.indexOf(':') + 1)) ?? []) if (hammingDistance(fingerprint, other) <= distance) return true;
      return false;
    });
  }
}
