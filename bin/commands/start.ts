import { join, relative, resolve } from 'node:path';
import { LOCAL_CREDENTIALS, RAW_BUCKET } from '../../local/local-clients.ts';
import { LocalStack } from '../../local/local-stack.ts';
import { StackClient } from '../../local/stack-client.ts';
import { findRunningStack } from '../../local/stack-state.ts';
import { projectRoot } from '../project-root.ts';
import { collectFiles, listKeys, upload, waitUntilSettled } from '../uploads.ts';

const PROJECT_ROOT = projectRoot();
const SAMPLES_DIR = join(PROJECT_ROOT, 'samples');

/** `docpipe start`: start the local stack, load samples/ into an empty store, wait until searchable, keep serving. */
export async function run(opts: { data: string; httpPort: number; s3Port: number; dynamodbPort: number; samples: boolean; verbose?: boolean; concurrency?: number }): Promise<void> {
  const running = await findRunningStack(opts.data);
  if (running) throw new Error(`A docpipe stack (pid ${running.pid}) already serves ${resolve(opts.data)} at ${running.endpoints.http}. Stop it first, or pass another --data folder.`);
  const stack = await LocalStack.start({
    dataDir: opts.data,
    ports: { http: opts.httpPort, s3: opts.s3Port, dynamodb: opts.dynamodbPort },
    logLevel: opts.verbose ? 'INFO' : 'WARN',
    ...(opts.concurrency !== undefined ? { workers: opts.concurrency } : {}),
    // A server is started to ingest: its processing workers start with it.
    warmWorkers: true,
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
