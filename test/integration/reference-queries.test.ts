import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import { CORPUS_DIR, corpusAvailable, skipWithoutCorpus } from '../support/shared-corpus.ts';
import { documentsFrom } from '../support/search-contract.ts';

interface ReferenceQuery {
  q: string;
  expect?: string[];
  within?: number;
  absent?: string[];
  note?: string;
}

const queries: ReferenceQuery[] = corpusAvailable ? (JSON.parse(readFileSync(join(CORPUS_DIR, 'queries.json'), 'utf8')) as ReferenceQuery[]) : [];

/** ../shared/corpus/queries.json on the embedded engine: every expected file within its rank, no absent file at all. */
describe('reference search judgements (../shared/corpus/queries.json)', { skip: skipWithoutCorpus }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-reference-'));
  const index = new SqliteSearchIndex(join(dir, 'search.sqlite'));
  const service = createSearchService({ index });
  before(async () => index.upsert(await documentsFrom(join(CORPUS_DIR, 'samples'))));
  after(() => {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const query of queries) {
    it(`${query.q}${query.note ? ` (${query.note})` : ''}`, async () => {
      const keys = (await service.search({ q: query.q, size: '50' })).hits.map((h) => h.key);
      for (const file of query.expect ?? []) {
        const at = keys.indexOf(file);
        assert.ok(at !== -1 && at < (query.within ?? 1), `${file} should be within the first ${query.within ?? 1}; got ${JSON.stringify(keys)}`);
      }
      for (const file of query.absent ?? []) assert.ok(!keys.includes(file), `${file} must not be returned; got ${JSON.stringify(keys)}`);
    });
  }
});
