import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { LOCAL_CREDENTIALS, localDynamoClient, RAW_BUCKET, TABLE_NAME } from '../local/local-clients.ts';
import { DEFAULT_PORTS, isSettled, LocalStack, type DocumentStatus, type LogLevel } from '../local/local-stack.ts';
import { StackClient } from '../local/stack-client.ts';
import { findRunningStack } from '../local/stack-state.ts';
import { SqliteSearchIndex } from '../shared/adapters/sqlite-search-index.ts';
import { DynamoMetadataStore } from '../shared/adapters/dynamodb-metadata-store.ts';
import { checkDomain } from '../shared/adapters/opensearch-domain-check.ts';
import { parseQueueArn, startRedrive } from '../shared/adapters/sqs-redrive.ts';
import type { ReindexResult, ReprocessResult } from '../functions/reindex/reindex-handler.ts';
import { DocpipeError, errorInfo, NotFoundError } from '../shared/domain/errors.ts';
import { documentId } from '../shared/domain/ids.ts';
import { processDocument } from '../shared/domain/process-document.ts';
import { lazyOcrEngine } from '../shared/adapters/lazy-ocr.ts';
import type { SearchResponse } from '../shared/ports.ts';
import { createSearchService } from '../shared/services/search-service.ts';

// The AWS SDK warns on every command that it will need Node 22 from 2027; the README says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLES_DIR = join(PROJECT_ROOT, 'samples');
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
const dataOption = (): Option => new Option('--data <dir>', 'folder holding the bucket, table and index').default(DEFAULT_DATA_DIR);

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
  .action(async (opts: { data: string; httpPort: number; s3Port: number; dynamodbPort: number; samples: boolean; verbose?: boolean }) => {
    const running = await findRunningStack(opts.data);
    if (running) throw new Error(`A docpipe stack (pid ${running.pid}) already serves ${resolve(opts.data)} at ${running.endpoints.http}. Stop it first, or pass another --data folder.`);
    const stack = await LocalStack.start({
      dataDir: opts.data,
      ports: { http: opts.httpPort, s3: opts.s3Port, dynamodb: opts.dynamodbPort },
      logLevel: opts.verbose ? 'INFO' : 'WARN',
    });
    let stopping = false;
    const shutdown = async (signal: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`\n${signal}: stopping docpipe…\n`);
      await stack.stop();
      process.stderr.write('Stopped. Data kept in ' + resolve(opts.data) + '\n');
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));

    const client = new StackClient(stack.endpoints);
    // Always first: what a killed process or a lost event left behind (even in an empty bucket: rows
    // whose objects were deleted meanwhile) is set right before anything else.
    const report = await stack.reconcile();
    const queued = report.queuedCreates + report.queuedRemoves + report.queuedIndexUpdates + report.removedIndexOrphans;
    const existing = await listKeys(client);
    if (existing.length === 0 && opts.samples) {
      const files = collectFiles([SAMPLES_DIR]);
      process.stderr.write(`Empty store: loading ${files.length} sample documents from ${relative(process.cwd(), SAMPLES_DIR) || SAMPLES_DIR}${queued ? ` (${queued} leftover change(s) queued to catch up)` : ''}\n`);
      await upload(client, files, '');
    } else {
      process.stderr.write(`Reusing ${existing.length} document(s) in ${resolve(opts.data)}${queued ? ` (${queued} queued to catch up)` : ''}\n`);
    }
    const keys = await listKeys(client);
    const statuses = await waitUntilSettled(client, keys.map((k) => ({ id: client.idOf(k) })), { label: 'Indexing', timeoutMs: 10 * 60_000 });
    const failed = statuses.filter((s) => s.status === 'FAILED');
    printBanner(stack.endpoints, keys.length, failed.length, opts.data);
  });

program
  .command('put')
  .description('upload files to the local bucket (they are processed and indexed within seconds)')
  .argument('<file...>', 'files or folders to upload')
  .addOption(dataOption())
  .option('--prefix <prefix>', 'key prefix, e.g. "news/2024/"', '')
  .action(async (paths: string[], opts: { data: string; prefix: string }) => {
    await withStack(opts.data, async (client, embedded) => {
      const uploaded = await upload(client, collectFiles(paths), opts.prefix);
      for (const u of uploaded) process.stdout.write(`s3://${RAW_BUCKET}/${u.key}\n`);
      // An in-process stack stops when this command ends: wait so the files are not left unprocessed.
      if (embedded) await reportSettled(client, uploaded, 'Processing');
    });
  });

