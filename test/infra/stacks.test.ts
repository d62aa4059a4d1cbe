import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../infra/app.ts';
import { DeploymentConfigError } from '../../infra/config.ts';
import { tableDefinition } from '../../shared/adapters/dynamodb-items.ts';
import { ENV } from '../../shared/env-names.ts';
import { ORIGIN_SECRET_HEADER } from '../../shared/origin-secret.ts';
import {
  INGEST_BATCH_SIZE, INGEST_MAX_RECEIVE_COUNT, INGEST_TIMEOUT_SECONDS, INGEST_VISIBILITY_TIMEOUT_SECONDS, STREAM_BATCH_SIZE, STREAM_RETRY_ATTEMPTS,
} from '../../shared/pipeline-tuning.ts';

const JWT = { 'docpipe:auth': 'jwt', 'docpipe:jwtIssuer': 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example', 'docpipe:jwtAudience': 'client-a,client-b' };
const WAF_ACL = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/docpipe/0123';

const synthesised = new Map<string, ReturnType<typeof synthOnce>>();

function synthOnce(context: Record<string, unknown>) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = buildApp(app);
  return { app, ...stacks, data: Template.fromStack(stacks.data), service: Template.fromStack(stacks.service) };
}

/**
 * Both stacks, synthesised without bundling (the last test runs the real `cdk synth` with esbuild
 * bundling), once per configuration: each synthesis runs CDK's and cdk-nag's validation (seconds).
 */
function synth(context: Record<string, unknown> = {}) {
  const key = JSON.stringify(context);
  const cached = synthesised.get(key) ?? synthOnce(context);
  synthesised.set(key, cached);
  return cached;
}

