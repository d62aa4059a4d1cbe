import Database from 'better-sqlite3';
import { endianness } from 'node:os';
import { accentedPart, accentedPartImpliesQuery, proximityTokens, type Clause, type ParsedQuery } from '../domain/search/query.ts';
import { FACET_SIZE, type SearchFilters, type SearchRequest } from '../domain/search/request.ts';
import { MARK_END, MARK_START, renderSnippet } from '../domain/search/snippet.ts';
import { searchableText } from '../domain/text/searchable.ts';
import { fold, words } from '../domain/text/tokenize.ts';
import {
  FEW_RESULTS, TYPO_TIER_BELOW, correctionsOf, deletions, editDistance, isLikelier, missingOneWord, rankCandidates, spellingsOf, singleWords, typoBudget, typoWords, withTypos, wordsToWiden,
  type Candidate, type Correction,
} from '../domain/search/typos.ts';
import { normalizeTonePlacement } from '../domain/text/tone-placement.ts';
import { NoPreviousIndexError } from '../domain/errors.ts';
import type { IndexDocument } from '../domain/types.ts';
import type { EngineResult, FacetValue, Facets, IndexGenerations, SearchHit, SearchIndex } from '../ports.ts';

/**
 * The embedded search engine: SQLite FTS5, behaving like the OpenSearch mapping
 * (docs/search.md):
 *
 * - `fts`: title, names (bylines and people named in the text), body and captions folded — `unicode61 remove_diacritics 2` plus our own `đ`→`d` and one
 *   tone placement (`searchableText`) — external-content over the `docs` table, so snippets show the
 *   author's accents and spelling;
 * - `ftx`: the same text with diacritics kept (tone placement normalised), contentless: a query typed
 *   with diacritics ranks documents that match it exactly above folded-only matches;
 * - `vals`: one row per keyword value (source, author, person, organisation, document reference,
 *   language, year) for filters and facets.
 *
 * Ranking: BM25 on the folded table with the title weighted 10× the body, names 5×, captions ½×, raised by half when every
 * term also matches with its diacritics and by half when the words occur as a phrase.
 *
 * Generations (blue/green): a re-index fills a new set of tables and switches the `active` pointer
 * in one transaction, so searches never see a half-built index; the replaced generation is kept as
 * `previous` for rollback. A file written by an older layout starts a
 * fresh, empty generation (`SCHEMA_VERSION`); the local stack's reconcile fills it.
 */
export const SCHEMA_VERSION = 7;
/**
 * BM25 column weights (title, names, body, captions): a title word counts ten times a body word, a
 * byline or named person's word five, a word only a photo caption carries half.
 */
const TITLE_WEIGHT = 10;
const NAMES_WEIGHT = 5;
const CAPTIONS_WEIGHT = 0.5;
const WEIGHTS = `${TITLE_WEIGHT}.0, ${NAMES_WEIGHT}.0, 1.0, ${CAPTIONS_WEIGHT}`;
/**
 * Added to the score of a document matching every term with the diacritics as typed, when the query
 * has diacritics: such documents rank above folded-only matches (BM25 scores stay far below it).
 * Because the tier decides first, the first pages of such a query only need BM25 for the tier.
 */
export const EXACT_TIER = 1000;
const PHRASE_BOOST = 0.5;
/**
 * In a typo tier, per pair of consecutive query words found as a phrase in a title or a name (byline,
 * person): `Lý Thu Anh phép` holds no phrase of all four words anywhere, but the byline "Lý Thu Anh"
 * holds two of its pairs — the tier's BM25 alone, within one point for every candidate, put that
 * article fourth of nine.
 */
const PAIR_BOOST = 0.5;
/** The FTS5 columns whose phrases count for PAIR_BOOST: the high-weight fields (docs/search.md, "Tiers"). */
const PAIR_COLUMNS = '{title names}';
/**
 * Tier bonuses when a search falls back to its typo tiers (few matches as typed): documents matching
 * every word as typed score above those matching every word within its typo budget, which score above
 * those missing one word; BM25 (and the diacritics tier, EXACT_TIER) order documents within a tier.
 */
export const WORDS_TIER = 20000;
export const TYPO_TIER = 10000;
const SNIPPET_TOKENS = 32;
/** The folded tables' tokenizer: `fts`, and `page_fts`, which must split and fold text as `fts` does. */
const FOLDED_TOKENIZER = 'unicode61 remove_diacritics 2';
/** Snippets come from the body: a hit found by its byline still shows its text, not a list of names. */
const BODY_COLUMN = 2;
/** Where a hit has no match to show (browsing by filters), the snippet is the body's opening. */
const OPENING_CHARS = 220;
const LITTLE_ENDIAN = endianness() === 'LE';
const MAX_CACHED_FREQUENCIES = 100_000;
/** FTS5 leaf pages merged per transaction when a generation is sealed (`sealGeneration`): at most 0.8–1.4 s each at 100,000 documents, on a loaded machine. */
const SEAL_STEP = 2000;

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: Database.Database, gen: string) {
  return {
    find: db.prepare(`SELECT rowid, title, names, body, captions FROM docs_${gen} WHERE id = ?`),
    etag: db.prepare(`SELECT etag FROM docs_${gen} WHERE id = ?`),
    count: db.prepare(`SELECT count(*) AS n FROM docs_${gen}`),
    ftsDelete: db.prepare(`INSERT INTO fts_${gen} (fts_${gen}, rowid, title, names, body, captions) VALUES ('delete', ?, ?, ?, ?, ?)`),
    ftsInsert: db.prepare(`INSERT INTO fts_${gen} (rowid, title, names, body, captions) VALUES (?, ?, ?, ?, ?)`),
    ftxDelete: db.prepare(`DELETE FROM ftx_${gen} WHERE rowid = ?`),
    ftxInsert: db.prepare(`INSERT INTO ftx_${gen} (rowid, title, names, body, captions) VALUES (?, ?, ?, ?, ?)`),
    valsDelete: db.prepare(`DELETE FROM vals_${gen} WHERE doc = ?`),
    valsInsert: db.prepare(`INSERT INTO vals_${gen} (field, value, doc) VALUES (?, ?, ?)`),
    update: db.prepare(`UPDATE docs_${gen} SET key=?, etag=?, title=?, names=?, body=?, captions=?, source=?, authors=?, published=?, language=? WHERE rowid=?`),
    insert: db.prepare(`INSERT INTO docs_${gen} (id, key, etag, title, names, body, captions, source, authors, published, language) VALUES (?,?,?,?,?,?,?,?,?,?,?)`),
    metaUpsert: db.prepare(`INSERT OR REPLACE INTO meta_${gen} (rowid, id, published, facets) VALUES (?, ?, ?, ?)`),
    metaDelete: db.prepare(`DELETE FROM meta_${gen} WHERE rowid = ?`),
    termInsert: db.prepare(`INSERT OR IGNORE INTO terms_${gen} (field, value) VALUES (?, ?)`),
    termId: db.prepare(`SELECT id FROM terms_${gen} WHERE field = ? AND value = ?`).pluck(),
    termsAll: db.prepare(`SELECT id, field, value FROM terms_${gen}`),
    remove: db.prepare(`DELETE FROM docs_${gen} WHERE rowid = ?`),
    lexInsert: db.prepare(`INSERT OR IGNORE INTO lex_${gen} (term) VALUES (?)`),
    delInsert: db.prepare(`INSERT OR IGNORE INTO dels_${gen} (del, term) VALUES (?, ?)`),
    nearTerms: db.prepare(`SELECT DISTINCT term FROM dels_${gen} WHERE del IN (SELECT value FROM json_each(?))`).pluck(),
    df: db.prepare(`SELECT doc FROM vocab_${gen} WHERE term = ?`).pluck(),
    /** Terms this process has seen in `lex` already: most words of a new document are not new. */
    known: new Set<string>(),
  };
}