program
  .command('ingest')
  .description('upload files and wait until each is searchable (or failed); exit 1 if any failed')
  .argument('<path...>', 'files or folders to ingest')
  .addOption(dataOption())
  .option('--prefix <prefix>', 'key prefix', '')
  .option('--timeout <seconds>', 'give up waiting after this long', positive, 600)
  .action(async (paths: string[], opts: { data: string; prefix: string; timeout: number }) => {
    await withStack(opts.data, async (client) => {
      const uploaded = await upload(client, collectFiles(paths), opts.prefix);
      await reportSettled(client, uploaded, 'Ingesting', opts.timeout * 1000);
    });
  });

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
  .option('--json', 'print the API response: {total, hits, facets, nextCursor}')
  .action(async (query: string | undefined, opts: { data: string; size: string; sort?: string; source?: string; author?: string; person?: string; docRef?: string; language?: string; from?: string; to?: string; cursor?: string; json?: boolean }) => {
    const params: Record<string, string> = { size: opts.size };
    for (const [name, value] of Object.entries({ q: query, sort: opts.sort, source: opts.source, author: opts.author, person: opts.person, docRef: opts.docRef, language: opts.language, from: opts.from, to: opts.to, cursor: opts.cursor })) {
      if (value !== undefined) params[name] = value;
    }
    const running = await findRunningStack(opts.data);
    let result: SearchResponse;
    if (running) {
      const client = new StackClient(running.endpoints);
      try {
        result = await client.search(params);
      } finally {
        client.close();
      }
    } else {
      const index = new SqliteSearchIndex(join(resolve(opts.data), 'search.sqlite'));
      try {
        result = await createSearchService({ index }).search(params);
      } finally {
        index.close();
      }
    }
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    process.stdout.write(`${result.total} match${result.total === 1 ? '' : 'es'}\n`);
    result.hits.forEach((hit, i) => {
      const snippet = hit.snippet.replace(/<mark>/g, '\x1b[1m').replace(/<\/mark>/g, '\x1b[22m').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      const meta = [hit.source, hit.published, hit.authors.join(', ')].filter(Boolean).join(' · ');
      process.stdout.write(`\n${i + 1}. ${hit.title}  [${hit.key}]${meta ? `  ${meta}` : ''}\n   ${snippet}\n`);
    });
    if (result.nextCursor) process.stdout.write(`\nMore: --cursor ${result.nextCursor}\n`);
  });

program
  .command('process')
  .description('decode, clean and extract metadata from files without any server; prints NDJSON')
  .argument('<file...>', 'files to process')
  .option('--no-ocr', 'do not read scanned PDFs and images (they fail as UNSUPPORTED_FORMAT)')
  .action(async (files: string[], opts: { ocr: boolean }) => {
    let failures = 0;
    // Loaded on the first scan only; its worker thread is stopped at the end so the command exits.
    const ocr = opts.ocr ? lazyOcrEngine() : undefined;
    for (const { path: file } of collectFiles(files)) {
      try {
        const document = await processDocument(readFileSync(file), ocr ? { ocr } : {});
        process.stdout.write(`${JSON.stringify({ file, ...document })}\n`);
      } catch (error) {
        failures++;
        process.stdout.write(`${JSON.stringify({ file, error: errorInfo(error) })}\n`);
      }
    }
    await ocr?.close();
    if (failures > 0) process.exitCode = 1;
  });

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
  .action(async (opts: { data: string; source?: string; status?: 'FAILED' | 'DELETED'; oldest?: boolean; limit: string; cursor?: string; json?: boolean }) => {
    if (!opts.source === !opts.status) throw new InvalidArgumentError('give exactly one of --source <name> or --status FAILED|DELETED.');
    await withTable(opts.data, async (table) => {
      const request = { limit: Number(opts.limit), ...(opts.cursor ? { cursor: opts.cursor } : {}) };
      const page = opts.source
        ? await table.listBySource(opts.source, { ...request, order: opts.oldest ? 'oldest' : 'newest' })
        : await table.listByStatus(opts.status ?? 'FAILED', request);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(page)}\n`);
        return;
      }
      for (const d of page.items) {
        const detail = d.error ? `${d.error.code}: ${d.error.message}` : `${d.published ?? 'undated'}  ${d.title ?? ''}`;
        process.stdout.write(`${d.key}  ${d.status}  ${detail}\n`);
      }
      if (page.items.length === 0) process.stdout.write('No documents.\n');
      if (page.nextCursor) process.stdout.write(`\nMore: --cursor ${page.nextCursor}\n`);
    });
  });

program
  .command('show')
  .description('print the metadata row of a document (by key in the bucket, or by id) as JSON')
  .argument('<key-or-id>', 'object key, e.g. "news/bai-viet.txt", or the 32-character document id')
  .addOption(dataOption())
  .action(async (keyOrId: string, opts: { data: string }) => {
    await withTable(opts.data, async (table) => {
      const record = (await table.get(documentId(RAW_BUCKET, keyOrId))) ?? (/^[0-9a-f]{32}$/.test(keyOrId) ? await table.get(keyOrId) : undefined);
      if (!record) throw new NotFoundError(`No document ${keyOrId} in ${opts.data}: check the key with \`docpipe docs\`, or upload it with \`docpipe put\`.`);
      process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    });
  });

