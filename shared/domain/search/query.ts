import { InvalidQueryError } from '../errors.ts';
import { wordTokens } from '../text/normalize.ts';

/**
 * The search syntax people type: words, "exact phrase", -exclude, OR.
 * Parsed into clauses that each engine adapter turns into its own query; user text never reaches
 * an engine's query parser.
 */
export interface Clause {
  /** Word tokens; more than one means a phrase ("18-NQ/TW" is the phrase 18 NQ TW). */
  tokens: string[];
  /** Other token sequences that match as well (abbreviation synonyms: "ubnd" for "ủy ban nhân dân"). */
  alternatives?: string[][];
  /** Typed in quotes: matches exactly as typed, never widened by a typo tier. */
  quoted?: boolean;
}

export interface ParsedQuery {
  /** Alternatives joined by OR; inside one alternative every clause must match. */
  anyOf: Clause[][];
  /** Clauses no hit may match. */
  exclude: Clause[];
  /** The query as typed, trimmed. */
  text: string;
  /**
   * Set by the typo tiers only: the clauses of a group must occur within this many words of one
   * another. A spelling forgiven is a near match; the same words scattered over a page are noise.
   */
  near?: number;
}

export const MAX_QUERY_LENGTH = 500;

const PART = /(-?)"([^"]*)"?|(\S+)/gu;

export function parseQuery(raw: string): ParsedQuery {
  const text = raw.normalize('NFC').trim();
  if (!text) throw new InvalidQueryError('q', 'The query is empty: pass q with at least one word, e.g. ?q=ủy+ban.');
  if (text.length > MAX_QUERY_LENGTH) {
    throw new InvalidQueryError('q', `The query is ${text.length} characters; shorten it to at most ${MAX_QUERY_LENGTH}.`);
  }
  const anyOf: Clause[][] = [[]];
  const exclude: Clause[] = [];
  for (const m of text.matchAll(PART)) {
    const [, minus, phrase, word] = m;
    if (word === 'OR') {
      if ((anyOf[anyOf.length - 1] ?? []).length > 0) anyOf.push([]);
      continue;
    }
    const negative = minus === '-' || (word !== undefined && word.startsWith('-') && word.length > 1);
    const source = phrase ?? (negative && word ? word.slice(1) : word) ?? '';
    const tokens = wordTokens(source);
    if (tokens.length === 0) continue;
    if (negative) exclude.push({ tokens });
    else anyOf[anyOf.length - 1]?.push(phrase !== undefined ? { tokens, quoted: true } : { tokens });
  }
  const groups = anyOf.filter((g) => g.length > 0);
  if (groups.length === 0) {
    throw new InvalidQueryError('q', 'The query has nothing to look for: add a word that is not excluded with "-".');
  }
  return { anyOf: groups, exclude, text };
}

/**
 * Whether the person typed letters beyond ASCII (Vietnamese diacritics, đ): only then do documents
 * matching exactly as typed rank in a tier above folded-only matches.
 */
export function typedWithDiacritics(query: ParsedQuery): boolean {
  return query.anyOf.some((group) => group.some((clause) => clause.tokens.some((token) => /[^\u0000-\u007f]/u.test(token))));
}

const accented = (clause: Clause): boolean => clause.tokens.some((token) => /[^\u0000-\u007f]/u.test(token));

/**
 * What the exact-diacritics tier requires: the clauses typed with diacritics, as typed. Words typed
 * without them match folded, as always: a tone mark lost on one word of `quốc phong với Việt` must
 * not keep the article on "quốc phòng" out of the tier while pages that happen to hold "phong" get
 * in. Null when nothing was typed with diacritics.
 */
export function accentedPart(query: ParsedQuery): ParsedQuery | null {
  const anyOf = query.anyOf.map((group) => group.filter(accented)).filter((group) => group.length > 0);
  return anyOf.length > 0 ? { ...query, anyOf, exclude: [] } : null;
}

/**
 * Whether every document matching `accentedPart(query)` matches the query itself: true when nothing is
 * excluded and each group is typed either all with diacritics or all without (a word as typed also
 * matches folded). Otherwise the diacritics tier must be checked against the whole query.
 */
export function accentedPartImpliesQuery(query: ParsedQuery): boolean {
  return query.exclude.length === 0 && query.anyOf.every((group) => group.every(accented) || !group.some(accented));
}

/**
 * Several plain words typed together ("giao thông nông thôn" without quotes): the words, in order,
 * so engines can reward documents where they occur as a phrase. Null for one clause, OR, or none.
 */
export function proximityTokens(query: ParsedQuery): string[] | null {
  const [group, ...others] = query.anyOf;
  if (!group || others.length > 0 || group.length < 2) return null;
  return group.flatMap((c) => c.tokens);
}
