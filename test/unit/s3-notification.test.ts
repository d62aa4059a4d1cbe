import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { encodeS3Key } from '../../shared/domain/s3-key.ts';
import { MalformedEventError, parseS3Notification } from '../../shared/events/s3-notification.ts';

const notification = (eventName: string, key: string) =>
  JSON.stringify({ Records: [{ eventName, s3: { bucket: { name: 'raw' }, object: { key, size: 10, eTag: 'abc', sequencer: '00A1' } } }] });

describe('S3 notifications', () => {
  it('decodes a URL-encoded key with spaces and Vietnamese letters exactly once', () => {
    // As real S3 sends it: spaces as "+", UTF-8 percent-encoded.
    const [change] = parseS3Notification(notification('ObjectCreated:Put', 'tin+t%E1%BB%A9c/%C4%90%E1%BA%A3ng+%E1%BB%A7y+2012.txt'));
    assert.equal(change?.ref.key, 'tin tức/Đảng ủy 2012.txt');
  });
  it('keeps a literal percent sign and plus sign that S3 encoded', () => {
    const key = '100% chắc + chắn.txt';
    assert.equal(parseS3Notification(notification('ObjectCreated:Put', encodeS3Key(key)))[0]?.ref.key, key);
  });
  it('maps created and removed events of every sub-type', () => {
    for (const [eventName, kind] of [
      ['ObjectCreated:Put', 'created'], ['ObjectCreated:Post', 'created'], ['ObjectCreated:Copy', 'created'], ['ObjectCreated:CompleteMultipartUpload', 'created'],
      ['ObjectRemoved:Delete', 'removed'], ['ObjectRemoved:DeleteMarkerCreated', 'removed'],
      ['LifecycleExpiration:Delete', 'removed'], ['LifecycleExpiration:DeleteMarkerCreated', 'removed'],
    ] as const) {
      assert.equal(parseS3Notification(notification(eventName, 'a.txt'))[0]?.kind, kind, eventName);
    }
  });
  it('ignores events that do not change a key\'s content', () => {
    for (const eventName of ['ObjectRestore:Completed', 'LifecycleTransition', 'ObjectTagging:Put', 'ObjectAcl:Put', 'Replication:OperationFailedReplication', 'IntelligentTiering']) {
      assert.deepEqual(parseS3Notification(notification(eventName, 'a.txt')), [], eventName);
    }
  });
  it('ignores the s3:TestEvent S3 sends when notifications are configured', () => {
    assert.deepEqual(parseS3Notification(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'raw' })), []);
  });
  it('rejects a body that is not an S3 notification', () => {
    assert.throws(() => parseS3Notification('not json'), MalformedEventError);
    assert.throws(() => parseS3Notification('{"Records":[{"foo":1}]}'), MalformedEventError);
  });
  it('reads every record of the sample SQS event, not only the first', () => {
    const event = JSON.parse(readFileSync(new URL('../../events/sqs-s3-notifications.json', import.meta.url), 'utf8')) as { Records: Array<{ body: string }> };
    const changes = event.Records.flatMap((r) => parseS3Notification(r.body));
    assert.deepEqual(changes.map((c) => [c.kind, c.ref.key]), [
      ['created', 'tin tức/Đảng ủy 2012.txt'],
      ['created', 'reports/annual report.html'],
      ['removed', 'old/draft.txt'],
    ]);
  });
});
