import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { DOCPIPE_BIN } from '../support/built-cli.ts';
import { assessDomain, checkDomain, EXPECTED_ENGINE_VERSION, type DomainStatusLike } from '../../shared/adapters/opensearch-domain-check.ts';

/** DescribeDomain's DomainStatus for the stack's domain, as the service returns it when all is well. */
const healthy = {
  DomainId: '123456789012/docpipe-search',
  DomainName: 'docpipe-search',
  ARN: 'arn:aws:es:ap-southeast-1:123456789012:domain/docpipe-search',
  Created: true,
  Deleted: false,
  Endpoint: 'search-docpipe-search-abcdefghijklmnopqrstuvwxyz.ap-southeast-1.es.amazonaws.com',
  Processing: false,
  UpgradeProcessing: false,
  EngineVersion: 'OpenSearch_2.19',
  ClusterConfig: { InstanceType: 't3.small.search', InstanceCount: 1, DedicatedMasterEnabled: false, ZoneAwarenessEnabled: false },
  EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 10 },
  EncryptionAtRestOptions: { Enabled: true, KmsKeyId: 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
  NodeToNodeEncryptionOptions: { Enabled: true },
  DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07', CustomEndpointEnabled: false },
  DomainProcessingStatus: 'Active',
  ModifyingProperties: [],
} satisfies DomainStatusLike & Record<string, unknown>;

const CHECKS = ['domain exists', 'no change in progress', 'no engine upgrade in progress', 'engine OpenSearch 2.x', 'encryption at rest', 'node-to-node encryption', 'HTTPS with TLS 1.2+', 'endpoint'];

/** The checks that fail for the healthy status with these fields changed. */
const failing = (changes: Partial<DomainStatusLike>) => assessDomain({ ...healthy, ...changes }).checks.filter((c) => !c.ok);

