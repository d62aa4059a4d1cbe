import type { DynamoDBRecord } from 'aws-lambda';
import { documentKey, recordToItem } from '../shared/adapters/dynamodb-items.ts';
import type { DocumentRecord } from '../shared/domain/types.ts';
import type { MetadataStore } from '../shared/ports.ts';

/**
 * dynalite has no Streams: this decorator emits, after each successful write, the record a DynamoDB
 * stream with NEW_AND_OLD_IMAGES would carry, so the index handler sees the same event shape as in AWS.
 */
export class ChangeFeedMetadataStore implements MetadataStore {
  private sequence = 0;

  constructor(
    private readonly inner: MetadataStore,
    private readonly tableArn: string,
    private readonly emit: (record: DynamoDBRecord) => void,
  ) {}

  get(id: string): Promise<DocumentRecord | undefined> {
    return this.inner.get(id);
  }

  scan(): AsyncIterable<DocumentRecord[]> {
    return this.inner.scan();
  }

  async put(record: DocumentRecord): Promise<DocumentRecord | undefined> {
    const previous = await this.inner.put(record);
    this.emit(this.streamRecord(previous ? 'MODIFY' : 'INSERT', record.id, record, previous));
    return previous;
  }

  async delete(id: string): Promise<DocumentRecord | undefined> {
    const previous = await this.inner.delete(id);
    if (previous) this.emit(this.streamRecord('REMOVE', id, undefined, previous));
    return previous;
  }

  private streamRecord(
    eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
    id: string,
    next: DocumentRecord | undefined,
    previous: DocumentRecord | undefined,
  ): DynamoDBRecord {
    const sequenceNumber = String(++this.sequence).padStart(21, '0');
    type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;
    return {
      eventID: `${Date.now().toString(16)}-${sequenceNumber}`,
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'local',
      eventSourceARN: `${this.tableArn}/stream/local`,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: documentKey(id) as Image,
        ...(next ? { NewImage: recordToItem(next) as Image } : {}),
        ...(previous ? { OldImage: recordToItem(previous) as Image } : {}),
        SequenceNumber: sequenceNumber,
        SizeBytes: 0,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  }
}
