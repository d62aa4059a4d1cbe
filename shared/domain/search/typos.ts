import { fold } from '../text/tokenize.ts';
import type { Clause, ParsedQuery } from './query.ts';
import { DEFAULT_PAGE_SIZE } from './request.ts';

/**
 * Typo tolerance, the same rules for both engines (docs/search.md, "Tiers"): a word of 4–7 letters
 * may be one edit away from what a document holds, a word of 8 or more two, on the folded form
 * (tone marks and đ already forgiven); shorter words and anything with a digit must match as typed,
 * because one edit turns them into another common word or another number.
 */

/** A folded term of the index near a query word. */
export interface Candidate {
  term: string;
  distance: number;
  /** Documents holding the term. */
  df: number;
}

/** Which spelling a typo tier used for a word that no document holds. */
export interface Correction {
  from: string;
  to: string;
}

/**
 * How close the words of a typo-tier match must be (words between the first and the last): a title
 * fragment or a sentence typed with a slip lies within it; `Thống kê truy cập` as `thong ke truc cap`
 * spread over a page does not.
 */
export const TYPO_NEAR = 8;
/** Most spellings one word is widened to: the nearest, then the most frequent (see MAX_SPELLINGS). */
export const MAX_CANDIDATES = 6;
/**
 * Fewer matches than this with every word as typed — a default page the words as typed do not fill —
 * and the typo tier joins in, ranked below them. Not always: on 10,000 generated documents, widening
 * every query multiplied the two-word queries' median time by eight for no better result on the
 * evaluation (docs/search.md, "Tiers as a fallback").
 */
export const TYPO_TIER_BELOW = DEFAULT_PAGE_SIZE;
/** Still fewer matches than this with the typo tier, and the miss-one tier joins in (queries of MISS_ONE_MIN_WORDS words). */
export const FEW_RESULTS = 5;
/** The miss-one-word tier only for queries of at least this many words. */
export const MISS_ONE_MIN_WORDS = 3;

/** Edits a folded word may be away from a term: 0, 1 or 2. */
export function typoBudget(foldedWord: string): number {
  if (/\d/.test(foldedWord)) return 0;
  const n = [...foldedWord].length;
  if (n < 4) return 0;
  return n < 8 ? 1 : 2;
}

/**
 * The word and every string made by deleting up to `depth` of its characters (SymSpell): two words
 * within `depth` edits share at least one of them, so a lookup of these in a table of the index's
 * terms' deletions finds every candidate without scanning the vocabulary.
 */