program
  .command('duplicates')
  .description('documents with the same text (same content hash) or nearly the same (SimHash within 3 bits) as this one')
  .argument('<key-or-id>', 'object key or document id')
  .addOption(dataOption())
  .option('--json', 'print [{id, key, kind, distance}]')
  .action(async (keyOrId: string, opts: { data: string; json?: boolean }) => {
    await withTable(opts.data, async (table) => {
      const record = (await table.get(documentId(RAW_BUCKET, keyOrId))) ?? (await table.get(keyOrId));
      if (!record || record.status !== 'PROCESSED') throw new NotFoundError(`No processed document ${keyOrId} in ${opts.data}.`);
      const exact = record.contentHash ? await table.findByContentHash(record.contentHash) : [];
      const near = record.fingerprint ? await table.findNearDuplicates(record.fingerprint) : [];
      const found = new Map<string, { id: string; key: string; kind: 'exact' | 'near'; distance: number }>();
      for (const d of exact) if (d.id !== record.id) found.set(d.id, { id: d.id, key: d.key, kind: 'exact', distance: 0 });
      for (const d of near) if (d.id !== record.id && !found.has(d.id)) found.set(d.id, { id: d.id, key: d.key, kind: 'near', distance: d.distance });
      const list = [...found.values()];
      if (opts.json) process.stdout.write(`${JSON.stringify(list)}\n`);
      else if (list.length === 0) process.stdout.write(`No duplicates of ${record.key}.\n`);
      else for (const d of list) process.stdout.write(`${d.key}  ${d.kind}${d.kind === 'near' ? ` (${d.distance} bits apart)` : ''}\n`);
    });
  });

program
  .command('reconcile')
  .description('compare bucket, table and index; queue what is missing or stale, remove index orphans; print what it fixed')
  .addOption(dataOption())
  .option('--json', 'print the report as JSON')
  .action(async (opts: { data: string; json?: boolean }) => {
    await withStack(opts.data, async (client) => {
      const report = await client.reconcile();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      process.stdout.write([
        `${report.queuedCreates} object(s) without a current row: queued for ingest`,
        `${report.queuedRemoves} row(s) without an object: queued for removal`,
        `${report.queuedIndexUpdates} processed row(s) missing from the index or stale there: re-indexing`,
        `${report.removedIndexOrphans} index entr${report.removedIndexOrphans === 1 ? 'y' : 'ies'} without a processed row: removed`,
      ].join('\n') + '\n');
    });
  });

