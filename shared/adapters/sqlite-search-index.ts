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
export class SqliteSearchIndex implements SearchIndex {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS index_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)');
    if (!this.activeGeneration()) {
      this.createGeneration('g1');
      this.db.prepare("INSERT INTO index_meta (k, v) VALUES ('active', 'g1')").run();
    }
  }

  close(): void {
    this.db.close();
  }

  async upsert(documents: IndexDocument[]): Promise<void> {
    const gen = this.requireActive();
    this.db.transaction(() => {
      for (const doc of documents) this.writeDocument(gen, doc);
    })();
  }

  async remove(ids: string[]): Promise<void> {
    const gen = this.requireActive();
    this.db.transaction(() => {
      for (const id of ids) this.deleteDocument(gen, id);
    })();
  }

  async indexedVersion(id: string): Promise<{ etag: string | null } | undefined> {
    const row = this.db.prepare(`SELECT etag FROM docs_${this.requireActive()} WHERE id = ?`).get(id) as { etag: string | null } | undefined;
    return row ? { etag: row.etag } : undefined;
  }

  async count(): Promise<number> {
    return (this.db.prepare(`SELECT count(*) AS n FROM docs_${this.requireActive()}`).get() as { n: number }).n;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const gen = this.requireActive();
    const match = toFtsQuery(request.query);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM fts_${gen} WHERE fts_${gen} MATCH ?`).get(match) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT d.id, d.key, d.title, d.published, d.source, d.authors,
                snippet(fts_${gen}, -1, ?, ?, '…', 32) AS snippet, bm25(fts_${gen}, 5.0, 1.0) AS rank
           FROM fts_${gen} JOIN docs_${gen} d ON d.rowid = fts_${gen}.rowid
          WHERE fts_${gen} MATCH ?
          ORDER BY rank LIMIT ?`,
      )
      .all(MARK_START, MARK_END, match, request.size) as Array<{
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
    let indexed = 0;
    for await (const page of pages) {
      this.db.transaction(() => {
        for (const doc of page) this.writeDocument(next, doc);
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
    return (this.db.prepare("SELECT v FROM index_meta WHERE k = 'active'").get() as { v: string } | undefined)?.v;
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

  private dropGeneration(gen: string): void {
    this.db.exec(`DROP TABLE IF EXISTS fts_${gen}; DROP TABLE IF EXISTS docs_${gen};`);
  }

  private writeDocument(gen: string, doc: IndexDocument): void {
    const existing = this.db.prepare(`SELECT rowid, title, body FROM docs_${gen} WHERE id = ?`).get(doc.id) as
      | { rowid: number; title: string; body: string }
      | undefined;
    if (existing) {
      this.db.prepare(`INSERT INTO fts_${gen} (fts_${gen}, rowid, title, body) VALUES ('delete', ?, ?, ?)`)
        .run(existing.rowid, foldD(existing.title), foldD(existing.body));
    }
    const values = [doc.key, doc.etag, doc.title, doc.body, doc.source, JSON.stringify(doc.authors), doc.published, doc.language,
      JSON.stringify(doc.people), JSON.stringify(doc.docRefs)];
    let rowid: number | bigint;
    if (existing) {
      this.db.prepare(`UPDATE docs_${gen} SET key=?, etag=?, title=?, body=?, source=?, authors=?, published=?, language=?, people=?, doc_refs=? WHERE rowid=?`)
        .run(...values, existing.rowid);
      rowid = existing.rowid;
    } else {
      rowid = this.db.prepare(`INSERT INTO docs_${gen} (id, key, etag, title, body, source, authors, published, language, people, doc_refs) VALUES (?,?,?,?,?,?,?,?,?,?,?)`)
        .run(doc.id, ...values).lastInsertRowid;
    }
    this.db.prepare(`INSERT INTO fts_${gen} (rowid, title, body) VALUES (?, ?, ?)`).run(rowid, foldD(doc.title), foldD(doc.body));
  }

  private deleteDocument(gen: string, id: string): void {
    const existing = this.db.prepare(`SELECT rowid, title, body FROM docs_${gen} WHERE id = ?`).get(id) as
      | { rowid: number; title: string; body: string }
      | undefined;
    if (!existing) return;
    this.db.prepare(`INSERT INTO fts_${gen} (fts_${gen}, rowid, title, body) VALUES ('delete', ?, ?, ?)`)
      .run(existing.rowid, foldD(existing.title), foldD(existing.body));
    this.db.prepare(`DELETE FROM docs_${gen} WHERE rowid = ?`).run(existing.rowid);
  }
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
