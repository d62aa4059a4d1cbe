import type { AttributeValue, CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { TOMBSTONE_TTL_SECONDS } from '../domain/document-record.ts';
import { sequencerSortKey } from '../domain/sequencer.ts';
import { fingerprintBands } from '../domain/text/simhash.ts';
import type { DocumentRecord, DocumentSummary } from '../domain/types.ts';

/**
 * The single table's layout, shared by the adapter, the local stack (which creates the table in
 * dynalite) and the CDK stack, so all three always agree. Access patterns: docs/metadata.md.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;
const DOCUMENT_SK = 'DOC';

/** Attributes that exist only to serve indexes and conditions; not part of a DocumentRecord. */
export const ATTRIBUTES = {
  /** Right-padded sequencer, compared in the write condition. */
  sequencer: 'seq',
  sourcePk: 'sourcePk',
  publishedSk: 'publishedSk',
  statusPk: 'statusPk',
  statusSk: 'statusSk',
  hashPk: 'hashPk',
  createdSk: 'createdSk',
  /** DynamoDB TTL attribute (epoch seconds) on DELETED rows. */
  expiresAt: 'expiresAt',
} as const;

export const BAND_ATTRIBUTES = ['band0', 'band1', 'band2', 'band3'] as const;

/** Summary fields copied into every index, so listing never reads the base table. */
export const SUMMARY_ATTRIBUTES = ['id', 'key', 'status', 'title', 'source', 'published', 'contentHash', 'fingerprint', 'error', 'createdAt', 'updatedAt'] as const;

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

/** Global secondary indexes. Sparse: a row carries an index's key attributes only when the pattern applies. */
export const INDEXES = {
  /** Processed documents of one source (lower case), by `published` (undated last when newest first). */
  bySource: { name: 'bySource', partitionKey: ATTRIBUTES.sourcePk, sortKey: ATTRIBUTES.publishedSk },
  /** FAILED and DELETED rows by status, oldest change first. PROCESSED rows are not in it (one hot partition). */
  byStatus: { name: 'byStatus', partitionKey: ATTRIBUTES.statusPk, sortKey: ATTRIBUTES.statusSk },
  /** Processed documents by content hash (exact duplicates), first seen first. */
  byContentHash: { name: 'byContentHash', partitionKey: ATTRIBUTES.hashPk, sortKey: ATTRIBUTES.createdSk },
  /** One per 16-bit band of the SimHash: near-duplicates share at least one band. */
  byFingerprintBand: BAND_ATTRIBUTES.map((band, i) => ({ name: `byFingerprintBand${i}`, partitionKey: band, sortKey: ATTRIBUTES.createdSk })),
} as const;

export function allIndexes(): IndexDefinition[] {
  return [INDEXES.bySource, INDEXES.byStatus, INDEXES.byContentHash, ...INDEXES.byFingerprintBand];
}

/** Date sort key for rows without a publication date: sorts before every real date. */
export const UNDATED = '0000-00-00';

export function documentKey(id: string): Record<string, AttributeValue> {
  return marshall({ [TABLE_KEYS.partitionKey]: `DOC#${id}`, [TABLE_KEYS.sortKey]: DOCUMENT_SK });
}

export function sourceKey(source: string): string {
  return source.trim().toLowerCase();
}

/** The index and condition attributes a row carries, given its status. */
function indexAttributes(record: DocumentRecord): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (record.sequencer) out[ATTRIBUTES.sequencer] = sequencerSortKey(record.sequencer);
  out[ATTRIBUTES.createdSk] = `${record.createdAt}#${record.id}`;
  if (record.status === 'PROCESSED') {
    if (record.source) {
      out[ATTRIBUTES.sourcePk] = sourceKey(record.source);
      out[ATTRIBUTES.publishedSk] = `${record.published ?? UNDATED}#${record.id}`;
    }
    if (record.contentHash) out[ATTRIBUTES.hashPk] = record.contentHash;
    if (record.fingerprint) {
      fingerprintBands(record.fingerprint).forEach((band, i) => {
        out[BAND_ATTRIBUTES[i] ?? 'band0'] = band.slice(band.indexOf(':') + 1);
      });
    }
  } else {
    out[ATTRIBUTES.statusPk] = record.status;
    out[ATTRIBUTES.statusSk] = `${record.updatedAt}#${record.id}`;
  }
  if (record.status === 'DELETED' && record.deletedAt) {
    out[ATTRIBUTES.expiresAt] = Math.floor(Date.parse(record.deletedAt) / 1000) + TOMBSTONE_TTL_SECONDS;
  }
  return out;
}

const NON_RECORD = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...Object.values(ATTRIBUTES), ...BAND_ATTRIBUTES]);

/** DynamoDB item ↔ DocumentRecord; also used to read stream images. */
export function recordToItem(record: DocumentRecord): Record<string, AttributeValue> {
  return {
    ...marshall({ ...record, ...indexAttributes(record) }, { removeUndefinedValues: true, convertClassInstanceToMap: false }),
    ...documentKey(record.id),
  };
}

export function itemToRecord(item: Record<string, AttributeValue>): DocumentRecord {
  const plain = unmarshall(item);
  for (const name of NON_RECORD) delete plain[name];
  return plain as DocumentRecord;
}

export function itemToSummary(item: Record<string, AttributeValue>): DocumentSummary {
  const plain = unmarshall(item) as Partial<DocumentSummary>;
  return {
    id: plain.id ?? '',
    key: plain.key ?? '',
    status: plain.status ?? 'PROCESSED',
    title: plain.title ?? null,
    source: plain.source ?? null,
    published: plain.published ?? null,
    contentHash: plain.contentHash ?? null,
    fingerprint: plain.fingerprint ?? null,
    error: plain.error ?? null,
    createdAt: plain.createdAt ?? '',
    updatedAt: plain.updatedAt ?? '',
  };
}

/** CreateTable input for the layout above (used by the local stack; the CDK stack declares the same). */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const indexes = allIndexes();
  const keyAttributes = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...SUMMARY_ATTRIBUTES] },
    })),
  };
}