/** Keyword fields: filters read them from `vals`. */
const VALUE_FIELDS = { source: 'source', author: 'author', person: 'person', organization: 'organization', docRef: 'docRef', language: 'language', year: 'year' } as const;
/**
 * Facets are counted from `meta`: a slim row per document (id, published, and its facet values as
 * packed 32-bit ids into `terms`), a hundred rows to a page, so counting over thirty thousand matches
 * reads a few hundred pages and adds integers, instead of touching every match's long `docs` row.
 */
const FACET_FIELDS = new Set<string>([VALUE_FIELDS.source, VALUE_FIELDS.author, VALUE_FIELDS.person, VALUE_FIELDS.docRef, VALUE_FIELDS.year]);

export class SqliteSearchIndex implements SearchIndex, IndexGenerations {
  private readonly db: Database.Database;
  private readonly compiled = new Map<string, Statements>();
  private readonly queries = new Map<string, Database.Statement>();
  private readonly metaGet: Database.Statement;
  /** Facet term dictionaries (id → field, value) per generation, read when an unknown id appears. */
  private readonly terms = new Map<string, Map<number, readonly [string, string]>>();
  /**
   * Document frequencies of folded terms (FTS5's vocabulary) per generation, kept while the index is
   * unchanged: this connection's writes clear them, another connection's commits change SQLite's
   * `data_version`, which every search checks first. A typo search asks the frequency of the word and
   * of each neighbour the index holds — common terms, whose doclists FTS5 reads whole to count them
   * (5 ms of a 38 ms mean typo search at 100,000 generated documents) — and searches share them.
   */
  private readonly frequencies = new Map<string, Map<string, number>>();
  private readonly dataVersion: Database.Statement;
  /** Generations whose `page_fts` table (`snippets`) this connection has created: temporary objects are per connection. */
  private readonly pageText = new Set<string>();
  private seenVersion = -1;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    // In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses nothing it
    // committed, a power cut at most the last commits (the index is derived: the start-up reconcile
    // re-emits rows it lacks), and the file is never corrupt. FULL cost 1.5–3 ms of fsync per
    // indexed document, on the pipeline's thread.
    this.db.pragma('synchronous = NORMAL');
    // Reads go through the OS page cache by memory map, and SQLite keeps 64 MB of pages of its own:
    // a query touching thousands of posting-list and document pages makes no read() call per page.
    this.db.pragma('mmap_size = 1073741824');
    this.db.pragma('cache_size = -65536');
    this.db.exec('CREATE TABLE IF NOT EXISTS index_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
    this.metaGet = this.db.prepare('SELECT v FROM index_meta WHERE k = ?');
    this.dataVersion = this.db.prepare('PRAGMA data_version').pluck();
    const active = this.activeGeneration();
    if (!active || this.meta('schema') !== String(SCHEMA_VERSION)) {
      // New file, or one from an older layout: start an empty generation in the current one.
      const next = active ? `g${Number(active.slice(1)) + 1}` : 'g1';
      this.dropGeneration_(next);
      this.createGeneration_(next);
      this.db.transaction(() => {
        this.setMeta('active', next);
        this.setMeta('last', next.slice(1));
        this.setMeta('schema', String(SCHEMA_VERSION));
        this.db.prepare("DELETE FROM index_meta WHERE k = 'previous'").run();
        for (const gen of this.existingGenerations()) if (gen !== next) this.dropGeneration_(gen);
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  async upsert(documents: IndexDocument[]): Promise<void> {
    const st = this.statementsFor(this.requireActive());
    this.frequencies.clear();
    this.db.transaction(() => {
      for (const doc of documents) writeDocument(st, doc);
    })();
  }

  async remove(ids: string[]): Promise<void> {
    const st = this.statementsFor(this.requireActive());
    this.frequencies.clear();
    this.db.transaction(() => {
      for (const id of ids) deleteDocument(st, id);
    })();
  }

  async indexedVersion(id: string): Promise<{ etag: string | null } | undefined> {
    const row = this.statementsFor(this.requireActive()).etag.get(id) as { etag: string | null } | undefined;
    return row ? { etag: row.etag } : undefined;
  }

  async *ids(): AsyncIterable<string[]> {
    const gen = this.requireActive();
    const page = this.db.prepare(`SELECT rowid, id FROM meta_${gen} WHERE rowid > ? ORDER BY rowid LIMIT 1000`);
    let after = 0;
    for (;;) {
      const rows = page.all(after) as Array<{ rowid: number; id: string }>;
      if (rows.length === 0) return;
      yield rows.map((r) => r.id);
      after = rows[rows.length - 1]?.rowid ?? after;
    }
  }

  async count(): Promise<number> {
    return (this.statementsFor(this.requireActive()).count.get() as { n: number }).n;
  }

  async search(request: SearchRequest): Promise<EngineResult> {
    const gen = this.requireActive();
    const { plan, candidates, typoQuery } = this.planWithTiers(gen, request);
    // A page inside the exact-diacritics tier needs BM25 for the tier's matches only.
    let rows = plan.tierPageSql ? (this.prepared(plan.tierPageSql).all(plan.pageParams) as HitRow[]) : [];
    if (rows.length < request.size) rows = this.prepared(plan.pageSql).all(plan.pageParams) as HitRow[];
    // Facets read every match's facet ids anyway, and count the matches on the way. SQLite joins the ids
    // into one value: one handed to JS instead of one Buffer per match (3× faster at 30k). The packed
    // blobs are joined as they are (group_concat appends a blob's bytes, NULs included, in a UTF-8
    // file), not spelt in hex first: 39,000 matches' facets in 3.9 ms instead of 9.2 with the hex
    // decoded.
    const facetRow = request.facets ? (this.prepared(plan.facetSql).get(plan.params) as { packed: Buffer | null; n: number }) : null;
    const total = facetRow ? facetRow.n : (this.prepared(plan.countSql).get(plan.params) as { n: number }).n;
    const snippets = plan.snippetSql && rows.length > 0 ? this.snippets(gen, plan.snippetSql(rows.length), plan, rows) : new Map<number, string>();
    const hits: SearchHit[] = rows.map((r) => ({
      id: r.id,
      key: r.key,
      title: r.title,
      snippet: snippets.has(r.rowid) ? renderSnippet(snippets.get(r.rowid) ?? '') : renderSnippet(opening(r.body)),
      published: r.published,
      source: r.source,
      authors: JSON.parse(r.authors) as string[],
      score: request.sort === 'relevance' ? Number(r.score.toPrecision(6)) : 0,
    }));
    const last = rows.length === request.size ? rows[rows.length - 1] : undefined;
    // Corrections name the spellings the best hit holds: the first page's top hit, also on later pages.
    const first = request.after ? undefined : rows[0];
    return {
      total,
      hits,
      facets: facetRow ? this.facets(facetRow.packed ?? Buffer.alloc(0), gen) : null,
      last: last ? { value: request.sort === 'relevance' ? last.score : last.published, id: last.id } : null,
      corrections: typoQuery && first ? correctionsOf(typoQuery, candidates, (query) => this.matchesDocument(gen, first.rowid, query)) : [],
    };
  }

  /**
   * Snippets of the page's hits. A widened search reads them from `page_fts_<gen>` (`snippetsOfPage`):
   * the hits alone indexed again, as `fts` indexes them, in a table that reads its text from `docs` as
   * `fts` does. A snippet depends only on the document and the expression (FTS5 weighs no corpus
   * statistics to place it), so it is the one `fts` gives; but over `fts`, FTS5 evaluates the whole
   * expression again against the full index for each rowid of `rowid IN (…)`: 1–2 ms a hit for a typo
   * tier's dozen phrases of common syllables (realistic typo fragments at 100,000: 3.1 ms a search, 17
   * on the slowest), where indexing the ten hits again costs under a millisecond. A search as typed,
   * of a few phrases, gets its snippets from `fts` for less than indexing its hits again.
   */
  private snippets(gen: string, sql: string, plan: SearchPlan, rows: HitRow[]): Map<number, string> {
    const rowids = rows.map((r) => rowidValue(r.rowid));
    const read = (): Map<number, string> => new Map((this.prepared(sql).all(plan.params.f, ...rowids) as Array<{ rowid: number; s: string }>).map((r) => [r.rowid, r.s]));
    if (!plan.snippetsOfPage) return read();
    if (!this.pageText.has(gen)) {
      this.db.exec(`CREATE TEMP VIEW IF NOT EXISTS page_text_${gen} AS SELECT rowid, title, names, body, captions FROM main.docs_${gen};
        CREATE VIRTUAL TABLE IF NOT EXISTS temp.page_fts_${gen} USING fts5(
          title, names, body, captions, content='page_text_${gen}', content_rowid='rowid', tokenize='${FOLDED_TOKENIZER}');`);
      this.pageText.add(gen);
    }
    const clear = this.prepared(`INSERT INTO temp.page_fts_${gen} (page_fts_${gen}) VALUES ('delete-all')`);
    const insert = this.prepared(`INSERT INTO temp.page_fts_${gen} (rowid, title, names, body, captions) VALUES (?, ?, ?, ?, ?)`);
    this.db.transaction(() => {
      clear.run();
      rows.forEach((r, i) => insert.run(rowids[i], searchableText(r.title), searchableText(r.names), searchableText(r.body), searchableText(r.captions)));
    })();
    return read();
  }

  /** Documents holding a folded term (FTS5's vocabulary), from `frequencies` while the index is unchanged. */
  private documentFrequency(gen: string, st: Statements, term: string): number {
    const version = this.dataVersion.get() as number;
    if (version !== this.seenVersion) {
      this.frequencies.clear();
      this.seenVersion = version;
    }
    let known = this.frequencies.get(gen);
    if (!known) this.frequencies.set(gen, (known = new Map()));
    let n = known.get(term);
    if (n === undefined) {
      n = (st.df.get(term) as number | undefined) ?? 0;
      // Bounded: a long-running server meets more terms than a vocabulary's worth of queries.
      if (known.size >= MAX_CACHED_FREQUENCIES) known.clear();
      known.set(term, n);
    }
    return n;
  }

  /** Whether one document matches a query. */
  private matchesDocument(gen: string, rowid: number, query: ParsedQuery): boolean {
    return this.prepared(`SELECT 1 FROM fts_${gen} WHERE fts_${gen} MATCH ? AND rowid = ?`).get(toFtsQuery(query), rowidValue(rowid)) !== undefined;
  }

  /**
   * The plan of a search, widened by its typo tiers when the query as typed matches fewer than
   * TYPO_TIER_BELOW documents: every word within its typo budget of a term the index holds (candidates by
   * the deletion-neighbourhood table `dels`, verified by edit distance, document frequency from the
   * FTS5 vocabulary), then — queries of three or more words still with few matches — without the one
   * word that matches nothing at all. The decision depends only on the query and the index, so every
   * page of a search takes the same path and cursors agree.
   */
  private planWithTiers(gen: string, request: SearchRequest): { plan: SearchPlan; candidates: ReadonlyMap<string, Candidate[]>; typoQuery?: ParsedQuery } {
    const plain = planSearch(gen, request);
    const query = request.query;
    if (!query) return { plan: plain, candidates: new Map() };
    const st = this.statementsFor(gen);
    const typos = typoWords(query);
    const clauses = query.anyOf.reduce((n, g) => Math.max(n, g.length), 0);
    if (typos.length === 0 && clauses < 3) return { plan: plain, candidates: new Map() };
    const countOf = (plan: SearchPlan): number => (this.prepared(plan.countSql).get(plan.params) as { n: number }).n;
    const asTyped = countOf(plain);
    if (asTyped >= TYPO_TIER_BELOW) return { plan: plain, candidates: new Map() };
    const df = (term: string): number => this.documentFrequency(gen, st, term);
    const candidates = new Map<string, Candidate[]>();
    /**
     * Plain words no document holds as typed (folded): the slips, and a spelling keeping one can match
     * nothing (with a word too short for a typo budget, or a number, every spelling: the typo tier of a
     * query the miss-one tier then completes, whose NEAR groups would only cost BM25's count of their
     * phrases).
     */
    const unheld = new Set<string>(singleWords(query).filter((word) => df(word) === 0));
    for (const word of wordsToWiden(typos, unheld)) {
      const budget = typoBudget(word);
      const typedDf = df(word);
      const near = (st.nearTerms.all(JSON.stringify([...deletions(word, budget)])) as string[])
        .filter((term) => term !== word)
        .map((term) => ({ term, distance: editDistance(word, term, budget), df: 0 }))
        .filter((c) => c.distance <= budget)
        .map((c) => ({ ...c, df: df(c.term) }))
        .filter((c) => isLikelier(c, typedDf));
      if (near.length > 0) candidates.set(word, rankCandidates(near));
    }
    const typoQuery = withTypos(query, candidates);
    const held = (word: string): boolean => df(fold(word)) > 0;
    let plan = plain;
    if (candidates.size > 0) {
      plan = planSearch(gen, request, { widened: [typoQuery], asTypedMatches: asTyped > 0, unheld, held });
      this.fillTierMatches(gen, plan);
    }
    if (clauses >= 3 && countOf(plan) < FEW_RESULTS) {
      const hopeless = (clause: Clause): boolean =>
        clause.tokens.length === 1 && (clause.alternatives ?? []).length === 0 && df(fold(clause.tokens[0] ?? '')) === 0 && !candidates.has(fold(clause.tokens[0] ?? ''));
      const missing = missingOneWord(typoQuery, hopeless);
      // Corrections are then checked without the hopeless word: the top hit may be a miss-one match.
      if (missing) {
        const last = planSearch(gen, request, { widened: [typoQuery, missing], typos: typoQuery, asTypedMatches: asTyped > 0, unheld, held });
        this.fillTierMatches(gen, last);
        return { plan: last, candidates, typoQuery: missing };
      }
    }
    return plan === plain ? { plan, candidates: new Map() } : { plan, candidates, typoQuery };
  }

  /**
   * Evaluates a widened plan's match expression once into TIER_MATCHES (rowid, BM25, and the match's
   * `meta` row: id, date, facet ids — the count, the page and the facets then read no other table for
   * a match set that can be most of the index). Nothing awaits
   * between this and the statements reading it, so searches in this process cannot interleave.
   */
  private fillTierMatches(gen: string, plan: SearchPlan): void {
    this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS tier_matches (rowid INTEGER PRIMARY KEY, r REAL NOT NULL, id TEXT NOT NULL, published TEXT, facets BLOB NOT NULL); DELETE FROM ${TIER_MATCHES};`);
    this.prepared(`INSERT INTO ${TIER_MATCHES} (rowid, r, id, published, facets)
      SELECT m.rowid, bm25(fts_${gen}, ${WEIGHTS}), d.id, d.published, d.facets FROM fts_${gen} m CROSS JOIN meta_${gen} d ON d.rowid = m.rowid WHERE fts_${gen} MATCH ?`).run(plan.params.f);
  }

  async generations(): Promise<{ active: string | undefined; previous: string | undefined }> {
    const previous = this.meta('previous');
    return { active: this.activeGeneration(), previous: previous && this.exists(previous) ? previous : undefined };
  }

  async createGeneration(): Promise<string> {
    const existing = this.existingGenerations().map((g) => Number(g.slice(1)));
    const next = `g${Math.max(Number(this.meta('last') ?? 0), ...existing) + 1}`;
    // One transaction: a process killed meanwhile leaves either the whole empty generation or none.
    this.db.transaction(() => {
      this.createGeneration_(next);
      this.setMeta('last', next.slice(1));
    })();
    return next;
  }

  async hasGeneration(name: string): Promise<boolean> {
    return isGenerationName(name) && this.exists(name);
  }

  async writeGeneration(name: string, documents: IndexDocument[]): Promise<void> {
    const st = this.statementsFor(this.requireGeneration(name));
    this.frequencies.clear();
    this.db.transaction(() => {
      for (const doc of documents) writeDocument(st, doc);
    })();
  }

  async countGeneration(name: string): Promise<number> {
    return (this.statementsFor(this.requireGeneration(name)).count.get() as { n: number }).n;
  }

  /**
   * Merges a filled generation's FTS5 segments into one, before it is activated. A bulk fill leaves a
   * dozen (13 at 100,000 documents), and FTS5 reads a term once per segment for every phrase that
   * names it: the typo tier, whose expression names a common syllable once per spelling, costs a sixth
   * less CPU with one (realistic typo fragments at 100,000: mean 41 → 35 ms, p95 110 → 93; responses
   * identical). The merge is FTS5's incremental `merge` (a negative amount merges across levels, as
   * `optimize` does), SEAL_STEP pages a transaction, yielding between them: the whole merge takes
   * seconds at 100,000 (8 s), which a local stack's searches, served on this thread, would otherwise
   * wait on in one piece. Refused for the active generation: the ingest writes to it meanwhile, and
   * FTS5's own merging keeps it in levels as it grows; a re-index is where a whole index is written
   * at once.
   */
  async sealGeneration(name: string): Promise<void> {
    this.requireGeneration(name);
    if (name === this.activeGeneration()) throw new Error(`Generation ${name} is active; only a generation not yet activated is sealed.`);
    const changes = this.db.prepare('SELECT total_changes()').pluck();
    for (const table of [`fts_${name}`, `ftx_${name}`]) {
      const merge = this.db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ${-SEAL_STEP})`);
      for (;;) {
        const before = changes.get() as number;
        merge.run();
        // FTS5 documents fewer than two changes as "nothing left to merge".
        if ((changes.get() as number) - before < 2) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  async activate(name: string): Promise<{ previous: string | undefined }> {
    this.requireGeneration(name);
    const old = this.activeGeneration();
    this.db.transaction(() => {
      this.setMeta('active', name);
      if (old && old !== name) this.setMeta('previous', old);
      // Keep the generation just replaced for rollback; drop every other one (older, or abandoned builds).
      for (const gen of this.existingGenerations()) if (gen !== name && gen !== old) this.dropGeneration(gen);
    })();
    return { previous: old !== name ? old : undefined };
  }

  async rollback(): Promise<{ active: string; previous: string }> {
    const { active, previous } = await this.generations();
    if (!active || !previous) throw new NoPreviousIndexError();
    this.db.transaction(() => {
      this.setMeta('active', previous);
      this.setMeta('previous', active);
    })();
    return { active: previous, previous: active };
  }

  async dropGeneration(name: string): Promise<void> {
    if (!isGenerationName(name)) return;
    if (name === this.activeGeneration()) throw new Error(`Generation ${name} is active; activate another one before dropping it.`);
    this.dropGeneration_(name);
  }

  /** Counts the packed 32-bit term ids of all matches, then names the most frequent per facet. */
  private facets(packed: Buffer, gen: string): Facets {
    // Term ids are small dense integers (INTEGER PRIMARY KEY): count into an array.
    let tally = new Uint32Array(1024);
    const ids = packedIds(packed);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] ?? 0;
      if (id >= tally.length) {
        const grown = new Uint32Array(Math.max(id + 1, tally.length * 2));
        grown.set(tally);
        tally = grown;
      }
      tally[id] = (tally[id] ?? 0) + 1;
    }
    const counts = new Map<number, number>();
    tally.forEach((n, id) => {
      if (n > 0) counts.set(id, n);
    });
    let terms = this.terms.get(gen);
    if (!terms || [...counts.keys()].some((id) => !terms?.has(id))) {
      // Another process (or this one) added terms since the dictionary was read.
      terms = new Map((this.statementsFor(gen).termsAll.all() as Array<{ id: number; field: string; value: string }>).map((t) => [t.id, [t.field, t.value] as const]));
      this.terms.set(gen, terms);
    }
    const byField = new Map<string, FacetValue[]>();
    for (const [id, count] of counts) {
      const [field, value] = terms.get(id) ?? ['', ''];
      const list = byField.get(field) ?? [];
      list.push({ value, count });
      byField.set(field, list);
    }
    const pick = (field: string): FacetValue[] =>
      (byField.get(field) ?? []).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0)).slice(0, FACET_SIZE);
    return { source: pick('source'), authors: pick('author'), people: pick('person'), docRefs: pick('docRef'), year: pick('year') };
  }

  private prepared(sql: string): Database.Statement {
    let statement = this.queries.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.queries.size > 500) this.queries.clear();
      this.queries.set(sql, statement);
    }
    return statement;
  }

  private meta(k: string): string | undefined {
    return (this.metaGet.get(k) as { v: string } | undefined)?.v;
  }

  private setMeta(k: string, v: string): void {
    this.db.prepare('INSERT INTO index_meta (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v').run(k, v);
  }

  private activeGeneration(): string | undefined {
    return this.meta('active');
  }

  private exists(gen: string): boolean {
    return this.existingGenerations().includes(gen);
  }

  private existingGenerations(): string[] {
    return (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'docs_g[0-9]*'").pluck().all() as string[]).map((n) => n.slice('docs_'.length));
  }

  private requireGeneration(name: string): string {
    if (!isGenerationName(name) || !this.exists(name)) throw new Error(`The search index has no generation ${name}; a re-index creates a new one.`);
    return name;
  }

  private requireActive(): string {
    const gen = this.activeGeneration();
    if (!gen || !/^g\d+$/.test(gen)) throw new Error('The search index file has no active generation; delete it and run `docpipe reindex`.');
    return gen;
  }

  private createGeneration_(gen: string): void {
    this.db.exec(`
      -- Small columns first: reading published or source for thousands of matches must not walk the
      -- overflow pages of a long body stored before them.
      CREATE TABLE IF NOT EXISTS docs_${gen} (
        rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, key TEXT NOT NULL, etag TEXT,
        published TEXT, source TEXT, authors TEXT NOT NULL, language TEXT, title TEXT NOT NULL, names TEXT NOT NULL, captions TEXT NOT NULL, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta_${gen} (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, published TEXT, facets BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS terms_${gen} (id INTEGER PRIMARY KEY, field TEXT NOT NULL, value TEXT NOT NULL, UNIQUE (field, value));
      CREATE INDEX IF NOT EXISTS docs_${gen}_published ON docs_${gen} (published);
      CREATE VIRTUAL TABLE IF NOT EXISTS fts_${gen} USING fts5(
        title, names, body, captions, content='docs_${gen}', content_rowid='rowid', tokenize='${FOLDED_TOKENIZER}');
      CREATE VIRTUAL TABLE IF NOT EXISTS ftx_${gen} USING fts5(
        title, names, body, captions, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');
      CREATE TABLE IF NOT EXISTS vals_${gen} (field TEXT NOT NULL, value TEXT NOT NULL, doc INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS vals_${gen}_lookup ON vals_${gen} (field, value, doc);
      CREATE INDEX IF NOT EXISTS vals_${gen}_doc ON vals_${gen} (doc);
      -- The typo tier's vocabulary: every folded word ever indexed (lex) and its deletion neighbourhood
      -- (dels: the word with up to its typo budget of letters deleted). Both only grow; a term no
      -- document holds any more is dropped at search time by its document frequency in vocab.
      CREATE TABLE IF NOT EXISTS lex_${gen} (term TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS dels_${gen} (del TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (del, term)) WITHOUT ROWID;
      CREATE VIRTUAL TABLE IF NOT EXISTS vocab_${gen} USING fts5vocab(fts_${gen}, 'row');`);
  }

  private statementsFor(gen: string): Statements {
    let st = this.compiled.get(gen);
    if (!st) {
      st = prepareStatements(this.db, gen);
      this.compiled.set(gen, st);
    }
    return st;
  }

  private dropGeneration_(gen: string): void {
    this.compiled.delete(gen);
    this.queries.clear();
    this.terms.delete(gen);
    this.frequencies.delete(gen);
    this.pageText.delete(gen);
    this.db.exec(`DROP TABLE IF EXISTS temp.page_fts_${gen}; DROP VIEW IF EXISTS temp.page_text_${gen}; DROP TABLE IF EXISTS vocab_${gen}; DROP TABLE IF EXISTS dels_${gen}; DROP TABLE IF EXISTS lex_${gen}; DROP TABLE IF EXISTS fts_${gen}; DROP TABLE IF EXISTS ftx_${gen}; DROP TABLE IF EXISTS vals_${gen}; DROP TABLE IF EXISTS meta_${gen}; DROP TABLE IF EXISTS terms_${gen}; DROP TABLE IF EXISTS docs_${gen};`);
  }
}

