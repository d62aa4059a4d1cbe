import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EbsDeviceVolumeType, GatewayVpcEndpointAwsService, InterfaceVpcEndpointAwsService, Port, SecurityGroup, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import { ArnPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Domain, EngineVersion, TLSSecurityPolicy } from 'aws-cdk-lib/aws-opensearchservice';
import { Bucket, type BucketProps } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { EXPECTED_ENGINE_VERSION } from '../shared/adapters/opensearch-domain-check.ts';
import { allIndexes, ATTRIBUTES, SUMMARY_ATTRIBUTES, TABLE_KEYS } from '../shared/adapters/dynamodb-items.ts';
import type { DeploymentConfig } from './config.ts';
import { DATA_NAMES } from './naming.ts';
import { FUNCTION_ROLES, functionRoleName, retentionOf } from './pipeline-function.ts';
import { SECURE_BUCKET_DEFAULTS } from './secure-defaults.ts';

export interface DataStackProps extends StackProps {
  config: DeploymentConfig;
  /** Name of the stateless stack: the domain's resource policy names its function roles. */
  appStackName: string;
}

/** The OpenSearch engine the stack runs: the one `docpipe doctor` expects. */
export const SEARCH_ENGINE = EngineVersion.openSearch(EXPECTED_ENGINE_VERSION.replace(/^OpenSearch_/, ''));

/**
 * Everything that holds data: buckets, the table, the search domain, their logs, and the network
 * the domain may live in. Retained on stack deletion, and deployed separately from the code, so a
 * code deploy never replaces or touches any of it.
 */
