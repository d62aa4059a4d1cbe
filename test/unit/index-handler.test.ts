import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { createIndexHandler } from '../../functions/index/index-handler.ts';
import { TallyMetrics } from '../../shared/metrics.ts';
import type { IndexResult, IndexService, RecordChange } from '../../shared/services/index-service.ts';
import { silentLogger } from '../support/fakes.ts';

/** A service whose batch applies each change with `apply`, one by one, each failure its own. */
const serviceOf = (apply: IndexService['apply']): IndexService => ({
  apply,
  readAhead: () => undefined,
  applyAll: async (changes) => {
    const results: IndexResult[] = [];
    for (const change of changes) results.push(await apply(change).then((outcome) => ({ outcome }), (error: unknown) => ({ error })));
    return results;
  },
});

const event = JSON.parse(readFileSync(join(import.meta.dirname, '../../events/dynamodb-stream.json'), 'utf8')) as DynamoDBStreamEvent;

describe('index handler', () => {
  it('reads events/dynamodb-stream.json into row changes with old and new images, in order', async () => {
    const seen: RecordChange[] = [];
    const handler = createIndexHandler({ service: serviceOf(async (c) => (seen.push(c), 'upserted')), logger: silentLogger(), metrics: new TallyMetrics() });
    const response = await handler(event, {} as Context);
    assert.deepEqual(response.batchItemFailures, []);
    assert.deepEqual(seen.map((c) => [c.newRecord?.status, c.oldRecord?.status]), [['PROCESSED', undefined], ['DELETED', 'PROCESSED']]);
    assert.equal(seen[0]?.newRecord?.roles['Hồ Đức Phớc'], 'Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh');
    assert.ok(!('seq' in (seen[0]?.newRecord ?? {})), 'index attributes are not part of the record');
  });

  it('reports a failing record for retry without failing the others', async () => {
    let calls = 0;
    const handler = createIndexHandler({
      service: serviceOf(async () => { if (calls++ === 0) throw new Error('OpenSearch 429'); return 'removed'; }),
      logger: silentLogger(),
      metrics: new TallyMetrics(),
    });
    const response = await handler(event, {} as Context);
    assert.deepEqual(response.batchItemFailures, [{ itemIdentifier: event.Records[0]?.dynamodb?.SequenceNumber }]);
  });
});

describe('index handler and the control row', () => {
  it('skips stream records of the re-index control row: only document rows are indexed', async () => {
    const seen: RecordChange[] = [];
    const handler = createIndexHandler({ service: serviceOf(async (c) => (seen.push(c), 'upserted')), logger: silentLogger(), metrics: new TallyMetrics() });
    const control = { ...event.Records[0], dynamodb: { Keys: { pk: { S: 'CONTROL#reindex' }, sk: { S: 'STATE' } }, NewImage: { pk: { S: 'CONTROL#reindex' }, lockOwner: { S: 'x' } }, SequenceNumber: '9' } };
    const response = await handler({ Records: [control] } as DynamoDBStreamEvent, {} as Context);
    assert.deepEqual(response.batchItemFailures, []);
    assert.deepEqual(seen, []);
  });
});
