import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import type { IndexDocument } from '../../shared/domain/types.ts';

const doc = (id: string, title: string, body: string): IndexDocument => ({
  id, key: `${id}.txt`, etag: 'e1', title, body, captions: '', source: 'bao', authors: [], published: '2026-01-02', language: 'vi', people: [], organizations: [], docRefs: [],
});

/** FTS5 segments of a generation's folded and exact tables (one `segid` per b-tree). */
function segments(file: string, gen: string): { fts: number; ftx: number } {
  const db = new Database(file, { readonly: true });
  try {
    const count = (table: string): number => db.prepare(`SELECT count(DISTINCT segid) FROM ${table}_idx`).pluck().get() as number;
    return { fts: count(`fts_${gen}`), ftx: count(`ftx_${gen}`) };
  } finally {
    db.close();
  }
}

describe('snippets of a widened search (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-snippets-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('marks the words a typo search matched in the current text of each hit, in whichever generation is active', async () => {
    const index = new SqliteSearchIndex(join(dir, 'search.sqlite'));
    const service = createSearchService({ index });
    const snippet = async () => (await service.search({ q: 'sap nhapp van phong' })).hits[0]?.snippet ?? '';
    await index.upsert([doc('a', 'Sáp nhập văn phòng', 'Tỉnh ủy quyết định sáp nhập văn phòng các ban đảng.')]);
    assert.match(await snippet(), /<mark>sáp<\/mark> <mark>nhập<\/mark> <mark>văn<\/mark> <mark>phòng<\/mark>/, 'nhapp matched as nhập');
    await index.upsert([doc('a', 'Sáp nhập văn phòng', 'Hội đồng bàn việc sáp nhập văn phòng hai sở.')]);
    assert.match(await snippet(), /^Hội đồng bàn việc <mark>sáp<\/mark>/, 'the text as rewritten');
    const gen = await index.createGeneration();
    await index.writeGeneration(gen, [doc('a', 'Sáp nhập văn phòng', 'Năm nay huyện sáp nhập văn phòng ba xã.')]);
    await index.activate(gen);
    assert.match(await snippet(), /^Năm nay huyện <mark>sáp<\/mark>/, 'the new generation\'s text');
    index.close();
  });
});

describe('sealing a generation (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-seal-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('merges a filled generation into one FTS5 segment per table, and it answers as before', async () => {
    const file = join(dir, 'search.sqlite');
    const index = new SqliteSearchIndex(file);
    const service = createSearchService({ index });
    const gen = await index.createGeneration();
    // Each write is its own transaction, so each leaves a segment of its own.
    await index.writeGeneration(gen, [doc('a', 'Sáp nhập văn phòng các ban đảng', 'Tỉnh ủy quyết định sáp nhập văn phòng các ban đảng.')]);
    await index.writeGeneration(gen, [doc('b', 'Phó chủ tịch thăm hỏi', 'Phó chủ tịch tỉnh thăm hỏi các gia đình chính sách.')]);
    await index.writeGeneration(gen, [doc('c', 'Mùa nước nổi', 'Ngư dân đánh bắt cá linh trên đồng ruộng ngập nước.')]);
    const before = segments(file, gen);
    assert.ok(before.fts > 1 && before.ftx > 1, `three writes leave several segments: ${JSON.stringify(before)}`);

    const other = new SqliteSearchIndex(join(dir, 'unsealed.sqlite'));
    const otherGen = await other.createGeneration();
    for (const d of [doc('a', 'Sáp nhập văn phòng các ban đảng', 'Tỉnh ủy quyết định sáp nhập văn phòng các ban đảng.'), doc('b', 'Phó chủ tịch thăm hỏi', 'Phó chủ tịch tỉnh thăm hỏi các gia đình chính sách.'), doc('c', 'Mùa nước nổi', 'Ngư dân đánh bắt cá linh trên đồng ruộng ngập nước.')]) {
      await other.writeGeneration(otherGen, [d]);
    }
    await other.activate(otherGen);

    await index.sealGeneration(gen);
    assert.deepEqual(segments(file, gen), { fts: 1, ftx: 1 });
    await index.activate(gen);
    const unsealed = createSearchService({ index: other });
    for (const q of ['sap nhap van phong', 'thăm hỏi', 'van phong ban dang', 'nuoc noi']) {
      assert.deepEqual(await service.search({ q }), await unsealed.search({ q }), q);
    }
    assert.equal((await service.search({ q: 'sáp nhập' })).hits[0]?.id, 'a');
    index.close();
    other.close();
  });

  it('refuses to seal the active generation, which searches read meanwhile', async () => {
    const index = new SqliteSearchIndex(join(dir, 'active.sqlite'));
    const { active } = await index.generations();
    await assert.rejects(index.sealGeneration(active ?? ''), /active/);
    index.close();
  });
});
