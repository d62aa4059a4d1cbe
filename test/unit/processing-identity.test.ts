import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corpusDocuments, processingOutput, projectDocuments, readSnapshot, sha256, type SnapshotDocument } from '../support/processing-snapshot.ts';
import { skipWithoutCorpus } from '../support/shared-corpus.ts';

/**
 * Every field of every result, as recorded before the one-pass tokeniser replaced the per-step word
 * splits (test/fixtures/processing-output/hashes.json, written by test/support/processing-snapshot.ts).
 * A change that is meant to alter an output re-records the hashes and says why in its commit.
 */
const recorded = readSnapshot();

async function differences(docs: SnapshotDocument[], how: { stages?: boolean } = {}): Promise<string[]> {
  const changed: string[] = [];
  for (const doc of docs) {
    const expected = recorded[doc.name];
    if (expected === undefined) changed.push(`${doc.name}: no recorded output`);
    else if (sha256(await processingOutput(doc, how)) !== expected) changed.push(`${doc.name}: output differs`);
  }
  return changed;
}

describe('processing output identical to the recorded one', () => {
  it('on every input of ../shared/corpus (dev news, dev people, samples)', { skip: skipWithoutCorpus }, async () => {
    const docs = corpusDocuments();
    const recordedHere = Object.keys(recorded).filter((name) => name.startsWith('corpus/'));
    // A corpus that lost or gained files would compare fewer documents without failing otherwise.
    assert.deepEqual(docs.map((d) => d.name).sort(), recordedHere.sort());
    assert.ok(docs.length >= 313, `only ${docs.length} corpus documents compared`);
    assert.deepEqual(await differences(docs), []);
  });

  it('on the project samples, the hostile inputs and the benchmark documents', async () => {
    const docs = projectDocuments();
    const recordedHere = Object.keys(recorded).filter((name) => !name.startsWith('corpus/'));
    assert.deepEqual(docs.map((d) => d.name).sort(), recordedHere.sort());
    assert.ok(docs.length >= 150, `only ${docs.length} project documents compared`);
    assert.deepEqual(await differences(docs), []);
  });

  it('with the two stages apart, what the first reads copied as to another thread (docpipe process --concurrency 2)', async () => {
    const docs = [...(skipWithoutCorpus ? [] : corpusDocuments()), ...projectDocuments()];
    assert.deepEqual(await differences(docs, { stages: true }), []);
  });
});
