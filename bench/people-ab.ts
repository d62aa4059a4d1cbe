/**
 * `node --import tsx bench/people-ab.ts <base checkout> [rounds]`: the people-and-entities step of
 * processDocument (peopleOf: people with family names, after titles and in lists, then roles and
 * organisations) of another checkout against this one, in one process, rounds alternating which goes
 * first. CPU time; the least of the rounds, the figure least disturbed by other processes. Read on
 * the scanned text (headline, paragraphs and captions joined) of the documents bench/processing-ab.ts
 * reads (the 5 KB article of `npm run bench`, generated scraped, English and HTML pages, the dev
 * files of ../shared/corpus), as the base checkout's processDocument finds it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { englishText, htmlPage, prng, scrapedText } from './corpus.ts';
import { CORPUS_DIR, corpusAvailable } from '../test/support/shared-corpus.ts';

type Step = (scanned: string) => unknown;
interface Output {
  title: string | null;
  body: string;
  captions: string[];
}

const [baseRoot, roundsArg] = process.argv.slice(2);
if (!baseRoot) throw new Error('usage: bench/people-ab.ts <base checkout> [rounds]');
const rounds = Number(roundsArg ?? 15);

/** The step as peopleOf runs it in the checkout at `root` (one shared word stream where the checkout has one). */
async function load(root: string): Promise<Step> {
  const module = (path: string): Promise<Record<string, unknown>> => import(resolve(root, 'shared/domain', path)) as Promise<Record<string, unknown>>;
  const people = (await module('metadata/people.ts')).extractPeople as (text: string, words?: unknown) => string[];
  const titled = await module('metadata/titled-people.ts');
  const extractTitledPeople = titled.extractTitledPeople as (text: string, words?: unknown) => string[];
  const listedPeople = titled.listedPeople as (text: string, known: ReadonlySet<string>, words?: unknown) => string[];
  const extractEntities = (await module('metadata/entities.ts')).extractEntities as (text: string, people: string[], words?: unknown) => unknown;
  const PLACES = (await module('metadata/place-names.ts')).PLACES as ReadonlySet<string>;
  const streamPath = resolve(root, 'shared/domain/text/written-words.ts');
  const stream = existsSync(streamPath) ? ((await import(streamPath)) as { readWords?: <T>(text: string, read: (words: unknown) => T) => T; writtenWords: (text: string) => unknown }) : undefined;
  const readWords = <T>(text: string, read: (words: unknown) => T): T => (stream?.readWords ? stream.readWords(text, read) : read(stream?.writtenWords(text)));
  // mergeNames of process-document.ts (not exported there).
  const mergeNames = (names: string[]): string[] => {
    const unique = [...new Set(names)];
    const startsWithWord = (text: string, word: string): boolean => text.length > word.length && text.charCodeAt(word.length) === 32 && text.startsWith(word);
    const countryFirst = (name: string, other: string): boolean => {
      const space = name.length - other.length - 1;
      return space >= 0 && name.charCodeAt(space) === 32 && name.endsWith(other) && PLACES.has(name.slice(0, space));
    };
    return unique.filter((n) => !unique.some((other) => other !== n && (startsWithWord(other, n) || countryFirst(n, other))));
  };
  return (scanned) =>
    readWords(scanned, (words) => {
      const named = mergeNames([...people(scanned, words), ...extractTitledPeople(scanned, words)]);
      const found = mergeNames([...named, ...listedPeople(scanned, new Set(named), words)]);
      return { people: found, ...(extractEntities(scanned, found, words) as object) };
    });
}

const base = await load(baseRoot);
const head = await load(resolve(import.meta.dirname, '..'));
const { processDocument } = (await import(resolve(baseRoot, 'shared/domain/process-document.ts'))) as { processDocument: (bytes: Uint8Array) => Promise<Output> };
const scannedOf = async (bytes: Uint8Array): Promise<string> => {
  const d = await processDocument(bytes);
  return [d.title, ...(d.body ? d.body.split('\n\n') : []), ...d.captions].filter(Boolean).join('\n');
};

const dev: string[] = [];
if (corpusAvailable) {
  for (const folder of ['news', 'people']) {
    const dir = join(CORPUS_DIR, 'dev', folder);
    for (const file of readdirSync(dir)) dev.push(await scannedOf(readFileSync(join(dir, file))));
  }
}
const generated = async (make: (rand: () => number) => string): Promise<string[]> => {
  const rand = prng(42);
  return Promise.all(Array.from({ length: 150 }, () => scannedOf(Buffer.from(make(rand)))));
};
// Texts of up to 200,000 characters: peopleOf hands the same stream to the entities then.
const sets: Array<[string, string[], number]> = [
  ['5 KB article', [await scannedOf(Buffer.from(scrapedText(prng(7), 5000)))], 1000],
  ['scraped text', await generated(scrapedText), 5],
  ['English text', await generated(englishText), 5],
  ['HTML pages', await generated(htmlPage), 5],
  ...(dev.length > 0 ? [['corpus dev files', dev.filter((t) => t.length <= 200_000), 5] as [string, string[], number]] : []),
];
for (const [name, texts] of sets) {
  for (const text of texts) if (JSON.stringify(base(text)) !== JSON.stringify(head(text))) throw new Error(`${name}: outputs differ on ${JSON.stringify(text.slice(0, 80))}`);
}

/** CPU microseconds per text of one pass over `texts`. */
function cpuUs(step: Step, texts: string[], passes: number): number {
  const started = process.cpuUsage();
  for (let p = 0; p < passes; p++) for (const t of texts) step(t);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / passes / texts.length;
}

for (const [name, texts, passes] of sets) {
  cpuUs(base, texts, passes); // warm-up: JIT
  cpuUs(head, texts, passes);
  const b: number[] = [];
  const h: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      b.push(cpuUs(base, texts, passes));
      h.push(cpuUs(head, texts, passes));
    } else {
      h.push(cpuUs(head, texts, passes));
      b.push(cpuUs(base, texts, passes));
    }
  }
  const [least, most] = [Math.min(...b), Math.min(...h)];
  process.stdout.write(`${name} (${texts.length} texts): base ${least.toFixed(1)} µs/text | this ${most.toFixed(1)} µs/text | ${(least / most).toFixed(2)}×\n`);
}
