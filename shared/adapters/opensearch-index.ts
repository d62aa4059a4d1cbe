import type { API, Client } from '@opensearch-project/opensearch';
import { accentedPart, proximityTokens, type Clause, type ParsedQuery } from '../domain/search/query.ts';
import { FACET_SIZE, type SearchFilters, type SearchRequest } from '../domain/search/request.ts';
import { MARK_END, MARK_START, renderSnippet } from '../domain/search/snippet.ts';
import { normalizeTonePlacement } from '../domain/text/tone-placement.ts';
import { fold } from '../domain/text/tokenize.ts';
import {
  FEW_RESULTS, MAX_CANDIDATES, TYPO_TIER_BELOW, MISS_ONE_MIN_WORDS, TYPO_NEAR, editDistance, rankCandidates, spellingsOf, singleWords, typoBudget, typoWords, withTypos, wordsToWiden,
  type Candidate, type Correction,
} from '../domain/search/typos.ts';
import type { IndexDocument } from '../domain/types.ts';
import { InvalidQueryError, NoPreviousIndexError } from '../domain/errors.ts';
import type { EngineResult, FacetValue, Facets, IndexGenerations, SearchIndex } from '../ports.ts';

/**
 * Mapping version. Settings and mappings live here, in code; a change to either means a new version,
 * hence a new index (`<alias>-v<version>-<timestamp>`) filled by a re-index and switched to by moving
 * the alias — never an in-place edit.
 */
export const MAPPING_VERSION = 4;

/**
 * Field boosts: title over bylines and people named in the text over body over photo captions; the
 * diacritic-exact subfields over the folded ones.
 */
const FIELDS = ['title^4', 'title.exact^6', 'authors.text^2', 'authors.exact^3', 'people.text^2', 'people.exact^3', 'body', 'body.exact^1.5', 'captions^0.5', 'captions.exact^0.75'];
const PHRASE_FIELDS = ['title^4', 'body'];
const NAME_PHRASE_FIELDS = ['authors.text', 'people.text'];
const SHINGLE_FIELDS = ['title.shingles^2', 'body.shingles'];
const EXACT_FIELDS = ['title.exact', 'authors.exact', 'people.exact', 'body.exact', 'captions.exact'];
/** Added when every term matches with the diacritics as typed: such documents rank above folded-only ones. */
export const EXACT_TIER = 1000;
/**
 * Typo tiers (docs/search.md, the same rules as the embedded engine): with fewer than TYPO_TIER_BELOW
 * matches as typed, documents matching every word as typed get WORDS_TIER, those matching every word
 * within its typo budget (near one another) TYPO_TIER, those missing the one hopeless word nothing.
 */
export const WORDS_TIER = 20000;
export const TYPO_TIER = 10000;
/** The folded text fields a typo tier searches; near-ness is judged within one field, as FTS5 NEAR does. */
const TYPO_FIELDS = ['title', 'authors.text', 'people.text', 'body', 'captions'] as const;
const TYPO_FIELD_BOOSTS = ['title^4', 'authors.text^2', 'people.text^2', 'body', 'captions^0.5'];

/**
 * Vietnamese analysis with the ICU plugin Amazon OpenSearch Service ships: `icu_tokenizer` splits
 * syllables; `icu_folding` lower-cases, removes tone marks and folds đ → d, so a query typed without
 * accents still finds; the `exact` subfields keep diacritics, so a query typed with them ranks exact
 * matches first; the `shingles` subfields index syllable pairs and triples, so multi-syllable words
 * ("cải cách") score as units. Text is normalised before indexing (NFC, one tone placement: see
 * `toOpenSearchDocument`), so both engines see the same tokens. Abbreviation synonyms are applied at
 * search time by the query builder, from the same dictionary the metadata step uses.
 */
const NAME_SUBFIELDS = { text: { type: 'text', analyzer: 'vi_folded' }, exact: { type: 'text', analyzer: 'vi_exact' } } as const;

export const INDEX_BODY: API.Indices_Create_RequestBody = {
  settings: {
    index: { number_of_shards: 1, number_of_replicas: 1 },
    analysis: {
      filter: {
        vi_shingle: { type: 'shingle', min_shingle_size: 2, max_shingle_size: 3, output_unigrams: false },
      },
      analyzer: {
        vi_folded: { type: 'custom', tokenizer: 'icu_tokenizer', filter: ['icu_folding'] },
        vi_exact: { type: 'custom', tokenizer: 'icu_tokenizer', filter: ['lowercase'] },
        vi_shingle: { type: 'custom', tokenizer: 'icu_tokenizer', filter: ['icu_folding', 'vi_shingle'] },
      },
    },
  },
  mappings: {
    dynamic: 'strict',
    properties: {
      id: { type: 'keyword' },
      key: { type: 'keyword' },
      etag: { type: 'keyword', index: false },
      title: { type: 'text', analyzer: 'vi_folded', fields: { exact: { type: 'text', analyzer: 'vi_exact' }, shingles: { type: 'text', analyzer: 'vi_shingle' } } },
      body: { type: 'text', analyzer: 'vi_folded', fields: { exact: { type: 'text', analyzer: 'vi_exact' }, shingles: { type: 'text', analyzer: 'vi_shingle' } } },
      // Photo captions: searchable, weighed below the body (FIELDS).
      captions: { type: 'text', analyzer: 'vi_folded', fields: { exact: { type: 'text', analyzer: 'vi_exact' } } },
      source: { type: 'keyword' },
      // Keywords for filters and facets, and searchable text (folded and exact) so a name finds its articles.
      authors: { type: 'keyword', fields: NAME_SUBFIELDS },
      people: { type: 'keyword', fields: NAME_SUBFIELDS },
      organizations: { type: 'keyword' },
      docRefs: { type: 'keyword' },
      language: { type: 'keyword' },
      published: { type: 'date', format: 'strict_date' },
      year: { type: 'keyword' },
    },
  },
};

