import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFaultScenario } from '../support/fault-scenario.ts';

describe('the search engine unavailable for part of a run', () => {
  it('ends with the index equal to the bucket after 1,000 documents arrive through three outages: nothing lost, nothing duplicated', { timeout: 240_000 }, async (t) => {
    const report = await runFaultScenario({ documents: 1000, outages: 3, outageMs: 1500, seed: 11 });
    t.diagnostic(JSON.stringify(report));
    assert.ok(report.faults.refusedIndexCalls > 0, 'the outages really refused index writes');
    assert.equal(report.lost, 0);
    assert.equal(report.duplicated, 0);
    assert.equal(report.deadLetters, 0, 'retries with backoff outlast the outages: nothing needs a redrive');
    assert.equal(report.processed, report.bucketObjects, 'every object in the bucket is processed and searchable');
    assert.equal(report.bucketObjects, report.documents - report.deletes);
  });
});
