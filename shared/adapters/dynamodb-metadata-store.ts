import { DeleteItemCommand, GetItemCommand, PutItemCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DocumentRecord } from '../domain/types.ts';
import type { MetadataStore } from '../ports.ts';
import { documentKey, itemToRecord, recordToItem, TABLE_KEYS } from './dynamodb-items.ts';

export { TABLE_KEYS } from './dynamodb-items.ts';

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
