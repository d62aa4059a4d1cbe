/**
 * Scores processing against the reference corpus (`../shared/corpus`): the five gold samples and the
 * development set `dev/` (news pages with title, date, byline and body gold; VLSP articles with every
 * annotated person). Shared by `npm run eval` (figures) and the target test (thresholds).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { processDocument } from '../../shared/domain/process-document.ts';
import type { ProcessedDocument } from '../../shared/domain/types.ts';
import { comparable, CORPUS_DIR, corpusSamples } from './shared-corpus.ts';

const DEV_DIR = join(CORPUS_DIR, 'dev');
export const devCorpusAvailable = existsSync(join(DEV_DIR, 'news-gold'));
/** Pass as the `skip` option of tests that need `../shared/corpus/dev`. */
export const skipWithoutDevCorpus = devCorpusAvailable ? false : `../shared/corpus/dev not found under ${CORPUS_DIR}: dev-corpus checks skipped`;

export interface NewsGold {
  title: string;
  published: string | null;
  authors: string[] | null;
  with: string[];
  without: string[];
  captions?: string[];
  layout: string;
  format: string;
}

/** A fraction with its parts, so a report can say "42 / 108 (0.39)". */
export interface Tally {
  passed: number;
  total: number;
}

export interface NewsScores {
  title: Tally;
  published: Tally;
  authors: Tally;
  withKept: Tally;
  /** Snippets of page chrome found in the body: lower is better. */
  withoutLeaked: Tally;
}

export interface PeopleScores {
  precision: number;
  recall: number;
  f1: number;
  correct: number;
  extracted: number;
  annotated: number;
}

/** One news page's outcome, kept for the failure listing. */
export interface NewsOutcome {
  file: string;
  layout: string;
  format: string;
  /**
   * Development half (`even`) or held out (`odd`): the position of the file among the files of its
   * layout, so each layout is split in two (the leading file numbers alternate text and HTML, so
   * splitting on them would hold out a whole format instead of half of each layout).
   */
  half: 'even' | 'odd';
  title: { ok: boolean; got: string | null; want: string };
  published: { ok: boolean; got: string | null; want: string | null } | null;
  authors: { ok: boolean; got: string[]; want: string[] } | null;
  missing: string[];
  leaked: string[];
  withTotal: number;
  withoutTotal: number;
}

const emptyTally = (): Tally => ({ passed: 0, total: 0 });
const emptyScores = (): NewsScores => ({ title: emptyTally(), published: emptyTally(), authors: emptyTally(), withKept: emptyTally(), withoutLeaked: emptyTally() });

export const ratio = (t: Tally): number => (t.total === 0 ? 1 : t.passed / t.total);

/** Names are compared case-insensitively, as sets (the dev README's rule). */
const nameSet = (names: string[]): string[] => [...new Set(names.map((n) => comparable(n).toLocaleLowerCase('vi')))].sort();

export function newsFiles(): string[] {
  if (!devCorpusAvailable) return [];
  return readdirSync(join(DEV_DIR, 'news')).filter((f) => /\.(txt|html)$/.test(f)).sort();
}

export function newsGold(file: string): NewsGold {
  return JSON.parse(readFileSync(join(DEV_DIR, 'news-gold', `${file}.json`), 'utf8')) as NewsGold;
}

export function newsBytes(file: string): Buffer {
  return readFileSync(join(DEV_DIR, 'news', file));
}

/** Scores one processed page against its gold; `body` may come from another extractor (Readability). */
export function scoreNews(file: string, ordinal: number, gold: NewsGold, doc: Pick<ProcessedDocument, 'title' | 'published' | 'authors' | 'body'>): NewsOutcome {
  const body = comparable(doc.body);
  const authors = gold.authors === null ? null : { got: doc.authors, want: gold.authors, ok: nameSet(doc.authors).join('|') === nameSet(gold.authors).join('|') };
  return {
    file,
    layout: gold.layout,
    format: gold.format,
    half: ordinal % 2 === 0 ? 'even' : 'odd',
    title: { ok: comparable(doc.title ?? '') === comparable(gold.title), got: doc.title, want: gold.title },
    published: gold.published === null ? null : { ok: doc.published === gold.published, got: doc.published, want: gold.published },
    authors,
    missing: gold.with.filter((s) => !body.includes(comparable(s))),
    leaked: gold.without.filter((s) => body.includes(comparable(s))),
    withTotal: gold.with.length,
    withoutTotal: gold.without.length,
  };
}