/**
 * The packed little-endian 32-bit ids as an Int32Array: read in place on a little-endian machine (every
 * Node target), 3× faster over thirty thousand ids than one readInt32LE call each.
 */
function packedIds(packed: Buffer): Int32Array {
  const ids = new Int32Array(packed.length >> 2);
  if (LITTLE_ENDIAN) new Uint8Array(ids.buffer).set(packed.subarray(0, ids.length * 4));
  else for (let i = 0; i < ids.length; i++) ids[i] = packed.readInt32LE(i * 4);
  return ids;
}

/** The `hits` set without scores, over the rows `matches` (a FROM … WHERE clause over `meta` as `d`) selects. */
function unscoredHits(matches: string): string {
  return `hits AS MATERIALIZED (SELECT d.rowid AS rowid, d.id AS id, d.published AS published, 0.0 AS score, d.facets AS facets ${matches})`;
}

/**
 * A rowid bound for an FTS5 `rowid =` or `rowid IN` constraint: an INTEGER. better-sqlite3 binds a
 * JavaScript number as REAL, and FTS5 takes a rowid constraint whose value is not an integer as no
 * bound at all (and SQLite does not check it again): `MATCH ? AND rowid = ?` answered for every
 * matching document, and `rowid IN (…)` read the whole match set.
 */