const dev = synth();
const { data, service } = dev;
const functions = () => Object.entries(service.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: Match.anyValue() } } } }));
const functionNamed = (name: string) => {
  const found = functions().find(([, fn]) => fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === name);
  assert.ok(found, `no function ${name}`);
  return { logicalId: found[0], properties: found[1].Properties };
};

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every IAM statement attached to a function's role. */
function statementsOf(name: string, template = service): Statement[] {
  const role = functionNamed(name).properties.Role['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (name: string): string[] => statementsOf(name).flatMap((s) => [s.Action].flat());

describe('stateful stack (DocpipeData): retained, deployed apart from code', () => {
  it('holds only data: buckets, the table, the search domain and their logs, all retained', () => {
    const types = new Set(Object.values(data.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type));
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::OpenSearchService::Domain']) assert.ok(types.has(type), type);
    assert.ok(![...types].some((t) => /Lambda::Function$|SQS::Queue|ApiGatewayV2|Events::Rule/.test(t) && t !== 'AWS::Lambda::Function'), [...types].join());
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::OpenSearchService::Domain']) {
      for (const resource of Object.values(data.findResources(type))) assert.equal(resource.DeletionPolicy, 'Retain', type);
    }
  });

  it('the stateless stack holds no bucket, table or domain, so a code deploy never touches data', () => {
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::OpenSearchService::Domain']) service.resourceCountIs(type, 0);
  });

  it('every bucket blocks public access, is encrypted and refuses requests without TLS', () => {
    const buckets = data.findResources('AWS::S3::Bucket');
    assert.equal(Object.keys(buckets).length, 3, 'raw, processed, access logs');
    for (const bucket of Object.values(buckets)) {
      assert.deepEqual(bucket.Properties.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      assert.ok(bucket.Properties.BucketEncryption);
    }
    const policies = Object.values(data.findResources('AWS::S3::BucketPolicy'));
    assert.equal(policies.length, 3);
    for (const policy of policies) {
      assert.ok(policy.Properties.PolicyDocument.Statement.some((s: { Effect: string; Condition?: { Bool?: Record<string, string> } }) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'));
    }
  });

  it('raw and processed buckets are versioned, expire old versions, abort stale uploads and log access to the log bucket', () => {
    const dataBuckets = Object.values(data.findResources('AWS::S3::Bucket')).filter((b) => b.Properties.LoggingConfiguration);
    assert.equal(dataBuckets.length, 2);
    for (const bucket of dataBuckets) {
      assert.equal(bucket.Properties.VersioningConfiguration.Status, 'Enabled');
      const rules = bucket.Properties.LifecycleConfiguration.Rules as Array<Record<string, unknown>>;
      assert.ok(rules.some((r) => (r.NoncurrentVersionExpiration as { NoncurrentDays: number } | undefined)?.NoncurrentDays === 30));
      assert.ok(rules.some((r) => (r.AbortIncompleteMultipartUpload as { DaysAfterInitiation: number } | undefined)?.DaysAfterInitiation === 7));
      assert.ok(bucket.Properties.LoggingConfiguration.DestinationBucketName);
    }
  });

  it('the table is on-demand, recoverable to any second (PITR), protected from deletion, and streams new and old images', () => {
    data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      }),
    });
  });

  it('the table declares the same secondary indexes the local stack creates', () => {
    const table = Object.values(data.findResources('AWS::DynamoDB::Table'))[0]?.Properties;
    const local = tableDefinition('x');
    assert.deepEqual(table.GlobalSecondaryIndexes.map((i: { IndexName: string }) => i.IndexName).sort(), (local.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort());
  });

  it('the domain runs OpenSearch 2.x, encrypted at rest and between nodes, HTTPS with TLS 1.2+, slow and error logs in CloudWatch', () => {
    data.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'OpenSearch_2.19',
      EncryptionAtRestOptions: { Enabled: true },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
      LogPublishingOptions: {
        SEARCH_SLOW_LOGS: Match.objectLike({ Enabled: true }),
        INDEX_SLOW_LOGS: Match.objectLike({ Enabled: true }),
        ES_APPLICATION_LOGS: Match.objectLike({ Enabled: true }),
      },
    });
  });

  it('the domain\'s resource policy allows only the roles of the three functions that call it, by name', () => {
    // CDK sets the policy after the domain exists, through its access-policy custom resource.
    const policy = JSON.stringify(Object.values(data.findResources('Custom::OpenSearchAccessPolicy'))[0]?.Properties.Create).replace(/\\/g, '');
    for (const name of ['index', 'search', 'reindex']) assert.match(policy, new RegExp(`role/DocpipeApp-${name}-role`));
    assert.doesNotMatch(policy, /ingest-role/);
    assert.match(policy, /"Action":"es:ESHttp\*"/);
    assert.doesNotMatch(policy, /"AWS":"\*"/);
  });

  it('the dev profile is one small node; production adds zone awareness over three zones and dedicated masters', () => {
    data.hasResourceProperties('AWS::OpenSearchService::Domain', { ClusterConfig: Match.objectLike({ InstanceCount: 1, ZoneAwarenessEnabled: false, DedicatedMasterEnabled: false }) });
    const production = synth({ 'docpipe:profile': 'production' });
    production.data.hasResourceProperties('AWS::OpenSearchService::Domain', {
      ClusterConfig: Match.objectLike({ InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, DedicatedMasterEnabled: true, DedicatedMasterCount: 3 }),
    });
  });

  it('the production data stack is protected from deletion (termination protection in the assembly cdk deploy reads); dev\'s is not', () => {
    const protectedIn = (context: Record<string, unknown>) => synth(context).app.synth().getStackByName('DocpipeData').terminationProtection;

    assert.equal(protectedIn({ 'docpipe:profile': 'production' }), true);
    assert.equal(protectedIn({}), false);
  });

  it('with docpipe:vpc the domain and its callers live in isolated subnets, reachable only from the callers\' security group', () => {
    const inVpc = synth({ 'docpipe:vpc': 'true' });
    inVpc.data.hasResourceProperties('AWS::OpenSearchService::Domain', { VPCOptions: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() } });
    inVpc.data.resourceCountIs('AWS::EC2::NatGateway', 0);
    inVpc.data.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: Match.anyValue() });
    const inVpcFunctions = Object.values(inVpc.service.findResources('AWS::Lambda::Function')).filter((f) => f.Properties.VpcConfig);
    assert.deepEqual(inVpcFunctions.map((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME).sort(), ['index', 'reindex', 'search']);
  });
});