/** The indexed form: text with one tone placement, and the year as a keyword for its facet. */
export function toOpenSearchDocument(doc: IndexDocument): IndexDocument & { year: string | null } {
  return { ...doc, title: normalizeTonePlacement(doc.title), body: normalizeTonePlacement(doc.body), captions: normalizeTonePlacement(doc.captions), year: doc.published?.slice(0, 4) ?? null };
}

export class MappingOutdatedError extends Error {
  constructor(alias: string, found: number) {
    super(`The alias ${alias} points to an index with mapping version ${found}; this code writes version ${MAPPING_VERSION}. Run the re-index (the reindex function, or \`docpipe reindex\` locally) to build a version ${MAPPING_VERSION} index and move the alias to it; indexing resumes then.`);
    this.name = 'MappingOutdatedError';
  }
}

/** Raised when some items of a bulk request failed; the caller retries (the ids say which). */
export class BulkIndexError extends Error {
  constructor(readonly failedIds: string[], reason: string) {
    super(`OpenSearch rejected ${failedIds.length} document(s) (${reason}); the records carrying them are retried by their queue.`);
    this.name = 'BulkIndexError';
  }
}

/**
 * A page of the id listing came back without the sort value the next page must start after. Paging
 * on a default would restart from the first page and never end, so this is a bug (in the request's
 * `sort`, or in the domain's answer), not bad input: it stops the listing and is rethrown.
 */
export class PagingCursorMissingError extends Error {
  constructor(readonly index: string, readonly lastId: string | undefined) {
    super(`OpenSearch returned a page of ${index} whose last hit (${lastId ?? 'no _id'}) carries no sort value, so the next page cannot be asked for; the listing stopped instead of starting over. Report this to the docpipe maintainers.`);
    this.name = 'PagingCursorMissingError';
  }
}

/**
 * A generation's index name, `<alias>-v<mapping version>-<epoch ms>` (see `newIndexName`); the group
 * is the mapping version.
 */
const GENERATION_NAME = /-v(\d+)-\d+$/;

/** Bulk items OpenSearch may accept on a later try: throttled (429) or a server-side failure (5xx). */
const RETRYABLE_ITEM = (status: number): boolean => status === 429 || status >= 500;
/** Re-sends of the failed items of one bulk request, with exponential backoff from `BULK_RETRY_BASE_MS`. */
export const BULK_ITEM_RETRIES = 3;
const BULK_RETRY_BASE_MS = 200;

type BulkOperation = { action: API.Bulk_RequestBody[number]; source?: object; id: string };

type QueryContainer = NonNullable<API.Search_RequestBody['query']>;

function formQuery(tokens: string[], fields: string[]): QueryContainer {
  const text = tokens.map(normalizeTonePlacement).join(' ');
  return { multi_match: { query: text, type: tokens.length > 1 ? 'phrase' : 'best_fields', fields } };
}

/** A clause, or any of its synonym forms. */
function clauseQuery(clause: Clause, fields = FIELDS): QueryContainer {
  const forms = [clause.tokens, ...(clause.alternatives ?? [])];
  if (forms.length === 1) return formQuery(clause.tokens, fields);
  return { bool: { should: forms.map((f) => formQuery(f, fields)), minimum_should_match: 1 } };
}

/** The exact-diacritics tier: a constant bonus for documents matching every clause of a group as typed. */
function exactTier(query: ParsedQuery): QueryContainer[] {
  const typed = accentedPart(query);
  if (!typed) return [];
  return typed.anyOf.map((group) => ({ constant_score: { filter: { bool: { must: group.map((c) => clauseQuery(c, EXACT_FIELDS)) } }, boost: EXACT_TIER } }));
}

/**
 * Several plain words typed together also score as a phrase and as shingles: adjacent words rank
 * higher. In a typo tier, every other spelling of the group scores as a phrase too (as on the
 * embedded engine), so the document holding the fragment as meant ranks first among typo matches.
 */
function proximityBonus(query: ParsedQuery, typos?: Clause[][]): QueryContainer[] {
  const tokens = proximityTokens(query);
  if (!tokens) return [];
  const text = tokens.map(normalizeTonePlacement).join(' ');
  const group = typos?.length === 1 ? typos[0] : undefined;
  const respelt = group ? spellingsOf(group).slice(1).map((spelling) => spelling.flat().map(normalizeTonePlacement).join(' ')) : [];
  return [
    { multi_match: { query: text, type: 'phrase', fields: PHRASE_FIELDS, boost: 2 } },
    { multi_match: { query: text, type: 'best_fields', fields: SHINGLE_FIELDS } },
    ...respelt.map((phrase): QueryContainer => ({ multi_match: { query: phrase, type: 'phrase', fields: PHRASE_FIELDS, boost: 2 } })),
    ...(group ? namePairs(tokens) : []),
  ];
}