program
  .command('redrive')
  .description('send dead letters back to their queue: the running local stack\'s, or an AWS dead-letter queue with --dlq-arn')
  .addOption(dataOption())
  .option('--dlq-arn <arn>', 'AWS: the ingest dead-letter queue (stack output IngestDeadLetterQueueArn); uses your AWS credentials')
  .action(async (opts: { data: string; dlqArn?: string }) => {
    if (opts.dlqArn) {
      const client = new SQSClient({ region: parseQueueArn(opts.dlqArn).region });
      try {
        const started = await startRedrive(client, opts.dlqArn);
        process.stdout.write(`SQS is moving ${started.messages} message(s) back to their source queue (task ${started.taskHandle}).\n`);
      } finally {
        client.destroy();
      }
      return;
    }
    const running = await findRunningStack(opts.data);
    if (!running) {
      // Dead letters live in the running stack's memory; a stopped stack re-reads everything at start.
      process.stdout.write(`No stack is running for ${opts.data}: nothing to redrive. \`docpipe start\` reconciles the bucket, table and index at start-up.\n`);
      return;
    }
    const client = new StackClient(running.endpoints);
    try {
      const moved = await client.redrive();
      process.stdout.write(`Redrove ${moved.ingest} ingest message(s) and ${moved.stream} stream record(s).\n`);
    } finally {
      client.close();
    }
  });

program
  .command('doctor')
  .description('AWS: check that an OpenSearch Service domain is ready for a re-index (no change in progress, OpenSearch 2.x, encrypted, TLS 1.2+); exit 1 if not')
  .requiredOption('--domain <name>', 'the domain name (stack output SearchDomainName, or `aws opensearch list-domain-names`); uses your AWS credentials')
  .option('--region <region>', 'the domain\'s region (default: AWS_REGION or your AWS profile\'s)')
  .option('--json', 'print {ok, checks: [{name, ok, detail}]}')
  .action(async (opts: { domain: string; region?: string; json?: boolean }) => {
    const client = new OpenSearchClient(opts.region ? { region: opts.region } : {});
    try {
      const assessment = await checkDomain(client, opts.domain);
      if (opts.json) process.stdout.write(`${JSON.stringify(assessment)}\n`);
      else for (const c of assessment.checks) process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}\n`);
      if (!assessment.ok) process.exitCode = 1;
    } finally {
      client.destroy();
    }
  });

program
  .command('reindex')
  .description('rebuild the search index from the table and processed text into a new generation, verify it, switch to it (keeping the old one), then reconcile')
  .addOption(dataOption())
  .option('--rollback', 'switch back to the generation the last re-index replaced')
  .option('--json', 'print the report as JSON')
  .action(async (opts: { data: string; rollback?: boolean; json?: boolean }) => {
    await withStack(opts.data, async (client) => {
      const report = await client.reindex({ rollback: opts.rollback === true });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      process.stdout.write(`${describeReindex(report)}\n`);
    });
  });

function describeReindex(report: ReindexResult): string {
  switch (report.outcome) {
    case 'completed':
      return [
        `Re-indexed ${report.indexed} of ${report.scanned} rows into generation ${report.target}${report.previous ? ` (previous ${report.previous} kept for \`docpipe reindex --rollback\`)` : ''}.`,
        ...(report.replayed ? [`${report.replayed} row(s) changed during the build were applied to it.`] : []),
        ...(report.missingText ? [`${report.missingText} processed row(s) had no processed text: run \`docpipe reconcile\`.`] : []),
      ].join('\n');
    case 'paused':
      return `Re-index paused at a checkpoint after ${report.scanned} rows; run it again to continue.`;
    case 'locked':
      return `Another re-index holds the lock (until ${report.lockExpiresAt ?? '?'}); nothing done.`;
    case 'rolled-back':
      return `Rolled back: generation ${report.active} serves searches again (${report.previous} kept); ${report.replayed} row(s) changed since the switch re-applied.`;
    case 'reconciled':
      return 'Reconciled.';
  }
}

program
  .command('reprocess')
  .description('after an upgrade: process again every stored document an older pipeline version made (resumable, locked); uploads and deletes meanwhile win')
  .addOption(dataOption())
  .option('--json', 'print the report as JSON')
  .action(async (opts: { data: string; json?: boolean }) => {
    await withStack(opts.data, async (client) => {
      const report = await withReprocessProgress(client, () => client.reprocess());
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      process.stdout.write(`${describeReprocess(report)}\n`);
      if (report.outcome !== 'locked' && report.failed > 0) process.stdout.write(`${report.failed} document(s) failed under ${report.pipelineVersion}: \`docpipe docs --status FAILED\` lists them with the reason.\n`);
    });
  });