function rowidValue(rowid: number): bigint {
  return BigInt(rowid);
}

function isGenerationName(name: string): boolean {
  return /^g\d+$/.test(name);
}

interface HitRow {
  rowid: number;
  id: string;
  key: string;
  title: string;
  names: string;
  body: string;
  captions: string;
  published: string | null;
  source: string | null;
  authors: string;
  score: number;
}

function opening(body: string): string {
  return body.length > OPENING_CHARS ? `${body.slice(0, body.lastIndexOf(' ', OPENING_CHARS) > 0 ? body.lastIndexOf(' ', OPENING_CHARS) : OPENING_CHARS)}…` : body;
}

interface StoredText {
  rowid: number;
  title: string;
  names: string;
  body: string;
  captions: string;
}

/**
 * Bylines and the people named in the text as searchable text of their own (the `names` column): an
 * author's name plus a word of the story finds the article. One name a line, so a phrase never spans
 * two names.
 */
function namesOf(doc: IndexDocument): string {
  return [...new Set([...doc.authors, ...doc.people])].join('\n');
}

function writeDocument(st: Statements, doc: IndexDocument): void {
  const existing = st.find.get(doc.id) as StoredText | undefined;
  if (existing) {
    st.ftsDelete.run(existing.rowid, searchableText(existing.title), searchableText(existing.names), searchableText(existing.body), searchableText(existing.captions));
    st.ftxDelete.run(existing.rowid);
    st.valsDelete.run(existing.rowid);
  }
  const keywords = keywordValues(doc);
  const names = namesOf(doc);
  const values = [doc.key, doc.etag, doc.title, names, doc.body, doc.captions, doc.source, JSON.stringify(doc.authors), doc.published, doc.language];
  let rowid: number | bigint;
  if (existing) {
    st.update.run(...values, existing.rowid);
    rowid = existing.rowid;
  } else {
    rowid = st.insert.run(doc.id, ...values).lastInsertRowid;
  }
  st.ftsInsert.run(rowid, searchableText(doc.title), searchableText(names), searchableText(doc.body), searchableText(doc.captions));
  learnTerms(st, [doc.title, names, doc.body, doc.captions]);
  st.ftxInsert.run(rowid, normalizeTonePlacement(doc.title), normalizeTonePlacement(names), normalizeTonePlacement(doc.body), normalizeTonePlacement(doc.captions));
  for (const [field, value] of keywords) st.valsInsert.run(field, value, rowid);
  const ids = keywords.filter(([field]) => FACET_FIELDS.has(field)).map(([field, value]) => {
    st.termInsert.run(field, value);
    return st.termId.get(field, value) as number;
  });
  const packed = Buffer.alloc(ids.length * 4);
  ids.forEach((id, i) => packed.writeInt32LE(id, i * 4));
  st.metaUpsert.run(rowid, doc.id, doc.published, packed);
}

