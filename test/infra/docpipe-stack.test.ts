import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DocpipeStack } from '../../infra/docpipe-stack.ts';
import { tableDefinition } from '../../shared/adapters/dynamodb-items.ts';

/** Synthesised without bundling (fast); the last test runs the real `cdk synth` with esbuild bundling. */
function synth(reindexSchedule = 'rate(1 day)'): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(new DocpipeStack(app, 'Test', { reindexSchedule }));
}

const template = synth();
const functionsNamed = (service: string) =>
  Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: service } } } }));
const logicalIdOf = (service: string): string => {
  const [entry] = functionsNamed(service);
  assert.ok(entry, `no function for ${service}`);
  return entry[0];
};

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every IAM statement attached to the role of a function. */
function statementsOf(service: string): Statement[] {
  const role = template.findResources('AWS::Lambda::Function')[logicalIdOf(service)]?.Properties.Role['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

describe('infrastructure (CDK)', () => {
  it('every bucket blocks public access, is encrypted, versioned and retained', () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    assert.equal(Object.keys(buckets).length, 2);
    for (const bucket of Object.values(buckets)) {
      assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      assert.equal(bucket.Properties.VersioningConfiguration.Status, 'Enabled');
      assert.ok(bucket.Properties.BucketEncryption);
      assert.equal(bucket.DeletionPolicy, 'Retain');
    }
  });

  it('every bucket denies requests without TLS', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    assert.equal(policies.length, 2);
    for (const policy of policies) {
      assert.ok(policy.Properties.PolicyDocument.Statement.some((s: { Effect: string; Condition?: { Bool?: Record<string, string> } }) =>
        s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
    }
  });

  it('the raw bucket sends created, removed and lifecycle-expiration events to the ingest queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: Match.arrayWith([
          Match.objectLike({ Events: ['s3:ObjectCreated:*'] }),
          Match.objectLike({ Events: ['s3:ObjectRemoved:*'] }),
          Match.objectLike({ Events: ['s3:LifecycleExpiration:*'] }),
        ]),
      },
    });
  });

  it('the ingest queue dead-letters after 5 tries and waits six times the ingest timeout', () => {
    const ingest = template.findResources('AWS::Lambda::Function')[logicalIdOf('ingest')];
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
      VisibilityTimeout: ingest?.Properties.Timeout * 6,
      SqsManagedSseEnabled: true,
    });
  });

  it('ingest reads the queue in batches and reports partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('ingest') },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('the table is on-demand, recoverable, retained, and streams new and old images', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('the table declares the same secondary indexes the local stack creates, and expires tombstones by TTL', () => {
    const [table] = Object.values(template.findResources('AWS::DynamoDB::Table'));
    const declared = (table?.Properties?.GlobalSecondaryIndexes ?? []) as Array<{ IndexName: string; KeySchema: unknown; Projection: unknown }>;
    const expected = tableDefinition('x').GlobalSecondaryIndexes ?? [];
    assert.deepEqual(
      declared.map((i) => [i.IndexName, i.KeySchema, i.Projection]).sort(),
      expected.map((i) => [i.IndexName, i.KeySchema, i.Projection]).sort(),
    );
    assert.deepEqual(table?.Properties?.TimeToLiveSpecification, { AttributeName: 'expiresAt', Enabled: true });
  });

  it('the stream feeds the index function with bisect-on-error, bounded retries and a failure destination', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('index') },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('the stream passes only document rows to the index function (not the re-index control row)', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalIdOf('index') },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'DOC#' }] } } } }) }] },
    });
  });

  it('the search domain runs OpenSearch 2.x with encryption at rest, node-to-node encryption and HTTPS on TLS 1.2+', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'OpenSearch_2.19',
      EncryptionAtRestOptions: { Enabled: true },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
    });
  });

  it('every function runs on the newest Node.js runtime on ARM64 with Powertools settings', () => {
    const functions = functionsNamed('ingest').concat(functionsNamed('index'), functionsNamed('search'), functionsNamed('reindex'));
    assert.equal(functions.length, 4);
    for (const [, fn] of functions) {
      assert.equal(fn.Properties.Runtime, 'nodejs24.x');
      assert.deepEqual(fn.Properties.Architectures, ['arm64']);
      assert.equal(fn.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE, 'docpipe');
    }
  });

  it('each function gets exactly the settings its config schema requires', () => {
    const vars = (service: string) => Object.keys(functionsNamed(service)[0]?.[1].Properties.Environment.Variables ?? {});
    const own = (service: string) => vars(service).filter((v) => !v.startsWith('POWERTOOLS_') && !v.startsWith('AWS_') && v !== 'NODE_OPTIONS').sort();
    assert.deepEqual(own('ingest'), ['MAX_DOCUMENT_BYTES', 'PROCESSED_BUCKET', 'TABLE_NAME'].filter((v) => vars('ingest').includes(v)).sort());
    assert.deepEqual(own('index'), ['INDEX_ALIAS', 'OPENSEARCH_ENDPOINT', 'PROCESSED_BUCKET', 'TABLE_NAME']);
    assert.deepEqual(own('search'), ['INDEX_ALIAS', 'OPENSEARCH_ENDPOINT', 'PROCESSED_BUCKET', 'TABLE_NAME']);
    assert.deepEqual(own('reindex'), ['INDEX_ALIAS', 'INGEST_QUEUE_URL', 'OPENSEARCH_ENDPOINT', 'PROCESSED_BUCKET', 'RAW_BUCKET', 'TABLE_NAME']);
  });

  it('the HTTP API routes GET /, /search, /documents/{id} and /health to the search function', () => {
    for (const route of ['GET /', 'GET /search', 'GET /documents/{id}', 'GET /health']) template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: route });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { PayloadFormatVersion: '2.0' });
  });

  it('a schedule triggers the re-index, and can be turned off', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalIdOf('reindex'), 'Arn'] } })],
    });
    synth('off').resourceCountIs('AWS::Events::Rule', 0);
  });

  it('the search function may only read: the domain, the table, and both buckets', () => {
    const searchRole = template.findResources('AWS::Lambda::Function')[logicalIdOf('search')]?.Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === searchRole));
    const actions = policies.flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));
    assert.ok(actions.length > 0);
    const readOnly = /^(es:ESHttp(Get|Head|Post)|s3:(GetObject.*|GetBucket.*|List.*)|dynamodb:(GetItem|BatchGetItem|Query|Scan|ConditionCheckItem|DescribeTable|GetRecords|GetShardIterator))$/;
    assert.deepEqual(actions.filter((a: string) => !readOnly.test(a)), []);
  });

  it('the re-index function writes only the control row, re-queues to the ingest queue, and may invoke only itself', () => {
    const statements = statementsOf('reindex');
    const writes = statements.filter((s) => [s.Action].flat().some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a)));
    assert.deepEqual(writes.map((s) => [s.Action, s.Condition]), [['dynamodb:UpdateItem', { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CONTROL#reindex'] } }]]);
    const invoke = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    assert.equal(invoke.length, 1);
    assert.match(JSON.stringify(invoke[0]?.Resource), /:function:Test-reindex"/);
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'Test-reindex' });
    assert.ok(statements.some((s) => [s.Action].flat().includes('sqs:SendMessage')), 'reconcile re-queues lost events');
    assert.ok(!statements.some((s) => [s.Action].flat().some((a) => /^s3:(Put|Delete)/.test(a))), 'never writes to a bucket');
  });

  it('`cdk synth` runs offline and bundles each function with the local esbuild', { timeout: 180_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'docpipe-cdk-'));
    try {
      const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8', timeout: 170_000 });
      assert.equal(run.status, 0, run.stderr);
      const bundles = readdirSync(out).filter((d) => d.startsWith('asset.')).map((d) => join(out, d, 'index.js')).filter((f) => statSync(f, { throwIfNoEntry: false }));
      assert.ok(bundles.length >= 4, `expected 4 function bundles, found ${bundles.length}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