describe('stateless stack (DocpipeApp)', () => {
  it('the ingest queue dead-letters after the shared number of tries and waits six times the ingest timeout', () => {
    const ingest = functionNamed('ingest').properties;
    assert.equal(ingest.Timeout, INGEST_TIMEOUT_SECONDS);
    service.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: INGEST_VISIBILITY_TIMEOUT_SECONDS,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: INGEST_MAX_RECEIVE_COUNT },
    });
    assert.equal(INGEST_VISIBILITY_TIMEOUT_SECONDS, ingest.Timeout * 6);
  });

  it('every queue is encrypted and refuses requests without TLS', () => {
    const queues = service.findResources('AWS::SQS::Queue');
    assert.equal(Object.keys(queues).length, 3, 'ingest, its DLQ, the stream failure queue');
    for (const queue of Object.values(queues)) assert.equal(queue.Properties.SqsManagedSseEnabled, true);
    const policies = Object.values(service.findResources('AWS::SQS::QueuePolicy'));
    for (const id of Object.keys(queues)) {
      assert.ok(policies.some((p) => JSON.stringify(p.Properties.Queues).includes(id) && p.Properties.PolicyDocument.Statement.some((s: { Effect: string; Condition?: { Bool?: Record<string, string> } }) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')), id);
    }
  });

  it('the raw bucket sends created, removed and lifecycle-expiration events to the ingest queue', () => {
    service.hasResourceProperties('Custom::S3BucketNotifications', {
      Managed: false,
      NotificationConfiguration: {
        QueueConfigurations: Match.arrayWith([
          Match.objectLike({ Events: ['s3:ObjectCreated:*'] }),
          Match.objectLike({ Events: ['s3:ObjectRemoved:*'] }),
          Match.objectLike({ Events: ['s3:LifecycleExpiration:*'] }),
        ]),
      },
    });
  });

  it('ingest reads the queue in batches and reports partial batch failures', () => {
    service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionNamed('ingest').logicalId },
      BatchSize: INGEST_BATCH_SIZE,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('the stream feeds the indexer with bisect-on-error, bounded retries, a failure destination, partial batches, document rows only', () => {
    service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionNamed('index').logicalId },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: STREAM_BATCH_SIZE,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: STREAM_RETRY_ATTEMPTS,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'DOC#' }] } } } }) }] },
    });
  });

  it('every function runs on the newest Node.js runtime on ARM64, traced by X-Ray, with Powertools settings', () => {
    assert.equal(functions().length, 4);
    for (const [, fn] of functions()) {
      assert.equal(fn.Properties.Runtime, 'nodejs24.x');
      assert.deepEqual(fn.Properties.Architectures, ['arm64']);
      assert.deepEqual(fn.Properties.TracingConfig, { Mode: 'Active' });
      assert.equal(fn.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE, 'docpipe');
    }
  });

  it('every function logs to its own log group with the profile\'s retention (30 days dev, a year production)', () => {
    const retention = (t: Template) => Object.values(t.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.RetentionInDays);
    assert.ok(retention(service).length >= 4 && retention(service).every((d) => d === 30));
    assert.ok(retention(synth({ 'docpipe:profile': 'production' }).service).every((d) => d === 365));
    for (const [, fn] of functions()) assert.ok(fn.Properties.LoggingConfig?.LogGroup);
  });

  it('function roles carry no AWS managed policy: logging is scoped to their own log group', () => {
    for (const name of ['ingest', 'index', 'search', 'reindex']) {
      const roleId = functionNamed(name).properties.Role['Fn::GetAtt'][0];
      const role = service.toJSON().Resources[roleId];
      assert.equal(role.Properties.RoleName, `DocpipeApp-${name}-role`);
      assert.equal(role.Properties.ManagedPolicyArns, undefined, name);
    }
  });

  it('the indexer has reserved concurrency, so bursts wait in the stream instead of overloading the domain', () => {
    assert.equal(functionNamed('index').properties.ReservedConcurrentExecutions, 2);
    assert.equal(synth({ 'docpipe:profile': 'production' }).service.toJSON().Resources[functionNamed('index').logicalId]?.Properties.ReservedConcurrentExecutions, 5);
  });

  it('each function gets exactly the settings its config schema requires', () => {
    const own = (name: string) => Object.keys(functionNamed(name).properties.Environment.Variables).filter((v) => !v.startsWith('POWERTOOLS_') && v !== 'NODE_OPTIONS').sort();
    assert.deepEqual(own('ingest'), ['PROCESSED_BUCKET', 'TABLE_NAME']);
    assert.deepEqual(own('index'), ['INDEX_ALIAS', 'OPENSEARCH_ENDPOINT', 'PROCESSED_BUCKET', 'TABLE_NAME']);
    assert.deepEqual(own('search'), ['INDEX_ALIAS', 'OPENSEARCH_ENDPOINT', 'PROCESSED_BUCKET', 'TABLE_NAME']);
    assert.deepEqual(own('reindex'), ['INDEX_ALIAS', 'INGEST_QUEUE_URL', 'OPENSEARCH_ENDPOINT', 'PROCESSED_BUCKET', 'RAW_BUCKET', 'TABLE_NAME']);
  });

  it('ingest reaches no search domain; the indexer cannot write the table; search may only read', () => {
    assert.ok(!actionsOf('ingest').some((a) => a.startsWith('es:')));
    assert.ok(!actionsOf('index').some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a)));
    const readOnly = /^(es:ESHttp(Get|Head|Post)|s3:(GetObject.*|GetBucket.*|List.*)|dynamodb:(GetItem|BatchGetItem|Query|Scan|ConditionCheckItem|DescribeTable|GetRecords|GetShardIterator)|xray:Put(TraceSegments|TelemetryRecords)|logs:(CreateLogStream|PutLogEvents))$/;
    assert.deepEqual(actionsOf('search').filter((a) => !readOnly.test(a)), []);
  });

  it('the re-index function writes only the control rows (re-index, reprocess), re-queues to the ingest queue, and may invoke only itself', () => {
    const statements = statementsOf('reindex');
    const writes = statements.filter((s) => [s.Action].flat().some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a)));
    assert.deepEqual(writes.map((s) => [s.Action, s.Condition]), [['dynamodb:UpdateItem', { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CONTROL#reindex', 'CONTROL#reprocess'] } }]]);
    const invoke = statements.filter((s) => [s.Action].flat().includes('lambda:InvokeFunction'));
    assert.equal(invoke.length, 1);
    assert.match(JSON.stringify(invoke[0]?.Resource), /:function:DocpipeApp-reindex"/);
    service.hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'DocpipeApp-reindex' });
    assert.ok(actionsOf('reindex').includes('sqs:SendMessage'), 'reconcile re-queues lost events');
    assert.ok(!actionsOf('reindex').some((a) => /^s3:(Put|Delete)/.test(a)), 'never writes to a bucket');
  });

  it('the HTTP API routes GET /, /search, /documents/{id} and /health to the search function, and nothing else', () => {
    const routes = Object.values(service.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey).sort();
    assert.deepEqual(routes, ['GET /', 'GET /documents/{id}', 'GET /health', 'GET /search']);
  });

  it('the API stage throttles, writes JSON access logs, and answers CORS preflights for GET', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('"status":"\\$context.status"') },
    });
    service.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowMethods: ['GET', 'OPTIONS'], AllowOrigins: ['*'] }) });
  });

  it('auth mode iam (default) signs every route with AWS_IAM', () => {
    for (const route of Object.values(service.findResources('AWS::ApiGatewayV2::Route'))) assert.equal(route.Properties.AuthorizationType, 'AWS_IAM');
  });

  it('auth mode jwt checks tokens of the configured OIDC issuer and audience on every route', () => {
    const jwt = synth(JWT).service;
    jwt.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: JWT['docpipe:jwtIssuer'], Audience: ['client-a', 'client-b'] },
      IdentitySource: ['$request.header.Authorization'],
    });
    for (const route of Object.values(jwt.findResources('AWS::ApiGatewayV2::Route'))) assert.equal(route.Properties.AuthorizationType, 'JWT');
  });

  it('auth mode none leaves the read-only routes public', () => {
    const open = synth({ 'docpipe:auth': 'none' }).service;
    for (const route of Object.values(open.findResources('AWS::ApiGatewayV2::Route'))) assert.equal(route.Properties.AuthorizationType ?? 'NONE', 'NONE');
    open.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 0);
  });

  it('an optional AWS WAF web ACL fronts the API through CloudFront over HTTPS', () => {
    service.resourceCountIs('AWS::CloudFront::Distribution', 0);
    const waf = synth({ 'docpipe:auth': 'none', 'docpipe:wafWebAclArn': WAF_ACL }).service;
    waf.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: WAF_ACL, DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }) }),
    });
  });

  describe('no path around the WAF: the execute-api URL demands the origin secret CloudFront sends', () => {
    const waf = () => synth({ 'docpipe:auth': 'none', 'docpipe:wafWebAclArn': WAF_ACL }).service;
    const secretId = () => {
      const secrets = Object.keys(waf().findResources('AWS::SecretsManager::Secret', { Properties: { GenerateSecretString: Match.objectLike({ ExcludePunctuation: true }) } }));
      assert.equal(secrets.length, 1, 'one generated origin secret');
      return secrets[0] as string;
    };

    it('CloudFront sends the origin secret header, resolved from the generated secret at deploy time', () => {
      waf().hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Origins: [Match.objectLike({
            OriginCustomHeaders: [{
              HeaderName: ORIGIN_SECRET_HEADER,
              HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId() }, ':SecretString:::}}']] },
            }],
          })],
        }),
      });
    });

    it('a deploy naming a new secret version makes CloudFront send that version (rotation)', () => {
      const rotated = synth({ 'docpipe:auth': 'none', 'docpipe:wafWebAclArn': WAF_ACL, 'docpipe:originSecretVersion': '0123456789abcdef0123456789abcdef' }).service;
      rotated.hasResourceProperties('AWS::CloudFront::Distribution', {
        DistributionConfig: Match.objectLike({
          Origins: [Match.objectLike({ OriginCustomHeaders: [Match.objectLike({ HeaderValue: { 'Fn::Join': ['', Match.arrayWith([':SecretString:::0123456789abcdef0123456789abcdef}}'])] } })] })],
        }),
      });
    });

    it('the search function is told the secret (its ARN) and may read it', () => {
      const id = secretId();
      const search = functionNamed('search');
      const inWaf = Object.entries(waf().findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'search' } } } }));
      assert.deepEqual(inWaf[0]?.[1].Properties.Environment.Variables[ENV.ORIGIN_SECRET_ARN], { Ref: id });
      assert.equal(search.properties.Environment.Variables[ENV.ORIGIN_SECRET_ARN], undefined, 'no secret, and no check, without a WAF');
      const role = inWaf[0]?.[1].Properties.Role['Fn::GetAtt'][0];
      waf().hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: role }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(['secretsmanager:GetSecretValue']), Resource: { Ref: id } })]) },
      });
    });

    it('in a VPC, the search function reaches Secrets Manager through an interface endpoint (no internet there)', () => {
      const inVpc = synth({ 'docpipe:vpc': 'true', 'docpipe:auth': 'none', 'docpipe:wafWebAclArn': WAF_ACL }).data;
      const secretsEndpoints = (data: Template) => Object.values(data.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Interface', PrivateDnsEnabled: true } }))
        .filter((e) => /\.secretsmanager"/.test(JSON.stringify(e.Properties.ServiceName)));
      assert.equal(secretsEndpoints(inVpc).length, 1);
      assert.equal(secretsEndpoints(synth({ 'docpipe:vpc': 'true' }).data).length, 0, 'no secret to read without a WAF');
    });

    it('every route of the API reaches only the function that checks the secret', () => {
      const checking = Object.keys(waf().findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { [ENV.ORIGIN_SECRET_ARN]: { Ref: secretId() } } } } }));
      assert.equal(checking.length, 1);
      const integrations = Object.values(waf().findResources('AWS::ApiGatewayV2::Integration'));
      assert.ok(integrations.length > 0);
      for (const integration of integrations) assert.deepEqual(integration.Properties.IntegrationUri, { 'Fn::GetAtt': [checking[0], 'Arn'] });
    });
  });

  it('refuses settings that cannot work, naming the setting: jwt without an issuer, WAF with iam, an uneven node count', () => {
    assert.throws(() => synth({ 'docpipe:auth': 'jwt' }), (e: unknown) => e instanceof DeploymentConfigError && /docpipe:jwtIssuer/.test(e.message));
    assert.throws(() => synth({ 'docpipe:wafWebAclArn': WAF_ACL }), (e: unknown) => e instanceof DeploymentConfigError && /auth=jwt or auth=none/.test(e.message));
    assert.throws(() => synth({ 'docpipe:originSecretVersion': '0123456789abcdef0123456789abcdef' }), (e: unknown) => e instanceof DeploymentConfigError && /docpipe:originSecretVersion/.test(e.message));
    assert.throws(() => synth({ 'docpipe:profile': 'production', 'docpipe:searchDataNodes': '4' }), (e: unknown) => e instanceof DeploymentConfigError && /cannot be spread evenly/.test(e.message));
    assert.throws(() => synth({ 'docpipe:profile': 'staging' }), (e: unknown) => e instanceof DeploymentConfigError && /docpipe:profile/.test(e.message));
  });

  it('a schedule triggers the re-index, and can be turned off', () => {
    service.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionNamed('reindex').logicalId, 'Arn'] }, Input: Match.absent() })],
    });
    const off = synth({ 'docpipe:reindexSchedule': 'off' }).service;
    off.resourceCountIs('AWS::Events::Rule', 1);
    off.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ InputTransformer: Match.anyValue() })] });
  });

  it('a second schedule sends the reprocess action (with the event id and time) to the same function, and can be turned off', () => {
    const rule = Object.values(service.findResources('AWS::Events::Rule')).find((r) => r.Properties.Targets?.[0]?.InputTransformer);
    assert.ok(rule, 'a rule with an input template');
    assert.equal(rule.Properties.ScheduleExpression, 'rate(1 day)');
    const target = rule.Properties.Targets[0];
    assert.deepEqual(target.Arn, { 'Fn::GetAtt': [functionNamed('reindex').logicalId, 'Arn'] });
    assert.deepEqual(JSON.parse(target.InputTransformer.InputTemplate.replace(/<(\w+)>/g, '"<$1>"')), { action: 'reprocess', id: '<id>', time: '<time>' });
    assert.deepEqual(target.InputTransformer.InputPathsMap, { id: '$.id', time: '$.time' });
    const off = synth({ 'docpipe:reprocessSchedule': 'off' }).service;
    off.resourceCountIs('AWS::Events::Rule', 1);
    assert.equal(Object.values(off.findResources('AWS::Events::Rule'))[0]?.Properties.Targets[0].InputTransformer, undefined);
  });

  it('alarms go to one SNS topic: dead letters, errors and throttles of every function, iterator age, cluster red/yellow, storage, JVM', () => {
    const alarms = Object.values(service.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const topic = Object.keys(service.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of alarms) assert.deepEqual(alarm.AlarmActions, [{ Ref: topic }]);
    const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name).length;
    assert.equal(byMetric('ApproximateNumberOfMessagesVisible'), 2, 'ingest DLQ and stream failure queue');
    assert.equal(byMetric('Errors'), 4);
    assert.equal(byMetric('Throttles'), 4);
    assert.equal(byMetric('IteratorAge'), 1);
    for (const metric of ['ClusterStatus.red', 'ClusterStatus.yellow', 'FreeStorageSpace', 'JVMMemoryPressure']) assert.equal(byMetric(metric), 1, metric);
    service.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    service.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } });
  });

  it('alarm email is subscribed when configured', () => {
    synth({ 'docpipe:alarmEmail': 'ops@example.org' }).service.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  });
});