/** Adds the folded words of a document the vocabulary does not hold yet, with their deletion neighbourhoods. */
function learnTerms(st: Statements, texts: string[]): void {
  for (const text of texts) {
    for (const word of words(text)) {
      const term = fold(word);
      if (term.length < 3 || st.known.has(term) || /\d/.test(term)) continue;
      st.known.add(term);
      if (st.lexInsert.run(term).changes === 0) continue;
      for (const del of deletions(term, typoBudget(term))) st.delInsert.run(del, term);
    }
  }
}

function keywordValues(doc: IndexDocument): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (field: string, values: Array<string | null | undefined>): void => {
    for (const v of new Set(values)) if (v) out.push([field, v]);
  };
  add(VALUE_FIELDS.source, [doc.source]);
  add(VALUE_FIELDS.author, doc.authors);
  add(VALUE_FIELDS.person, doc.people);
  add(VALUE_FIELDS.organization, doc.organizations);
  add(VALUE_FIELDS.docRef, doc.docRefs);
  add(VALUE_FIELDS.language, [doc.language]);
  add(VALUE_FIELDS.year, [doc.published?.slice(0, 4)]);
  return out;
}

function deleteDocument(st: Statements, id: string): void {
  const existing = st.find.get(id) as StoredText | undefined;
  if (!existing) return;
  st.ftsDelete.run(existing.rowid, searchableText(existing.title), searchableText(existing.names), searchableText(existing.body), searchableText(existing.captions));
  st.ftxDelete.run(existing.rowid);
  st.valsDelete.run(existing.rowid);
  st.metaDelete.run(existing.rowid);
  st.remove.run(existing.rowid);
}

