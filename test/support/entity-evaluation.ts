import { readFileSync } from 'node:fs';
import { extractEntities } from '../../shared/domain/metadata/entities.ts';
import { extractPeople } from '../../shared/domain/metadata/people.ts';

/** One hand-annotated text of test/fixtures/entities (see its README). */
export interface AnnotatedText {
  id: string;
  text: string;
  people: string[];
  roles: Record<string, string>;
  organizations: string[];
}

export interface Score {
  precision: number;
  recall: number;
  correct: number;
  extracted: number;
  annotated: number;
}

export type EntityScores = Record<'people' | 'roles' | 'organizations', Score>;

export function loadAnnotated(path: string): AnnotatedText[] {
  return JSON.parse(readFileSync(path, 'utf8')) as AnnotatedText[];
}

/** Micro-averaged precision and recall over all texts; roles count as "name = role" pairs. */
export function evaluateEntities(texts: AnnotatedText[]): EntityScores {
  const counts = { people: [0, 0, 0], roles: [0, 0, 0], organizations: [0, 0, 0] };
  const add = (kind: keyof typeof counts, got: string[], want: string[]): void => {
    const expected = new Set(want);
    const found = new Set(got);
    const tally = counts[kind];
    tally[0] = (tally[0] ?? 0) + [...found].filter((x) => expected.has(x)).length;
    tally[1] = (tally[1] ?? 0) + found.size;
    tally[2] = (tally[2] ?? 0) + expected.size;
  };
  const pairs = (roles: Record<string, string>): string[] => Object.entries(roles).map(([name, role]) => `${name} = ${role}`);
  for (const item of texts) {
    const people = extractPeople(item.text);
    const { roles, organizations } = extractEntities(item.text, people);
    add('people', people, item.people);
    add('roles', pairs(roles), pairs(item.roles));
    add('organizations', organizations, item.organizations);
  }
  const score = ([correct = 0, extracted = 0, annotated = 0]: number[]): Score => ({
    precision: extracted === 0 ? 1 : correct / extracted,
    recall: annotated === 0 ? 1 : correct / annotated,
    correct,
    extracted,
    annotated,
  });
  return { people: score(counts.people), roles: score(counts.roles), organizations: score(counts.organizations) };
}

export function formatScores(scores: EntityScores): string {
  return Object.entries(scores)
    .map(([kind, s]) => `${kind}: precision ${s.precision.toFixed(3)} (${s.correct}/${s.extracted}), recall ${s.recall.toFixed(3)} (${s.correct}/${s.annotated})`)
    .join('; ');
}