/**
 * In a typo tier, each pair of consecutive words of a query of three or more found as a phrase in a
 * byline or a named person (a `match_phrase` on each name field): `Lý Thu Anh phép` holds no phrase
 * of all four words, but the byline "Lý Thu Anh" holds two of its pairs. Titles have theirs from the
 * shingles above. The embedded engine's PAIR_BOOST.
 */
function namePairs(tokens: string[]): QueryContainer[] {
  if (tokens.length < 3) return [];
  const pairs = new Set(tokens.slice(1).map((t, i) => [tokens[i] ?? '', t].map(normalizeTonePlacement).join(' ')));
  return [...pairs].map((pair): QueryContainer => ({ multi_match: { query: pair, type: 'phrase', fields: NAME_PHRASE_FIELDS, boost: 2 } }));
}

type IntervalRule = NonNullable<API.Search_RequestBody['query']>['intervals'] extends infer I ? (I extends Record<string, infer R> ? R : never) : never;

/** A clause as an intervals rule: its tokens in a row, or any of its spellings (synonyms, typo candidates). */
function clauseInterval(clause: Clause): IntervalRule {
  const exact = (tokens: string[]): IntervalRule => ({ match: { query: tokens.map(normalizeTonePlacement).join(' '), ordered: true, max_gaps: 0 } });
  const alternatives = (clause.alternatives ?? []).map(exact);
  return alternatives.length === 0 ? exact(clause.tokens) : { any_of: { intervals: [exact(clause.tokens), ...alternatives] } };
}

/** A lone clause, in any of its spellings, in any folded field. */
function spelledClause(clause: Clause): QueryContainer {
  return clauseQuery(clause, TYPO_FIELD_BOOSTS);
}

/**
 * A group of the typo tier (its plain words widened to their candidate spellings, `withTypos`): one
 * clause alone anywhere; several near one another (within TYPO_NEAR positions, in any order) inside
 * one field, as intervals — the equivalent of the embedded engine's FTS5 NEAR groups.
 */
function typoGroup(group: Clause[]): QueryContainer {
  if (group.length === 1 && group[0]) return spelledClause(group[0]);
  const rules = group.map(clauseInterval);
  return {
    bool: {
      should: TYPO_FIELDS.map((field) => ({ intervals: { [field]: { all_of: { ordered: false, max_gaps: TYPO_NEAR, intervals: rules } } } })),
      minimum_should_match: 1,
    },
  };
}

function groupsQuery(groups: Clause[][], clause: (c: Clause[]) => QueryContainer): QueryContainer {
  return { bool: { should: groups.map(clause), minimum_should_match: 1 } };
}

const exactGroup = (group: Clause[]): QueryContainer => ({ bool: { must: group.map((c) => clauseQuery(c)) } });

/** What a typo-tier search adds to the search as typed. */
export interface TypoTiers {
  /** Groups matched within their typo budgets: plain words widened to their candidate spellings. */
  typos: Clause[][];
  /**
   * Named filters, one per widened word and spelling (`typo_pin_<word>_<spelling>`, the word as
   * typed `typo_pin_<word>_t`): the group with that word pinned to that spelling, so each hit's `matched_queries`
   * says which spelling it holds near the other words — the response's `corrections`.
   */
  pins?: Pin[];
  /** The miss-one tier's groups (each without its hopeless word), when that tier applies. */
  missing?: Clause[][];
  /** Ask, per clause that could be left out, how many documents it matches in any spelling (a `global` aggregation). */
  probe?: Clause[];
}

function filterQueries(filters: SearchFilters): QueryContainer[] {
  const out: QueryContainer[] = [];
  const terms = (field: string, values: string[]): void => {
    if (values.length > 0) out.push({ terms: { [field]: values } });
  };
  terms('source', filters.source);
  terms('authors', filters.author);
  terms('people', filters.person);
  terms('docRefs', filters.docRef);
  terms('language', filters.language);
  if (filters.from || filters.to) {
    out.push({ range: { published: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lte: filters.to } : {}), format: 'strict_date' } } });
  }
  return out;
}

const FACET_FIELDS = { source: 'source', authors: 'authors', people: 'people', docRefs: 'docRefs', year: 'year' } as const;

/** The folded fields whose terms the typo tier's candidates come from (one term suggester each). */
const SUGGEST_FIELDS = ['title', 'authors.text', 'people.text', 'body', 'captions'] as const;

/**
 * Term suggesters for each plain word with a typo budget, sent with the search as typed so the typo
 * tier, when needed, costs one more request, not two: index terms within the word's budget
 * (`max_edits`, Damerau–Levenshtein like the embedded engine's), from the first letter on, held by
 * more documents than the word as typed (`popular`, the embedded engine's `isLikelier`).
 */