/** Tokens are letters and digits only (the query parser's words), so quoting them cannot inject FTS5 syntax. */
function quoted(tokens: string[], fold: (t: string) => string): string {
  return `"${tokens.map(fold).join(' ')}"`;
}

function clauseExpr(clause: Clause, fold: (t: string) => string): string {
  const forms = [clause.tokens, ...(clause.alternatives ?? [])].map((t) => quoted(t, fold));
  return forms.length === 1 ? (forms[0] ?? '') : `(${forms.join(' OR ')})`;
}

const folded = (t: string): string => searchableText(t);
const exact = (t: string): string => normalizeTonePlacement(t);

/**
 * A group whose clauses must occur near one another (typo tiers): FTS5 NEAR takes phrases, not
 * alternatives, so every spelling of the group is its own NEAR group.
 */
function nearExpr(group: Clause[], distance: number, fold: (t: string) => string, unheld?: ReadonlySet<string>): string {
  return `(${liveSpellings(group, unheld).map((spelling) => `NEAR(${spelling.map((form) => quoted(form, fold)).join(' ')}, ${distance})`).join(' OR ')})`;
}

/**
 * The spellings of a group (`spellingsOf`) but those keeping a word no document holds (`unheld`):
 * they can match nothing. The first one stays if none is left, so the expression stays valid and
 * still matches nothing.
 */
function liveSpellings(group: Clause[], unheld?: ReadonlySet<string>): string[][][] {
  const all = spellingsOf(group);
  if (!unheld || unheld.size === 0) return all;
  const live = all.filter((spelling) => !spelling.some((form) => form.length === 1 && unheld.has(fold(form[0] ?? ''))));
  return live.length > 0 ? live : all.slice(0, 1);
}

/**
 * Whether no document can match a query: each of its groups has a clause whose every form is a word
 * no document holds (`unheld`).
 */
function matchesNothing(query: ParsedQuery, unheld: ReadonlySet<string>): boolean {
  return query.anyOf.every((group) => group.some((clause) => [clause.tokens, ...(clause.alternatives ?? [])].every((form) => form.length === 1 && unheld.has(fold(form[0] ?? '')))));
}

/**
 * The parts of a widened match expression that can match something (the last one if none can, so the
 * expression stays valid and still matches nothing). A part that matches nothing adds nothing to any
 * document's BM25 — its phrases have no instances — but FTS5 still counts every one of its phrases
 * over the whole index for their document frequencies, per search: the typo tier kept beside the
 * miss-one tier names the hopeless word in every spelling, half the phrases of such a search.
 */
function liveParts(parts: ParsedQuery[], unheld?: ReadonlySet<string>): ParsedQuery[] {
  if (!unheld || unheld.size === 0) return parts;
  const live = parts.filter((part) => !matchesNothing(part, unheld));
  return live.length > 0 ? live : parts.slice(-1);
}

/** Our parsed query as an FTS5 MATCH expression, in folded or exact form. */
export function toFtsQuery(query: ParsedQuery, form: 'folded' | 'exact' = 'folded', unheld?: ReadonlySet<string>): string {
  const fold = form === 'folded' ? folded : exact;
  const near = query.near;
  const positive = query.anyOf
    .map((group) => (near !== undefined && group.length > 1 ? nearExpr(group, near, fold, unheld) : `(${group.map((c) => clauseExpr(c, fold)).join(' AND ')})`))
    .join(' OR ');
  return query.exclude.reduce((expr, clause) => `(${expr}) NOT ${clauseExpr(clause, fold)}`, positive);
}