describe('OpenSearch domain assessment (pure)', () => {
  it('passes every check for a healthy OpenSearch 2.19 domain', () => {
    const result = assessDomain(healthy);

    assert.equal(result.ok, true);
    assert.deepEqual(result.checks.map((c) => [c.name, c.ok]), CHECKS.map((name) => [name, true]));
    assert.equal(result.checks.find((c) => c.name === 'endpoint')?.detail, `https://${healthy.Endpoint}`);
  });

  it('fails "domain exists" alone, and nothing else, for a domain being deleted', () => {
    const result = assessDomain({ ...healthy, Deleted: true });

    assert.equal(result.ok, false);
    assert.deepEqual(result.checks.map((c) => c.name), ['domain exists']);
    assert.match(result.checks[0]?.detail ?? '', /being deleted/);
  });

  it('fails while a configuration change is processing, naming what changes and saying to wait', () => {
    const [failed, ...others] = failing({
      Processing: true,
      DomainProcessingStatus: 'Modifying',
      ModifyingProperties: [{ Name: 'ClusterConfig.InstanceType', ActiveValue: 't3.small.search', PendingValue: 'm6g.large.search' }],
    });

    assert.equal(failed?.name, 'no change in progress');
    assert.deepEqual(others, []);
    assert.match(failed?.detail ?? '', /Modifying \(changing ClusterConfig\.InstanceType\)/);
    assert.match(failed?.detail ?? '', /blue\/green/);
    assert.match(failed?.detail ?? '', /wait until the domain is Active .*describe-domain-change-progress --domain-name docpipe-search/);
  });

  it('fails when the processing status is not Active even though Processing is false (service software update)', () => {
    const failed = failing({ DomainProcessingStatus: 'UpdatingServiceSoftware' });

    assert.deepEqual(failed.map((c) => c.name), ['no change in progress']);
    assert.match(failed[0]?.detail ?? '', /service software update/);
  });

  it('fails for an isolated domain, sending the operator to AWS rather than telling them to wait', () => {
    const failed = failing({ DomainProcessingStatus: 'Isolated' });

    assert.deepEqual(failed.map((c) => c.name), ['no change in progress']);
    assert.match(failed[0]?.detail ?? '', /AWS Support/);
    assert.doesNotMatch(failed[0]?.detail ?? '', /wait/);
  });

  it('fails while an engine upgrade is running', () => {
    const failed = failing({ UpgradeProcessing: true });

    assert.deepEqual(failed.map((c) => c.name), ['no engine upgrade in progress']);
    assert.match(failed[0]?.detail ?? '', /get-upgrade-status --domain-name docpipe-search/);
  });

  it('fails for an Elasticsearch engine, saying which version the stack expects and how to upgrade', () => {
    const failed = failing({ EngineVersion: 'Elasticsearch_7.10' });

    assert.deepEqual(failed.map((c) => c.name), ['engine OpenSearch 2.x']);
    assert.match(failed[0]?.detail ?? '', new RegExp(`Elasticsearch_7\\.10; the stack expects ${EXPECTED_ENGINE_VERSION}`));
    assert.match(failed[0]?.detail ?? '', /get-compatible-versions/);
  });

  it('fails for OpenSearch 3.x, which cannot be downgraded', () => {
    const failed = failing({ EngineVersion: 'OpenSearch_3.1' });

    assert.deepEqual(failed.map((c) => c.name), ['engine OpenSearch 2.x']);
    assert.match(failed[0]?.detail ?? '', /cannot be downgraded/);
  });

  it('accepts another OpenSearch 2.x version, noting the one the stack deploys', () => {
    const result = assessDomain({ ...healthy, EngineVersion: 'OpenSearch_2.17' });

    assert.equal(result.ok, true);
    assert.equal(result.checks.find((c) => c.name === 'engine OpenSearch 2.x')?.detail, 'OpenSearch_2.17 (the stack deploys OpenSearch_2.19)');
  });

  it('fails without encryption at rest', () => {
    const failed = failing({ EncryptionAtRestOptions: { Enabled: false } });

    assert.deepEqual(failed.map((c) => c.name), ['encryption at rest']);
    assert.match(failed[0]?.detail ?? '', /^disabled: enable it/);
  });

  it('fails without node-to-node encryption', () => {
    const failed = failing({ NodeToNodeEncryptionOptions: { Enabled: false } });

    assert.deepEqual(failed.map((c) => c.name), ['node-to-node encryption']);
    assert.match(failed[0]?.detail ?? '', /enable node-to-node encryption/);
  });

  it('fails when HTTPS is not enforced', () => {
    const failed = failing({ DomainEndpointOptions: { EnforceHTTPS: false, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' } });

    assert.deepEqual(failed.map((c) => c.name), ['HTTPS with TLS 1.2+']);
    assert.match(failed[0]?.detail ?? '', /^HTTPS not enforced.*EnforceHTTPS=true/);
  });

  it('fails when HTTPS allows TLS 1.0', () => {
    const failed = failing({ DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07' } });

    assert.deepEqual(failed.map((c) => c.name), ['HTTPS with TLS 1.2+']);
    assert.match(failed[0]?.detail ?? '', /Policy-Min-TLS-1-0-2019-07: require HTTPS with the Policy-Min-TLS-1-2-2019-07 policy or newer/);
  });

  it('accepts the newer TLS 1.2 policies (perfect forward secrecy)', () => {
    assert.deepEqual(failing({ DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' } }), []);
  });

  it('fails without an endpoint, and accepts a VPC endpoint', () => {
    const failed = failing({ Endpoint: undefined });
    const vpc = assessDomain({ ...healthy, Endpoint: undefined, Endpoints: { vpc: 'vpc-docpipe-search-abc.ap-southeast-1.es.amazonaws.com' } });

    assert.deepEqual(failed.map((c) => c.name), ['endpoint']);
    assert.match(failed[0]?.detail ?? '', /still being created/);
    assert.equal(vpc.checks.find((c) => c.name === 'endpoint')?.detail, 'https://vpc-docpipe-search-abc.ap-southeast-1.es.amazonaws.com');
  });
});

interface Exchange {
  method: string;
  path: string;
  authorization: string;
}

/** A loopback stand-in for the OpenSearch Service control plane (REST-JSON): records each request, answers with the next scripted reply. */
class RecordingControlPlane {
  readonly exchanges: Exchange[] = [];
  replies: Array<{ status: number; errorType?: string; body: unknown }> = [];
  url = '';
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      req.resume().on('end', () => {
        this.exchanges.push({ method: req.method ?? '', path: req.url ?? '', authorization: String(req.headers.authorization ?? '') });
        const reply = this.replies.shift() ?? { status: 500, errorType: 'InternalException', body: { message: 'no reply scripted' } };
        res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.errorType ? { 'x-amzn-errortype': reply.errorType } : {}) });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const notFound = (status: number) => ({ status, errorType: 'ResourceNotFoundException', body: { message: 'Domain not found: docpipe-missing' } });

describe('OpenSearch domain check (control-plane HTTP exchanges)', () => {
  const controlPlane = new RecordingControlPlane();
  let client: OpenSearchClient;
  before(async () => {
    await controlPlane.start();
    client = new OpenSearchClient({ endpoint: controlPlane.url, region: 'ap-southeast-1', credentials });
  });
  after(async () => {
    client.destroy();
    await controlPlane.stop();
  });
  beforeEach(() => {
    controlPlane.exchanges.length = 0;
    controlPlane.replies = [];
  });

  it('describes the domain with one signed GET /2021-01-01/opensearch/domain/{name} and assesses the answer', async () => {
    controlPlane.replies = [{ status: 200, body: { DomainStatus: healthy } }];

    const result = await checkDomain(client, 'docpipe-search');

    assert.equal(result.ok, true);
    assert.equal(result.checks.length, CHECKS.length);
    assert.deepEqual(controlPlane.exchanges.map((e) => [e.method, e.path]), [['GET', '/2021-01-01/opensearch/domain/docpipe-search']]);
    assert.match(controlPlane.exchanges[0]?.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-southeast-1\/es\/aws4_request/);
  });

  it('reports what the service says is in progress (blue/green deployment)', async () => {
    controlPlane.replies = [{ status: 200, body: { DomainStatus: { ...healthy, Processing: true, DomainProcessingStatus: 'Modifying', ChangeProgressDetails: { ChangeId: 'c1', Message: 'Blue/green deployment in progress', ConfigChangeStatus: 'ApplyingChanges', StartTime: 1767225600 } } } }];

    const result = await checkDomain(client, 'docpipe-search');

    assert.equal(result.ok, false);
    assert.match(result.checks.find((c) => !c.ok)?.detail ?? '', /^Modifying: Blue\/green deployment in progress\. /);
  });

  for (const status of [409, 404]) {
    it(`turns a ${status} ResourceNotFoundException into a failed "domain exists" check naming the domain and region`, async () => {
      controlPlane.replies = [notFound(status)];

      const result = await checkDomain(client, 'docpipe-missing');

      assert.equal(result.ok, false);
      assert.deepEqual(result.checks.map((c) => [c.name, c.ok]), [['domain exists', false]]);
      assert.match(result.checks[0]?.detail ?? '', /^no domain named docpipe-missing in ap-southeast-1: check the name \(the stack.s SearchDomainName output.*\) and --region\.$/);
    });
  }

  it('throws other service errors (missing permission) instead of reporting them as checks', async () => {
    controlPlane.replies = [{ status: 403, errorType: 'AccessDeniedException', body: { message: 'User is not authorized to perform: es:DescribeDomain' } }];

    await assert.rejects(checkDomain(client, 'docpipe-search'), (error: unknown) => error instanceof Error && error.name === 'AccessDeniedException');
  });

  it('docpipe doctor prints one ✓/✗ line per check and exits 1 when one failed', async () => {
    controlPlane.replies = [{ status: 200, body: { DomainStatus: { ...healthy, NodeToNodeEncryptionOptions: { Enabled: false } } } }];

    const run = await runCli(['doctor', '--domain', 'docpipe-search', '--region', 'ap-southeast-1'], controlPlane.url);

    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => l.slice(0, 2)), CHECKS.map((name) => (name === 'node-to-node encryption' ? '✗ ' : '✓ ')));
    assert.equal(lines[5], '✗ node-to-node encryption: disabled: enable node-to-node encryption on the domain (a blue/green deployment; wait for it before re-indexing).');
  });

  it('docpipe doctor --json prints the assessment and exits 0 when every check passed', async () => {
    controlPlane.replies = [{ status: 200, body: { DomainStatus: healthy } }];

    const run = await runCli(['doctor', '--domain', 'docpipe-search', '--region', 'ap-southeast-1', '--json'], controlPlane.url);

    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), assessDomain(healthy));
  });
});

/** Runs the CLI with the OpenSearch control plane pointed at the loopback server (asynchronously: the server answers in this process). */
async function runCli(args: string[], endpoint: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const bin = DOCPIPE_BIN;
  // Only these credentials and this endpoint: never the developer's profile or real AWS.
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ENDPOINT_URL_OPENSEARCH: endpoint, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  const child = spawn(process.execPath, [bin, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}
