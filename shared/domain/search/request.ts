import { createHash } from 'node:crypto';
import { InvalidQueryError } from '../errors.ts';
import { parseQuery, type ParsedQuery } from './query.ts';
import { expandSynonyms } from './synonyms.ts';

/**
 * A search as the endpoint receives it (`GET /search?q=&source=&author=&person=&docRef=&language=
 * &from=&to=&sort=&size=&cursor=&facets=`), validated into what both engines execute. Every
 * mistake is an InvalidQueryError naming the parameter, so the endpoint answers 400, never 500.
 */

export type SortOrder = 'relevance' | 'date';

export interface SearchFilters {
  /** Each list matches any of its values; different lists must all match. */
  source: string[];
  author: string[];
  person: string[];
  docRef: string[];
  language: string[];
  /** Inclusive bounds on `published`, as YYYY-MM-DD. */
  from: string | null;
  to: string | null;
}

/** Where the previous page ended: the sort value and id of its last hit. */
export interface CursorPosition {
  /** Score (relevance) or `published` (date; null for undated documents). */
  value: number | string | null;
  id: string;
}

export interface SearchRequest {
  /** Null when only filters are given: every matching document, newest first. */
  query: ParsedQuery | null;
  filters: SearchFilters;
  sort: SortOrder;
  size: number;
  after: CursorPosition | null;
  /** Counts per source, author, person, document reference and year over all matches. */
  facets: boolean;
  /** Identifies the search (query, filters, sort), so a cursor is only used with the search it came from. */
  fingerprint: string;
}

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;
/** Values listed per facet. */
export const FACET_SIZE = 10;
const MAX_FILTER_VALUES = 20;

export type RawParams = Record<string, string | string[] | undefined>;

const FILTERS = { source: 'source', author: 'author', person: 'person', docRef: 'docRef', language: 'language' } as const;

export function parseSearchRequest(params: RawParams): SearchRequest {
  const filters: SearchFilters = {
    source: list(params, FILTERS.source),
    author: list(params, FILTERS.author),
    person: list(params, FILTERS.person),
    docRef: list(params, FILTERS.docRef),
    language: list(params, FILTERS.language),
    from: date(params, 'from', 'start'),
    to: date(params, 'to', 'end'),
  };
  if (filters.from && filters.to && filters.from > filters.to) {
    throw new InvalidQueryError('from', `from (${filters.from}) is after to (${filters.to}); swap them.`);
  }
  const hasFilter = Object.values(filters).some((v) => (Array.isArray(v) ? v.length > 0 : v !== null));
  const q = single(params, 'q')?.trim() ?? '';
  // Only filters: browse them. Neither: say what is missing (parseQuery's message).
  const query = q || !hasFilter ? expandSynonyms(parseQuery(q)) : null;
  const sortRaw = single(params, 'sort');
  if (sortRaw !== undefined && sortRaw !== '' && sortRaw !== 'relevance' && sortRaw !== 'date') {
    throw new InvalidQueryError('sort', `sort must be "relevance" or "date"; got "${sortRaw}".`);
  }
  const sort: SortOrder = sortRaw === 'relevance' || sortRaw === 'date' ? sortRaw : query ? 'relevance' : 'date';
  if (sort === 'relevance' && !query) throw new InvalidQueryError('sort', 'sort=relevance needs a query q; without one, results are by date.');
  const facetsRaw = single(params, 'facets');
  if (facetsRaw !== undefined && facetsRaw !== '' && facetsRaw !== 'true' && facetsRaw !== 'false') {
    throw new InvalidQueryError('facets', `facets must be "true" or "false"; got "${facetsRaw}".`);
  }
  const fingerprint = createHash('sha256').update(JSON.stringify([query?.text ?? '', filters, sort])).digest('base64url').slice(0, 16);
  return {
    query,
    filters,
    sort,
    size: size(single(params, 'size')),
    after: decodeCursor(single(params, 'cursor'), fingerprint, sort),
    facets: facetsRaw !== 'false',
    fingerprint,
  };
}

function single(params: RawParams, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) {
    if (value.length > 1) throw new InvalidQueryError(name, `${name} may be given once; got ${value.length} values.`);
    return value[0];
  }
  return value;
}

/**
 * A filter's values: repeated parameters (`?person=A&person=B`) or comma-separated ones, which is how
 * API Gateway passes repeated parameters on. Names never contain commas.
 */
function list(params: RawParams, name: string): string[] {
  const raw = params[name];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.normalize('NFC').trim())
    .filter(Boolean);
  if (values.length > MAX_FILTER_VALUES) throw new InvalidQueryError(name, `${name} takes at most ${MAX_FILTER_VALUES} values; got ${values.length}.`);
  if (values.some((v) => v.length > 200)) throw new InvalidQueryError(name, `a ${name} value is over 200 characters.`);
  return [...new Set(values)];
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** YYYY, YYYY-MM or YYYY-MM-DD; a bound widens to the start or end of the year or month it names. */
function date(params: RawParams, name: string, edge: 'start' | 'end'): string | null {
  const raw = single(params, name)?.trim();
  if (!raw) return null;
  const m = DATE.exec(raw);
  const invalid = () => new InvalidQueryError(name, `${name} must be a date written YYYY-MM-DD (or YYYY-MM, or YYYY); got "${raw}".`);
  if (!m) throw invalid();
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : edge === 'start' ? 1 : 12;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = m[3] ? Number(m[3]) : edge === 'start' ? 1 : lastDay;
  if (month < 1 || month > 12 || day < 1 || day > lastDay) throw invalid();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function size(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PAGE_SIZE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new InvalidQueryError('size', `size must be a whole number from 1 to ${MAX_PAGE_SIZE}; got "${raw}".`);
  }
  return n;
}

interface CursorBody {
  f: string;
  s: SortOrder;
  v: number | string | null;
  i: string;
}

/** An opaque cursor for the page after the hit `last`; only valid for the same search. */
export function encodeCursor(request: Pick<SearchRequest, 'fingerprint' | 'sort'>, last: CursorPosition): string {
  const body: CursorBody = { f: request.fingerprint, s: request.sort, v: last.value, i: last.id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeCursor(raw: string | undefined, fingerprint: string, sort: SortOrder): CursorPosition | null {
  if (!raw) return null;
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    body = {};
  }
  const valueOk = body.v === null || typeof body.v === 'string' || (typeof body.v === 'number' && Number.isFinite(body.v));
  if (typeof body.i !== 'string' || !valueOk || body.v === undefined || (body.s !== 'relevance' && body.s !== 'date')) {
    throw new InvalidQueryError('cursor', 'cursor is not one this service returned; pass nextCursor from the previous page unchanged.');
  }
  if (body.f !== fingerprint || body.s !== sort) {
    throw new InvalidQueryError('cursor', 'cursor belongs to a different search; keep q, filters and sort unchanged while paging, or start again without cursor.');
  }
  return { value: body.v, id: body.i };
}
