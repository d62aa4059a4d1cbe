/**
 * `npm run eval:search`: how well search finds what a person half remembers, on the dev news pages of
 * `../shared/corpus/dev`. Queries of the four kinds of issue 19 are generated here by a seeded,
 * deterministic generator (never written by hand, never tuned to one query): 5–7 consecutive body
 * words with about half typed without diacritics; 3–4 of a page's rarest words in random order; a 3–5
 * word title fragment with one typo (a letter dropped or doubled, or a tone mark lost); a person's name
 * (byline or named in the text) plus one word of the story. Each runs through the embedded engine
 * (`SqliteSearchIndex` via the search service) and through a plain BM25 with diacritic folding written
 * below; success = the page among the first 3 hits. `--seed N` changes the queries, `--json` prints
 * the figures as JSON.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteSearchIndex } from '../shared/adapters/sqlite-search-index.ts';
import { documentId } from '../shared/domain/ids.ts';
import { processDocument } from '../shared/domain/process-document.ts';
import { fold, words } from '../shared/domain/text/tokenize.ts';
import type { IndexDocument } from '../shared/domain/types.ts';
import { toIndexDocument } from '../shared/services/processed-objects.ts';
import { createSearchService } from '../shared/services/search-service.ts';
import { CORPUS_DIR } from '../test/support/shared-corpus.ts';
import { prng } from './corpus.ts';

const NEWS = join(CORPUS_DIR, 'dev', 'news');
if (!existsSync(NEWS)) {
  process.stdout.write(`eval:search: ${NEWS} not found (../shared/corpus/dev is not beside the project); nothing to measure.\n`);
  process.exit(0);
}

const argv = process.argv.slice(2);
const seedAt = argv.indexOf('--seed');
const SEED = seedAt >= 0 ? Number(argv[seedAt + 1]) : 19;
const PER_KIND = 50;
const TOP = 3;

// The corpus generator's seeded PRNG: the same sequence on every machine.
const random = prng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const shuffle = <T>(list: readonly T[]): T[] => {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

// --- the pages -------------------------------------------------------------------------------------
const docs: IndexDocument[] = [];
for (const name of readdirSync(NEWS).sort()) {
  try {
    const document = await processDocument(readFileSync(join(NEWS, name)));
    docs.push(toIndexDocument({ id: documentId('docpipe-raw', name), key: name, etag: 'e1' }, { document }));
  } catch {
    // A page processing rejects is no search target.
  }
}

// --- the plain BM25 with folding baseline -----------------------------------------------------------
/** What a stock engine with ASCII folding indexes: title, bylines and people, body — one bag of folded words. */
const baselineText = (d: IndexDocument): string => [d.title, ...d.authors, ...d.people, fullText(d)].join('\n');
/** Body and captions as one text, as the index held them before captions had a field of their own: the same queries. */
const fullText = (d: IndexDocument): string => [d.body, d.captions].filter((t) => t.length > 0).join('\n\n');
const bags = docs.map((d) => words(baselineText(d)).map((w) => fold(w)));
const df = new Map<string, number>();
for (const bag of bags) for (const t of new Set(bag)) df.set(t, (df.get(t) ?? 0) + 1);
const avgLength = bags.reduce((n, b) => n + b.length, 0) / bags.length;
const tfs = bags.map((bag) => {
  const tf = new Map<string, number>();
  for (const t of bag) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
});

/** Okapi BM25 (k1 1.2, b 0.75), any word may match: the default of Lucene-like engines. */
function bm25(query: string): string[] {
  const terms = words(query).map((w) => fold(w));
  const n = docs.length;
  const scored = docs.map((d, i) => {
    let score = 0;
    for (const t of terms) {
      const f = tfs[i]?.get(t) ?? 0;
      if (f === 0) continue;
      const idf = Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
      score += (idf * f * 2.2) / (f + 1.2 * (0.25 + 0.75 * ((bags[i]?.length ?? 0) / avgLength)));
    }
    return { key: d.key, score };
  });
  return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).slice(0, TOP).map((s) => s.key);
}

// --- the queries ----------------------------------------------------------------------------------
type Kind = 'sentence' | 'rare words' | 'title typo' | 'person + word';
interface Query {
  kind: Kind;
  q: string;
  key: string;
}

const stripMarks = (w: string): string => w.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC').replace(/đ/g, 'd').replace(/Đ/g, 'D');
const isWord = (w: string): boolean => /^\p{L}+$/u.test(w);
const sentences = (body: string): string[][] => body.split(/(?<=[.!?…])\s+|\n+/u).map((s) => words(s)).filter((s) => s.length >= 7);

function sentenceQuery(d: IndexDocument): string | null {
  const options = sentences(fullText(d));
  if (options.length === 0) return null;
  const s = pick(options);
  const n = 5 + Math.floor(random() * 3);
  const from = Math.floor(random() * Math.max(1, s.length - n + 1));
  return s.slice(from, from + n).map((w) => (random() < 0.5 ? stripMarks(w) : w)).join(' ');
}

