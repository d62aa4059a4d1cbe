import type { DynamoDBRecord } from 'aws-lambda';
import { documentKey, recordToItem } from '../shared/adapters/dynamodb-items.ts';
import type { DocumentRecord, DocumentSummary } from '../shared/domain/types.ts';
import type { MetadataStore, Page, PageRequest, PutResult, RowVersion } from '../shared/ports.ts';

/**
 * dynalite has no Streams: this decorator emits, after each write that happened, the record a
 * DynamoDB stream with NEW_AND_OLD_IMAGES would carry, so the index handler sees the same event shape
 * as in AWS. A conditional write that was refused emits nothing, as in AWS.
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

  scan(options?: { changedSince?: string }): AsyncIterable<DocumentRecord[]> {
    return this.inner.scan(options);
  }

  scanPage(cursor?: string, limit?: number): Promise<Page<DocumentRecord>> {
    return this.inner.scanPage(cursor, limit);
  }

  listBySource(source: string, page?: PageRequest & { order?: 'newest' | 'oldest' }): Promise<Page<DocumentSummary>> {
    return this.inner.listBySource(source, page);
  }

  listByStatus(status: 'FAILED' | 'DELETED', page?: PageRequest): Promise<Page<DocumentSummary>> {
    return this.inner.listByStatus(status, page);
  }

  findByContentHash(contentHash: string): Promise<DocumentSummary[]> {
    return this.inner.findByContentHash(contentHash);
  }

  findNearDuplicates(fingerprint: string, maxDistance?: number): Promise<Array<DocumentSummary & { distance: number }>> {
    return this.inner.findNearDuplicates(fingerprint, maxDistance);
  }

  async put(record: DocumentRecord, replacing?: RowVersion): Promise<PutResult> {
    const result = await this.inner.put(record, replacing);
    if (result.written) this.emit(this.streamRecord(result.previous ? 'MODIFY' : 'INSERT', record.id, record, result.previous));
    return result;
  }

  async delete(id: string): Promise<DocumentRecord | undefined> {
    const previous = await this.inner.delete(id);
    if (previous) this.emit(this.streamRecord('REMOVE', id, undefined, previous));
    return previous;
  }

  /** Emits a row again without writing it, so the indexer sees it once more (reconcile uses this). */
  replay(record: DocumentRecord): void {
    this.emit(this.streamRecord('MODIFY', record.id, record, undefined));
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