/**
 * Several plain words typed together: the phrase they make, for the phrase bonus; in a typo tier, the
 * phrase of every spelling of the group, so the document holding the fragment as meant ranks first
 * among the typo matches.
 */
function phraseOf(query: ParsedQuery, typos?: ParsedQuery, unheld?: ReadonlySet<string>): string | null {
  const tokens = proximityTokens(query);
  if (!tokens) return null;
  const group = typos?.anyOf.length === 1 ? typos.anyOf[0] : undefined;
  return group ? liveSpellings(group, unheld).map((spelling) => quoted(spelling.flat(), folded)).join(' OR ') : quoted(tokens, folded);
}

/**
 * The pairs of consecutive words of a query of three or more plain words (`proximityTokens`), as FTS5
 * phrases in the title and names columns: a typo tier credits each one a document holds (PAIR_BOOST).
 * A pair with a word no document holds (`held`, of any length) can match nothing and is left out.
 */
function namePairs(query: ParsedQuery, held: (word: string) => boolean): string[] {
  const tokens = proximityTokens(query);
  if (!tokens || tokens.length < 3) return [];
  const out = new Set<string>();
  for (let i = 1; i < tokens.length; i++) {
    const pair = [tokens[i - 1] ?? '', tokens[i] ?? ''];
    if (pair.every(held)) out.add(`${PAIR_COLUMNS} : ${quoted(pair, folded)}`);
  }
  return [...out];
}

interface SearchPlan {
  /** Named parameters shared by the count, page and facet statements. */
  params: Record<string, string | number>;
  pageParams: Record<string, string | number | null>;
  countSql: string;
  pageSql: string;
  /**
   * The same page computed over the exact-diacritics tier only (BM25 for those matches alone), or
   * null. Every tier match outranks every other, so a full page from the tier is the page.
   */
  tierPageSql: string | null;
  facetSql: string;
  snippetSql: ((n: number) => string) | null;
  /** Whether the snippets are read from the page's hits indexed again (`snippets`): a widened search's. */
  snippetsOfPage: boolean;
}

/**
 * The SQL of one search. The filtered, scored match set is a MATERIALIZED common table expression
 * (`hits`), computed once per statement: without it SQLite re-runs the FTS subqueries inside its join
 * loops (80 ms instead of 4 on 10,000 documents).
 */
/**
 * A search widened by its typo tiers: the queries whose matches join those of the query as typed,
 * and (with the miss-one tier) the typo tier's query, whose matches rank above the miss-one ones.
 */
interface TierQueries {
  widened: ParsedQuery[];
  typos?: ParsedQuery;
  /**
   * Whether the query as typed matches any document (with the filters), and the plain words no
   * document holds as typed (`unheld`). A part of the expression that can match nothing is left out
   * of it: the same matches and the same BM25 (a phrase that matches nothing adds nothing to a
   * document's score), without FTS5 reading its terms' doclists for BM25's document frequencies —
   * the widened MATCH 12 % cheaper at 100,000 generated documents.
   */
  asTypedMatches?: boolean;
  unheld?: ReadonlySet<string>;
  /** Whether any document holds a query word as typed (folded): pairs with one that none holds are left out. */
  held?: (word: string) => boolean;
}

/**
 * A widened search's match set with BM25, computed once (`fillTierMatches`) and read by the count,
 * the page and the facets: its NEAR expression of a dozen spellings is the dear part, and each
 * statement would evaluate it again.
 */
const TIER_MATCHES = 'temp.tier_matches';

