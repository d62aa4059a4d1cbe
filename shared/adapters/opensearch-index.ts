import type { API, Client } from '@opensearch-project/opensearch';
import type { Clause, ParsedQuery } from '../domain/search/query.ts';
import { MARK_END, MARK_START, renderSnippet } from '../domain/search/snippet.ts';
import type { IndexDocument } from '../domain/types.ts';
import type { SearchIndex, SearchRequest, SearchResponse } from '../ports.ts';

/** Mapping version: a change to settings or mappings means a new index, never an in-place edit. */
export const MAPPING_VERSION = 1;

/**
 * Vietnamese analysis with the ICU plugin Amazon OpenSearch Service ships: `icu_tokenizer` splits
 * syllables, `icu_folding` removes tone marks and folds đ → d, so typing without accents still finds.
 */
export const INDEX_BODY: API.Indices_Create_RequestBody = {
  settings: {
    index: { number_of_shards: 1, number_of_replicas: 1 },
    analysis: {
      analyzer: {
        vi_folded: { type: 'custom', tokenizer: 'icu_tokenizer', filter: ['icu_folding'] },
        vi_exact: { type: 'custom', tokenizer: 'icu_tokenizer', filter: ['lowercase'] },
      },
    },
  },
  mappings: {
    dynamic: 'strict',
    properties: {
      id: { type: 'keyword' },
      key: { type: 'keyword' },
      etag: { type: 'keyword', index: false },
      title: { type: 'text', analyzer: 'vi_folded', fields: { exact: { type: 'text', analyzer: 'vi_exact' } } },
      body: { type: 'text', analyzer: 'vi_folded', fields: { exact: { type: 'text', analyzer: 'vi_exact' } } },
      source: { type: 'keyword' },
      authors: { type: 'keyword' },
      published: { type: 'date', format: 'strict_date' },
      language: { type: 'keyword' },
      people: { type: 'keyword' },
      docRefs: { type: 'keyword' },
    },
  },
};

/** Raised when some items of a bulk request failed; the caller retries (the ids say which). */
export class BulkIndexError extends Error {
  constructor(readonly failedIds: string[], reason: string) {
    super(`OpenSearch rejected ${failedIds.length} document(s) (${reason}); the batch will be retried.`);
    this.name = 'BulkIndexError';
  }
}

type QueryContainer = NonNullable<API.Search_RequestBody['query']>;

function clauseQuery(clause: Clause): QueryContainer {
  const text = clause.tokens.join(' ');
  return {
    multi_match: {
      query: text,
      type: clause.tokens.length > 1 ? 'phrase' : 'best_fields',
      fields: ['title^5', 'title.exact^6', 'body', 'body.exact^1.2'],
    },
  };
}

/** Our parsed query as OpenSearch DSL: user text only ever lands in `multi_match.query`. */
export function toSearchBody(query: ParsedQuery, size: number): API.Search_RequestBody {
  const body: API.Search_RequestBody = {
    size,
    track_total_hits: true,
    _source: ['id', 'key', 'title', 'published', 'source', 'authors'],
    query: {
      bool: {
        should: query.anyOf.map((group) => ({ bool: { must: group.map(clauseQuery) } })),
        minimum_should_match: 1,
        must_not: query.exclude.map(clauseQuery),
      },
    },
    highlight: {
      pre_tags: [MARK_START],
      post_tags: [MARK_END],
      encoder: 'default',
      fields: { body: { fragment_size: 200, number_of_fragments: 1, no_match_size: 200 } },
    },
  };
  return body;
}

/** SearchIndex over OpenSearch (Amazon OpenSearch Service in AWS), written through an alias. */
export class OpenSearchIndex implements SearchIndex {
  constructor(private readonly client: Client, private readonly alias: string) {}

  async ensureIndex(): Promise<void> {
    const exists = await this.client.indices.existsAlias({ name: this.alias });
    if (exists.body) return;
    const index = this.newIndexName();
    await this.client.indices.create({ index, body: { ...INDEX_BODY, aliases: { [this.alias]: {} } } });
  }

  async upsert(documents: IndexDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const body: API.Bulk_RequestBody = documents.flatMap((doc) => [{ index: { _index: this.alias, _id: doc.id } }, doc]);
    const res = await this.client.bulk({ body });
    this.throwOnItemErrors(res.body, []);
  }

  async remove(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const body: API.Bulk_RequestBody = ids.map((id) => ({ delete: { _index: this.alias, _id: id } }));
    const res = await this.client.bulk({ body });
    this.throwOnItemErrors(res.body, [404]);
  }

  async indexedVersion(id: string): Promise<{ etag: string | null } | undefined> {
    const res = await this.client.get({ index: this.alias, id, _source_includes: ['etag'] }, { ignore: [404] });
    const found = res.body as { found?: boolean; _source?: { etag?: string | null } };
    return found.found ? { etag: found._source?.etag ?? null } : undefined;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const res = await this.client.search({ index: this.alias, body: toSearchBody(request.query, request.size) });
    const total = res.body.hits.total;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      hits: res.body.hits.hits.map((hit) => {
        const src = (hit._source ?? {}) as Partial<IndexDocument>;
        return {
          id: hit._id ?? src.id ?? '',
          key: src.key ?? '',
          title: src.title ?? '',
          snippet: renderSnippet(hit.highlight?.body?.[0] ?? ''),
          published: src.published ?? null,
          source: src.source ?? null,
          authors: src.authors ?? [],
          score: hit._score ?? 0,
        };
      }),
    };
  }

  /** Blue/green: load a fresh index, then move the alias to it in one atomic call. */
  async rebuild(pages: AsyncIterable<IndexDocument[]>): Promise<{ indexed: number }> {
    const index = this.newIndexName();
    await this.client.indices.create({ index, body: INDEX_BODY });
    let indexed = 0;
    for await (const page of pages) {
      if (page.length === 0) continue;
      const body: API.Bulk_RequestBody = page.flatMap((doc) => [{ index: { _index: index, _id: doc.id } }, doc]);
      const res = await this.client.bulk({ body });
      this.throwOnItemErrors(res.body, []);
      indexed += page.length;
    }
    await this.client.indices.refresh({ index });
    const current = await this.client.indices.getAlias({ name: this.alias }, { ignore: [404] });
    const previous = Object.keys((current.body ?? {}) as Record<string, unknown>).filter((name) => name !== 'error' && name !== 'status');
    await this.client.indices.updateAliases({
      body: {
        actions: [
          ...previous.map((name) => ({ remove: { index: name, alias: this.alias } })),
          { add: { index, alias: this.alias, is_write_index: true } },
        ],
      },
    });
    return { indexed };
  }

  private newIndexName(): string {
    return `${this.alias}-v${MAPPING_VERSION}-${Date.now()}`;
  }

  private throwOnItemErrors(body: API.Bulk_ResponseBody, ignoredStatuses: number[]): void {
    if (!body.errors) return;
    const failed = body.items.flatMap((item) =>
      Object.values(item).filter((op) => op?.error && !ignoredStatuses.includes(op.status)).map((op) => ({ id: op?._id ?? '', reason: op?.error?.type ?? 'error' })),
    );
    if (failed.length > 0) throw new BulkIndexError(failed.map((f) => f.id), [...new Set(failed.map((f) => f.reason))].join(', '));
  }
}
