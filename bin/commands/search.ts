import { join, resolve } from 'node:path';
import { StackHttpClient } from '../../local/stack-http-client.ts';
import { findRunningStack } from '../../local/stack-state.ts';
import type { SearchResponse } from '../../shared/ports.ts';

/** `docpipe search`: search the local index: words, "exact phrase", -exclude, OR; accents optional. */
export async function run(query: string | undefined, opts: { data: string; size: string; sort?: string; source?: string; author?: string; person?: string; docRef?: string; language?: string; from?: string; to?: string; cursor?: string; json?: boolean }): Promise<void> {
  const params: Record<string, string> = { size: opts.size };
  for (const [name, value] of Object.entries({ q: query, sort: opts.sort, source: opts.source, author: opts.author, person: opts.person, docRef: opts.docRef, language: opts.language, from: opts.from, to: opts.to, cursor: opts.cursor })) {
    if (value !== undefined) params[name] = value;
  }
  const running = await findRunningStack(opts.data);
  let result: SearchResponse;
  if (running) {
    result = await new StackHttpClient(running.endpoints).search(params);
  } else {
    // Only without a running stack: SQLite and the search service are loaded when needed.
    const [{ SqliteSearchIndex }, { createSearchService }] = await Promise.all([import('../../shared/adapters/sqlite-search-index.ts'), import('../../shared/services/search-service.ts')]);
    const index = new SqliteSearchIndex(join(resolve(opts.data), 'search.sqlite'));
    try {
      result = await createSearchService({ index }).search(params);
    } finally {
      index.close();
    }
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  process.stdout.write(`${result.total} match${result.total === 1 ? '' : 'es'}\n`);
  const corrections = result.corrections ?? [];
  if (corrections.length > 0) process.stdout.write(`Did you mean: ${corrections.map((c) => `${c.from} → ${c.to}`).join(', ')} (matched under that spelling)\n`);
  result.hits.forEach((hit, i) => {
    const snippet = hit.snippet.replace(/<mark>/g, '\x1b[1m').replace(/<\/mark>/g, '\x1b[22m').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const meta = [hit.source, hit.published, hit.authors.join(', ')].filter(Boolean).join(' · ');
    process.stdout.write(`\n${i + 1}. ${hit.title}  [${hit.key}]${meta ? `  ${meta}` : ''}\n   ${snippet}\n`);
  });
  if (result.nextCursor) process.stdout.write(`\nMore: --cursor ${result.nextCursor}\n`);
}
