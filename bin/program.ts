import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_PORTS } from '../local/default-ports.ts';
import { parseWorkerCount } from '../local/worker-concurrency.ts';
import { DocpipeError } from '../shared/domain/errors.ts';

// The AWS SDK warns on every command that it will need Node 22 from 2027; the README says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const DEFAULT_DATA_DIR = '.docpipe';

const port = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 (any free port) to 65535.');
  return n;
};
const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number.');
  return n;
};
const workerCount = (value: string): number => {
  try {
    return parseWorkerCount(value);
  } catch {
    throw new InvalidArgumentError('expected a whole number of worker threads from 1.');
  }
};
const dataOption = (): Option => new Option('--data <dir>', 'folder holding the bucket, table and index').default(DEFAULT_DATA_DIR);

/** What a command does when chosen, given its name (`bin/commands/<name>.ts`). */
export type CommandAction = (name: string) => (...args: unknown[]) => Promise<void>;

/**
 * Runs `bin/commands/<name>.ts`, loaded only when its command is chosen: `docpipe process` never loads
 * the local stack's servers, `docpipe search` never loads the decoders.
 */
const lazy: CommandAction = (name) => async (...args) => {
  const command = (await import(`./commands/${name}.ts`)) as { run: (...commandArgs: unknown[]) => Promise<void> };
  await command.run(...args);
};

/**
 * The docpipe commands and their options, as commander parses them and prints their help. The help
 * pages are also recorded from this at build time (bin/help-record.ts), so the entry can print them
 * without loading commander: `action` is what the recording passes instead of running commands.
 */
