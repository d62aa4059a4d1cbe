import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { createSearchService, type SearchService } from '../../shared/services/search-service.ts';
import type { IndexDocument } from '../../shared/domain/types.ts';

const doc = (id: string, title: string, body: string): IndexDocument => ({
  id, key: `${id}.txt`, etag: 'e1', title, body, captions: '', source: 'bao', authors: [], published: '2026-01-02', language: 'vi', people: [], organizations: [], docRefs: [],
});

const WEIGHTS = '10.0, 5.0, 1.0, 0.5';
/**
 * `xyq quanh nem`: `xyq` is held by no document and has no typo budget (three letters), so the search
 * falls back to the miss-one tier (`quanh nem` near one another). Its typo tier names `xyq` in every
 * spelling and can match nothing; the expression the search evaluated until then kept it beside the
 * miss-one tier's.
 */
const QUERY = 'xyq quanh nem';
const WITH_DEAD_PART = '((NEAR("xyq" "quanh" "nem", 8))) OR ((NEAR("quanh" "nem", 8)))';
const LIVE_PART = '((NEAR("quanh" "nem", 8)))';

describe('typo tiers leave out what no document can match (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-dead-spellings-'));
  const file = join(dir, 'search.sqlite');
  let index: SqliteSearchIndex;
  let service: SearchService;
  let gen = '';
  const bm25 = (expression: string): Array<{ rowid: number; r: number }> => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(`SELECT rowid, bm25(fts_${gen}, ${WEIGHTS}) AS r FROM fts_${gen} WHERE fts_${gen} MATCH ? ORDER BY rowid`).all(expression) as Array<{ rowid: number; r: number }>;
    } finally {
      db.close();
    }
  };

  before(async () => {
    index = new SqliteSearchIndex(file);
    service = createSearchService({ index });
    await index.upsert([
      doc('a', 'Chợ đêm ven sông', 'Người dân bày bán nem chua quanh chợ. Quanh năm chợ đông khách, nem ngon.'),
      doc('b', 'Làng nghề truyền thống', 'Quanh làng có nhiều lò làm nem.'),
      doc('c', 'Mùa lúa chín', 'Quanh cánh đồng lúa chín vàng, nông dân thu hoạch sớm hơn mọi năm vì trời nắng; nem.'),
      doc('d', 'Phiên chợ quê', 'Nem và chả được bày bán quanh phiên chợ quê từ sáng sớm.'),
      doc('e', 'Tin vắn', 'Không có từ nào của câu hỏi ở đây.'),
    ]);
    gen = (await index.generations()).active ?? '';
  });
  after(() => {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a part of the match expression that can match nothing adds nothing to any BM25', () => {
    const kept = bm25(WITH_DEAD_PART);
    assert.ok(kept.length >= 3, `the miss-one tier matches several documents: ${kept.length}`);
    assert.deepEqual(bm25(LIVE_PART), kept);
  });

  it('the miss-one search ranks and scores as it did with the typo tier in its expression', async () => {
    const response = await service.search({ q: QUERY, size: '2' });
    const ids = new Map((await Promise.all(['a', 'b', 'c', 'd', 'e'].map(async (id) => [await rowidOf(id), id] as const))));
    // Miss-one matches take no tier bonus; no document holds a phrase or a pair of the query in a title or name.
    const expected = bm25(WITH_DEAD_PART)
      .map(({ rowid, r }) => ({ id: ids.get(rowid) ?? '', score: -r }))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1));
    assert.equal(response.total, expected.length);
    assert.deepEqual(response.hits.map((h) => [h.id, h.score]), expected.slice(0, 2).map((h) => [h.id, Number(h.score.toPrecision(6))]));
    // The cursor carries the last hit's score at full precision.
    const next = await service.search({ q: QUERY, size: '2', cursor: response.nextCursor ?? '' });
    assert.deepEqual(next.hits.map((h) => h.id), expected.slice(2, 4).map((h) => h.id));
  });

  async function rowidOf(id: string): Promise<number> {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(`SELECT rowid FROM meta_${gen} WHERE id = ?`).pluck().get(id) as number;
    } finally {
      db.close();
    }
  }
});
