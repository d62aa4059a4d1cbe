import { DeleteItemCommand, GetItemCommand, PutItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DocumentRecord } from '../domain/types.ts';
import type { MetadataStore } from '../ports.ts';

/** Key layout of the single table: one item per document under `DOC#<id>`. */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;
const DOCUMENT_SK = 'DOC';

export function documentKey(id: string): Record<string, AttributeValue> {
  return marshall({ [TABLE_KEYS.partitionKey]: `DOC#${id}`, [TABLE_KEYS.sortKey]: DOCUMENT_SK });
}

/** DynamoDB item ↔ DocumentRecord; also used to read stream images. */
export function recordToItem(record: DocumentRecord): Record<string, AttributeValue> {
  return {
    ...marshall(record, { removeUndefinedValues: true, convertClassInstanceToMap: false }),
    ...documentKey(record.id),
  };
}

export function itemToRecord(item: Record<string, AttributeValue>): DocumentRecord {
  const { pk: _pk, sk: _sk, ...rest } = unmarshall(item) as DocumentRecord & { pk: string; sk: string };
  return rest;
}

/** MetadataStore over the DynamoDB API (AWS, or dynalite locally). */
export class DynamoMetadataStore implements MetadataStore {
  constructor(private readonly client: DynamoDBClient, private readonly tableName: string) {}

  async get(id: string): Promise<DocumentRecord | undefined> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: documentKey(id), ConsistentRead: true }));
    return out.Item ? itemToRecord(out.Item) : undefined;
  }

  async put(record: DocumentRecord): Promise<DocumentRecord | undefined> {
    const out = await this.client.send(
      new PutItemCommand({ TableName: this.tableName, Item: recordToItem(record), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? itemToRecord(out.Attributes) : undefined;
  }

  async delete(id: string): Promise<DocumentRecord | undefined> {
    const out = await this.client.send(
      new DeleteItemCommand({ TableName: this.tableName, Key: documentKey(id), ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes ? itemToRecord(out.Attributes) : undefined;
  }

  async *scan(): AsyncIterable<DocumentRecord[]> {
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          ExclusiveStartKey: start,
          FilterExpression: 'begins_with(#pk, :doc)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
          ExpressionAttributeValues: { ':doc': { S: 'DOC#' } },
        }),
      );
      const records = (page.Items ?? []).map(itemToRecord);
      if (records.length > 0) yield records;
      start = page.LastEvaluatedKey;
    } while (start);
  }
}
