/**
 * The local stand-in for SQS (and, in ordered mode, for a DynamoDB stream shard): batches,
 * a visibility timeout, retries with backoff and a dead-letter list after `maxReceiveCount` tries.
 */
export interface QueueMessage<T> {
  id: string;
  body: T;
  receiveCount: number;
  sentAt: number;
}

export interface QueueOptions<T> {
  name: string;
  batchSize: number;
  /** A received message becomes visible again after this long if its consumer neither acks nor fails it. */
  visibilityTimeoutMs: number;
  maxReceiveCount: number;
  /** Batches consumed at once (1 in ordered mode). */
  concurrency?: number;
  /** Ordered mode: a failing message blocks the messages behind it until it succeeds or dead-letters. */
  ordered?: boolean;
  /**
   * As Lambda's maximum batching window: a batch smaller than `batchSize` waits until its oldest
   * message has been deliverable this long, for more to join it (0, the default: delivered at once).
   */
  batchingWindowMs?: number;
  /** Delay before a failed message is retried: base × 2^(tries − 1). */
  retryBaseMs?: number;
  /** Returns the ids of the messages that failed; a throw fails the whole batch. */
  consume: (batch: Array<QueueMessage<T>>) => Promise<string[]>;
  onDeadLetter?: (message: QueueMessage<T>, reason: string) => void;
}

interface Slot<T> {
  message: QueueMessage<T>;
  visibleAt: number;
  inFlight: boolean;
}

export class InProcessQueue<T> {
  readonly deadLetters: Array<QueueMessage<T> & { reason: string }> = [];
  private readonly slots = new Map<string, Slot<T>>();
  private inFlightBatches = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private sequence = 0;
  private idleWaiters: Array<() => void> = [];

  /** As given: tests check the local stack tunes its queues like the deployed ones. */
  constructor(readonly options: QueueOptions<T>) {}

  start(): void {
    this.running = true;
    this.pump();
  }

  /** Stops delivering; waits for batches in flight. Undelivered messages stay in memory. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    while (this.inFlightBatches > 0) await new Promise((r) => setTimeout(r, 10));
  }

  send(bodies: T[]): void {
    const now = Date.now();
    for (const body of bodies) {
      const id = `${this.options.name}-${++this.sequence}`;
      this.slots.set(id, { message: { id, body, receiveCount: 0, sentAt: now }, visibleAt: now, inFlight: false });
    }
    this.pump();
  }

  /** Messages waiting or in flight. */
  get depth(): number {
    return this.slots.size;
  }

  /** Resolves when nothing is waiting or in flight. */
  idle(): Promise<void> {
    if (this.slots.size === 0 && this.inFlightBatches === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Moves every dead letter back to the queue, as fresh messages. */
  redrive(): number {
    const letters = this.deadLetters.splice(0);
    this.send(letters.map((l) => l.body));
    return letters.length;
  }

  private pump(): void {
    if (!this.running) return;
    const concurrency = this.options.ordered ? 1 : (this.options.concurrency ?? 1);
    while (this.inFlightBatches < concurrency && !this.gathering(Date.now())) {
      const batch = this.takeBatch();
      if (batch.length === 0) break;
      this.inFlightBatches++;
      void this.deliver(batch);
    }
    this.scheduleWake();
    this.notifyIfIdle();
  }

  /**
   * Within the batching window: fewer than a batch of messages can be delivered, and the oldest of
   * them became deliverable less than `batchingWindowMs` ago.
   */
  private gathering(now: number): boolean {
    const window = this.options.batchingWindowMs ?? 0;
    if (window <= 0) return false;
    const { count, since } = this.deliverable(now);
    return count > 0 && count < this.options.batchSize && since + window > now;
  }

  /** Messages a batch taken now would hold (up to a batch), and since when the oldest of them could be delivered. */
  private deliverable(now: number): { count: number; since: number } {
    let count = 0;
    let since = Infinity;
    for (const slot of this.slots.values()) {
      if (count >= this.options.batchSize) break;
      if (slot.inFlight || slot.visibleAt > now) {
        if (this.options.ordered) break;
        continue;
      }
      count++;
      since = Math.min(since, slot.visibleAt);
    }
    return { count, since };
  }

  private takeBatch(): Array<QueueMessage<T>> {
    const now = Date.now();
    const batch: Array<QueueMessage<T>> = [];
    for (const slot of this.slots.values()) {
      if (batch.length >= this.options.batchSize) break;
      if (slot.inFlight || slot.visibleAt > now) {
        if (this.options.ordered) break;
        continue;
      }
      slot.inFlight = true;
      slot.visibleAt = now + this.options.visibilityTimeoutMs;
      slot.message.receiveCount++;
      batch.push(slot.message);
    }
    return batch;
  }

  private async deliver(batch: Array<QueueMessage<T>>): Promise<void> {
    let failed: Set<string>;
    let reason = 'the consumer reported the message as failed';
    try {
      failed = new Set(await this.options.consume(batch));
    } catch (error) {
      failed = new Set(batch.map((m) => m.id));
      reason = error instanceof Error ? error.message : String(error);
    }
    const now = Date.now();
    for (const message of batch) {
      const slot = this.slots.get(message.id);
      if (!slot) continue;
      slot.inFlight = false;
      if (!failed.has(message.id)) {
        this.slots.delete(message.id);
      } else if (message.receiveCount >= this.options.maxReceiveCount) {
        this.slots.delete(message.id);
        this.deadLetters.push({ ...message, reason });
        this.options.onDeadLetter?.(message, reason);
      } else {
        slot.visibleAt = now + (this.options.retryBaseMs ?? 100) * 2 ** (message.receiveCount - 1);
      }
    }
    this.inFlightBatches--;
    this.pump();
  }

  /**
   * Wakes the queue when a message it could not deliver yet becomes deliverable: a retry's backoff
   * ends, or a batching window closes. Nothing is scheduled while every batch slot is taken (the
   * batch that finishes pumps again) or, in ordered mode, while the head of the queue is in flight:
   * a timer then would only spin, scanning the whole backlog every millisecond.
   */
  private scheduleWake(): void {
    clearTimeout(this.timer);
    const now = Date.now();
    const full = this.inFlightBatches >= (this.options.ordered ? 1 : (this.options.concurrency ?? 1));
    const window = this.options.batchingWindowMs ?? 0;
    let next = Infinity;
    for (const slot of this.slots.values()) {
      if (slot.inFlight) {
        if (this.options.ordered) break;
        continue;
      }
      if (slot.visibleAt > now) {
        next = Math.min(next, slot.visibleAt);
        if (this.options.ordered) break;
      } else if (!full) {
        next = Math.min(next, slot.visibleAt + window);
      }
    }
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.pump(), Math.max(0, next - now));
  }

  private notifyIfIdle(): void {
    if (this.slots.size > 0 || this.inFlightBatches > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
