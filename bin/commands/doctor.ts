import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { checkDomain } from '../../shared/adapters/opensearch-domain-check.ts';

/** `docpipe doctor`: AWS: check that an OpenSearch Service domain is ready for a re-index (no change in progress, OpenSearch 2.x, encrypted, TLS 1.2+); exit 1 if not. */
export async function run(opts: { domain: string; region?: string; json?: boolean }): Promise<void> {
  const client = new OpenSearchClient(opts.region ? { region: opts.region } : {});
  try {
    const assessment = await checkDomain(client, opts.domain);
    if (opts.json) process.stdout.write(`${JSON.stringify(assessment)}\n`);
    else for (const c of assessment.checks) process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}\n`);
    if (!assessment.ok) process.exitCode = 1;
  } finally {
    client.destroy();
  }
}