/** Runs the reprocess while polling its checkpoint for a progress bar (a terminal) or a line per page (otherwise). */
async function withReprocessProgress(client: StackClient, run: () => Promise<ReprocessResult>): Promise<ReprocessResult> {
  const tty = process.stderr.isTTY === true;
  const { rows = 0 } = await client.reprocessProgress({ countRows: true });
  const bar = tty ? new SingleBar({ format: 'Reprocessing [{bar}] {value}/{total} rows | {reprocessed} reprocessed, {skippedCurrent} current, {failed} failed', stream: process.stderr, hideCursor: true }) : undefined;
  bar?.start(rows, 0, { reprocessed: 0, skippedCurrent: 0, failed: 0 });
  let done = false;
  let lastScanned = -1;
  const poller = (async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 250));
      const { checkpoint } = await client.reprocessProgress().catch(() => ({ checkpoint: null }));
      if (!checkpoint || checkpoint.scanned === lastScanned) continue;
      lastScanned = checkpoint.scanned;
      bar?.setTotal(Math.max(rows, checkpoint.scanned));
      bar?.update(checkpoint.scanned, { reprocessed: checkpoint.reprocessed, skippedCurrent: checkpoint.skippedCurrent, failed: checkpoint.failed });
      if (!tty) process.stderr.write(`Reprocessing: ${checkpoint.scanned}/${rows} rows, ${checkpoint.reprocessed} reprocessed\n`);
    }
  })();
  try {
    const report = await run();
    if (report.outcome !== 'locked') bar?.update(report.scanned, { reprocessed: report.reprocessed, skippedCurrent: report.skippedCurrent, failed: report.failed });
    return report;
  } finally {
    done = true;
    await poller;
    bar?.stop();
  }
}

function describeReprocess(report: ReprocessResult): string {
  switch (report.outcome) {
    case 'locked':
      return `Another reprocess holds the lock (until ${report.lockExpiresAt ?? '?'}); nothing done.`;
    case 'paused':
      return `Reprocess paused at a checkpoint after ${report.scanned} rows; run it again to continue.`;
    case 'completed':
      return [
        `Reprocessed to pipeline ${report.pipelineVersion}: scanned ${report.scanned} rows, reprocessed ${report.reprocessed}, skipped ${report.skippedCurrent} current, failed ${report.failed}.`,
        ...(report.skippedDeleted ? [`${report.skippedDeleted} deleted key(s) left deleted.`] : []),
        ...(report.superseded ? [`${report.superseded} changed meanwhile (a newer upload or a delete won; its own event applies the current pipeline).`] : []),
        ...(report.queued ? [`${report.queued} handed to the ingest queue.`] : []),
        ...(report.invocations > 1 ? [`Resumed from a checkpoint (run ${report.invocations} of it).`] : []),
      ].join('\n');
  }
}

/** Runs `work` against the metadata table of the stack serving `dataDir`, through the DynamoDB adapter. */
async function withTable(dataDir: string, work: (table: DynamoMetadataStore) => Promise<void>): Promise<void> {
  await withStack(dataDir, async (client) => {
    const dynamodb = localDynamoClient(client.endpoints.dynamodb);
    try {
      await work(new DynamoMetadataStore(dynamodb, TABLE_NAME));
    } finally {
      dynamodb.destroy();
    }
  });
}

/** Runs `work` against the stack serving `dataDir`, starting one in this process when none runs. */
async function withStack(dataDir: string, work: (client: StackClient, embedded: boolean) => Promise<void>): Promise<void> {
  const running = await findRunningStack(dataDir);
  if (running) {
    const client = new StackClient(running.endpoints);
    try {
      await work(client, false);
    } finally {
      client.close();
    }
    return;
  }
  const logLevel: LogLevel = 'ERROR';
  const stack = await LocalStack.start({ dataDir, ports: { http: 0, s3: 0, dynamodb: 0 }, logLevel });
  const client = new StackClient(stack.endpoints);
  try {
    await stack.reconcile();
    await work(client, true);
  } finally {
    client.close();
    await stack.stop();
  }
}