describe('cdk-nag AwsSolutions', () => {
  const configurations: Record<string, Record<string, unknown>> = {
    'dev (default)': {},
    production: { 'docpipe:profile': 'production' },
    'jwt auth': JWT,
    'public + WAF': { 'docpipe:auth': 'none', 'docpipe:wafWebAclArn': WAF_ACL },
    'in a VPC': { 'docpipe:vpc': 'true', 'docpipe:profile': 'production', 'docpipe:searchZones': '2', 'docpipe:searchDataNodes': '2' },
  };
  for (const [name, context] of Object.entries(configurations)) {
    it(`finds nothing unacknowledged on either stack: ${name}`, () => {
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
      buildApp(app);
      const report = new AwsSolutionsChecks(app).validateScope(app);
      assert.deepEqual(report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)), []);
    });
  }

  it('every acknowledgement carries a reason', () => {
    // Validations.acknowledge() records { id: reason } on the construct it names.
    const acknowledged = dev.app.node.findAll().flatMap((c) =>
      c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.entries(m.data as Record<string, string>)));
    assert.ok(acknowledged.length > 10);
    for (const [id, reason] of acknowledged) assert.ok(typeof reason === 'string' && reason.length > 20, `${id} has no reason`);
  });
});

describe('cdk synth', () => {
  it('`cdk synth` runs offline, checks both stacks with cdk-nag, and bundles each function with the local esbuild into ES modules', { timeout: 240_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), 'docpipe-cdk-'));
    try {
      const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', out], { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8', timeout: 230_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.ok(statSync(join(out, 'DocpipeData.template.json')).isFile());
      assert.ok(statSync(join(out, 'DocpipeApp.template.json')).isFile());
      const bundles = readdirSync(out).filter((d) => d.startsWith('asset.')).map((d) => join(out, d, 'index.mjs')).filter((f) => statSync(f, { throwIfNoEntry: false }));
      assert.ok(bundles.length >= 4, `expected 4 function bundles, found ${bundles.length}`);
      for (const asset of bundles.map((b) => dirname(b))) {
        for (const file of readdirSync(asset).filter((f) => f.endsWith('.mjs'))) assert.ok(!readFileSync(join(asset, file), 'utf8').includes('better-sqlite3'), `${asset}/${file} carries the local engine`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