export function deletions(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      const chars = [...w];
      for (let i = 0; i < chars.length; i++) {
        const shorter = [...chars.slice(0, i), ...chars.slice(i + 1)].join('');
        if (shorter.length > 0 && !out.has(shorter)) {
          out.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Optimal-string-alignment distance (a swap of neighbours is one edit), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[t.length] ?? max + 1;
}

/**
 * Whether a term near a typed word is a likelier spelling of it: held by more documents than the
 * word as typed (the term suggester's `popular` mode). A word the index holds often is taken as meant
 * — widening a common syllable to its dozen neighbours (`chang` → `chanh`, `trang`, `hang` …) would
 * match most of a Vietnamese corpus and cost a hundred times the search — while a word no document
 * holds gets every neighbour the index holds.
 */
export function isLikelier(candidate: Candidate, typedDf: number): boolean {
  return candidate.df > typedDf;
}

/** The words of a query typed as single words, quoted or not (folded, each once): those a slip can be. */
export function singleWords(query: ParsedQuery): string[] {
  return [...new Set(query.anyOf.flatMap((group) => group.filter((clause) => clause.tokens.length === 1).map((clause) => fold(clause.tokens[0] ?? ''))))];
}

/**
 * The typo words (`typoWords`) a typo tier widens, given the words of the query no document holds
 * as typed (`unheld`, folded, of `singleWords`): when there are such words, they are the slips and
 * only they are widened — the words documents hold are taken as typed, one slip per query being the
 * usual case; a slip too short for a typo budget (or a number) widens nothing, and the miss-one tier
 * may leave it out. Widening the held words as well (to their likelier spellings) multiplied a
 * fragment's spellings, each a NEAR group reading the common syllables' posting lists again, for no
 * better result on the evaluation (docs/search.md, "Typo tier latency, typo7"). With every word held,
 * each is widened (`isLikelier` then decides).
 */
export function wordsToWiden(words: readonly string[], unheld: ReadonlySet<string>): string[] {
  return unheld.size > 0 ? words.filter((word) => unheld.has(word)) : [...words];
}

/** The nearest terms first, then the most frequent; at most MAX_CANDIDATES. */
export function rankCandidates(candidates: Candidate[]): Candidate[] {
  return [...candidates].sort((a, b) => a.distance - b.distance || b.df - a.df || (a.term < b.term ? -1 : 1)).slice(0, MAX_CANDIDATES);
}

/** A clause a typo tier may widen: one word the person typed as a word (not in quotes, not excluded). */
function widenable(clause: Clause): boolean {
  return clause.tokens.length === 1 && !clause.quoted;
}

/** The folded words of a query that a typo tier may widen, each once. */
export function typoWords(query: ParsedQuery): string[] {
  const out = new Set<string>();
  for (const group of query.anyOf) {
    for (const clause of group) {
      const word = fold(clause.tokens[0] ?? '');
      if (widenable(clause) && typoBudget(word) > 0) out.add(word);
    }
  }
  return [...out];
}

/**
 * The typo tier: every widenable word also matches its candidates. Phrases, quoted words and
 * exclusions keep their exact meaning; OR keeps its groups.
 */
export function withTypos(query: ParsedQuery, candidates: ReadonlyMap<string, Candidate[]>): ParsedQuery {
  const widen = (clause: Clause): Clause => {
    if (!widenable(clause)) return clause;
    const extra = (candidates.get(fold(clause.tokens[0] ?? '')) ?? []).map((c) => [c.term]);
    return extra.length > 0 ? { ...clause, alternatives: [...(clause.alternatives ?? []), ...extra] } : clause;
  };
  return { ...query, anyOf: query.anyOf.map((group) => group.map(widen)), near: TYPO_NEAR };
}

/**
 * The miss-one-word tier: in a group of at least MISS_ONE_MIN_WORDS clauses, the clauses that can
 * match nothing (`hopeless`: no document holds the word, nor any spelling within its typo budget)
 * are left out — one per group at most. Only such words: dropping a word documents do hold would
 * turn a query with no real match (boilerplate never indexed, `Thống kê truy cập`) into noise.
 * Null when no group has exactly one such clause.
 */
export function missingOneWord(query: ParsedQuery, hopeless: (clause: Clause) => boolean): ParsedQuery | null {
  let changed = false;
  const anyOf = query.anyOf.map((group) => {
    if (group.length < MISS_ONE_MIN_WORDS) return group;
    // A quoted phrase or word is what the person insists on: never the word left out.
    const dead = group.filter((c) => !c.quoted && hopeless(c));
    if (dead.length !== 1) return group;
    changed = true;
    return group.filter((c) => c !== dead[0]);
  });
  return changed ? { ...query, anyOf, near: TYPO_NEAR } : null;
}

/**
 * "Did you mean": for each widened word that the top hit does not match as typed, the first of its
 * candidates with which it does. `matches` asks the engine whether that one document matches a query:
 * the typo tier's query with the word pinned to one spelling, so the spelling is the one found near
 * the other words, not one that occurs elsewhere in the document.
 */
export function correctionsOf(typoQuery: ParsedQuery, candidates: ReadonlyMap<string, Candidate[]>, matches: (query: ParsedQuery) => boolean): Correction[] {
  const out: Correction[] = [];
  const seen = new Set<string>();
  typoQuery.anyOf.forEach((group, g) => {
    group.forEach((clause, c) => {
      const typed = clause.tokens[0] ?? '';
      const word = fold(typed);
      const near = candidates.get(word);
      if (!widenable(clause) || !near || seen.has(word)) return;
      const pinned = (tokens: string[]): ParsedQuery => ({
        ...typoQuery,
        anyOf: typoQuery.anyOf.map((other, k) => (k === g ? other.map((cl, j) => (j === c ? { tokens } : cl)) : other)),
      });
      if (matches(pinned([typed]))) return;
      const used = near.find((candidate) => matches(pinned([candidate.term])));
      if (!used) return;
      seen.add(word);
      out.push({ from: typed, to: used.term });
    });
  });
  return out;
}

/** Most combinations of spellings one group expands to when an engine must list them (FTS5 NEAR). */
export const MAX_SPELLINGS = 12;

/**
 * Every way to spell a group, one form per clause (the typed tokens, a synonym or a typo candidate),
 * the forms as typed first, then spellings changing one word, then two …; at most MAX_SPELLINGS.
 * (Each spelling is one FTS5 NEAR group that reads its words' posting lists again: 64 cost twice the
 * time of 32 for no better result on the evaluation; 12 spellings of 6 candidates a word halve the
 * typo queries' time at 10,000 generated documents against 32 of 12, still 0.90 on title typos, where
 * 8 of 4 drop to 0.88.)
 */
export function spellingsOf(group: Clause[]): string[][][] {
  let out: string[][][] = [[]];
  for (const clause of group) {
    const forms = [clause.tokens, ...(clause.alternatives ?? [])];
    const next: string[][][] = [];
    for (const form of forms) for (const prefix of out) next.push([...prefix, form]);
    out = next.sort((a, b) => rankOf(a, group) - rankOf(b, group)).slice(0, MAX_SPELLINGS);
  }
  return out;
}

/**
 * How far a spelling strays from the typed one: first how many words it changes (one typo in a query
 * is the usual case, so every single change comes before any pair), then the sum of its forms'
 * places among their clauses' forms.
 */
function rankOf(spelling: string[][], group: Clause[]): number {
  return spelling.reduce((sum, form, i) => {
    const clause = group[i];
    if (!clause) return sum;
    const place = [clause.tokens, ...(clause.alternatives ?? [])].indexOf(form);
    return sum + (place > 0 ? 1000 + place : 0);
  }, 0);
}