function collectFiles(paths: string[]): Array<{ path: string; key: string }> {
  const files: Array<{ path: string; key: string }> = [];
  for (const p of paths) {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`No such file or folder: ${p}`);
    if (stat.isFile()) {
      files.push({ path: p, key: basename(p) });
      continue;
    }
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && !entry.name.startsWith('.')) files.push({ path: full, key: relative(p, full).split('\\').join('/') });
      }
    };
    walk(p);
  }
  return files;
}

async function upload(client: StackClient, files: Array<{ path: string; key: string }>, prefix: string): Promise<Array<{ key: string; id: string; etag: string | undefined }>> {
  const uploaded = [];
  for (const file of files) {
    const key = `${prefix}${file.key}`;
    const out = await client.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: readFileSync(file.path) }));
    uploaded.push({ key, id: client.idOf(key), etag: out.ETag?.replace(/"/g, '') });
  }
  return uploaded;
}

async function listKeys(client: StackClient): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.s3.send(new ListObjectsV2Command({ Bucket: RAW_BUCKET, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Polls until every document reached its final state, with a progress bar on a terminal. */
async function waitUntilSettled(
  client: StackClient,
  docs: Array<{ id: string; etag?: string | undefined }>,
  options: { label: string; timeoutMs: number },
): Promise<DocumentStatus[]> {
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new SingleBar({ format: `${options.label} [{bar}] {value}/{total} documents`, stream: process.stderr, hideCursor: true }) : undefined;
  bar?.start(docs.length, 0);
  const deadline = Date.now() + options.timeoutMs;
  let lastReported = -1;
  for (;;) {
    const statuses = await client.status(docs.map((d) => d.id));
    const settled = statuses.filter((s, i) => isSettled(s, docs[i]?.etag)).length;
    bar?.update(settled);
    if (!tty && settled !== lastReported) {
      process.stderr.write(`${options.label}: ${settled}/${docs.length} documents\n`);
      lastReported = settled;
    }
    if (settled === docs.length) {
      bar?.stop();
      return statuses;
    }
    if (Date.now() > deadline) {
      bar?.stop();
      throw new Error(`${docs.length - settled} document(s) were not searchable after ${Math.round(options.timeoutMs / 1000)} s; see \`curl ${client.endpoints.http}/_local/stats\` for queue depth and dead letters.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function reportSettled(client: StackClient, uploaded: Array<{ key: string; id: string; etag: string | undefined }>, label: string, timeoutMs = 600_000): Promise<void> {
  const statuses = await waitUntilSettled(client, uploaded, { label, timeoutMs });
  let failed = 0;
  statuses.forEach((s, i) => {
    const key = uploaded[i]?.key;
    if (s.status === 'FAILED') {
      failed++;
      process.stderr.write(`FAILED ${key}: ${s.error?.code} — ${s.error?.message}\n`);
    }
  });
  process.stderr.write(`${statuses.length - failed} searchable, ${failed} failed.\n`);
  if (failed > 0) process.exitCode = 1;
}

function printBanner(endpoints: { http: string; s3: string; dynamodb: string }, documents: number, failed: number, dataDir: string): void {
  const lines = [
    '',
    `docpipe is running — ${documents} document(s) searchable${failed ? `, ${failed} failed (see /_local/stats)` : ''}.`,
    '',
    `  Search API   ${endpoints.http}/search?q=uy+ban`,
    `  S3 endpoint  ${endpoints.s3}   bucket: ${RAW_BUCKET}`,
    `  Credentials  AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
    `  DynamoDB     ${endpoints.dynamodb}`,
    `  Data         ${resolve(dataDir)}`,
    '',
    `  Add a file:  npx docpipe put report.txt   (or: aws s3 cp report.txt s3://${RAW_BUCKET}/ --endpoint-url ${endpoints.s3})`,
    `  Search:      npx docpipe search "ủy ban nhân dân"   or   curl -G ${endpoints.http}/search --data-urlencode 'q=ủy ban'`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

program.parseAsync(process.argv).catch((error: unknown) => {
  const message = error instanceof DocpipeError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`docpipe: ${message}\n`);
  process.exit(1);
});
