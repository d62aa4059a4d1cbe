import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { OpenSearchIndex } from '../../shared/adapters/opensearch-index.ts';
import { SqliteSearchIndex } from '../../shared/adapters/sqlite-search-index.ts';
import { searchEngineContract } from '../support/search-contract.ts';

searchEngineContract('SQLite FTS5 (embedded)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-contract-'));
  const index = new SqliteSearchIndex(join(dir, 'search.sqlite'));
  return {
    index,
    refresh: async () => undefined,
    close: async () => {
      index.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

/**
 * The same suite against a real cluster: OPENSEARCH_URL=https://user:pass@host:9200 (no SigV4; any
 * cluster with the ICU plugin). A throw-away alias and index are created and deleted.
 */
const url = process.env.OPENSEARCH_URL;
searchEngineContract('OpenSearch', async () => {
  const client = new Client({ node: url ?? '' });
  const alias = `docpipe-contract-${Date.now()}`;
  const index = new OpenSearchIndex(client, alias);
  await index.ensureIndex();
  return {
    index,
    refresh: async () => {
      await client.indices.refresh({ index: alias });
    },
    close: async () => {
      const targets = await client.indices.getAlias({ name: alias });
      await client.indices.delete({ index: Object.keys(targets.body as Record<string, unknown>) });
      await client.close();
    },
  };
}, url ? false : 'OPENSEARCH_URL is not set: the OpenSearch run of the shared search suite is skipped (no cluster can run on this machine)');
