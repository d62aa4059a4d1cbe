import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { documentId } from '../../shared/domain/ids.ts';
import { processDocument } from '../../shared/domain/process-document.ts';
import type { IndexDocument, ProcessedDocument } from '../../shared/domain/types.ts';
import type { SearchIndex, SearchResponse } from '../../shared/ports.ts';
import { toIndexDocument } from '../../shared/services/processed-objects.ts';
import { createSearchService } from '../../shared/services/search-service.ts';

/**
 * One behaviour, two engines: this suite runs against the embedded SQLite engine always and against
 * a real OpenSearch cluster when OPENSEARCH_URL is set. Documents are the project's samples/ plus a
 * few written here to pin ranking rules.
 */
export interface EngineUnderTest {
  index: SearchIndex;
  /** Make writes visible to search (OpenSearch refresh); nothing for SQLite. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

const ROOT = new URL('../..', import.meta.url).pathname;
export const RAW_BUCKET = 'docpipe-raw';

export function indexDocumentOf(key: string, document: ProcessedDocument, etag = 'e1'): IndexDocument {
  return toIndexDocument({ id: documentId(RAW_BUCKET, key), key, etag }, { document });
}

export async function documentsFrom(dir: string, prefix = ''): Promise<IndexDocument[]> {
  const docs: IndexDocument[] = [];
  for (const name of readdirSync(dir).sort()) {
    docs.push(indexDocumentOf(`${prefix}${name}`, await processDocument(readFileSync(join(dir, name)))));
  }
  return docs;
}

/** Short documents that pin ranking rules the samples do not isolate. */
async function rankingDocuments(): Promise<IndexDocument[]> {
  const make = async (key: string, text: string) => indexDocumentOf(key, await processDocument(new TextEncoder().encode(text)));
  return Promise.all([
    make('rank/ban.txt', 'Họp bàn giá lúa\n\nCác hộ dân họp bàn về giá lúa vụ mùa năm nay tại nhà văn hóa thôn.'),
    make('rank/ban-sac.txt', 'Bán lúa sớm\n\nNhiều hộ dân bán lúa ngay tại ruộng cho thương lái với giá cao hơn năm ngoái.'),
    make('rank/phrase.txt', 'Bản tin sáng\n\nĐường giao thông nông thôn được bê tông hóa ở mười hai thôn của xã.'),
    make('rank/scattered.txt', 'Bản tin chiều\n\nĐường vào bản còn khó đi; nông thôn miền núi cần giao thông tốt hơn, nhất là mùa mưa.'),
    make('rank/title.txt', 'Giao thông nông thôn miền núi\n\nBài viết tổng hợp các ý kiến của cử tri gửi tới kỳ họp thứ bảy.'),
    make('typo/exact.txt', 'Gardeners plant apple trees\n\nGardeners plant apple trees along the canal every autumn, as they have done since 1998.'),
    make('typo/near.txt', 'Autumn gardening day\n\nOne gardener plants an apple tree near the canal each weekend.'),
    make('typo/scattered.txt', 'Canal district report\n\nThe head gardener of the district retired this year after a long career. A storm brought down the old apple orchard fence last week, the council said. The flower stall that plants seasonal bulbs moved to the covered market. Two people planted a tree by the school.'),
    make('rank/tone-lost.txt', 'Hội thảo quốc phòng\n\nHội thảo bàn về quốc phòng toàn dân ở vùng biên giới phía bắc.'),
    make('rank/tone-other.txt', 'Phong trào thể thao\n\nPhong trào thể thao của thanh niên quốc tế nở rộ ở vùng biên giới.'),
    // Both hold "lê" as typed; only the first also holds "từ".
    make('rank/accents-all.txt', 'Pha lê cổ\n\nBộ pha lê này có từ thời vua Minh Mạng, được giữ ở bảo tàng.'),
    make('rank/accents-part.txt', 'Thành Lê ghi bàn\n\nCầu thủ Thành Lê ghi bàn ở phút chót; Lê được thay ra sau đó.'),
    make('rank/expanded.txt', 'Thông báo của Ủy ban nhân dân xã\n\nỦy ban nhân dân xã Diễn Lộc thông báo lịch tiếp công dân tháng 10 năm 2024.'),
    // The same words in a photo caption and in a body: the caption is searchable, and weighs less.
    make('rank/caption.txt', 'Night market\n\nThe night market opened on Friday with music and food stalls.')
      .then((d) => ({ ...d, captions: 'Paper lanterns hang over the riverbank.' })),
    make('rank/caption-body.txt', 'Festival evening\n\nPaper lanterns hang over the riverbank at the autumn festival.'),
    // A byline holding a name the query starts with, beside a page holding the same words scattered
    // (more often, and in its title); "pháp", in three pages, is a likelier spelling of "phép" (two),
    // so a search for the name plus "phép" goes through the typo tiers.
    make('rank/byline.txt', 'Tin nhắn rác bị phạt nặng\n\nDoanh nghiệp gửi tin nhắn rác có thể bị thu hồi giấy phép theo quy định của pháp luật.')
      .then((d) => ({ ...d, authors: ['Lý Thu Anh'] })),
    make('rank/byline-scattered.txt', 'Thu phí cấp phép: anh Lý nói gì\n\nÔng Lý cho biết thu phí cấp phép là đúng pháp luật; anh em tiểu thương xin phép được góp ý, phép thu phí nào cũng phải công khai.'),
    make('rank/law.txt', 'Pháp luật và đời sống\n\nChuyên mục pháp luật giải đáp thắc mắc của bạn đọc.'),
  ]);
}

interface Judged {
  q?: string;
  params?: Record<string, string>;
  expect: string[];
  within?: number;
  absent?: string[];
  note?: string;
}

export function searchEngineContract(name: string, open: () => Promise<EngineUnderTest>, skip: string | false = false): void {
  describe(`search behaviour: ${name}`, { skip }, () => {
    let engine: EngineUnderTest;
    let search: (params: Record<string, string>) => Promise<SearchResponse>;
    let all: IndexDocument[];
    const keyOf = (id: string) => all.find((d) => d.id === id)?.key;

    before(async () => {
      engine = await open();
      all = [...(await documentsFrom(join(ROOT, 'samples'))), ...(await rankingDocuments())];
      await engine.index.upsert(all);
      await engine.refresh();
      const service = createSearchService({ index: engine.index });
      search = (params) => service.search(params);
    });
    after(async () => engine?.close());

    const judged = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/search/judged-queries.json'), 'utf8')) as Judged[];
    for (const j of judged) {
      it(`judged: ${j.q ?? ''} ${j.params ? JSON.stringify(j.params) : ''}${j.note ? ` (${j.note})` : ''}`, async () => {
        const result = await search({ ...(j.q ? { q: j.q } : {}), ...(j.params ?? {}), size: '50' });
        const keys = result.hits.map((h) => h.key);
        for (const key of j.expect) {
          const at = keys.indexOf(key);
          assert.ok(at !== -1 && at < (j.within ?? 1), `${key} should be in the first ${j.within ?? 1}; got ${JSON.stringify(keys)}`);
        }
        for (const key of j.absent ?? []) assert.ok(!keys.includes(key), `${key} must not be returned; got ${JSON.stringify(keys)}`);
      });
    }

    it('ranks a match with the typed diacritics above a folded-only one, and finds both without diacritics', async () => {
      assert.deepEqual((await search({ q: 'bán lúa' })).hits.slice(0, 2).map((h) => h.key), ['rank/ban-sac.txt', 'rank/ban.txt']);
      assert.deepEqual((await search({ q: 'bàn lúa' })).hits.slice(0, 2).map((h) => h.key), ['rank/ban.txt', 'rank/ban-sac.txt']);
      assert.deepEqual(new Set((await search({ q: 'ban lua' })).hits.map((h) => h.key)), new Set(['rank/ban.txt', 'rank/ban-sac.txt']));
    });

    it('requires only the words typed with diacritics to match as typed in the diacritics tier', async () => {
      const keys = (await search({ q: 'quốc phong vùng biên giới' })).hits.map((h) => h.key);
      assert.ok(keys.indexOf('rank/tone-lost.txt') !== -1 && keys.indexOf('rank/tone-lost.txt') < keys.indexOf('rank/tone-other.txt'), JSON.stringify(keys));
    });

    it('lists in the diacritics tier only documents that hold every word: a page holding just the typed-with-diacritics ones is no match', async () => {
      // A short page too: the embedded engine pages the tier on its own when it fills the page.
      for (const size of ['1', '50']) {
        const result = await search({ q: 'lê tu', size });
        const keys = result.hits.map((h) => h.key);
        assert.ok(!keys.includes('rank/accents-part.txt'), `a page without "tu" must not be returned (size ${size}); got ${JSON.stringify(keys)}`);
        if (size === '50') {
          assert.ok(keys.includes('rank/accents-all.txt'), JSON.stringify(keys));
          assert.equal(result.total, keys.length, 'the total counts the documents the hits show');
        }
        const excluding = (await search({ q: 'lê -thành', size })).hits.map((h) => h.key);
        assert.ok(!excluding.includes('rank/accents-part.txt'), `an excluded word keeps its page out (size ${size}); got ${JSON.stringify(excluding)}`);
      }
    });

    it('ranks words found as a phrase, and in the title, above the same words scattered', async () => {
      const keys = (await search({ q: 'giao thông nông thôn' })).hits.map((h) => h.key);
      assert.ok(keys.indexOf('rank/title.txt') < keys.indexOf('rank/scattered.txt'), JSON.stringify(keys));
      assert.ok(keys.indexOf('rank/phrase.txt') < keys.indexOf('rank/scattered.txt'), JSON.stringify(keys));
    });

    it('finds the expansion of an abbreviation typed in the query (UBND → Ủy ban nhân dân) and back', async () => {
      assert.ok((await search({ q: 'UBND xã Diễn Lộc' })).hits.some((h) => h.key === 'rank/expanded.txt'));
      assert.equal((await search({ q: 'ủy ban nhân dân huyện Hòa Bình' })).hits[0]?.key, 'vi-hoi-nghi-cai-cach-hanh-chinh.txt');
    });

    it('finds an article by its author\'s name plus one word of the story, typed with or without diacritics', async () => {
      const body = all.find((d) => d.key === 'vi-chuyen-doi-so-so-y-te.txt')?.body ?? '';
      assert.ok(!/Hoàng Yến/.test(body), 'the byline is not in the body: only the names field can find it');
      assert.equal((await search({ q: 'Hoàng Yến bệnh án' })).hits[0]?.key, 'vi-chuyen-doi-so-so-y-te.txt');
      assert.equal((await search({ q: 'hoang yen benh an' })).hits[0]?.key, 'vi-chuyen-doi-so-so-y-te.txt');
    });

    it('forgives a typo in an author\'s name, and names the spelling', async () => {
      const result = await search({ q: 'hoang yeen' });
      assert.equal(result.hits[0]?.key, 'vi-chuyen-doi-so-so-y-te.txt');
      assert.deepEqual(result.corrections, [{ from: 'yeen', to: 'yen' }]);
    });

    it('in a typo tier, ranks a name found as a phrase in a byline above the same words scattered', async () => {
      const keys = (await search({ q: 'Lý Thu Anh phép' })).hits.map((h) => h.key);
      assert.ok(keys.includes('rank/byline-scattered.txt'), `both pages hold every word: ${JSON.stringify(keys)}`);
      assert.equal(keys[0], 'rank/byline.txt', JSON.stringify(keys));
    });

    it('finds words only a photo caption carries, ranked below the same words in a body', async () => {
      const keys = (await search({ q: 'paper lanterns riverbank' })).hits.map((h) => h.key);
      assert.deepEqual(keys.slice(0, 2), ['rank/caption-body.txt', 'rank/caption.txt']);
    });

    it('typo tiers: every word as typed first, then every word within its typo budget, near one another', async () => {
      const keys = (await search({ q: 'gardeners plant apple trees' })).hits.map((h) => h.key);
      assert.deepEqual(keys.slice(0, 2), ['typo/exact.txt', 'typo/near.txt']);
      assert.ok(!keys.includes('typo/scattered.txt'), `the words scattered over a page are no typo match: ${JSON.stringify(keys)}`);
    });

    it('forgives a typo in a word typed without diacritics and in one typed with them', async () => {
      assert.equal((await search({ q: 'gardners plant apple' })).hits[0]?.key, 'typo/exact.txt');
      assert.equal((await search({ q: 'hồ sơ sức khỏee điện tử' })).hits[0]?.key, 'vi-chuyen-doi-so-so-y-te.txt');
      assert.equal((await search({ q: 'ho so suc khoee dien tu' })).hits[0]?.key, 'vi-chuyen-doi-so-so-y-te.txt');
    });

    it('takes the words documents hold as typed when another word is held by none: that word is the slip', async () => {
      // "plants" (two pages) is a likelier spelling of "plant" (one): widened when every word is held, not beside a slip.
      assert.ok((await search({ q: 'gardener plant apple' })).hits.some((h) => h.key === 'typo/near.txt'), 'every word held: plant also matches plants');
      const keys = (await search({ q: 'gardners plant apple' })).hits.map((h) => h.key);
      assert.equal(keys[0], 'typo/exact.txt');
      assert.ok(!keys.includes('typo/near.txt'), `gardners is the slip; plant is taken as typed: ${JSON.stringify(keys)}`);
      const missOne = (await search({ q: 'gardeners plant apple zyx' })).hits.map((h) => h.key);
      assert.equal(missOne[0], 'typo/exact.txt');
      assert.ok(!missOne.includes('typo/near.txt'), `zyx, too short for a typo budget, is the slip: left out, the others taken as typed: ${JSON.stringify(missOne)}`);
    });

    it('names the spelling each typo matched under (did you mean), and nothing when every word matched as typed', async () => {
      assert.deepEqual((await search({ q: 'gardners plant apple' })).corrections, [{ from: 'gardners', to: 'gardeners' }]);
      assert.deepEqual((await search({ q: 'hồ sơ sức khỏee điện tử' })).corrections, [{ from: 'khỏee', to: 'khoe' }]);
      assert.deepEqual((await search({ q: 'gardners plant apple zyxwvq' })).corrections, [{ from: 'gardners', to: 'gardeners' }], 'through the miss-one tier too');
      assert.deepEqual((await search({ q: 'gardeners plant apple' })).corrections, []);
    });

    it('gives no typo budget to words under four letters and to numbers', async () => {
      assert.equal((await search({ q: 'apple 1999' })).total, 0);
      assert.ok((await search({ q: 'apple cenal' })).hits.some((h) => h.key === 'typo/exact.txt'), 'five letters: one typo');
      assert.equal((await search({ q: 'apple tre' })).total, 0);
    });

    it('misses one word of three or more only when no document holds it in any spelling', async () => {
      assert.equal((await search({ q: 'gardeners plant apple zyxwvq' })).hits[0]?.key, 'typo/exact.txt');
      assert.equal((await search({ q: 'gardeners plant apple market' })).total, 0, 'market is held by a document: it is not dropped');
    });

    it('keeps quoted phrases, quoted words and exclusions exact', async () => {
      assert.equal((await search({ q: '"gardners plant apple"' })).total, 0);
      assert.equal((await search({ q: '"gardners" plant apple' })).total, 0);
      const keys = (await search({ q: 'gardners plant apple -canal' })).hits.map((h) => h.key);
      assert.ok(!keys.includes('typo/exact.txt') && !keys.includes('typo/near.txt'), JSON.stringify(keys));
    });

    it('never turns page chrome that is not indexed into a partial match', async () => {
      const keys = (await search({ q: 'share this article email' })).hits.map((h) => h.key);
      assert.ok(!keys.includes('en-river-cleanup.txt'), JSON.stringify(keys));
    });

    it('counts the total and pages over the same documents a typo tier shows', async () => {
      const whole = await search({ q: 'gardeners plant apple trees', size: '50' });
      assert.equal(whole.total, whole.hits.length);
      assert.ok(whole.total >= 2);
      const first = await search({ q: 'gardeners plant apple trees', size: '1' });
      assert.equal(first.total, whole.total);
      const next = await search({ q: 'gardeners plant apple trees', size: '1', cursor: first.nextCursor ?? '' });
      assert.equal(next.hits[0]?.key, whole.hits[1]?.key);
    });

    it('highlights matches with <mark> in HTML-escaped snippets that keep the author\'s accents', async () => {
      const hit = (await search({ q: 'suc khoe dien tu' })).hits[0];
      assert.equal(hit?.key, 'vi-chuyen-doi-so-so-y-te.txt');
      assert.match(hit?.snippet ?? '', /<mark>sức<\/mark> <mark>khỏe<\/mark> <mark>điện<\/mark> <mark>tử<\/mark>/);
      assert.ok(!/<(?!\/?mark>)/.test(hit?.snippet ?? ''), 'no tag but <mark>');
    });

    it('counts facets over all matches: sources, authors, people, document references, years', async () => {
      const result = await search({ q: 'tỉnh OR huyện OR Diễn', size: '1' });
      assert.ok(result.facets);
      const count = (list: Array<{ value: string; count: number }>, value: string) => list.find((f) => f.value === value)?.count;
      assert.equal(count(result.facets.source, 'Hoabinhxanh.vn'), 1);
      assert.equal(count(result.facets.people, 'Phạm Văn Đức'), 1);
      assert.equal(count(result.facets.docRefs, '1234/2023/QĐ-UBND'), 1);
      assert.ok((count(result.facets.year, '2024') ?? 0) >= 2);
      for (const list of Object.values(result.facets)) {
        for (let i = 1; i < list.length; i++) assert.ok((list[i - 1]?.count ?? 0) >= (list[i]?.count ?? 0), 'most frequent first');
      }
      assert.equal((await search({ q: 'tỉnh', facets: 'false' })).facets, null);
    });

    it('sorts by date, newest first, undated last', async () => {
      const hits = (await search({ q: 'tỉnh OR huyện OR the', sort: 'date', size: '50' })).hits;
      const dates = hits.map((h) => h.published);
      const dated = dates.filter((d): d is string => d !== null);
      assert.deepEqual(dated, [...dated].sort().reverse());
      assert.ok(dates.indexOf(null) === -1 || dates.slice(dates.indexOf(null)).every((d) => d === null), JSON.stringify(dates));
    });

    for (const sort of ['relevance', 'date'] as const) {
      it(`pages with cursors (${sort}): every hit exactly once, in the order of one big page`, async () => {
        const q = 'tỉnh OR huyện OR the OR lúa';
        const whole = await search({ q, sort, size: '50' });
        const paged: string[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 50; i++) {
          const page: SearchResponse = await search({ q, sort, size: '2', ...(cursor ? { cursor } : {}) });
          paged.push(...page.hits.map((h) => h.id));
          cursor = page.nextCursor;
          if (!cursor) break;
          assert.equal(page.total, whole.total);
        }
        assert.deepEqual(paged, whole.hits.map((h) => h.id));
        assert.equal(new Set(paged).size, paged.length);
        assert.ok(paged.length >= 5, `only ${paged.length} hits`);
      });
    }

    it('combines filters: different parameters all apply, values of one parameter any', async () => {
      const both = await search({ q: 'UBND', source: 'Hoabinhxanh.vn,Nongthonngaynay.example.vn', size: '50' });
      assert.deepEqual(new Set(both.hits.map((h) => h.key)), new Set(['vi-hoi-nghi-cai-cach-hanh-chinh.txt', 'vi-ban-tin-nong-nghiep.html']));
      const narrowed = await search({ q: 'UBND', source: 'Hoabinhxanh.vn,Nongthonngaynay.example.vn', docRef: '25-KH/HU' });
      assert.deepEqual(narrowed.hits.map((h) => keyOf(h.id)), ['vi-hoi-nghi-cai-cach-hanh-chinh.txt']);
    });
  });
}
