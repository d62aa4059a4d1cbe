import { ABBREVIATIONS } from '../metadata/abbreviations.ts';
import { fold, words } from '../text/tokenize.ts';
import type { Clause, ParsedQuery } from './query.ts';

/**
 * Abbreviation synonyms at search time, from the dictionary the metadata step uses: "UBND" also
 * finds "Ủy ban nhân dân", and "ủy ban nhân dân tỉnh" also finds "UBND tỉnh". Both engines receive
 * the expanded query, so they behave the same.
 */

interface Pair {
  short: string[];
  long: string[];
}

const folded = (tokens: string[]): string[] => tokens.map((t) => fold(t));

const PAIRS: Pair[] = Object.entries(ABBREVIATIONS)
  .map(([abbreviation, expansion]) => ({ short: folded(words(abbreviation)), long: folded(words(expansion)) }))
  // Longest expansions first, so "Ủy ban Mặt trận Tổ quốc" wins over "Mặt trận Tổ quốc".
  .sort((a, b) => b.long.length - a.long.length);

/** Most alternatives one clause gets; a phrase full of abbreviations does not explode. */
const MAX_ALTERNATIVES = 4;

function startsWithAt(tokens: string[], at: number, part: string[]): boolean {
  if (at + part.length > tokens.length) return false;
  return part.every((t, k) => tokens[at + k] === t);
}

/** Token sequences equivalent to `tokens` by swapping one abbreviation for its expansion or back. */
function variants(tokens: string[]): string[][] {
  const f = folded(tokens);
  const out: string[][] = [];
  for (const { short, long } of PAIRS) {
    for (const [from, to] of [[short, long], [long, short]] as const) {
      for (let at = 0; at < f.length && out.length < MAX_ALTERNATIVES; at++) {
        if (!startsWithAt(f, at, from)) continue;
        out.push([...f.slice(0, at), ...to, ...f.slice(at + from.length)]);
      }
    }
  }
  return out;
}

/**
 * Joins consecutive single words that spell an expansion into one clause ("Ủy ban nhân dân tỉnh"
 * typed as five words becomes the phrase "ủy ban nhân dân" plus "tỉnh"), then gives every clause
 * its synonym alternatives.
 */
function expandGroup(group: Clause[]): Clause[] {
  const out: Clause[] = [];
  for (let i = 0; i < group.length; i++) {
    const clause = group[i] as Clause;
    let merged: Clause | undefined;
    if (clause.tokens.length === 1) {
      for (const { long } of PAIRS) {
        if (long.length < 2 || i + long.length > group.length) continue;
        const run = group.slice(i, i + long.length);
        if (run.every((c, k) => c.tokens.length === 1 && fold(c.tokens[0] ?? '') === long[k])) {
          merged = { tokens: run.map((c) => c.tokens[0] ?? '') };
          i += long.length - 1;
          break;
        }
      }
    }
    const base = merged ?? clause;
    const alternatives = variants(base.tokens);
    out.push(alternatives.length > 0 ? { ...base, alternatives } : base);
  }
  return out;
}

export function expandSynonyms(query: ParsedQuery): ParsedQuery {
  const withAlternatives = (c: Clause): Clause => {
    const alternatives = variants(c.tokens);
    return alternatives.length > 0 ? { ...c, alternatives } : c;
  };
  return { ...query, anyOf: query.anyOf.map(expandGroup), exclude: query.exclude.map(withAlternatives) };
}