export function typoSuggesters(query: ParsedQuery): NonNullable<API.Search_RequestBody['suggest']> | undefined {
  const words = typoWords(query);
  if (words.length === 0) return undefined;
  return Object.fromEntries(words.flatMap((word, w) => SUGGEST_FIELDS.map((field, f) => [`${SUGGEST}${w}_${f}`, {
    text: word,
    term: {
      field, size: MAX_CANDIDATES, sort: 'score' as const, suggest_mode: 'popular' as const, max_edits: typoBudget(word), prefix_length: 0, min_word_length: 4,
      string_distance: 'damerau_levenshtein' as const, max_term_freq: 0.99,
    },
  }])));
}

/**
 * Beside the suggesters, a `global` aggregation of one filter per word of the query typed as a single
 * word (`singleWords`): how many documents hold it as typed (in any folded field). The suggester
 * reports its options' frequencies, not the typed word's, and a word no document holds is the slip:
 * only such words are widened (`wordsToWiden`, as on the embedded engine).
 */
export function typoHeldProbe(query: ParsedQuery): NonNullable<API.Search_RequestBody['aggs']> | undefined {
  if (typoWords(query).length === 0) return undefined;
  return { [HELD]: { global: {}, aggs: Object.fromEntries(singleWords(query).map((word, w) => [`w${w}`, { filter: spelledClause({ tokens: [word] }) }])) } };
}

/**
 * The words of `singleWords` no document holds as typed, from `typoHeldProbe`'s answer. Without it
 * (a response that carries no such aggregation) every word counts as such, and each is widened.
 */
function unheldWords(query: ParsedQuery, aggregations: unknown): Set<string> {
  const held = ((aggregations ?? {}) as Record<string, Record<string, { doc_count?: number }>>)[HELD] ?? {};
  return new Set(singleWords(query).filter((_, w) => (held[`w${w}`]?.doc_count ?? 0) === 0));
}

type SuggestEntry = { options?: Array<{ text: string; freq?: number }> | { text: string; freq?: number } };

/**
 * The candidates of each word from the suggesters' answer, ranked as the embedded engine ranks its
 * own: within the word's budget by our edit distance, the nearest first, then the most frequent (a
 * term's frequency is the largest any field reports). `unheld`: the query's words no document holds
 * as typed (`typoHeldProbe`); when there are any, only those get candidates (`wordsToWiden`).
 */
export function candidatesFromSuggest(query: ParsedQuery, suggest: unknown, unheld: ReadonlySet<string>): Map<string, Candidate[]> {
  const answers = (suggest ?? {}) as Record<string, SuggestEntry[]>;
  const out = new Map<string, Candidate[]>();
  const widened = new Set(wordsToWiden(typoWords(query), unheld));
  typoWords(query).forEach((word, w) => {
    if (!widened.has(word)) return;
    const budget = typoBudget(word);
    const byTerm = new Map<string, Candidate>();
    SUGGEST_FIELDS.forEach((_, f) => {
      for (const entry of answers[`${SUGGEST}${w}_${f}`] ?? []) {
        const options = Array.isArray(entry.options) ? entry.options : entry.options ? [entry.options] : [];
        for (const option of options) {
          const term = fold(option.text);
          const distance = editDistance(word, term, budget);
          if (term === word || distance > budget) continue;
          const df = Math.max(option.freq ?? 0, byTerm.get(term)?.df ?? 0);
          byTerm.set(term, { term, distance, df });
        }
      }
    });
    if (byTerm.size > 0) out.set(word, rankCandidates([...byTerm.values()]));
  });
  return out;
}

/** One named filter of the corrections: group `g`, clause `c` pinned to one spelling. */
interface Pin {
  name: string;
  group: Clause[];
}

/**
 * The pins of a typo tier's groups (see TypoTiers.pins; the miss-one tier's groups when it applies):
 * per widened word (first occurrence), the word as typed and each of its candidates, in the
 * candidates' order.
 */
export function pinsOf(groups: Clause[][], candidates: ReadonlyMap<string, Candidate[]>): Pin[] {
  const pins: Pin[] = [];
  const seen = new Set<string>();
  groups.forEach((group) => {
    group.forEach((clause, c) => {
      const word = fold(clause.tokens[0] ?? '');
      const near = candidates.get(word);
      if (clause.tokens.length !== 1 || clause.quoted || !near || seen.has(word)) return;
      seen.add(word);
      const w = seen.size - 1;
      const pinned = (tokens: string[]): Clause[] => group.map((other, j) => (j === c ? { tokens } : other));
      pins.push({ name: `${PIN}${w}_t`, group: pinned(clause.tokens) });
      near.forEach((candidate, k) => pins.push({ name: `${PIN}${w}_${k}`, group: pinned([candidate.term]) }));
    });
  });
  return pins;
}

/**
 * "Did you mean" from the top hit's named filters: for each widened word the hit does not hold as
 * typed (near the other words), the first of its spellings it does — what the embedded engine's
 * `correctionsOf` answers by asking the document once per spelling.
 */
