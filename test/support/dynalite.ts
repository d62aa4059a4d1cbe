import { CreateTableCommand, DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Server } from 'node:http';
import dynalite from 'dynalite';
import { tableDefinition } from '../../shared/adapters/dynamodb-items.ts';
import { localDynamoClient } from '../../local/local-clients.ts';

/** An in-memory dynalite on a free loopback port, with the docpipe table created from the shared layout. */
export async function startDynalite(): Promise<{ client: DynamoDBClient; tableName: string; reset: () => Promise<void>; stop: () => Promise<void> }> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as { port: number };
  const client = localDynamoClient(`http://127.0.0.1:${port}`);
  const tableName = 'docpipe-test';
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  return {
    client,
    tableName,
    /** Drops and recreates the table: each test starts empty. */
    reset: async () => {
      await client.send(new DeleteTableCommand({ TableName: tableName }));
      await client.send(new CreateTableCommand(tableDefinition(tableName)));
    },
    stop: async () => {
      client.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