function rareQuery(d: IndexDocument): string | null {
  const seen = new Set<string>();
  const candidates = words(fullText(d)).filter((w) => isWord(w) && w.length >= 3).filter((w) => {
    const f = fold(w);
    if (seen.has(f)) return false;
    seen.add(f);
    return true;
  });
  if (candidates.length < 4) return null;
  const rarest = [...candidates].sort((a, b) => (df.get(fold(a)) ?? 0) - (df.get(fold(b)) ?? 0)).slice(0, 8);
  return shuffle(rarest).slice(0, 3 + Math.floor(random() * 2)).join(' ');
}

/** One typo: a letter dropped, a letter doubled, or the tone marks of a word lost. */
function typo(word: string): string {
  const chars = [...word];
  const kind = Math.floor(random() * 3);
  const at = 1 + Math.floor(random() * (chars.length - 1));
  if (kind === 0) return [...chars.slice(0, at), ...chars.slice(at + 1)].join('');
  if (kind === 1) return [...chars.slice(0, at), chars[at] ?? '', ...chars.slice(at)].join('');
  return stripMarks(word) === word ? [...chars.slice(0, at), ...chars.slice(at + 1)].join('') : stripMarks(word);
}

function titleTypoQuery(d: IndexDocument): string | null {
  const t = words(d.title);
  if (t.length < 3) return null;
  const n = Math.min(t.length, 3 + Math.floor(random() * 3));
  const from = Math.floor(random() * (t.length - n + 1));
  const fragment = t.slice(from, from + n);
  const long = fragment.map((w, i) => [w, i] as const).filter(([w]) => isWord(w) && [...w].length >= 4);
  if (long.length === 0) return null;
  const [, at] = pick(long);
  return fragment.map((w, i) => (i === at ? typo(w) : w)).join(' ');
}

function personQuery(d: IndexDocument): string | null {
  const names = [...d.authors, ...d.people].filter((p) => words(p).length >= 2);
  if (names.length === 0) return null;
  const storyWords = words(fullText(d)).filter((w) => isWord(w) && [...w].length >= 4 && (df.get(fold(w)) ?? 0) < docs.length / 4);
  if (storyWords.length === 0) return null;
  return `${pick(names)} ${pick(storyWords)}`;
}

const makers: Array<[Kind, (d: IndexDocument) => string | null]> = [
  ['sentence', sentenceQuery], ['rare words', rareQuery], ['title typo', titleTypoQuery], ['person + word', personQuery],
];
const queries: Query[] = [];
for (const [kind, make] of makers) {
  let made = 0;
  for (const d of shuffle(docs)) {
    if (made >= PER_KIND) break;
    const q = make(d);
    if (!q) continue;
    queries.push({ kind, q, key: d.key });
    made++;
  }
}

// --- run ------------------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'docpipe-search-eval-'));
const index = new SqliteSearchIndex(join(dir, 'search.sqlite'));
await index.upsert(docs);
const service = createSearchService({ index });
const results = new Map<Kind, { ours: number; bm25: number; total: number; ms: number[] }>();
const misses: string[] = [];
for (const query of queries) {
  const r = results.get(query.kind) ?? { ours: 0, bm25: 0, total: 0, ms: [] };
  const started = performance.now();
  const hits = (await service.search({ q: query.q, size: String(TOP), facets: 'true' })).hits.map((h) => h.key);
  r.ms.push(performance.now() - started);
  r.total++;
  if (hits.includes(query.key)) r.ours++;
  else misses.push(`${query.kind}: ${query.q} → ${query.key} (got ${hits.join(', ') || 'nothing'})`);
  if (bm25(query.q).includes(query.key)) r.bm25++;
  results.set(query.kind, r);
}
index.close();
rmSync(dir, { recursive: true, force: true });

const ratio = (a: number, b: number): string => (b === 0 ? '–' : (a / b).toFixed(2));
const all = [...results.values()];
const sum = (f: (r: (typeof all)[number]) => number): number => all.reduce((n, r) => n + f(r), 0);
const latencies = all.flatMap((r) => r.ms).sort((a, b) => a - b);
const p = (q: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(1);
if (argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ seed: SEED, documents: docs.length, kinds: Object.fromEntries([...results].map(([k, r]) => [k, { docpipe: r.ours / r.total, bm25: r.bm25 / r.total, queries: r.total }])) }, null, 2)}\n`);
} else {
  const lines = [
    `Search evaluation: ${docs.length} dev news pages, ${queries.length} generated queries (seed ${SEED}), success = the page in the first ${TOP}`,
    '',
    '| kind of query | docpipe | BM25 + folding | queries |',
    '| --- | --- | --- | --- |',
    ...[...results].map(([kind, r]) => `| ${kind} | ${ratio(r.ours, r.total)} | ${ratio(r.bm25, r.total)} | ${r.total} |`),
    `| overall | ${ratio(sum((r) => r.ours), sum((r) => r.total))} | ${ratio(sum((r) => r.bm25), sum((r) => r.total))} | ${sum((r) => r.total)} |`,
    '',
    `docpipe search latency (embedded engine, facets on): median ${p(0.5)} ms, p95 ${p(0.95)} ms`,
  ];
  if (argv.includes('--misses')) lines.push('', ...misses);
  process.stdout.write(`${lines.join('\n')}\n`);
}
