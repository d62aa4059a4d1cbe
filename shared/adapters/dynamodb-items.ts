import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DocumentRecord } from '../domain/types.ts';

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

