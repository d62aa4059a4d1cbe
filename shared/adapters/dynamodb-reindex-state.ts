import { ConditionalCheckFailedException, GetItemCommand, UpdateItemCommand, type DynamoDBClient, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Clock, JobState, JobStateStore, ReindexCheckpoint, ReindexStateStore, ReindexSwitch, ScanCheckpoint } from '../ports.ts';
import { systemClock } from '../ports.ts';
import { TABLE_KEYS } from './dynamodb-items.ts';

/** The jobs that scan the table under a lock: each has its own control row, so neither blocks the other. */
export type ScanJob = 'reindex' | 'reprocess';

/**
 * A job's control row: `pk = CONTROL#<job>`. Document rows start with `DOC#`, so scans, the indexes
 * and the stream consumer never take it for a document.
 */
export function controlKey(job: ScanJob): { readonly pk: string; readonly sk: 'STATE' } {
  return { [TABLE_KEYS.partitionKey]: `CONTROL#${job}`, [TABLE_KEYS.sortKey]: 'STATE' } as { pk: string; sk: 'STATE' };
}

export const REINDEX_CONTROL_KEY = controlKey('reindex');
export const REPROCESS_CONTROL_KEY = controlKey('reprocess');

interface ControlItem {
  lockOwner?: string;
  lockExpiresAt?: string;
  lastSwitch?: string;
  [checkpoint: `${string}Checkpoint`]: string | undefined;
}

/**
 * The lock and checkpoint of a job in its control row. The lease is an ISO time compared in the
 * condition, so the lock holds across processes without clocks agreeing on more than the lease.
 */
export class DynamoJobStateStore<C extends ScanCheckpoint> implements JobStateStore<C> {
  /** The checkpoint's attribute (`reindexCheckpoint`, `reprocessCheckpoint`). */
  private readonly checkpointAttribute: `${ScanJob}Checkpoint`;

  constructor(
    protected readonly client: DynamoDBClient,
    protected readonly tableName: string,
    readonly job: ScanJob,
    protected readonly clock: Clock = systemClock,
  ) {
    this.checkpointAttribute = `${job}Checkpoint`;
  }

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
   * interrupted run resumes from its checkpoint at once instead of after the lease.
   */
  async breakLock(): Promise<void> {
    // Conditional, so it never creates the control row: a job that never ran leaves no row to scan past.
    await this.conditional({ UpdateExpression: 'REMOVE lockOwner, lockExpiresAt', ConditionExpression: 'attribute_exists(lockOwner)' });
  }

  async read(): Promise<JobState<C>> {
    return this.stateOf(await this.readItem());
  }

  async saveCheckpoint(owner: string, checkpoint: C | undefined, leaseMs: number): Promise<boolean> {
    const values = { ':owner': owner, ':expires': this.expiry(leaseMs) };
    const names = { '#checkpoint': this.checkpointAttribute };
    return this.conditional(
      checkpoint
        ? { UpdateExpression: 'SET #checkpoint = :c, lockExpiresAt = :expires', ConditionExpression: 'lockOwner = :owner', ExpressionAttributeNames: names, ExpressionAttributeValues: marshall({ ...values, ':c': JSON.stringify(checkpoint) }) }
        : { UpdateExpression: 'SET lockExpiresAt = :expires REMOVE #checkpoint', ConditionExpression: 'lockOwner = :owner', ExpressionAttributeNames: names, ExpressionAttributeValues: marshall(values) },
    );
  }

  protected stateOf(item: ControlItem): JobState<C> {
    const saved = item[this.checkpointAttribute];
    return { checkpoint: saved ? (JSON.parse(saved) as C) : undefined, lockOwner: item.lockOwner, lockExpiresAt: item.lockExpiresAt };
  }

  protected async readItem(): Promise<ControlItem> {
    const out = await this.client.send(new GetItemCommand({ TableName: this.tableName, Key: marshall(controlKey(this.job)), ConsistentRead: true }));
    return (out.Item ? unmarshall(out.Item) : {}) as ControlItem;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private expiry(leaseMs: number): string {
    return new Date(this.clock.now().getTime() + leaseMs).toISOString();
  }

  /** An update of the control row; false when its condition does not hold. */
  protected async conditional(input: Pick<UpdateItemCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>): Promise<boolean> {
    try {
      await this.client.send(new UpdateItemCommand({ TableName: this.tableName, Key: marshall(controlKey(this.job)), ...input }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}

/** The re-index control row (`CONTROL#reindex`): lock, checkpoint, and the last switch of generations. */
export class DynamoReindexStateStore extends DynamoJobStateStore<ReindexCheckpoint> implements ReindexStateStore {
  constructor(client: DynamoDBClient, tableName: string, clock: Clock = systemClock) {
    super(client, tableName, 'reindex', clock);
  }

  override async read(): ReturnType<ReindexStateStore['read']> {
    const item = await this.readItem();
    return { ...this.stateOf(item), lastSwitch: item.lastSwitch ? (JSON.parse(item.lastSwitch) as ReindexSwitch) : undefined };
  }

  async recordSwitch(owner: string, change: ReindexSwitch): Promise<boolean> {
    return this.conditional({
      UpdateExpression: 'SET lastSwitch = :s',
      ConditionExpression: 'lockOwner = :owner',
      ExpressionAttributeValues: marshall({ ':owner': owner, ':s': JSON.stringify(change) }),
    });
  }
}