export function correctionsFromPins(query: ParsedQuery, candidates: ReadonlyMap<string, Candidate[]>, matched: ReadonlySet<string>): Correction[] {
  const out: Correction[] = [];
  const seen = new Set<string>();
  for (const group of query.anyOf) {
    for (const clause of group) {
      const typed = clause.tokens[0] ?? '';
      const word = fold(typed);
      const near = candidates.get(word);
      if (clause.tokens.length !== 1 || clause.quoted || !near || seen.has(word)) continue;
      seen.add(word);
      const w = seen.size - 1;
      if (matched.has(`${PIN}${w}_t`)) continue;
      const k = near.findIndex((_, i) => matched.has(`${PIN}${w}_${i}`));
      const used = near[k];
      if (used) out.push({ from: typed, to: used.term });
    }
  }
  return out;
}

const SUGGEST = 'typo_s';
const HELD = 'typo_held';
const PIN = 'typo_pin_';

/**
 * Our request as OpenSearch DSL. User text only ever lands in `multi_match.query` and filter values
 * in `terms`; nothing reaches `query_string` or any other query parser.
 */
export function toSearchBody(request: SearchRequest, tiers?: TypoTiers): API.Search_RequestBody {
  const { query } = request;
  const asTyped = query ? groupsQuery(query.anyOf, exactGroup) : null;
  const widened: QueryContainer[] = tiers ? [groupsQuery(tiers.typos, typoGroup), ...(tiers.missing ? [groupsQuery(tiers.missing, typoGroup)] : [])] : [];
  const must: QueryContainer[] = asTyped
    ? [tiers ? { bool: { should: [asTyped, ...widened], minimum_should_match: 1 } } : asTyped]
    : [{ match_all: {} }];
  const tierBonus: QueryContainer[] = asTyped && tiers
    ? [
        { constant_score: { filter: asTyped, boost: WORDS_TIER } },
        { constant_score: { filter: tiers.missing ? groupsQuery(tiers.typos, typoGroup) : { bool: { must_not: [asTyped] } }, boost: TYPO_TIER } },
      ]
    : [];
  const body: API.Search_RequestBody = {
    size: request.size,
    track_total_hits: true,
    _source: ['id', 'key', 'title', 'published', 'source', 'authors'],
    query: {
      bool: {
        must,
        ...(query && query.exclude.length > 0 ? { must_not: query.exclude.map((c) => clauseQuery(c)) } : {}),
        ...(query ? { should: [...tierBonus, ...exactTier(query), ...proximityBonus(query, tiers?.typos), ...pinFilters(tiers?.pins ?? [])] } : {}),
        filter: filterQueries(request.filters),
      },
    },
    sort: request.sort === 'relevance'
      ? [{ _score: { order: 'desc' } }, { id: { order: 'asc' } }]
      : [{ published: { order: 'desc', missing: '_last' } }, { id: { order: 'asc' } }],
    highlight: {
      pre_tags: [MARK_START],
      post_tags: [MARK_END],
      encoder: 'default',
      fields: { body: { fragment_size: 200, number_of_fragments: 1, no_match_size: 200 } },
    },
  };
  if (request.after) body.search_after = [request.after.value, request.after.id] as API.Search_RequestBody['search_after'];
  if (request.facets) {
    body.aggs = Object.fromEntries(Object.entries(FACET_FIELDS).map(([name, field]) => [name, { terms: { field, size: FACET_SIZE } }]));
  }
  if (tiers?.probe && tiers.probe.length > 0) {
    body.aggs = { ...body.aggs, [PROBE]: { global: {}, aggs: Object.fromEntries(tiers.probe.map((c, i) => [`w${i}`, { filter: spelledClause(c) }])) } };
  }
  const suggest = query && !tiers && !request.after ? typoSuggesters(query) : undefined;
  if (suggest && query) {
    body.suggest = suggest;
    body.aggs = { ...body.aggs, ...typoHeldProbe(query) };
  }
  return body;
}

/** The pins as named filters that score nothing: they only report, per hit, in `matched_queries`. */
function pinFilters(pins: Pin[]): QueryContainer[] {
  return pins.map((pin) => ({ bool: { filter: [typoGroup(pin.group)], _name: pin.name } }));
}

const PROBE = 'typo_probe';

/**
 * The typo tiers of a search that matched fewer than TYPO_TIER_BELOW documents as typed, or null when no
 * tier can widen it (no word long enough, fewer than three words).
 */
export function typoTiersOf(request: SearchRequest, candidates: ReadonlyMap<string, Candidate[]>): TypoTiers | null {
  const query = request.query;
  if (!query) return null;
  const long = query.anyOf.some((g) => g.length >= MISS_ONE_MIN_WORDS);
  if (candidates.size === 0 && !long) return null;
  const widened = withTypos(query, candidates);
  // Plain words of long groups, each probed with its spellings: one matching nothing in any of them is hopeless.
  const probe = long
    ? query.anyOf.flatMap((group, g) => (group.length < MISS_ONE_MIN_WORDS ? [] : group.flatMap((clause, c) => (mayBeLeftOut(clause) ? [widened.anyOf[g]?.[c] ?? clause] : []))))
    : [];
  const pins = request.after ? [] : pinsOf(widened.anyOf, candidates);
  return { typos: widened.anyOf, ...(pins.length > 0 ? { pins } : {}), ...(probe.length > 0 ? { probe } : {}) };
}

