import { InvalidQueryError } from '../domain/errors.ts';
import { parseQuery } from '../domain/search/query.ts';
import type { SearchIndex, SearchResponse } from '../ports.ts';

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

export interface SearchParams {
  q: string | undefined;
  size: string | undefined;
}

export interface SearchService {
  search(params: SearchParams): Promise<SearchResponse>;
}

/** Validates what a person typed and asks the index; bad input is an InvalidQueryError naming the parameter. */
export function createSearchService(deps: { index: SearchIndex }): SearchService {
  return {
    async search(params) {
      const query = parseQuery(params.q ?? '');
      return deps.index.search({ query, size: parseSize(params.size) });
    },
  };
}

function parseSize(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InvalidQueryError('size', `size must be a whole number from 1 to ${MAX_PAGE_SIZE}; got "${raw}".`);
  }
  return size;
}
