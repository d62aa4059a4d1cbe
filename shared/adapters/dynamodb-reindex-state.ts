import { ConditionalCheckFailedException, GetItemCommand, UpdateItemCommand, type DynamoDBClient, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Clock, ReindexCheckpoint, ReindexStateStore, ReindexSwitch } from '../ports.ts';
import { systemClock } from '../ports.ts';
import { TABLE_KEYS } from './dynamodb-items.ts';

/**
 * The re-index control row: `pk = CONTROL#reindex`. Document rows start with `DOC#`, so scans, the
 * indexes and the stream consumer never take it for a document. The lease is an ISO time compared in
 * the condition, so the lock holds across processes without clocks agreeing on more than the lease.
 */
export const REINDEX_CONTROL_KEY = { [TABLE_KEYS.partitionKey]: 'CONTROL#reindex', [TABLE_KEYS.sortKey]: 'STATE' } as const;

interface ControlItem {
  lockOwner?: string;
  lockExpiresAt?: string;
  reindexCheckpoint?: string;
  lastSwitch?: string;
}

export class DynamoReindexStateStore implements ReindexStateStore {
  constructor(private readonly client: DynamoDBClient, private readonly tableName: string, private readonly clock: Clock = systemClock) {}

  async acquire(owner: string, leaseMs: number): Promise<boolean> {
    return this.conditional({
      UpdateExpression: 'SET lockOwner = :owner, lockExpiresAt = :expires',
      ConditionExpression: 'attribute_not_exists(lockOwner) OR lockOwner = :owner OR lockExpiresAt < :now',
      ExpressionAttributeValues: marshall({ ':owner': owner, ':expires': this.expiry(leaseMs), ':now': this.now() }),
    });
  }

  async release(owner: string): Promise<void> {
    await this.conditional({
      UpdateExpression: 'REMOVE lockOwner, lockExpiresAt',
      ConditionExpression: 'lockOwner = :owner',
      ExpressionAttributeValues: marshall({ ':owner': owner }),
    });
  }

  /**
   * Clears the lock whoever holds it. Only for a table one process owns: the local stack calls it at
   * start-up (dynalite's folder lock means a leftover lock belongs to a process that died), so an
   * interrupted re-index resumes from its checkpoint at once instead of after the lease.
   */
  async breakLock(): Promise<void> {
    await this.client.send(new UpdateItemCommand({ TableName: this.tableName, Key: marshall(REINDEX_CONTROL_KEY), UpdateExpression: 'REMOVE lockOwner, lockExpiresAt' }));
  }

  async read(): ReturnType<ReindexStateStore['read']> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(REINDEX_CONTROL_KEY), ConsistentRead: true }));
    const item = (out.Item ? unmarshall(out.Item) : {}) as ControlItem;
    return {
      checkpoint: item.reindexCheckpoint ? (JSON.parse(item.reindexCheckpoint) as ReindexCheckpoint) : undefined,
      lastSwitch: item.lastSwitch ? (JSON.parse(item.lastSwitch) as ReindexSwitch) : undefined,
      lockOwner: item.lockOwner,
      lockExpiresAt: item.lockExpiresAt,
    };
  }

  async saveCheckpoint(owner: string, checkpoint: ReindexCheckpoint | undefined, leaseMs: number): Promise<boolean> {
    const values = { ':owner': owner, ':expires': this.expiry(leaseMs) };
    return this.conditional(
      checkpoint
        ? { UpdateExpression: 'SET reindexCheckpoint = :c, lockExpiresAt = :expires', ConditionExpression: 'lockOwner = :owner', ExpressionAttributeValues: marshall({ ...values, ':c': JSON.stringify(checkpoint) }) }
        : { UpdateExpression: 'SET lockExpiresAt = :expires REMOVE reindexCheckpoint', ConditionExpression: 'lockOwner = :owner', ExpressionAttributeValues: marshall(values) },
    );
  }

  async recordSwitch(owner: string, change: ReindexSwitch): Promise<boolean> {
    return this.conditional({
      UpdateExpression: 'SET lastSwitch = :s',
      ConditionExpression: 'lockOwner = :owner',
      ExpressionAttributeValues: marshall({ ':owner': owner, ':s': JSON.stringify(change) }),
    });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private expiry(leaseMs: number): string {
    return new Date(this.clock.now().getTime() + leaseMs).toISOString();
  }

  /** An update of the control row; false when its condition does not hold. */
  private async conditional(input: Pick<UpdateItemCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeValues'>): Promise<boolean> {
    try {
      await this.client.send(new UpdateItemCommand({ TableName: this.tableName, Key: marshall(REINDEX_CONTROL_KEY), ...input }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