/** A plain word, no synonym: the only kind of clause the miss-one tier may leave out. */
function mayBeLeftOut(clause: Clause): boolean {
  return clause.tokens.length === 1 && !clause.quoted && (clause.alternatives ?? []).length === 0;
}

/**
 * The miss-one tier's groups given the probe's counts: each group of 3+ clauses of the typo tier
 * (`query` widened, whose clauses the probe holds) without its one hopeless clause.
 */
export function missingGroups(query: ParsedQuery, probe: Clause[], counts: number[]): Clause[][] | null {
  const hopeless = new Set(probe.filter((_, i) => counts[i] === 0));
  let changed = false;
  const groups = query.anyOf.map((group) => {
    if (group.length < MISS_ONE_MIN_WORDS) return group;
    const dead = group.filter((c) => hopeless.has(c));
    if (dead.length !== 1) return group;
    changed = true;
    return group.filter((c) => c !== dead[0]);
  });
  return changed ? groups : null;
}

/** SearchIndex over OpenSearch (Amazon OpenSearch Service in AWS), written through an alias. */
export class OpenSearchIndex implements SearchIndex, IndexGenerations {
  constructor(private readonly client: Client, private readonly alias: string) {}

  /**
   * Creates the first versioned index behind the alias on a new domain. On a domain whose alias points
   * to an index of an older mapping version, writes would be rejected by its strict mapping: say so,
   * and what to do, instead of failing item by item.
   */
  async ensureIndex(): Promise<void> {
    const exists = await this.client.indices.existsAlias({ name: this.alias });
    if (!exists.body) {
      await this.client.indices.create({ index: this.newIndexName(), body: { ...INDEX_BODY, aliases: { [this.alias]: {} } } });
      return;
    }
    const current = await this.client.indices.getAlias({ name: this.alias });
    const versions = Object.keys(current.body as Record<string, unknown>).map((name) => Number(GENERATION_NAME.exec(name)?.[1] ?? 0));
    if (versions.length > 0 && Math.max(...versions) < MAPPING_VERSION) throw new MappingOutdatedError(this.alias, Math.max(...versions));
  }

  async upsert(documents: IndexDocument[]): Promise<void> {
    await this.bulk(documents.map((doc) => indexOperation(this.alias, doc)), []);
  }

  async remove(ids: string[]): Promise<void> {
    await this.bulk(ids.map((id) => ({ action: { delete: { _index: this.alias, _id: id } }, id })), [404]);
  }

  async indexedVersion(id: string): Promise<{ etag: string | null } | undefined> {
    const res = await this.client.get({ index: this.alias, id, _source_includes: ['etag'] }, { ignore: [404] });
    const found = res.body as { found?: boolean; _source?: { etag?: string | null } };
    return found.found ? { etag: found._source?.etag ?? null } : undefined;
  }

  async count(): Promise<number> {
    const res = await this.client.count({ index: this.alias });
    return res.body.count;
  }

  /** Every id behind the alias, a thousand at a time, by search_after on the id (no scroll context to leak). */
  async *ids(): AsyncIterable<string[]> {
    let after: string | undefined;
    for (;;) {
      const body: API.Search_RequestBody = {
        size: 1000,
        _source: false,
        query: { match_all: {} },
        sort: [{ id: { order: 'asc' } }],
        ...(after !== undefined ? { search_after: [after] } : {}),
      };
      const res = await this.client.search({ index: this.alias, body });
      const hits = res.body.hits.hits;
      if (hits.length === 0) return;
      yield hits.map((h) => h._id ?? '');
      const last = hits[hits.length - 1];
      const value = last?.sort?.[0];
      if (value === undefined || value === null) throw new PagingCursorMissingError(this.alias, last?._id);
      after = String(value);
    }
  }

  /**
   * The search as typed; with fewer than TYPO_TIER_BELOW matches, again with its typo tier (and a probe
   * of which words match nothing in any spelling); still fewer than FEW_RESULTS, and a group of three or more words has
   * exactly one such word, once more with the miss-one tier. The path depends only on the query and
   * the index, so every page of a search takes the same one.
   */
  async search(request: SearchRequest): Promise<EngineResult> {
    assertCursorFits(request);
    const query = request.query;
    const { probeCounts: _none, suggest, unheld, topMatched: _typed, ...asTyped } = await this.searchWith(request);
    if (asTyped.total >= TYPO_TIER_BELOW || !query) return { ...asTyped, corrections: [] };
    // Later pages carry no suggesters (their first page asked): ask for the candidates alone.
    const asked = request.after ? await this.suggest(query) : { suggest, unheld };
    const candidates = candidatesFromSuggest(query, asked.suggest, asked.unheld);
    const tiers = typoTiersOf(request, candidates);
    if (!tiers) return { ...asTyped, corrections: [] };
    const { probeCounts, topMatched, ...widened } = await this.searchWith(request, tiers);
    const missing = widened.total < FEW_RESULTS && tiers.probe ? missingGroups({ ...query, anyOf: tiers.typos }, tiers.probe, probeCounts) : null;
    if (!missing) return { ...widened, corrections: correctionsFromPins(query, candidates, topMatched) };
    // The hopeless word pinned nowhere: the top hit may be a miss-one match.
    const pins = request.after ? [] : pinsOf(missing, candidates);
    const last = await this.searchWith(request, { typos: tiers.typos, missing, ...(pins.length > 0 ? { pins } : {}) });
    const { probeCounts: _unused, suggest: _s, unheld: _u, topMatched: matched, ...result } = last;
    return { ...result, corrections: correctionsFromPins(query, candidates, matched) };
  }

