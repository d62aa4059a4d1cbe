import {
  ConditionalCheckFailedException, DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand,
  type AttributeValue, type DynamoDBClient, type PutItemCommandInput, type QueryCommandInput, type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { InvalidQueryError } from '../domain/errors.ts';
import { sequencerSortKey } from '../domain/sequencer.ts';
import { fingerprintBands, hammingDistance, NEAR_DUPLICATE_DISTANCE } from '../domain/text/simhash.ts';
import type { DocumentRecord, DocumentSummary } from '../domain/types.ts';
import type { MetadataStore, Page, PageRequest, PutResult, RowVersion } from '../ports.ts';
import { ATTRIBUTES, documentKey, INDEXES, itemToRecord, itemToSummary, recordToItem, sourceKey, TABLE_KEYS } from './dynamodb-items.ts';

export { TABLE_KEYS } from './dynamodb-items.ts';

const DEFAULT_PAGE = 25;
const MAX_PAGE = 100;
/** Candidates read per fingerprint band; a band shared by more documents than this is not selective. */
const BAND_CANDIDATES = 200;

type WriteCondition = Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>;

/** Only a later event may replace a row that knows its event: stored `seq` < incoming `seq`. */
function laterEventCondition(sequencer: string): WriteCondition {
  return {
    ConditionExpression: 'attribute_not_exists(#pk) OR attribute_not_exists(#seq) OR #seq < :seq',
    ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#seq': ATTRIBUTES.sequencer },
    ExpressionAttributeValues: { ':seq': { S: sequencerSortKey(sequencer) } },
  };
}

/**
 * A reprocess replaces exactly the row it read: same event (or still none), same pipeline version,
 * same update time. Any write since (a newer upload, a delete, another reprocess) changes one of them.
 */
function replacingCondition(row: RowVersion): WriteCondition {
  return {
    ConditionExpression: `#updated = :updated AND #version = :version AND ${row.sequencer ? '#seq = :seq' : 'attribute_not_exists(#seq)'}`,
    ExpressionAttributeNames: { '#updated': 'updatedAt', '#version': 'pipelineVersion', '#seq': ATTRIBUTES.sequencer },
    ExpressionAttributeValues: {
      ':updated': { S: row.updatedAt },
      ':version': { S: row.pipelineVersion },
      ...(row.sequencer ? { ':seq': { S: sequencerSortKey(row.sequencer) } } : {}),
    },
  };
}

/** MetadataStore over the DynamoDB API (AWS, or dynalite locally). */
export class DynamoMetadataStore implements MetadataStore {
  constructor(private readonly client: DynamoDBClient, private readonly tableName: string) {}

  async get(id: string): Promise<DocumentRecord | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: documentKey(id), ConsistentRead: true }));
    return out.Item ? itemToRecord(out.Item) : undefined;
  }

  async put(record: DocumentRecord, replacing?: RowVersion): Promise<PutResult> {
    const conditional = replacing ? replacingCondition(replacing) : record.sequencer ? laterEventCondition(record.sequencer) : {};
    try {
      const out = await this.client.send(
        new PutItemCommand({ TableName: this.tableName, Item: recordToItem(record), ReturnValues: 'ALL_OLD', ...conditional }),
      );
      return { written: true, previous: out.Attributes ? itemToRecord(out.Attributes) : undefined };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') {
        return { written: false, current: await this.get(record.id) };
      }
      throw error;
    }
  }

  async delete(id: string): Promise<DocumentRecord | undefined> {
    const out = await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: documentKey(id), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? itemToRecord(out.Attributes) : undefined;
  }

  async *scan(options: { changedSince?: string } = {}): AsyncIterable<DocumentRecord[]> {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(new ScanCommand({ ...this.scanInput(options.changedSince), ExclusiveStartKey: start }));
      const records = (page.Items ?? []).map(itemToRecord);
      if (records.length > 0) yield records;
      start = page.LastEvaluatedKey;
    } while (start);
  }

  async scanPage(cursor?: string, limit?: number): Promise<Page<DocumentRecord>> {
    const out = await this.client.send(new ScanCommand({ ...this.scanInput(), ...(limit ? { Limit: limit } : {}), ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}) }));
    return {
      items: (out.Items ?? []).map(itemToRecord),
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  /** Document rows only (the table also holds control rows), optionally those changed since a time. */
  private scanInput(changedSince?: string): ScanCommandInput {
    return {
      TableName: this.tableName,
      FilterExpression: changedSince ? 'begins_with(#pk, :doc) AND #updated >= :since' : 'begins_with(#pk, :doc)',
      ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, ...(changedSince ? { '#updated': 'updatedAt' } : {}) },
      ExpressionAttributeValues: { ':doc': { S: 'DOC#' }, ...(changedSince ? { ':since': { S: changedSince } } : {}) },
    };
  }

  listBySource(source: string, page: PageRequest & { order?: 'newest' | 'oldest' } = {}): Promise<Page<DocumentSummary>> {
    return this.page(INDEXES.bySource.name, INDEXES.bySource.partitionKey, sourceKey(source), page, page.order !== 'oldest');
  }

  listByStatus(status: 'FAILED' | 'DELETED', page: PageRequest = {}): Promise<Page<DocumentSummary>> {
    return this.page(INDEXES.byStatus.name, INDEXES.byStatus.partitionKey, status, page, false);
  }

  async findByContentHash(contentHash: string): Promise<DocumentSummary[]> {
    return this.queryAll(INDEXES.byContentHash.name, INDEXES.byContentHash.partitionKey, contentHash, MAX_PAGE);
  }

  async findNearDuplicates(fingerprint: string, maxDistance = NEAR_DUPLICATE_DISTANCE): Promise<Array<DocumentSummary & { distance: number }>> {
    // Pigeonhole: within 3 bits of 64, two fingerprints agree on at least one of four 16-bit bands.
    const bands = fingerprintBands(fingerprint).map((b) => b.slice(b.indexOf(':') + 1));
    const candidates = await Promise.all(
      INDEXES.byFingerprintBand.map((index, i) => this.queryAll(index.name, index.partitionKey, bands[i] ?? '', BAND_CANDIDATES)),
    );
    const found = new Map<string, DocumentSummary & { distance: number }>();
    for (const summary of candidates.flat()) {
      if (!summary.fingerprint || found.has(summary.id)) continue;
      const distance = hammingDistance(fingerprint, summary.fingerprint);
      if (distance <= Math.min(maxDistance, NEAR_DUPLICATE_DISTANCE)) found.set(summary.id, { ...summary, distance });
    }
    return [...found.values()].sort((a, b) => a.distance - b.distance || a.createdAt.localeCompare(b.createdAt));
  }

  private async page(index: string, partitionKey: string, value: string, request: PageRequest, descending: boolean): Promise<Page<DocumentSummary>> {
    const limit = request.limit ?? DEFAULT_PAGE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new InvalidQueryError('limit', `limit must be a whole number from 1 to ${MAX_PAGE}; got ${limit}.`);
    const out = await this.client.send(new QueryCommand({
      ...this.queryInput(index, partitionKey, value),
      Limit: limit,
      ScanIndexForward: !descending,
      ...(request.cursor ? { ExclusiveStartKey: decodeCursor(request.cursor) } : {}),
    }));
    return {
      items: (out.Items ?? []).map(itemToSummary),
      ...(out.LastEvaluatedKey ? { nextCursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }

  private async queryAll(index: string, partitionKey: string, value: string, max: number): Promise<DocumentSummary[]> {
    const items: DocumentSummary[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.client.send(new QueryCommand({ ...this.queryInput(index, partitionKey, value), Limit: max - items.length, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []).map(itemToSummary));
      start = out.LastEvaluatedKey;
    } while (start && items.length < max);
    return items;
  }

  private queryInput(index: string, partitionKey: string, value: string): QueryCommandInput {
    return {
      TableName: this.tableName,
      IndexName: index,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': partitionKey },
      ExpressionAttributeValues: { ':v': { S: value } },
    };
  }
}

/** Cursors are the index position, base64url-encoded; only string attributes occur in our keys. */
function encodeCursor(key: Record<string, AttributeValue>): string {
  const plain = Object.fromEntries(Object.entries(key).map(([name, value]) => [name, value.S ?? '']));
  return Buffer.from(JSON.stringify(plain)).toString('base64url');
}

function decodeCursor(cursor: string): Record<string, AttributeValue> {
  try {
    const plain = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!plain || typeof plain !== 'object' || Array.isArray(plain)) throw new Error('not an object');
    const entries = Object.entries(plain as Record<string, unknown>);
    if (entries.length === 0 || entries.some(([, v]) => typeof v !== 'string')) throw new Error('not a key');
    return Object.fromEntries(entries.map(([name, value]) => [name, { S: value as string }]));
  } catch {
    throw new InvalidQueryError('cursor', 'cursor is not one this service returned; pass `nextCursor` from the previous page unchanged.');
  }
}
