import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EbsDeviceVolumeType } from 'aws-cdk-lib/aws-ec2';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Domain, EngineVersion, TLSSecurityPolicy } from 'aws-cdk-lib/aws-opensearchservice';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { allIndexes, ATTRIBUTES, SUMMARY_ATTRIBUTES, TABLE_KEYS } from '../shared/adapters/dynamodb-items.ts';
import { DEFAULT_INDEX_ALIAS, ENV } from '../shared/env-names.ts';
import { PipelineFunction } from './pipeline-function.ts';
import { SECURE_BUCKET_DEFAULTS, SECURE_QUEUE_DEFAULTS } from './secure-defaults.ts';

export interface DocpipeStackProps extends StackProps {
  /** EventBridge schedule expression for the full re-index, e.g. "rate(1 day)"; "off" disables it. */
  reindexSchedule: string;
}

const INGEST_TIMEOUT = Duration.minutes(2);

/**
 * The pipeline in AWS: raw bucket → notifications → SQS (+DLQ) → ingest → processed bucket + table →
 * stream → index → OpenSearch; HTTP API → search; schedule → reindex.
 */
export class DocpipeStack extends Stack {
  constructor(scope: Construct, id: string, props: DocpipeStackProps) {
    super(scope, id, props);

    const rawBucket = new Bucket(this, 'RawBucket', SECURE_BUCKET_DEFAULTS);
    const processedBucket = new Bucket(this, 'ProcessedBucket', SECURE_BUCKET_DEFAULTS);

    const ingestDlq = new Queue(this, 'IngestDlq', { ...SECURE_QUEUE_DEFAULTS, retentionPeriod: Duration.days(14) });
    const ingestQueue = new Queue(this, 'IngestQueue', {
      ...SECURE_QUEUE_DEFAULTS,
      // AWS guidance: at least six times the consumer's timeout, so retries never overlap a running batch.
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: ingestDlq, maxReceiveCount: 5 },
    });
    rawBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(ingestQueue));
    rawBucket.addEventNotification(EventType.OBJECT_REMOVED, new SqsDestination(ingestQueue));
    // Lifecycle expirations remove keys too (and are not ObjectRemoved events).
    rawBucket.addEventNotification(EventType.LIFECYCLE_EXPIRATION, new SqsDestination(ingestQueue));

    const table = new Table(this, 'DocumentsTable', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // DELETED rows (tombstones that reject late events) expire after TOMBSTONE_TTL_SECONDS.
      timeToLiveAttribute: ATTRIBUTES.expiresAt,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The same indexes the local stack creates (shared/adapters/dynamodb-items.ts); access patterns in docs/metadata.md.
    for (const index of allIndexes()) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...SUMMARY_ATTRIBUTES],
      });
    }

    const domain = new Domain(this, 'SearchDomain', {
      version: EngineVersion.OPENSEARCH_2_19,
      capacity: { dataNodes: 1, dataNodeInstanceType: 't3.small.search', multiAzWithStandbyEnabled: false },
      ebs: { volumeSize: 10, volumeType: EbsDeviceVolumeType.GP3 },
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const searchEndpoint = `https://${domain.domainEndpoint}`;

    const ingest = new PipelineFunction(this, 'IngestFunction', {
      name: 'ingest',
      timeout: INGEST_TIMEOUT,
      memorySize: 1024,
      environment: { [ENV.TABLE_NAME]: table.tableName, [ENV.PROCESSED_BUCKET]: processedBucket.bucketName },
    });
    rawBucket.grantRead(ingest);
    processedBucket.grantReadWrite(ingest);
    processedBucket.grantDelete(ingest);
    table.grantReadWriteData(ingest);
    ingest.addEventSource(new SqsEventSource(ingestQueue, { batchSize: 10, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true }));

    const searchEnv = { [ENV.OPENSEARCH_ENDPOINT]: searchEndpoint, [ENV.INDEX_ALIAS]: DEFAULT_INDEX_ALIAS };
    const indexer = new PipelineFunction(this, 'IndexFunction', {
      name: 'index',
      timeout: Duration.minutes(1),
      memorySize: 512,
      environment: { ...searchEnv, [ENV.PROCESSED_BUCKET]: processedBucket.bucketName, [ENV.TABLE_NAME]: table.tableName },
    });
    processedBucket.grantRead(indexer);
    table.grantReadData(indexer);
    domain.grantIndexReadWrite(DEFAULT_INDEX_ALIAS, indexer);
    domain.grantPathReadWrite('_bulk', indexer);
    domain.grantReadWrite(indexer);
    const streamDlq = new Queue(this, 'IndexStreamDlq', { ...SECURE_QUEUE_DEFAULTS, retentionPeriod: Duration.days(14) });
    indexer.addEventSource(new DynamoEventSource(table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      bisectBatchOnError: true,
      retryAttempts: 5,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(streamDlq),
      // Document rows only: the table's control row (re-index lock and checkpoint) is not indexed.
      filters: [FilterCriteria.filter({ dynamodb: { Keys: { [TABLE_KEYS.partitionKey]: { S: FilterRule.beginsWith('DOC#') } } } })],
    }));

    const search = new PipelineFunction(this, 'SearchFunction', {
      name: 'search',
      timeout: Duration.seconds(10),
      memorySize: 512,
      environment: { ...searchEnv, [ENV.TABLE_NAME]: table.tableName, [ENV.PROCESSED_BUCKET]: processedBucket.bucketName },
    });
    domain.grantIndexRead(DEFAULT_INDEX_ALIAS, search);
    // GET /documents/{id}: the row, the cleaned text, and a presigned link to the original (signed by this role).
    table.grantReadData(search);
    processedBucket.grantRead(search);
    rawBucket.grantRead(search);
    const api = new HttpApi(this, 'SearchApi', { description: 'docpipe search endpoint' });
    const integration = new HttpLambdaIntegration('SearchIntegration', search);
    for (const path of ['/', '/search', '/documents/{id}', '/health']) api.addRoutes({ path, methods: [HttpMethod.GET], integration });

    // Named, so its role can be allowed to invoke it (continuations) without a circular reference.
    const reindexName = `${this.stackName}-reindex`;
    const reindex = new PipelineFunction(this, 'ReindexFunction', {
      name: 'reindex',
      functionName: reindexName,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment: {
        ...searchEnv,
        [ENV.TABLE_NAME]: table.tableName,
        [ENV.PROCESSED_BUCKET]: processedBucket.bucketName,
        [ENV.RAW_BUCKET]: rawBucket.bucketName,
        [ENV.INGEST_QUEUE_URL]: ingestQueue.queueUrl,
      },
    });
    // Reads every row; writes only the control row (lock, checkpoint) — reconcile re-queues, never writes rows.
    table.grantReadData(reindex);
    reindex.addToRolePolicy(new PolicyStatement({
      actions: ['dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['CONTROL#reindex'] } },
    }));
    processedBucket.grantRead(reindex);
    rawBucket.grantRead(reindex);
    ingestQueue.grantSendMessages(reindex);
    reindex.addToRolePolicy(new PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: [this.formatArn({ service: 'lambda', resource: 'function', resourceName: reindexName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
    }));
    domain.grantReadWrite(reindex);
    if (props.reindexSchedule !== 'off') {
      new Rule(this, 'ReindexSchedule', {
        description: 'Full rebuild of the search index from the table',
        schedule: Schedule.expression(props.reindexSchedule),
        targets: [new LambdaFunction(reindex, { retryAttempts: 0 })],
      });
    }

    // IAM-only access: the domain's resource policy names exactly the roles that call it.
    domain.addAccessPolicies(new PolicyStatement({
      principals: [indexer.role!, search.role!, reindex.role!],
      actions: ['es:ESHttp*'],
      resources: [`${domain.domainArn}/*`],
    }));

    new CfnOutput(this, 'RawBucketName', { value: rawBucket.bucketName, description: 'Drop documents here' });
    new CfnOutput(this, 'SearchApiUrl', { value: `${api.apiEndpoint}/search?q=`, description: 'Search endpoint' });
    new CfnOutput(this, 'SearchPageUrl', { value: `${api.apiEndpoint}/`, description: 'Search page' });
    new CfnOutput(this, 'SearchDomainEndpoint', { value: searchEndpoint });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', { value: ingestDlq.queueUrl });
    new CfnOutput(this, 'IngestDeadLetterQueueArn', { value: ingestDlq.queueArn, description: 'docpipe redrive --dlq-arn <this>' });
    new CfnOutput(this, 'ReindexFunctionName', { value: reindex.functionName, description: 'Invoke with {"action":"reconcile"} or {"action":"rollback"}' });
  }
}