export function createProgram(action: CommandAction = lazy): Command {
  const program = new Command()
    .name('docpipe')
    .description('Document ingestion pipeline: drop files in a bucket, get clean text, metadata and search.')
    .showHelpAfterError();

  program
    .command('start')
    .alias('serve')
    .description('start the local stack, load samples/ into an empty store, wait until searchable, keep serving')
    .addOption(dataOption())
    .option('--http-port <port>', 'search API port', port, DEFAULT_PORTS.http)
    .option('--s3-port <port>', 'S3 (s3rver) port', port, DEFAULT_PORTS.s3)
    .option('--dynamodb-port <port>', 'DynamoDB (dynalite) port', port, DEFAULT_PORTS.dynamodb)
    .option('--no-samples', 'do not load samples/ into an empty store')
    .option('--verbose', 'print the handlers\' structured logs (INFO)')
    .option('--concurrency <n>', 'worker threads processing documents (default: DOCPIPE_WORKERS, else one per core; 1 = the pipeline thread)', workerCount)
    .action(action('start'));

  program
    .command('put')
    .description('upload files to the local bucket (they are processed and indexed within seconds)')
    .argument('<file...>', 'files or folders to upload')
    .addOption(dataOption())
    .option('--prefix <prefix>', 'key prefix, e.g. "news/2024/"', '')
    .action(action('put'));

  program
    .command('ingest')
    .description('upload files and wait until each is searchable (or failed); exit 1 if any failed')
    .argument('<path...>', 'files or folders to ingest')
    .addOption(dataOption())
    .option('--prefix <prefix>', 'key prefix', '')
    .option('--timeout <seconds>', 'give up waiting after this long', positive, 600)
    .action(action('ingest'));

  program
    .command('search')
    .description('search the local index: words, "exact phrase", -exclude, OR; accents optional')
    .argument('[query]', 'what to look for (may be left out when a filter is given)')
    .addOption(dataOption())
    .option('--size <n>', 'number of hits (1–50)', '10')
    .addOption(new Option('--sort <order>', 'relevance (default with a query) or date (newest first)').choices(['relevance', 'date']))
    .option('--source <name>', 'only this source (comma-separate several)')
    .option('--author <name>', 'only this author')
    .option('--person <name>', 'only documents naming this person')
    .option('--doc-ref <ref>', 'only documents citing this reference, e.g. 18-NQ/TW')
    .option('--language <code>', 'vi, en, …')
    .option('--from <date>', 'published on or after (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'published on or before')
    .option('--cursor <cursor>', 'next page: nextCursor of the previous --json output')
    .option('--json', 'print the API response: {total, hits, facets, nextCursor, corrections}')
    .action(action('search'));

  program
    .command('process')
    .description('decode, clean and extract metadata from files without any server; prints NDJSON')
    .argument('<file...>', 'files to process')
    .option('--no-ocr', 'do not read scanned PDFs and images (they fail as UNSUPPORTED_FORMAT)')
    .option('--concurrency <n>', 'threads processing files: 2 = this one reads and cleans each file and a worker thread reads its facts; more = this one and n − 1 worker threads, each processing whole files (default: DOCPIPE_WORKERS, else 2 on 2 cores and one per core but one on more, at most one per 512 KB of input; 1 = this thread alone)', workerCount)
    .action(action('process'));

  program
    .command('docs')
    .description('list documents from the metadata table: by source (newest first) or by status (failed ones to retry)')
    .addOption(dataOption())
    .option('--source <name>', 'publisher, as in the `source` field (case-insensitive), e.g. Baonghean.vn')
    .addOption(new Option('--status <status>', 'FAILED or DELETED rows, oldest change first').choices(['FAILED', 'DELETED']))
    .option('--oldest', 'with --source: oldest publication first')
    .option('--limit <n>', 'rows per page (1–100)', '25')
    .option('--cursor <cursor>', 'next page: the cursor printed after the previous one')
    .option('--json', 'print {items, nextCursor}')
    .action(action('docs'));

  program
    .command('show')
    .description('print the metadata row of a document (by key in the bucket, or by id) as JSON')
    .argument('<key-or-id>', 'object key, e.g. "news/bai-viet.txt", or the 32-character document id')
    .addOption(dataOption())
    .action(action('show'));

  program
    .command('duplicates')
    .description('documents with the same text (same content hash) or nearly the same (SimHash within 3 bits) as this one')
    .argument('<key-or-id>', 'object key or document id')
    .addOption(dataOption())
    .option('--json', 'print [{id, key, kind, distance}]')
    .action(action('duplicates'));

  program
    .command('reconcile')
    .description('compare bucket, table and index; queue what is missing or stale, remove index orphans; print what it fixed')
    .addOption(dataOption())
    .option('--json', 'print the report as JSON')
    .action(action('reconcile'));

  program
    .command('redrive')
    .description('send dead letters back to their queue: the running local stack\'s, or an AWS dead-letter queue with --dlq-arn')
    .addOption(dataOption())
    .option('--dlq-arn <arn>', 'AWS: the ingest dead-letter queue (stack output IngestDeadLetterQueueArn); uses your AWS credentials')
    .action(action('redrive'));

  program
    .command('doctor')
    .description('AWS: check that an OpenSearch Service domain is ready for a re-index (no change in progress, OpenSearch 2.x, encrypted, TLS 1.2+); exit 1 if not')
    .requiredOption('--domain <name>', 'the domain name (stack output SearchDomainName, or `aws opensearch list-domain-names`); uses your AWS credentials')
    .option('--region <region>', 'the domain\'s region (default: AWS_REGION or your AWS profile\'s)')
    .option('--json', 'print {ok, checks: [{name, ok, detail}]}')
    .action(action('doctor'));

  program
    .command('reindex')
    .description('rebuild the search index from the table and processed text into a new generation, verify it, switch to it (keeping the old one), then reconcile')
    .addOption(dataOption())
    .option('--rollback', 'switch back to the generation the last re-index replaced')
    .option('--json', 'print the report as JSON')
    .action(action('reindex'));

  program
    .command('reprocess')
    .description('after an upgrade: process again every stored document an older pipeline version made (resumable, locked); uploads and deletes meanwhile win')
    .addOption(dataOption())
    .option('--json', 'print the report as JSON')
    .action(action('reprocess'));

  return program;
}

/** Parses the command line and runs the command chosen (or prints help or an error, as commander does). */
export async function runProgram(argv: string[]): Promise<void> {
  await createProgram().parseAsync(argv).catch((error: unknown) => {
    const message = error instanceof DocpipeError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`docpipe: ${message}\n`);
    process.exit(1);
  });
}
