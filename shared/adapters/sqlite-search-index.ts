import Database from 'better-sqlite3';
import type { ParsedQuery, Clause } from '../domain/search/query.ts';
import { MARK_END, MARK_START, renderSnippet } from '../domain/search/snippet.ts';
import { searchableText } from '../domain/text/searchable.ts';
import type { IndexDocument } from '../domain/types.ts';
import type { SearchIndex, SearchRequest, SearchResponse } from '../ports.ts';

/**
 * The embedded search engine: SQLite FTS5 with `unicode61 remove_diacritics 2`.
 *
 * The FTS index is external-content: the documents table keeps the original text (shown in snippets
 * with the author's accents and spelling) while the index receives its searchable copy
 * (`searchableText`: one tone placement, `đ` folded). Token positions line up for snippets.
 *
 * Each full rebuild writes a new generation of tables and switches the `active` pointer in one
 * transaction, so searches never see a half-built index.
 */
type Statements = ReturnType<typeof prepareStatements>;

/** The statements one generation of tables needs, compiled once. */
function prepareStatements(db: Database.Database, gen: string) {
  return {
    find: db.prepare(`SELECT rowid, title, body FROM docs_${gen} WHERE id = ?`),
    etag: db.prepare(`SELECT etag FROM docs_${gen} WHERE id = ?`),
    count: db.prepare(`SELECT count(*) AS n FROM docs_${gen}`),
    ftsDelete: db.prepare(`INSERT INTO fts_${gen} (fts_${gen}, rowid, title, body) VALUES ('delete', ?, ?, ?)`),
    ftsInsert: db.prepare(`INSERT INTO fts_${gen} (rowid, title, body) VALUES (?, ?, ?)`),
    update: db.prepare(`UPDATE docs_${gen} SET key=?, etag=?, title=?, body=?, source=?, authors=?, published=?, language=?, people=?, doc_refs=? WHERE rowid=?`),
    insert: db.prepare(`INSERT INTO docs_${gen} (id, key, etag, title, body, source, authors, published, language, people, doc_refs) VALUES (?,?,?,?,?,?,?,?,?,?,?)`),
    remove: db.prepare(`DELETE FROM docs_${gen} WHERE rowid = ?`),
    matches: db.prepare(`SELECT count(*) AS n FROM fts_${gen} WHERE fts_${gen} MATCH ?`),
    search: db.prepare(
      `SELECT d.id, d.key, d.title, d.published, d.source, d.authors,
              snippet(fts_${gen}, -1, ?, ?, '…', 32) AS snippet, bm25(fts_${gen}, 5.0, 1.0) AS rank
         FROM fts_${gen} JOIN docs_${gen} d ON d.rowid = fts_${gen}.rowid
        WHERE fts_${gen} MATCH ?
        ORDER BY rank LIMIT ?`,
    ),
  };
}