/** Adds outcomes up; `bodyOnly` skips the title, date and byline checks (for body-only extractors). */
export function tally(outcomes: NewsOutcome[], bodyOnly = false): NewsScores {
  const scores = emptyScores();
  for (const o of outcomes) {
    if (!bodyOnly) {
      scores.title.total++;
      if (o.title.ok) scores.title.passed++;
      if (o.published) {
        scores.published.total++;
        if (o.published.ok) scores.published.passed++;
      }
      if (o.authors) {
        scores.authors.total++;
        if (o.authors.ok) scores.authors.passed++;
      }
    }
    scores.withKept.total += o.withTotal;
    scores.withKept.passed += o.withTotal - o.missing.length;
    scores.withoutLeaked.total += o.withoutTotal;
    scores.withoutLeaked.passed += o.leaked.length;
  }
  return scores;
}

/** Each file with its gold and its position among the files of its layout (see `NewsOutcome.half`). */
function newsPages(): Array<{ file: string; gold: NewsGold; ordinal: number }> {
  const seen = new Map<string, number>();
  return newsFiles().map((file) => {
    const gold = newsGold(file);
    const ordinal = seen.get(gold.layout) ?? 0;
    seen.set(gold.layout, ordinal + 1);
    return { file, gold, ordinal };
  });
}

export async function evaluateNews(): Promise<NewsOutcome[]> {
  const outcomes: NewsOutcome[] = [];
  for (const { file, gold, ordinal } of newsPages()) outcomes.push(scoreNews(file, ordinal, gold, await processDocument(newsBytes(file))));
  return outcomes;
}

/** Readability's article text for an HTML page, scored on the body checks only. */
export async function evaluateReadability(): Promise<NewsOutcome[]> {
  const { Readability } = await import('@mozilla/readability');
  const { parseHTML } = await import('linkedom');
  const outcomes: NewsOutcome[] = [];
  for (const { file, gold, ordinal } of newsPages().filter((p) => p.file.endsWith('.html'))) {
    const { document } = parseHTML(newsBytes(file).toString('utf8'));
    const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
    const body = (article?.textContent ?? '').replace(/\s+/g, ' ');
    outcomes.push(scoreNews(file, ordinal, gold, { title: article?.title ?? null, published: null, authors: [], body }));
  }
  return outcomes;
}

/**
 * A second source and shape for headlines: each VLSP article of `dev/people` opens with its headline
 * (then sapo and body, one paragraph per line, no page chrome). No gold file: the first line is it.
 */
export async function evaluateArticleTitles(): Promise<Tally & { failures: string[] }> {
  const result = { passed: 0, total: 0, failures: [] as string[] };
  if (!devCorpusAvailable) return result;
  for (const file of readdirSync(join(DEV_DIR, 'people')).filter((f) => f.endsWith('.txt')).sort()) {
    const bytes = readFileSync(join(DEV_DIR, 'people', file));
    const first = bytes.toString('utf8').split('\n').find((l) => l.trim())?.trim() ?? '';
    const doc = await processDocument(bytes);
    result.total++;
    if (comparable(doc.title ?? '') === comparable(first)) result.passed++;
    else result.failures.push(`${file}: got ${JSON.stringify(doc.title)} want ${JSON.stringify(first)}`);
  }
  return result;
}