  /**
   * The typo suggesters and the typed words' counts alone (size 0): a later page of a search whose
   * first page fell back to the typo tier.
   */
  private async suggest(query: ParsedQuery): Promise<{ suggest: unknown; unheld: Set<string> }> {
    const suggest = typoSuggesters(query);
    if (!suggest) return { suggest: undefined, unheld: new Set() };
    const body: API.Search_RequestBody = { size: 0, suggest, aggs: typoHeldProbe(query) };
    const res = await this.client.search({ index: this.alias, body });
    return { suggest: res.body.suggest, unheld: unheldWords(query, res.body.aggregations) };
  }

  private async searchWith(request: SearchRequest, tiers?: TypoTiers): Promise<EngineResult & { probeCounts: number[]; suggest: unknown; unheld: Set<string>; topMatched: Set<string> }> {
    const res = await this.client.search({ index: this.alias, body: toSearchBody(request, tiers) });
    const matched = res.body.hits.hits[0]?.matched_queries;
    const probe = ((res.body.aggregations ?? {}) as Record<string, Record<string, { doc_count?: number }>>)[PROBE] ?? {};
    const total = res.body.hits.total;
    const hits = res.body.hits.hits;
    const lastHit = hits.length === request.size ? hits[hits.length - 1] : undefined;
    return {
      total: typeof total === 'number' ? total : (total?.value ?? 0),
      hits: hits.map((hit) => {
        const src = (hit._source ?? {}) as Partial<IndexDocument>;
        return {
          id: hit._id ?? src.id ?? '',
          key: src.key ?? '',
          title: src.title ?? '',
          snippet: renderSnippet(hit.highlight?.body?.[0] ?? ''),
          published: src.published ?? null,
          source: src.source ?? null,
          authors: src.authors ?? [],
          score: request.sort === 'relevance' ? (hit._score ?? 0) : 0,
        };
      }),
      facets: request.facets ? facetsOf(res.body.aggregations) : null,
      last: lastHit ? { value: (lastHit.sort?.[0] as number | string | null | undefined) ?? null, id: String(lastHit.sort?.[1] ?? lastHit._id) } : null,
      probeCounts: (tiers?.probe ?? []).map((_, i) => probe[`w${i}`]?.doc_count ?? 0),
      suggest: res.body.suggest,
      unheld: request.query ? unheldWords(request.query, res.body.aggregations) : new Set(),
      topMatched: new Set(Array.isArray(matched) ? matched : Object.keys(matched ?? {})),
    };
  }

  /** The index behind the alias, and the one behind `<alias>-previous` (kept for rollback). */
  async generations(): Promise<{ active: string | undefined; previous: string | undefined }> {
    const res = await this.client.indices.getAlias({ name: [this.alias, this.previousAlias] }, { ignore: [404] });
    const byIndex = (res.body ?? {}) as Record<string, { aliases?: Record<string, unknown> }>;
    const holding = (alias: string): string | undefined => Object.keys(byIndex).find((index) => byIndex[index]?.aliases?.[alias] !== undefined);
    return { active: holding(this.alias), previous: holding(this.previousAlias) };
  }

  /** A new versioned index, refreshed only when asked while it is loaded (faster bulk loads). */
  async createGeneration(): Promise<string> {
    const index = this.newIndexName();
    await this.client.indices.create({ index, body: { ...INDEX_BODY, settings: { ...INDEX_BODY.settings, index: { ...INDEX_BODY.settings?.index, refresh_interval: '-1' } } } });
    return index;
  }

  async hasGeneration(name: string): Promise<boolean> {
    const res = await this.client.indices.exists({ index: name });
    return res.body === true;
  }

  async writeGeneration(name: string, documents: IndexDocument[]): Promise<void> {
    await this.bulk(documents.map((doc) => indexOperation(name, doc)), []);
  }

  async countGeneration(name: string): Promise<number> {
    await this.client.indices.refresh({ index: name });
    const res = await this.client.count({ index: name });
    return res.body.count;
  }

  /**
   * Restores the normal refresh interval, then moves both aliases in one atomic `_aliases` call: the
   * alias to `name` (as its write index), `<alias>-previous` to the index it replaces. The index that
   * was previous before is deleted afterwards, as is any abandoned build.
   */
  async activate(name: string): Promise<{ previous: string | undefined }> {
    await this.client.indices.putSettings({ index: name, body: { index: { refresh_interval: '1s' } } });
    await this.client.indices.refresh({ index: name });
    const { active, previous } = await this.generations();
    if (active === name) return { previous };
    await this.client.indices.updateAliases({ body: { actions: this.swapActions({ from: active, to: name, previous }) } });
    const listed = await this.client.indices.get({ index: `${this.alias}-v*` }, { ignore: [404] });
    const stale = Object.keys((listed.body ?? {}) as Record<string, unknown>).filter((index) => index !== name && index !== active && GENERATION_NAME.test(index));
    if (stale.length > 0) await this.client.indices.delete({ index: stale }, { ignore: [404] });
    return { previous: active };
  }

