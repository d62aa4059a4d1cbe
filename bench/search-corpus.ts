/**
 * A second generated corpus for the search benchmark whose titles resemble real headlines in how
 * selective their 3-word fragments are (docs/search.md, "Are the benchmark's typo fragments
 * representative?"). The documents of `bench/search.ts` draw every title word from one Zipf lexicon
 * whose head is a handful of syllables, so three consecutive title words lie within 8 words of one
 * another in a large share of all documents; real headlines name what the story is about — places,
 * people, things — in compounds that few other pages hold together. Here each document has a few
 * topic words from a much larger Zipf vocabulary of two-syllable compounds, written in its title and
 * repeated in its body; the rest of the text is drawn as in `bench/search.ts`.
 */
import type { IndexDocument } from '../shared/domain/types.ts';
import { prng, syllable } from './corpus.ts';

/** Words of the common lexicon (as `bench/search.ts`) and of the topic vocabulary. */
const COMMON_SIZE = 30_000;
const TOPIC_SIZE = 200_000;
/** Share of title words that are the document's topic words (real headlines: see docs/search.md). */
export const TOPIC_SHARE = 0.5;
/**
 * Title words that are not topic words skip the common lexicon's head (its most frequent words, each
 * in most documents): headlines carry few of the function words that fill a body.
 */
const TITLE_SKIPS_HEAD = 10;

export interface Lexicon {
  words: string[];
  /** Cumulative Zipf weights over `words`, for sampling by rank. */
  cumulative: Float64Array;
}

/** `size` distinct words of `syllables(rand)` syllables each, weighted 1 / rank^exponent. */
export function zipfLexicon(rand: () => number, size: number, syllables: (rand: () => number) => number, exponent: number): Lexicon {
  const words = new Set<string>();
  while (words.size < size) words.add(Array.from({ length: syllables(rand) }, () => syllable(rand)).join(' '));
  const list = [...words];
  const cumulative = new Float64Array(list.length);
  let sum = 0;
  for (let i = 0; i < list.length; i++) cumulative[i] = sum += 1 / (i + 1) ** exponent;
  return { words: list, cumulative };
}

/** A word of `lexicon` by its Zipf weight, among the ranks from `from` on. */
export function draw(rand: () => number, lexicon: Lexicon, from = 0): string {
  const base = from > 0 ? (lexicon.cumulative[from - 1] ?? 0) : 0;
  const target = base + rand() * ((lexicon.cumulative[lexicon.cumulative.length - 1] ?? 1) - base);
  let lo = from;
  let hi = lexicon.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((lexicon.cumulative[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return lexicon.words[lo] ?? '';
}

export const capitalise = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** The names, sources and document references documents are given, drawn from `lexicon` (in this order). */
export function metadataPools(rand: () => number, lexicon: Lexicon): { sources: string[]; authors: string[]; people: string[]; refs: string[] } {
  const names = (n: number, syllables: number): string[] =>
    Array.from({ length: n }, () => Array.from({ length: syllables }, () => capitalise(lexicon.words[Math.floor(rand() * 2000) + 5000]?.split(' ')[0] ?? 'An')).join(' '));
  const sources = names(30, 1).map((n) => `${n}.example.vn`);
  const authors = names(100, 2);
  const people = names(2000, 3);
  const refs = Array.from({ length: 500 }, (_, i) => `${i + 1}-${['NQ', 'KH', 'CT', 'QĐ'][i % 4]}/${['TW', 'TU', 'HU'][i % 3]}`);
  return { sources, authors, people, refs };
}

/** A document's fields after its text: source, author, date (in `year`), people and references, drawn in this order. */
export function documentMetadata(rand: () => number, pools: ReturnType<typeof metadataPools>, year: number): Omit<IndexDocument, 'id' | 'key' | 'etag' | 'title' | 'body' | 'captions'> {
  return {
    source: pools.sources[Math.floor(rand() * pools.sources.length)] ?? null,
    authors: [pools.authors[Math.floor(rand() * pools.authors.length)] ?? ''],
    published: rand() < 0.9 ? `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}` : null,
    language: 'vi',
    people: Array.from({ length: Math.floor(rand() * 4) }, () => pools.people[Math.floor(rand() * pools.people.length)] ?? ''),
    organizations: [],
    docRefs: Array.from({ length: Math.floor(rand() * 3) }, () => pools.refs[Math.floor(rand() * pools.refs.length)] ?? ''),
  };
}

/** Documents shaped as `bench/search.ts`'s, with topic words in title and body. Deterministic per seed. */
export function* realisticDocuments(count: number, seed: number): Generator<IndexDocument[]> {
  const rand = prng(seed);
  const common = zipfLexicon(rand, COMMON_SIZE, (r) => {
    const x = r();
    return x < 0.3 ? 1 : x < 0.9 ? 2 : 3;
  }, 1.05);
  const topics = zipfLexicon(rand, TOPIC_SIZE, () => 2, 1);
  const pools = metadataPools(rand, common);
  let page: IndexDocument[] = [];
  for (let i = 0; i < count; i++) {
    const topic = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => draw(rand, topics));
    let next = 0;
    const word = (share: number, from = 0): string => (rand() < share ? (topic[next++ % topic.length] ?? '') : draw(rand, common, from));
    const sentences = Array.from({ length: 8 + Math.floor(rand() * 10) }, () =>
      `${capitalise(Array.from({ length: 10 + Math.floor(rand() * 12) }, () => word(0.05)).join(' '))}.`);
    const year = 2010 + Math.floor(rand() * 15);
    page.push({
      id: `real${String(i).padStart(8, '0')}`,
      key: `news/${i}.txt`,
      etag: 'e',
      title: capitalise(Array.from({ length: 5 + Math.floor(rand() * 4) }, () => word(TOPIC_SHARE, TITLE_SKIPS_HEAD)).join(' ')),
      body: sentences.join(' '),
      captions: rand() < 0.5 ? capitalise(Array.from({ length: 6 + Math.floor(rand() * 8) }, () => word(0.1)).join(' ')) : '',
      ...documentMetadata(rand, pools, year),
    });
    if (page.length === 1000) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
