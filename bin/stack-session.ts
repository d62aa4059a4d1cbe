import { localDynamoClient, TABLE_NAME } from '../local/local-clients.ts';
import type { LogLevel } from '../local/local-stack.ts';
import { StackClient } from '../local/stack-client.ts';
import { findRunningStack } from '../local/stack-state.ts';
import { DynamoMetadataStore } from '../shared/adapters/dynamodb-metadata-store.ts';

/** Runs `work` against the metadata table of the stack serving `dataDir`, through the DynamoDB adapter. */
export async function withTable(dataDir: string, work: (table: DynamoMetadataStore) => Promise<void>): Promise<void> {
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
export async function withStack(dataDir: string, work: (client: StackClient, embedded: boolean) => Promise<void>): Promise<void> {
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
  // Only when no stack serves the folder: the embedded stack (handlers, processing, SQLite) is loaded here.
  const { LocalStack } = await import('../local/local-stack.ts');
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