function planSearch(gen: string, request: SearchRequest, tiers?: TierQueries): SearchPlan {
  const params: Record<string, string | number> = {};
  const where: string[] = [];
  filterConditions(gen, request.filters, params, where);
  const filterSql = where.length > 0 ? ` AND ${where.join(' AND ')}` : '';
  let ctes: string;
  let tierCtes: string | null = null;
  /** The same matches without scores: all that counting, facets and date order need (BM25 is the dear part). */
  let unscored: string;
  /**
   * The same again as a plain join, for one aggregate over it: materializing the match set first (a
   * temporary table of every match's id, date and facets) costs more than the join itself. CROSS JOIN
   * keeps the FTS match the outer loop, run once.
   */
  let matches: string;
  if (request.query) {
    params.f = tiers
      ? liveParts([...(tiers.asTypedMatches === false ? [] : [request.query]), ...tiers.widened], tiers.unheld).map((q) => `(${toFtsQuery(q, 'folded', tiers.unheld)})`).join(' OR ')
      : toFtsQuery(request.query, 'folded');
    const typedAccents = accentedPart(request.query);
    const accented = typedAccents !== null;
    if (typedAccents) params.x = toFtsQuery(typedAccents, 'exact');
    const phrase = phraseOf(request.query, tiers?.widened[0], tiers?.unheld);
    if (phrase) params.p = phrase;
    /** The scored match's alias: a widened search reads its matches and their `meta` columns from TIER_MATCHES as `d`. */
    const h0 = tiers ? 'd' : 'h0';
    const pairs = tiers ? namePairs(request.query, tiers.held ?? (() => true)) : [];
    pairs.forEach((pair, i) => {
      params[`n${i}`] = pair;
    });
    const pairCredit = pairs.map((_, i) => ` + ${PAIR_BOOST} * (${h0}.rowid IN n${i})`).join('');
    const phraseFactor = phrase || pairs.length > 0 ? `(1${phrase ? ` + ${PHRASE_BOOST} * (${h0}.rowid IN p)` : ''}${pairCredit})` : '1';
    const pairTables = pairs.map((_, i) => `n${i} AS MATERIALIZED (SELECT rowid FROM fts_${gen} WHERE fts_${gen} MATCH @n${i})`);
    const exactTable = `x AS MATERIALIZED (SELECT rowid, bm25(ftx_${gen}, ${WEIGHTS}) AS r FROM ftx_${gen} WHERE ftx_${gen} MATCH @x)`;
    const phraseTable = phrase ? [`p AS MATERIALIZED (SELECT rowid FROM fts_${gen} WHERE fts_${gen} MATCH @p)`] : [];
    // Matches with the typed diacritics are ranked by BM25 on the exact table and lifted by EXACT_TIER;
    // the others by BM25 on the folded table.
    if (!tiers && accented && request.sort === 'relevance' && (!request.after || (typeof request.after.value === 'number' && request.after.value >= EXACT_TIER))) {
      tierCtes = [
        exactTable,
        ...phraseTable,
        // The tier is the matches (every word, folded) that also hold the typed diacritics. `x` matches
        // the words typed with diacritics only: when others were typed without them (or excluded), a
        // page from `x` alone would list pages missing a word, so its rows are checked against the query.
        `hits AS MATERIALIZED (SELECT d.rowid AS rowid, d.id AS id, d.published AS published, ${EXACT_TIER} + (-h0.r) * ${phraseFactor} AS score
           FROM x h0 JOIN meta_${gen} d ON d.rowid = h0.rowid WHERE 1=1${accentedPartImpliesQuery(request.query) ? '' : ` AND h0.rowid IN (SELECT rowid FROM fts_${gen} WHERE fts_${gen} MATCH @f)`}${filterSql})`,
      ].join(',\n');
    }
    const tierTables: string[] = [];
    let tierBonus = '';
    if (tiers) {
      // Nothing matches as typed (the planner counted them): no document gets WORDS_TIER, and the
      // as-typed MATCH, which reads every typed word's doclist again, is not run.
      const asTyped = tiers.asTypedMatches !== false;
      if (asTyped) {
        params.o = toFtsQuery(request.query, 'folded');
        tierTables.push(`o AS MATERIALIZED (SELECT rowid FROM fts_${gen} WHERE fts_${gen} MATCH @o)`);
      }
      const wordsTier = asTyped ? `WHEN ${h0}.rowid IN o THEN ${WORDS_TIER} ` : '';
      if (tiers.typos) {
        params.t = toFtsQuery(tiers.typos, 'folded', tiers.unheld);
        tierTables.push(`t AS MATERIALIZED (SELECT rowid FROM fts_${gen} WHERE fts_${gen} MATCH @t)`);
        tierBonus = `(CASE ${wordsTier}WHEN ${h0}.rowid IN t THEN ${TYPO_TIER} ELSE 0 END) + `;
      } else {
        tierBonus = asTyped ? `(CASE ${wordsTier}ELSE ${TYPO_TIER} END) + ` : `${TYPO_TIER} + `;
      }
    }
    const score = tierBonus + (accented
      ? `CASE WHEN e.r IS NOT NULL THEN ${EXACT_TIER} + (-e.r) * ${phraseFactor} ELSE (-${h0}.r) * ${phraseFactor} END`
      : `(-${h0}.r) * ${phraseFactor}`);
    const exactJoin = accented ? `LEFT JOIN x e ON e.rowid = ${h0}.rowid` : '';
    ctes = [
      ...(tiers ? [] : [`m AS MATERIALIZED (SELECT rowid, bm25(fts_${gen}, ${WEIGHTS}) AS r FROM fts_${gen} WHERE fts_${gen} MATCH @f)`]),
      ...(accented ? [exactTable] : []),
      ...phraseTable,
      ...pairTables,
      ...tierTables,
      `hits AS MATERIALIZED (SELECT d.rowid AS rowid, d.id AS id, d.published AS published, (${score}) AS score
         FROM ${tiers ? `${TIER_MATCHES} d` : `m h0 JOIN meta_${gen} d ON d.rowid = h0.rowid`} ${exactJoin} WHERE 1=1${filterSql})`,
    ].join(',\n');
    matches = tiers
      ? `FROM ${TIER_MATCHES} d WHERE 1=1${filterSql}`
      : `FROM (SELECT rowid FROM fts_${gen} WHERE fts_${gen} MATCH @f) m CROSS JOIN meta_${gen} d ON d.rowid = m.rowid WHERE 1=1${filterSql}`;
    unscored = unscoredHits(matches);
  } else {
    matches = `FROM meta_${gen} d WHERE 1=1${filterSql}`;
    ctes = unscoredHits(matches);
    unscored = ctes;
  }
  if (request.sort === 'date') ctes = unscored;
  const pageParams: Record<string, string | number | null> = { ...params, size: request.size };
  let after = '';
  let order: string;
  if (request.sort === 'relevance') {
    order = 'ORDER BY h.score DESC, h.id ASC';
    if (request.after) {
      pageParams.av = typeof request.after.value === 'number' ? request.after.value : 0;
      pageParams.ai = request.after.id;
      after = 'WHERE h.score < @av OR (h.score = @av AND h.id > @ai)';
    }
  } else {
    order = 'ORDER BY h.published IS NULL, h.published DESC, h.id ASC';
    if (request.after) {
      pageParams.ai = request.after.id;
      if (typeof request.after.value === 'string') {
        pageParams.av = request.after.value;
        after = 'WHERE h.published < @av OR (h.published = @av AND h.id > @ai) OR h.published IS NULL';
      } else {
        after = 'WHERE h.published IS NULL AND h.id > @ai';
      }
    }
  }
  /**
   * One page of `hits`, after the cursor, with the displayed columns of each hit. The page is chosen
   * from `hits` alone and joined to `docs` after: SQLite's sorter would otherwise read every match's
   * long `docs` row (title, body) to sort them and keep ten.
   */
  const snippetTable = tiers ? `page_fts_${gen}` : `fts_${gen}`;
  const pageOf = (withCtes: string): string => `WITH ${withCtes}
      SELECT d.rowid, d.id, d.key, d.title, d.names, d.body, d.captions, d.published, d.source, d.authors, h.score
        FROM (SELECT h.rowid, h.id, h.published, h.score FROM hits h ${after} ${order} LIMIT @size) h
        JOIN docs_${gen} d ON d.rowid = h.rowid ${order}`;
  return {
    params,
    pageParams,
    countSql: `SELECT count(*) AS n ${matches}`,
    pageSql: pageOf(ctes),
    tierPageSql: tierCtes ? pageOf(tierCtes) : null,
    facetSql: `SELECT CAST(group_concat(d.facets, '') AS BLOB) AS packed, count(*) AS n ${matches}`,
    snippetSql: request.query
      ? (n: number) => `SELECT rowid, snippet(${snippetTable}, ${BODY_COLUMN}, '${MARK_START}', '${MARK_END}', '…', ${SNIPPET_TOKENS}) AS s FROM ${snippetTable} WHERE ${snippetTable} MATCH ? AND rowid IN (${Array.from({ length: n }, () => '?').join(', ')})`
      : null,
    snippetsOfPage: tiers !== undefined,
  };
}

function filterConditions(gen: string, filters: SearchFilters, params: Record<string, string | number>, where: string[]): void {
  const lists: Array<[keyof typeof VALUE_FIELDS, string[]]> = [
    ['source', filters.source], ['author', filters.author], ['person', filters.person], ['docRef', filters.docRef], ['language', filters.language],
  ];
  for (const [field, values] of lists) {
    if (values.length === 0) continue;
    const names = values.map((v, i) => {
      const name = `${field}${i}`;
      params[name] = v;
      return `@${name}`;
    });
    where.push(`d.rowid IN (SELECT doc FROM vals_${gen} WHERE field = '${VALUE_FIELDS[field]}' AND value IN (${names.join(', ')}))`);
  }
  if (filters.from) {
    params.from = filters.from;
    where.push('d.published >= @from');
  }
  if (filters.to) {
    params.to = filters.to;
    where.push('d.published <= @to');
  }
}