  async rollback(): Promise<{ active: string; previous: string }> {
    const { active, previous } = await this.generations();
    if (!active || !previous) throw new NoPreviousIndexError();
    await this.client.indices.updateAliases({ body: { actions: this.swapActions({ from: active, to: previous, previous }) } });
    return { active: previous, previous: active };
  }

  async dropGeneration(name: string): Promise<void> {
    const { active } = await this.generations();
    if (name === active) throw new Error(`Index ${name} is behind the alias ${this.alias}; activate another one before dropping it.`);
    await this.client.indices.delete({ index: name }, { ignore: [404] });
  }

  private get previousAlias(): string {
    return `${this.alias}-previous`;
  }

  /** One atomic alias move: `to` becomes the alias's write index, `from` becomes the previous one. */
  private swapActions({ from, to, previous }: { from: string | undefined; to: string; previous: string | undefined }): NonNullable<API.Indices_UpdateAliases_RequestBody['actions']> {
    return [
      ...(from ? [{ remove: { index: from, alias: this.alias } }] : []),
      ...(previous ? [{ remove: { index: previous, alias: this.previousAlias } }] : []),
      { add: { index: to, alias: this.alias, is_write_index: true } },
      ...(from ? [{ add: { index: from, alias: this.previousAlias } }] : []),
    ];
  }

  private newIndexName(): string {
    return `${this.alias}-v${MAPPING_VERSION}-${Date.now()}`;
  }

  /**
   * One bulk request with per-item error handling: items refused for throttling or a server error are
   * sent again on their own (with backoff), not the whole batch; items refused for any other reason
   * (mapping, validation) raise `BulkIndexError` naming them. `ignoredStatuses` count as done.
   */
  private async bulk(operations: BulkOperation[], ignoredStatuses: number[]): Promise<void> {
    let pending = operations;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const body: API.Bulk_RequestBody = pending.flatMap((op) => (op.source ? [op.action, op.source] : [op.action]));
      const res = await this.client.bulk({ body });
      if (!res.body.errors) return;
      const retry: BulkOperation[] = [];
      const failed: Array<{ id: string; reason: string }> = [];
      res.body.items.forEach((item, i) => {
        const op = Object.values(item)[0];
        const sent = pending[i];
        if (!op?.error || ignoredStatuses.includes(op.status) || !sent) return;
        if (RETRYABLE_ITEM(op.status) && attempt < BULK_ITEM_RETRIES) retry.push(sent);
        else failed.push({ id: op._id ?? sent.id, reason: op.error.type ?? 'error' });
      });
      if (failed.length > 0) throw new BulkIndexError(failed.map((f) => f.id), [...new Set(failed.map((f) => f.reason))].join(', '));
      pending = retry;
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, BULK_RETRY_BASE_MS * 2 ** attempt));
    }
  }
}

const STRICT_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A cursor carries the sort value of the last hit; OpenSearch refuses a `search_after` value of the
 * wrong type for its sort field with a 400 of its own, which would surface as a 500. A well-formed
 * cursor of the right search that does not fit this index (another engine's, or edited) is the
 * caller's 400: a score is a number, a date the epoch milliseconds OpenSearch returns (or YYYY-MM-DD).
 * A cursor from an earlier index generation that does fit just pages on from its position.
 */
function assertCursorFits(request: SearchRequest): void {
  const value = request.after?.value;
  if (value === undefined) return;
  const fits = request.sort === 'relevance'
    ? typeof value === 'number' && Number.isFinite(value)
    : (typeof value === 'number' && Number.isSafeInteger(value)) || value === MISSING_DATE_SORT || (typeof value === 'string' && STRICT_DATE.test(value));
  if (!fits) throw new InvalidQueryError('cursor', 'cursor does not fit this search index (it was made by another engine or changed); start again without cursor.');
}

/** What OpenSearch returns as the sort value of an undated document sorted last descending (Long.MIN_VALUE, as JSON parses it). */
const MISSING_DATE_SORT = -9223372036854775808;

function indexOperation(index: string, doc: IndexDocument): BulkOperation {
  return { action: { index: { _index: index, _id: doc.id } }, source: toOpenSearchDocument(doc), id: doc.id };
}

function facetsOf(aggregations: unknown): Facets {
  const aggs = (aggregations ?? {}) as Record<string, { buckets?: Array<{ key: string | number; key_as_string?: string; doc_count: number }> }>;
  const pick = (name: string): FacetValue[] => (aggs[name]?.buckets ?? []).map((b) => ({ value: String(b.key_as_string ?? b.key), count: b.doc_count }));
  return { source: pick('source'), authors: pick('authors'), people: pick('people'), docRefs: pick('docRefs'), year: pick('year') };
}