export class SqliteSearchIndex implements SearchIndex {
  private readonly db: Database.Database;
  private readonly compiled = new Map<string, Statements>();
  private readonly activeStatement: Database.Statement;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS index_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
    this.activeStatement = this.db.prepare("SELECT v FROM index_meta WHERE k = 'active'");
    if (!this.activeGeneration()) {
      this.createGeneration('g1');
      this.db.prepare("INSERT INTO index_meta (k, v) VALUES ('active', 'g1')").run();
    }
  }

  close(): void {
    this.db.close();
  }

  async upsert(documents: IndexDocument[]): Promise<void> {
    const st = this.statementsFor(this.requireActive());
    this.db.transaction(() => {
      for (const doc of documents) writeDocument(st, doc);
    })();
  }

  async remove(ids: string[]): Promise<void> {
    const st = this.statementsFor(this.requireActive());
    this.db.transaction(() => {
      for (const id of ids) deleteDocument(st, id);
    })();
  }

  async indexedVersion(id: string): Promise<{ etag: string | null } | undefined> {
    const row = this.statementsFor(this.requireActive()).etag.get(id) as { etag: string | null } | undefined;
    return row ? { etag: row.etag } : undefined;
  }

  async count(): Promise<number> {
    return (this.statementsFor(this.requireActive()).count.get() as { n: number }).n;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const st = this.statementsFor(this.requireActive());
    const match = toFtsQuery(request.query);
    const total = (st.matches.get(match) as { n: number }).n;
    const rows = st.search.all(MARK_START, MARK_END, match, request.size) as Array<{
      id: string; key: string; title: string; published: string | null; source: string | null; authors: string; snippet: string; rank: number;
    }>;
    return {
      total,
      hits: rows.map((r) => ({
        id: r.id,
        key: r.key,
        title: r.title,
        snippet: renderSnippet(r.snippet),
        published: r.published,
        source: r.source,
        authors: JSON.parse(r.authors) as string[],
        score: Number((-r.rank).toPrecision(4)),
      })),
    };
  }

  async rebuild(pages: AsyncIterable<IndexDocument[]>): Promise<{ indexed: number }> {
    const old = this.requireActive();
    const next = `g${Number(old.slice(1)) + 1}`;
    this.dropGeneration(next);
    this.createGeneration(next);
    const st = this.statementsFor(next);
    let indexed = 0;
    for await (const page of pages) {
      this.db.transaction(() => {
        for (const doc of page) writeDocument(st, doc);
      })();
      indexed += page.length;
    }
    this.db.transaction(() => {
      this.db.prepare("UPDATE index_meta SET v = ? WHERE k = 'active'").run(next);
      // Keep the generation just replaced (for inspection or rollback); drop anything older.
      this.dropGeneration(`g${Number(old.slice(1)) - 1}`);
    })();
    return { indexed };
  }

  private activeGeneration(): string | undefined {
    return (this.activeStatement.get() as { v: string } | undefined)?.v;
  }

  private requireActive(): string {
    const gen = this.activeGeneration();
    if (!gen || !/^g\d+$/.test(gen)) throw new Error('The search index file has no active generation; delete it and run `docpipe reindex`.');
    return gen;
  }

  private createGeneration(gen: string): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS docs_${gen} (
        rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, key TEXT NOT NULL, etag TEXT,
        title TEXT NOT NULL, body TEXT NOT NULL, source TEXT, authors TEXT NOT NULL, published TEXT,
        language TEXT, people TEXT NOT NULL, doc_refs TEXT NOT NULL);
      CREATE VIRTUAL TABLE IF NOT EXISTS fts_${gen} USING fts5(
        title, body, content='docs_${gen}', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');`);
  }

  private statementsFor(gen: string): Statements {
    let st = this.compiled.get(gen);
    if (!st) {
      st = prepareStatements(this.db, gen);
      this.compiled.set(gen, st);
    }
    return st;
  }

  private dropGeneration(gen: string): void {
    this.compiled.delete(gen);
    this.db.exec(`DROP TABLE IF EXISTS fts_${gen}; DROP TABLE IF EXISTS docs_${gen};`);
  }

}

function writeDocument(st: Statements, doc: IndexDocument): void {
  const existing = st.find.get(doc.id) as { rowid: number; title: string; body: string } | undefined;
  if (existing) st.ftsDelete.run(existing.rowid, foldD(existing.title), foldD(existing.body));
  const values = [doc.key, doc.etag, doc.title, doc.body, doc.source, JSON.stringify(doc.authors), doc.published, doc.language,
    JSON.stringify(doc.people), JSON.stringify(doc.docRefs)];
  let rowid: number | bigint;
  if (existing) {
    st.update.run(...values, existing.rowid);
    rowid = existing.rowid;
  } else {
    rowid = st.insert.run(doc.id, ...values).lastInsertRowid;
  }
  st.ftsInsert.run(rowid, foldD(doc.title), foldD(doc.body));
}

function deleteDocument(st: Statements, id: string): void {
  const existing = st.find.get(id) as { rowid: number; title: string; body: string } | undefined;
  if (!existing) return;
  st.ftsDelete.run(existing.rowid, foldD(existing.title), foldD(existing.body));
  st.remove.run(existing.rowid);
}

const foldD = searchableText;

function phrase(clause: Clause): string {
  // Tokens are letters and digits only, so quoting them cannot inject FTS5 syntax.
  return `"${clause.tokens.map(foldD).join(' ')}"`;
}

/** Our parsed query as an FTS5 MATCH expression. */
export function toFtsQuery(query: ParsedQuery): string {
  const positive = query.anyOf.map((group) => `(${group.map(phrase).join(' AND ')})`).join(' OR ');
  return query.exclude.reduce((expr, clause) => `(${expr}) NOT ${phrase(clause)}`, positive);
}