export class DocpipeDataStack extends Stack {
  readonly rawBucket: Bucket;
  readonly processedBucket: Bucket;
  readonly table: Table;
  readonly domain: Domain;
  readonly searchEndpoint: string;
  /** When the domain is in a VPC: the VPC, and the security group its callers must use. */
  readonly network: { vpc: Vpc; clients: SecurityGroup } | undefined;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    const logBucket = new Bucket(this, 'AccessLogBucket', {
      ...SECURE_BUCKET_DEFAULTS,
      bucketName: DATA_NAMES.accessLogBucket,
      versioned: false,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(config.logRetentionDays) }],
    });
    const dataBucket = (name: string, bucketName: string): BucketProps => ({
      ...SECURE_BUCKET_DEFAULTS,
      bucketName,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: `${name}/`,
      lifecycleRules: [
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(config.noncurrentVersionDays) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    this.rawBucket = new Bucket(this, 'RawBucket', dataBucket('raw', DATA_NAMES.rawBucket));
    this.processedBucket = new Bucket(this, 'ProcessedBucket', dataBucket('processed', DATA_NAMES.processedBucket));

    this.table = new Table(this, 'DocumentsTable', {
      tableName: DATA_NAMES.table,
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // DELETED rows (tombstones that reject late events) expire after TOMBSTONE_TTL_SECONDS.
      timeToLiveAttribute: ATTRIBUTES.expiresAt,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The same indexes the local stack creates (shared/adapters/dynamodb-items.ts); access patterns in docs/metadata.md.
    for (const index of allIndexes()) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...SUMMARY_ATTRIBUTES],
      });
    }

    this.network = config.vpc ? this.privateNetwork(config) : undefined;
    const logGroup = (name: string) => new LogGroup(this, `Search${name}Logs`, { retention: retentionOf(config), removalPolicy: RemovalPolicy.RETAIN });
    const { search } = config;
    this.domain = new Domain(this, 'SearchDomain', {
      domainName: DATA_NAMES.domain,
      version: SEARCH_ENGINE,
      capacity: {
        dataNodes: search.dataNodes,
        dataNodeInstanceType: search.dataNodeInstanceType,
        ...(search.masterNodes > 0 ? { masterNodes: search.masterNodes, masterNodeInstanceType: search.masterNodeInstanceType } : {}),
        multiAzWithStandbyEnabled: false,
      },
      zoneAwareness: search.zones > 1 ? { enabled: true, availabilityZoneCount: search.zones } : { enabled: false },
      ebs: { volumeSize: search.volumeGb, volumeType: EbsDeviceVolumeType.GP3 },
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2,
      logging: {
        slowSearchLogEnabled: true,
        slowSearchLogGroup: logGroup('SlowSearch'),
        slowIndexLogEnabled: true,
        slowIndexLogGroup: logGroup('SlowIndex'),
        appLogEnabled: true,
        appLogGroup: logGroup('Error'),
      },
      ...(this.network
        ? { vpc: this.network.vpc, vpcSubnets: [{ subnets: this.network.vpc.isolatedSubnets.slice(0, search.zones) }], securityGroups: [this.domainSecurityGroup(this.network)] }
        : {}),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // IAM-only access: the resource policy names exactly the roles of the functions that call the domain
    // (by name, so this stack does not depend on the stateless one).
    this.domain.addAccessPolicies(new PolicyStatement({
      principals: FUNCTION_ROLES.filter((f) => f !== 'ingest').map((f) => new ArnPrincipal(`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${functionRoleName(props.appStackName, f)}`)),
      actions: ['es:ESHttp*'],
      resources: [`${this.domain.domainArn}/*`],
    }));
    this.searchEndpoint = `https://${this.domain.domainEndpoint}`;

    new CfnOutput(this, 'RawBucketName', { value: this.rawBucket.bucketName, description: 'Drop documents here' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Metadata table (PITR on: docs/operations.md#restore)' });
    new CfnOutput(this, 'SearchDomainName', { value: this.domain.domainName, description: 'docpipe doctor --domain <this>' });
    new CfnOutput(this, 'SearchDomainEndpoint', { value: this.searchEndpoint });
  }

  /**
   * Isolated subnets only (no internet, no NAT): the functions reach AWS services through endpoints,
   * and the domain is reachable only from the callers' security group.
   */
  private privateNetwork(config: DeploymentConfig): { vpc: Vpc; clients: SecurityGroup } {
    if (config.search.zones > this.availabilityZones.length) {
      throw new Error(`docpipe:vpc with ${config.search.zones} search zones needs ${config.search.zones} availability zones, and this stack sees ${this.availabilityZones.length}: deploy with an account and region (CDK_DEFAULT_ACCOUNT/CDK_DEFAULT_REGION, e.g. through \`cdk deploy --profile\`) or set docpipe:searchZones=2.`);
    }
    const vpc = new Vpc(this, 'Network', {
      maxAzs: Math.max(2, config.search.zones),
      natGateways: 0,
      subnetConfiguration: [{ name: 'isolated', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      gatewayEndpoints: { S3: { service: GatewayVpcEndpointAwsService.S3 }, DynamoDB: { service: GatewayVpcEndpointAwsService.DYNAMODB } },
      flowLogs: { rejected: {} },
    });
    for (const [name, service] of [['Sqs', InterfaceVpcEndpointAwsService.SQS], ['Lambda', InterfaceVpcEndpointAwsService.LAMBDA], ['Logs', InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS], ['Monitoring', InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING], ['XRay', InterfaceVpcEndpointAwsService.XRAY]] as const) {
      vpc.addInterfaceEndpoint(`${name}Endpoint`, { service, privateDnsEnabled: true });
    }
    // Behind a WAF the search function reads the origin secret (infra/app-stack.ts); without this it could not.
    if (config.wafWebAclArn) vpc.addInterfaceEndpoint('SecretsManagerEndpoint', { service: InterfaceVpcEndpointAwsService.SECRETS_MANAGER, privateDnsEnabled: true });
    const clients = new SecurityGroup(this, 'SearchClients', { vpc, description: 'Functions that call the search domain', allowAllOutbound: true });
    return { vpc, clients };
  }

  private domainSecurityGroup(network: { vpc: Vpc; clients: SecurityGroup }): SecurityGroup {
    const group = new SecurityGroup(this, 'SearchDomainGroup', { vpc: network.vpc, description: 'The search domain: HTTPS from docpipe functions only', allowAllOutbound: false });
    group.addIngressRule(network.clients, Port.tcp(443), 'HTTPS from docpipe functions');
    return group;
  }
}
