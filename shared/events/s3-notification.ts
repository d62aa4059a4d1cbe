// zod/mini: the same validation, tree-shaken (20 KB instead of 440 KB in each function bundle).
import * as z from 'zod/mini';
import { decodeS3Key, encodeS3Key } from '../domain/s3-key.ts';
import type { ObjectRef } from '../domain/types.ts';

/** One object change from an S3 event notification, key already decoded. */
export interface ObjectChange {
  kind: 'created' | 'removed';
  eventName: string;
  ref: ObjectRef;
}

const s3Record = z.object({
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({
      key: z.string(),
      size: z.optional(z.number()),
      eTag: z.optional(z.string()),
      versionId: z.optional(z.string()),
      sequencer: z.optional(z.string()),
    }),
  }),
});
const notification = z.union([
  z.object({ Records: z.array(s3Record) }),
  // S3 sends this once when notifications are configured; it names no object.
  z.looseObject({ Event: z.literal('s3:TestEvent') }),
]);

export class MalformedEventError extends Error {
  constructor(message: string) {
    super(`Malformed S3 notification: ${message}. The message is not an S3 event; it will end in the dead-letter queue.`);
    this.name = 'MalformedEventError';
  }
}

/**
 * What an S3 event does to a key. Created: Put, Post, Copy, CompleteMultipartUpload. Removed: Delete,
 * DeleteMarkerCreated (a versioned bucket's key now answers 404), and lifecycle expirations of either
 * kind. Everything else (restores, transitions, tagging, ACLs, replication) leaves the text unchanged.
 */
export function changeKind(eventName: string): 'created' | 'removed' | undefined {
  const name = eventName.replace(/^s3:/, '');
  if (name.startsWith('ObjectCreated:')) return 'created';
  if (name.startsWith('ObjectRemoved:')) return 'removed';
  if (name === 'LifecycleExpiration:Delete' || name === 'LifecycleExpiration:DeleteMarkerCreated') return 'removed';
  return undefined;
}

/** Parses the body of an SQS message that carries an S3 event notification. */
export function parseS3Notification(body: string): ObjectChange[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedEventError('the body is not JSON');
  }
  const parsed = notification.safeParse(json);
  if (!parsed.success) throw new MalformedEventError(parsed.error.issues[0]?.message ?? 'unexpected shape');
  const data = parsed.data as { Records?: Array<z.infer<typeof s3Record>> };
  if (!data.Records) return [];
  return data.Records.flatMap((r): ObjectChange[] => {
    const kind = changeKind(r.eventName);
    if (!kind) return [];
    const o = r.s3.object;
    return [{
      kind,
      eventName: r.eventName,
      ref: { bucket: r.s3.bucket.name, key: decodeS3Key(o.key), size: o.size, etag: o.eTag, versionId: o.versionId, sequencer: o.sequencer },
    }];
  });
}

/**
 * The body S3 would send to the queue for one object change (key URL-encoded, as S3 does). The local
 * stack sends these for s3rver's events, and reconcile re-queues lost changes with them; a change
 * without `sequencer` is applied as it comes (reconcile reads the object's current state anyway).
 */
export function notificationBody(bucket: string, eventName: string, key: string, object: { size?: number; eTag?: string; sequencer?: string } = {}, region = 'local'): string {
  return JSON.stringify({
    Records: [{
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: region,
      eventTime: new Date().toISOString(),
      eventName,
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: encodeS3Key(key),
          ...(object.size !== undefined ? { size: object.size } : {}),
          ...(object.eTag ? { eTag: object.eTag } : {}),
          ...(object.sequencer ? { sequencer: object.sequencer } : {}),
        },
      },
    }],
  });
}
