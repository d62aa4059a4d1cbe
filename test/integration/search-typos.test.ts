import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import { createSearchService } from '../../shared/services/search-service.ts';
import { indexDocumentOf } from '../support/search-contract.ts';

/** The embedded engine's typo vocabulary: "did you mean", and a vocabulary that follows the index. */
describe('typo tiers on the embedded engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-typos-'));
  const index = new SqliteSearchIndex(join(dir, 'search.sqlite'));
  const service = createSearchService({ index });
  const make = async (key: string, text: string) => indexDocumentOf(key, await processDocument(new TextEncoder().encode(text)));

  before(async () => {
    await index.upsert([
      await make('a.txt', 'Sáp nhập văn phòng các ban đảng\n\nTỉnh ủy quyết định sáp nhập văn phòng các ban đảng từ tháng sau.'),
      await make('b.txt', 'Phó chủ tịch thăm hỏi\n\nPhó chủ tịch tỉnh thăm hỏi các gia đình chính sách.'),
      await make('c.txt', 'Mùa nước nổi\n\nNgư dân đánh bắt cá linh trên đồng ruộng ngập nước.'),
    ]);
  });
  after(() => {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says which spelling a word no document holds was matched as (did you mean)', async () => {
    const result = await service.search({ q: 'sáp nhập văn phòg' });
    assert.equal(result.hits[0]?.key, 'a.txt');
    assert.deepEqual(result.corrections, [{ from: 'phòg', to: 'phong' }], 'phong, found near the other words, not pho of another document');
  });

  it('names the spelling the top hit holds, not one only other documents hold', async () => {
    // Prepare: "xanh" is held by no document; "canh" (two bodies) is the likelier spelling, "bánh" is in the top hit's title.
    await index.upsert([
      await make('d.txt', 'Chợ quê\n\nBà nấu canh chua cá lóc cho cả nhà.'),
      await make('e.txt', 'Bữa cơm nhà\n\nMẹ nấu canh rau ngót mỗi chiều.'),
      await make('f.txt', 'Bánh chưng ngày tết\n\nCả nhà gói bánh chưng đêm giao thừa.'),
    ]);
    // Act
    const result = await service.search({ q: 'xanh' });
    // Assess
    assert.equal(result.hits[0]?.key, 'f.txt');
    assert.deepEqual(result.corrections, [{ from: 'xanh', to: 'banh' }]);
    await index.remove(result.hits.filter((h) => ['d.txt', 'e.txt', 'f.txt'].includes(h.key)).map((h) => h.id));
  });

  it('finds the page when every spelling keeps a word no document holds (left out by the miss-one tier)', async () => {
    // Act: "nhậpp" has a spelling the index holds, "xyzw" none, so every typo-tier spelling keeps "xyzw".
    const result = await service.search({ q: 'sáp nhậpp văn xyzw' });
    // Assess
    assert.equal(result.hits[0]?.key, 'a.txt');
    assert.deepEqual(result.corrections, [{ from: 'nhậpp', to: 'nhap' }]);
  });

  it('says nothing when every word matched as typed', async () => {
    assert.deepEqual((await service.search({ q: 'sáp nhập văn phòng' })).corrections, []);
  });

  it('forgets a spelling once no document holds it', async () => {
    assert.equal((await service.search({ q: 'cá linnh' })).hits[0]?.key, 'c.txt');
    const c = (await service.search({ q: 'cá linh' })).hits[0];
    assert.ok(c);
    await index.remove([c.id]);
    const after = await service.search({ q: 'cá linnh' });
    assert.equal(after.total, 0);
    assert.deepEqual(after.corrections, []);
  });
});

/** Term frequencies the engine remembers between searches follow writes made through another connection. */
describe('typo tiers over a file another process writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-typos-shared-'));
  const file = join(dir, 'search.sqlite');
  const searcher = new SqliteSearchIndex(file);
  const writer = new SqliteSearchIndex(file);
  const service = createSearchService({ index: searcher });
  const make = async (key: string, text: string) => indexDocumentOf(key, await processDocument(new TextEncoder().encode(text)));
  after(() => {
    searcher.close();
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers a spelling another connection has indexed since the last search', async () => {
    // Prepare: "canh" is in the vocabulary but no document holds it; a search remembers that.
    const soup = await make('g.txt', 'Canh chua\n\nBà nấu canh chua cá lóc.');
    await writer.upsert([soup]);
    await writer.remove([soup.id]);
    assert.equal((await service.search({ q: 'xanh' })).total, 0);
    // Act: another connection indexes a page holding it.
    await writer.upsert([soup]);
    const result = await service.search({ q: 'xanh' });
    // Assess
    assert.equal(result.hits[0]?.key, 'g.txt');
    assert.deepEqual(result.corrections, [{ from: 'xanh', to: 'canh' }]);
  });
});
