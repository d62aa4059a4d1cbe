import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import type { IndexDocument } from '../../shared/domain/types.ts';

const doc = (id: string, title: string, body: string): IndexDocument => ({
  id, key: `${id}.txt`, etag: 'e1', title, body, captions: '', source: 'bao', authors: [], published: '2026-01-02', language: 'vi', people: [], organizations: [], docRefs: [],
});

describe('facet counts from the matches\' packed facet ids (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-facet-bytes-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts every id exactly once the ids need bytes of every value, zero and those above 0x7f included', async () => {
    const index = new SqliteSearchIndex(join(dir, 'search.sqlite'));
    const service = createSearchService({ index });
    // 300 distinct authors: facet term ids past 255, so the packed ids hold bytes no UTF-8 text may.
    const docs = Array.from({ length: 300 }, (_, i): IndexDocument => ({
      ...doc(`d${String(i).padStart(3, '0')}`, `Bản tin số ${i}`, 'Thời tiết hôm nay nắng ráo trên cả nước.'),
      source: `báo ${i % 7}`,
      authors: i % 3 === 0 ? [`Tác giả ${i}`, 'Tác giả chung'] : [`Tác giả ${i}`],
    }));
    await index.upsert(docs);

    const response = await service.search({ q: 'thời tiết' });

    assert.equal(response.total, 300);
    const sources = Array.from({ length: 7 }, (_, k) => ({ value: `báo ${k}`, count: docs.filter((d) => d.source === `báo ${k}`).length }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
    assert.deepEqual(response.facets?.source, sources);
    const authors = [{ value: 'Tác giả chung', count: 100 }, ...docs.map((d) => ({ value: d.authors[0] ?? '', count: 1 })).sort((a, b) => (a.value < b.value ? -1 : 1)).slice(0, 9)];
    assert.deepEqual(response.facets?.authors, authors);
    index.close();
  });
});