/** People ∪ authors against every annotated person of `dev/people`, micro-averaged over all articles. */
export async function evaluatePeople(): Promise<PeopleScores & { misses: Array<{ file: string; missed: string[]; wrong: string[] }> }> {
  let correct = 0;
  let extracted = 0;
  let annotated = 0;
  const misses: Array<{ file: string; missed: string[]; wrong: string[] }> = [];
  if (devCorpusAvailable) {
    for (const file of readdirSync(join(DEV_DIR, 'people')).filter((f) => f.endsWith('.txt')).sort()) {
      const gold = JSON.parse(readFileSync(join(DEV_DIR, 'people-gold', `${file}.json`), 'utf8')) as { people: string[] };
      const doc = await processDocument(readFileSync(join(DEV_DIR, 'people', file)));
      const want = new Set(nameSet(gold.people));
      const got = new Set(nameSet([...doc.people, ...doc.authors]));
      const hits = [...got].filter((n) => want.has(n));
      correct += hits.length;
      extracted += got.size;
      annotated += want.size;
      const missed = [...want].filter((n) => !got.has(n));
      const wrong = [...got].filter((n) => !want.has(n));
      if (missed.length > 0 || wrong.length > 0) misses.push({ file, missed, wrong });
    }
  }
  const precision = extracted === 0 ? 1 : correct / extracted;
  const recall = annotated === 0 ? 1 : correct / annotated;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, correct, extracted, annotated, misses };
}

/** Every check of the five gold samples, as passed / total, with what failed. */
export async function evaluateSamples(): Promise<Tally & { failures: string[] }> {
  const result = { passed: 0, total: 0, failures: [] as string[] };
  const check = (name: string, what: string, ok: boolean): void => {
    result.total++;
    if (ok) result.passed++;
    else result.failures.push(`${name}: ${what}`);
  };
  const sorted = (values: string[]): string => [...new Set(values.map(comparable))].sort().join('|');
  for (const { name, bytes, gold } of corpusSamples()) {
    const doc = await processDocument(bytes);
    const body = comparable(doc.body);
    for (const s of gold.with) check(name, `with "${s}"`, body.includes(comparable(s)));
    for (const s of gold.without) check(name, `without "${s}"`, !body.includes(comparable(s)));
    check(name, `title "${doc.title}"`, comparable(doc.title ?? '') === comparable(gold.title));
    if (gold.kicker !== undefined) check(name, `kicker "${doc.kicker}"`, comparable(doc.kicker ?? '') === comparable(gold.kicker));
    if (gold.section !== undefined) check(name, `section "${doc.section}"`, doc.section === gold.section);
    check(name, `source "${doc.source}"`, doc.source === gold.source);
    check(name, `authors ${JSON.stringify(doc.authors)}`, JSON.stringify(doc.authors) === JSON.stringify(gold.authors));
    if (gold.captions !== undefined) check(name, `captions ${JSON.stringify(doc.captions)}`, sorted(doc.captions) === sorted(gold.captions));
    if (gold.published !== null) check(name, `published ${doc.published}`, doc.published === gold.published);
    check(name, `people ${JSON.stringify(doc.people)}`, sorted(doc.people) === sorted(gold.people));
    check(name, `docRefs ${JSON.stringify(doc.docRefs)}`, sorted(doc.docRefs) === sorted(gold.doc_refs));
    const roles = (r: Record<string, string>): string => Object.entries(r).map(([k, v]) => `${comparable(k)}=${comparable(v)}`).sort().join('|');
    check(name, `roles ${JSON.stringify(doc.roles)}`, roles(doc.roles) === roles(gold.roles));
    check(name, `abbreviations ${JSON.stringify(doc.abbreviations)}`, roles(doc.abbreviations) === roles(gold.abbreviations));
  }
  return result;
}

/** The targets: each figure the target test holds processing to. */
export const TARGETS = {
  title: 0.97,
  published: 0.97,
  authors: 0.95,
  withKept: 0.99,
  /** At most this share of chrome snippets may leak into bodies. */
  withoutLeaked: 0.01,
  peopleF1: 0.9,
  samples: 1,
} as const;
