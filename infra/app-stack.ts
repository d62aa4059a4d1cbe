import { ArnFormat, CfnOutput, Duration, Fn, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { AllowedMethods, CachePolicy, Distribution, OriginRequestPolicy, SecurityPolicyProtocol, ViewerProtocolPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { EventField, Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Domain } from 'aws-cdk-lib/aws-opensearchservice';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../shared/adapters/dynamodb-items.ts';
import { REINDEX_CONTROL_KEY, REPROCESS_CONTROL_KEY } from '../shared/adapters/dynamodb-reindex-state.ts';
import { DEFAULT_INDEX_ALIAS, ENV } from '../shared/env-names.ts';
import { ORIGIN_SECRET_HEADER } from '../shared/origin-secret.ts';
import {
  INDEX_TIMEOUT_SECONDS, INGEST_BATCH_SIZE, INGEST_MAX_RECEIVE_COUNT, INGEST_TIMEOUT_SECONDS, INGEST_VISIBILITY_TIMEOUT_SECONDS, STREAM_BATCH_SIZE, STREAM_RETRY_ATTEMPTS,
} from '../shared/pipeline-tuning.ts';
import type { DeploymentConfig } from './config.ts';
import type { DocpipeDataStack } from './data-stack.ts';
import { PipelineMonitoring } from './monitoring.ts';
import { bucketArn, DATA_NAMES, domainArn, tableArn } from './naming.ts';
import { PipelineFunction, retentionOf } from './pipeline-function.ts';
import { SECURE_QUEUE_DEFAULTS } from './secure-defaults.ts';

export interface AppStackProps extends StackProps {
  config: DeploymentConfig;
  data: DocpipeDataStack;
}

/** The ingest function's timeout (shared/pipeline-tuning.ts says why five minutes). */
export const INGEST_TIMEOUT = Duration.seconds(INGEST_TIMEOUT_SECONDS);

/**
 * Everything stateless: queues, functions, the API, the schedule, alarms. Deployed after the data
 * stack and safe to replace: it holds no document data (messages in flight aside, which the
 * reconcile re-derives from the bucket).
 */
export class DocpipeAppStack extends Stack {
  readonly api: HttpApi;
  readonly monitoring: PipelineMonitoring;
  readonly functions: Record<'ingest' | 'index' | 'search' | 'reindex', PipelineFunction>;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, data } = props;
    const network = data.network ? { vpc: data.network.vpc, securityGroup: data.network.clients } : undefined;
    const base = { config };

    const ingestDlq = new Queue(this, 'IngestDlq', { ...SECURE_QUEUE_DEFAULTS, retentionPeriod: Duration.days(14) });
    const ingestQueue = new Queue(this, 'IngestQueue', {
      ...SECURE_QUEUE_DEFAULTS,
      visibilityTimeout: Duration.seconds(INGEST_VISIBILITY_TIMEOUT_SECONDS),
      deadLetterQueue: { queue: ingestDlq, maxReceiveCount: INGEST_MAX_RECEIVE_COUNT },
    });
    // The notification configuration is set from here (on the bucket by reference), so the data stack
    // does not depend on this one; CDK merges it with any notifications the bucket already has.
    const rawBucket = Bucket.fromBucketAttributes(this, 'RawBucketRef', { bucketName: DATA_NAMES.rawBucket, bucketArn: bucketArn(DATA_NAMES.rawBucket) });
    const processedBucket = Bucket.fromBucketAttributes(this, 'ProcessedBucketRef', { bucketName: DATA_NAMES.processedBucket, bucketArn: bucketArn(DATA_NAMES.processedBucket) });
    const table = Table.fromTableAttributes(this, 'TableRef', { tableArn: tableArn(this), tableStreamArn: data.table.tableStreamArn, grantIndexPermissions: true });
    const domain = Domain.fromDomainAttributes(this, 'DomainRef', { domainArn: domainArn(this), domainEndpoint: data.domain.domainEndpoint });
    for (const type of [EventType.OBJECT_CREATED, EventType.OBJECT_REMOVED, EventType.LIFECYCLE_EXPIRATION]) {
      rawBucket.addEventNotification(type, new SqsDestination(ingestQueue));
    }

    const ingest = new PipelineFunction(this, 'IngestFunction', {
      ...base,
      name: 'ingest',
      timeout: INGEST_TIMEOUT,
      memorySize: 1024,
      environment: { [ENV.TABLE_NAME]: table.tableName, [ENV.PROCESSED_BUCKET]: processedBucket.bucketName },
    });
    rawBucket.grantRead(ingest);
    processedBucket.grantReadWrite(ingest);
    processedBucket.grantDelete(ingest);
    table.grantReadWriteData(ingest);
    ingest.addEventSource(new SqsEventSource(ingestQueue, { batchSize: INGEST_BATCH_SIZE, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true }));

    const searchEnv = { [ENV.OPENSEARCH_ENDPOINT]: data.searchEndpoint, [ENV.INDEX_ALIAS]: DEFAULT_INDEX_ALIAS };
    const indexer = new PipelineFunction(this, 'IndexFunction', {
      ...base,
      name: 'index',
      timeout: Duration.seconds(INDEX_TIMEOUT_SECONDS),
      memorySize: 512,
      // A ceiling, so a burst of uploads queues in the stream instead of overloading the domain.
      reservedConcurrentExecutions: config.indexerConcurrency,
      ...(network ? { network } : {}),
      environment: { ...searchEnv, [ENV.PROCESSED_BUCKET]: processedBucket.bucketName, [ENV.TABLE_NAME]: table.tableName },
    });
    processedBucket.grantRead(indexer);
    table.grantReadData(indexer);
    domain.grantIndexReadWrite(DEFAULT_INDEX_ALIAS, indexer);
    domain.grantPathReadWrite('_bulk', indexer);
    const streamFailures = new Queue(this, 'IndexStreamDlq', { ...SECURE_QUEUE_DEFAULTS, retentionPeriod: Duration.days(14) });
    indexer.addEventSource(new DynamoEventSource(table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: STREAM_BATCH_SIZE,
      bisectBatchOnError: true,
      retryAttempts: STREAM_RETRY_ATTEMPTS,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(streamFailures),
      // Document rows only: the table's control row (re-index lock and checkpoint) is not indexed.
      filters: [FilterCriteria.filter({ dynamodb: { Keys: { [TABLE_KEYS.partitionKey]: { S: FilterRule.beginsWith('DOC#') } } } })],
    }));

    const search = new PipelineFunction(this, 'SearchFunction', {
      ...base,
      name: 'search',
      timeout: Duration.seconds(10),
      memorySize: 512,
      ...(network ? { network } : {}),
      environment: { ...searchEnv, [ENV.TABLE_NAME]: table.tableName, [ENV.PROCESSED_BUCKET]: processedBucket.bucketName },
    });
    domain.grantIndexRead(DEFAULT_INDEX_ALIAS, search);
    // GET /documents/{id}: the row, the cleaned text, and a presigned link to the original (signed by this role).
    table.grantReadData(search);
    processedBucket.grantRead(search);
    rawBucket.grantRead(search);
    this.api = this.searchApi(config, search);

    // Named, so its role can be allowed to invoke it (continuations) without a circular reference.
    const reindexName = `${this.stackName}-reindex`;
    const reindex = new PipelineFunction(this, 'ReindexFunction', {
      ...base,
      name: 'reindex',
      functionName: reindexName,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      ...(network ? { network } : {}),
      environment: {
        ...searchEnv,
        [ENV.TABLE_NAME]: table.tableName,
        [ENV.PROCESSED_BUCKET]: processedBucket.bucketName,
        [ENV.RAW_BUCKET]: rawBucket.bucketName,
        [ENV.INGEST_QUEUE_URL]: ingestQueue.queueUrl,
      },
    });
    // Reads every row; writes only the control rows (lock, checkpoint) — reconcile and reprocess
    // hand work to the ingest queue, never write rows.
    table.grantReadData(reindex);
    reindex.addToRolePolicy(new PolicyStatement({
      actions: ['dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [REINDEX_CONTROL_KEY[TABLE_KEYS.partitionKey], REPROCESS_CONTROL_KEY[TABLE_KEYS.partitionKey]] } },
    }));
    processedBucket.grantRead(reindex);
    rawBucket.grantRead(reindex);
    ingestQueue.grantSendMessages(reindex);
    reindex.addToRolePolicy(new PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [this.formatArn({ service: 'lambda', resource: 'function', resourceName: reindexName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    // New versioned indices, alias moves, counts, deletes of replaced indices: the whole domain.
    domain.grantReadWrite(reindex);
    if (config.reindexSchedule !== 'off') {
      new Rule(this, 'ReindexSchedule', {
        description: 'Blue/green re-index of the search domain from the table, then a reconcile',
        schedule: Schedule.expression(config.reindexSchedule),
        targets: [new LambdaFunction(reindex, { retryAttempts: 0 })],
      });
    }
    if (config.reprocessSchedule !== 'off') {
      new Rule(this, 'ReprocessSchedule', {
        description: 'Reprocess the rows an older pipeline version made (after an upgrade), through the ingest queue',
        schedule: Schedule.expression(config.reprocessSchedule),
        targets: [new LambdaFunction(reindex, {
          retryAttempts: 0,
          event: RuleTargetInput.fromObject({ action: 'reprocess', id: EventField.eventId, time: EventField.time }),
        })],
      });
    }

    this.functions = { ingest, index: indexer, search, reindex };
    this.monitoring = new PipelineMonitoring(this, 'Monitoring', {
      config,
      functions: this.functions,
      deadLetterQueues: { IngestDlq: ingestDlq, IndexStreamDlq: streamFailures },
      ingestQueue,
      domain: domain,
      api: this.api,
    });

    new CfnOutput(this, 'SearchApiUrl', { value: `${this.api.apiEndpoint}/search?q=`, description: `Search endpoint (auth: ${config.auth.mode})` });
    new CfnOutput(this, 'SearchPageUrl', { value: `${this.api.apiEndpoint}/`, description: 'Search page' });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', { value: ingestDlq.queueUrl });
    new CfnOutput(this, 'IngestDeadLetterQueueArn', { value: ingestDlq.queueArn, description: 'docpipe redrive --dlq-arn <this>' });
    new CfnOutput(this, 'ReindexFunctionName', { value: reindex.functionName, description: 'Invoke with {"action":"reconcile"}, {"action":"rollback"} or {"action":"reprocess"}' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'Subscribe to receive alarms' });
  }

  /** HTTP API (GET only: read-only) with the configured auth, throttling, access logs and CORS; CloudFront + WAF when asked. */
  private searchApi(config: DeploymentConfig, search: PipelineFunction): HttpApi {
    const authorizer: IHttpRouteAuthorizer | undefined =
      config.auth.mode === 'iam' ? new HttpIamAuthorizer()
      : config.auth.mode === 'jwt' ? new HttpJwtAuthorizer('JwtAuthorizer', config.auth.issuer, { jwtAudience: config.auth.audience })
      : undefined;
    const api = new HttpApi(this, 'SearchApi', {
      description: 'docpipe search endpoint',
      createDefaultStage: false,
      ...(authorizer ? { defaultAuthorizer: authorizer } : {}),
      corsPreflight: {
        allowOrigins: config.corsOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.OPTIONS],
        allowHeaders: ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new LogGroup(this, 'SearchApiAccessLogs', { retention: retentionOf(config) });
    new HttpStage(this, 'SearchApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiRateLimit, burstLimit: config.apiBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify({
          requestId: '$context.requestId', ip: '$context.identity.sourceIp', method: '$context.httpMethod', path: '$context.path',
          status: '$context.status', latencyMs: '$context.responseLatency', integrationError: '$context.integrationErrorMessage',
          principal: config.auth.mode === 'iam' ? '$context.identity.userArn' : config.auth.mode === 'jwt' ? '$context.authorizer.claims.sub' : '-',
        })),
      },
    });
    const integration = new HttpLambdaIntegration('SearchIntegration', search);
    for (const path of ['/', '/search', '/documents/{id}', '/health']) api.addRoutes({ path, methods: [HttpMethod.GET], integration });

    if (config.wafWebAclArn) {
      // AWS WAF cannot attach to an HTTP API: it fronts the API through CloudFront instead. The
      // execute-api URL stays reachable, so CloudFront proves itself with a secret header the search
      // function checks (a direct request lacks it and gets 403). Checked in the function rather than by
      // a Lambda authorizer: no second function and cold start on the path, and one status (403)
      // where an authorizer answers 401 to a request missing its identity header.
      const originSecret = new Secret(this, 'SearchOriginSecret', {
        description: `Header ${ORIGIN_SECRET_HEADER}: CloudFront sends it to the docpipe search API, which refuses requests without it (docs/operations.md, Rotate)`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      search.addEnvironment(ENV.ORIGIN_SECRET_ARN, originSecret.secretArn);
      originSecret.grantRead(search);
      const headerValue = config.originSecretVersion
        ? SecretValue.secretsManager(originSecret.secretArn, { versionId: config.originSecretVersion })
        : originSecret.secretValue;
      const distribution = new Distribution(this, 'SearchCdn', {
        comment: 'docpipe search API behind AWS WAF',
        webAclId: config.wafWebAclArn,
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
        defaultBehavior: {
          // A CloudFormation dynamic reference: the value is resolved at deploy time, never written into the template.
          origin: new HttpOrigin(Fn.select(2, Fn.split('/', api.apiEndpoint)), { customHeaders: { [ORIGIN_SECRET_HEADER]: headerValue.unsafeUnwrap() } }),
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      });
      new CfnOutput(this, 'SearchOriginSecretArn', { value: originSecret.secretArn, description: 'The origin secret CloudFront sends; rotate it as docs/operations.md says' });
      new CfnOutput(this, 'SearchCdnUrl', { value: `https://${distribution.distributionDomainName}/`, description: 'Search page and API through AWS WAF' });
    }
    return api;
  }
}
