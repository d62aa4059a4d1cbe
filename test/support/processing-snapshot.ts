/**
 * The whole output of `processDocument` on a fixed set of documents, as one SHA-256 per document, so
 * a change to processing that alters any field of any result shows up (test/unit/processing-identity.test.ts).
 *
 * Documents: every input of `../shared/corpus` (dev news pages, dev people articles, the gold
 * samples; only when the corpus is present), the project's `samples/`, the hostile inputs, and the
 * benchmark's generated documents (bench/corpus.ts, seeded, the same ones `npm run bench` times).
 *
 * `node --import tsx test/support/processing-snapshot.ts --write` records the hashes of the current
 * code in test/fixtures/processing-output/hashes.json; `--dump DIR` also writes each output as JSON
 * into DIR, to diff two versions document by document.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { docxFile, englishText, htmlPage, pdfFile, prng, proseOfSize, scrapedText, variedScrapedText } from '../../bench/corpus.ts';
import { DocpipeError } from '../../shared/domain/errors.ts';
import { describeDocument, processDocument, readDocument } from '../../shared/domain/process-document.ts';
import { CORPUS_DIR, corpusAvailable } from './shared-corpus.ts';
import { HOSTILE_MAX_DOCUMENT_BYTES, hostileCorpus } from './hostile-corpus.ts';

const HERE = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
export const SNAPSHOT_FILE = resolve(HERE, '../fixtures/processing-output/hashes.json');
const PROJECT_SAMPLES = resolve(HERE, '../../samples');

export interface SnapshotDocument {
  /** Stable name: `corpus/…`, `samples/…`, `hostile/…` or `bench/…`. */
  name: string;
  bytes: Uint8Array;
  maxBytes?: number;
}

/** The reference corpus's inputs (dev news and people, gold samples); empty when the corpus is absent. */
export function corpusDocuments(): SnapshotDocument[] {
  if (!corpusAvailable) return [];
  const folders = ['dev/news', 'dev/people', 'samples'];
  return folders.flatMap((folder) =>
    readdirSync(join(CORPUS_DIR, folder))
      .filter((f) => /\.(txt|html)$/.test(f))
      .sort()
      .map((f) => ({ name: `corpus/${folder}/${f}`, bytes: readFileSync(join(CORPUS_DIR, folder, f)) })),
  );
}

/** Documents that ship with the project or are generated: always available. */
export function projectDocuments(): SnapshotDocument[] {
  const samples = existsSync(PROJECT_SAMPLES)
    ? readdirSync(PROJECT_SAMPLES).sort().map((f) => ({ name: `samples/${f}`, bytes: readFileSync(join(PROJECT_SAMPLES, f)) as Uint8Array }))
    : [];
  const hostile = hostileCorpus().map((h) => ({
    name: `hostile/${h.key}`,
    bytes: typeof h.body === 'string' ? Buffer.from(h.body) : h.body,
    maxBytes: HOSTILE_MAX_DOCUMENT_BYTES,
  }));
  const generated: SnapshotDocument[] = [];
  const formats: Array<[string, number, (rand: () => number) => Buffer | string]> = [
    ['scraped', 40, (r) => scrapedText(r)],
    ['varied-scraped', 20, (r) => variedScrapedText(r)],
    ['english', 20, (r) => englishText(r)],
    ['html', 20, (r) => htmlPage(r)],
    ['docx', 5, (r) => docxFile(r)],
    ['pdf', 3, (r) => pdfFile(r)],
  ];
  for (const [format, count, make] of formats) {
    const rand = prng(42);
    for (let i = 0; i < count; i++) {
      const d = make(rand);
      generated.push({ name: `bench/${format}-${i}`, bytes: typeof d === 'string' ? Buffer.from(d) : d });
    }
  }
  generated.push({ name: 'bench/article-5kb', bytes: Buffer.from(scrapedText(prng(7), 5000)) });
  for (const size of [1e3, 1e4, 1e5, 1e6]) generated.push({ name: `bench/prose-${size}`, bytes: proseOfSize(prng(size), size) });
  return [...samples, ...hostile, ...generated];
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** Everything `processDocument` says about a document: its result, or the error it fails with. */
/**
 * `stages`: the two stages apart, what the first reads copied as a message to another thread copies it
 * (structured clone), as `docpipe process --concurrency 2` runs them.
 */
export async function processingOutput(doc: SnapshotDocument, how: { stages?: boolean } = {}): Promise<string> {
  try {
    const options = doc.maxBytes === undefined ? {} : { maxBytes: doc.maxBytes };
    const result = how.stages ? describeDocument(structuredClone(await readDocument(doc.bytes, options))) : await processDocument(doc.bytes, options);
    return canonicalJson({ result });
  } catch (error) {
    if (error instanceof DocpipeError) return canonicalJson({ error: { code: error.code, message: error.message } });
    throw error;
  }
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function readSnapshot(): Record<string, string> {
  return JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as Record<string, string>;
}

async function main(): Promise<void> {
  const write = process.argv.includes('--write');
  const dumpAt = process.argv.indexOf('--dump');
  const dumpDir = dumpAt >= 0 ? process.argv[dumpAt + 1] : undefined;
  if (write && !corpusAvailable) throw new Error(`--write needs the reference corpus at ${CORPUS_DIR}`);
  if (dumpDir) mkdirSync(dumpDir, { recursive: true });
  const hashes: Record<string, string> = {};
  const docs = [...corpusDocuments(), ...projectDocuments()];
  for (const [i, doc] of docs.entries()) {
    if (doc.name in hashes) throw new Error(`two snapshot documents are named ${doc.name}`);
    const output = await processingOutput(doc);
    hashes[doc.name] = sha256(output);
    if (dumpDir) writeFileSync(join(dumpDir, `${String(i).padStart(4, '0')}-${doc.name.replace(/[^\w.-]+/g, '_').slice(0, 80)}.json`), `${output}\n`);
  }
  if (write) {
    mkdirSync(resolve(SNAPSHOT_FILE, '..'), { recursive: true });
    writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(hashes, null, 1)}\n`);
  }
  process.stdout.write(`${Object.keys(hashes).length} documents${write ? `, hashes written to ${SNAPSHOT_FILE}` : ''}${dumpDir ? `, outputs in ${dumpDir}` : ''}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(HERE, 'processing-snapshot.ts')) await main();
