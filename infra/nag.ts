import { Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { DocpipeAppStack } from './app-stack.ts';
import type { DeploymentConfig } from './config.ts';
import type { DocpipeDataStack } from './data-stack.ts';
import { DATA_NAMES } from './naming.ts';

/** `<LogicalId.Arn>` as cdk-nag spells a resource in a finding id. */
function arnOf(construct: IConstruct): string {
  const element = construct.node.defaultChild as CfnElement;
  return `<${Stack.of(construct).getLogicalId(element)}.Arn>`;
}

/** A name built from pseudo parameters, as cdk-nag spells it (`<AWS::AccountId>`). */
const spelled = (name: string): string => name.replace(/\$\{Token\[AWS\.(\w+)\.\d+\]\}/g, (_, p: string) => `<AWS::${p}>`);
const S3 = (bucket: string) => `arn:<AWS::Partition>:s3:::${spelled(bucket)}`;
/** Region and account as they appear in the stack's own ARNs: literal when the stack has an environment. */
function where(stack: Stack): string {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  return `${region}:${account}`;
}

/**
 * cdk-nag AwsSolutions findings acknowledged on purpose, each with a one-line reason. cdk-nag 3 needs
 * every finding acknowledged by its full id; anything not listed here fails `npm run synth` and the
 * infrastructure test.
 */
export function acknowledgeFindings(data: DocpipeDataStack, service: DocpipeAppStack, config: DeploymentConfig): void {
  const ack = (scope: IConstruct, id: string, reason: string): void => Validations.of(scope).acknowledge({ id: `AwsSolutions-${id}`, reason });
  const TABLE = `arn:<AWS::Partition>:dynamodb:${where(service)}:table/${DATA_NAMES.table}`;
  const DOMAIN = `arn:<AWS::Partition>:es:${where(service)}:domain/${DATA_NAMES.domain}`;

  // CDK's own custom resources (bucket notifications on an imported bucket; the domain's log-group resource policy).
  ack(service, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'Only CDK\'s bucket-notifications custom resource uses the managed logging policy; docpipe functions have their own log-group-scoped policy.');
  ack(data, 'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'CDK\'s custom resource that writes the CloudWatch Logs resource policy for the domain\'s slow and error logs.');
  ack(data, 'IAM5[Resource::*]', 'logs:PutResourcePolicy (CDK\'s domain log custom resource) has no resource-level permissions.');

  for (const [name, fn] of Object.entries(service.functions)) {
    const role = fn.role ?? fn;
    ack(role, 'IAM5[Resource::*]', 'X-Ray trace upload (xray:PutTraceSegments, PutTelemetryRecords) has no resource-level permissions.');
    ack(role, `IAM5[Resource::${arnOf(fn.logs)}:*]`, `Log streams inside the ${name} function's own log group.`);
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*']) ack(role, `IAM5[Action::${action}]`, 'CDK grantRead action group, on the named bucket(s) only.');
    ack(role, `IAM5[Resource::${S3(DATA_NAMES.processedBucket)}/*]`, 'Any processed-text object: keys are document ids, not known in advance.');
    ack(role, `IAM5[Resource::${TABLE}/index/*]`, 'Queries on the metadata table\'s own secondary indexes.');
    if (name !== 'index') ack(role, `IAM5[Resource::${S3(DATA_NAMES.rawBucket)}/*]`, 'Any uploaded object: the raw bucket\'s keys are whatever users upload.');
  }
  for (const action of ['s3:DeleteObject*', 's3:Abort*']) ack(service.functions.ingest.role ?? service, `IAM5[Action::${action}]`, 'CDK grantReadWrite/grantDelete action group on the processed bucket only (superseded texts are deleted).');
  for (const fn of [service.functions.index, service.functions.search]) {
    ack(fn.role ?? fn, `IAM5[Resource::${DOMAIN}/documents/*]`, 'Documents behind the search alias.');
  }
  ack(service.functions.reindex.role ?? service, `IAM5[Resource::${DOMAIN}/*]`, 'Blue/green re-index: creates versioned indices, moves aliases, deletes replaced indices.');
  ack(service.node.findChild('IndexStreamDlq'), 'SQS3', 'The index stream failure queue is itself a failure destination (it receives batch descriptors); it needs no dead-letter queue of its own.');

  if (data.network) {
    for (const endpoint of data.network.vpc.node.children.filter((c) => c.node.id.endsWith('Endpoint'))) {
      const group = endpoint.node.tryFindChild('SecurityGroup');
      if (group) ack(group, 'EC23', 'Interface endpoint: HTTPS from the VPC\'s own CIDR only (a token cdk-nag cannot read).');
    }
    ack(data.domain, 'OS3', 'In a VPC, reachable only from the docpipe functions\' security group; access by IAM (SigV4).');
  }
  if (config.auth.mode === 'none') {
    ack(service.api, 'APIG4', 'docpipe:auth=none: a public, read-only search endpoint by configuration (throttled; WAF optional).');
  }
  const cdn = service.node.tryFindChild('SearchCdn');
  if (cdn) {
    ack(cdn, 'CFR1', 'No geo restriction: the service is not region-bound; the web ACL can add one.');
    ack(cdn, 'CFR3', 'Every request is logged by the API access logs behind the distribution and by AWS WAF.');
    const originSecret = service.node.tryFindChild('SearchOriginSecret');
    if (originSecret) ack(originSecret, 'SMG4', 'Rotated by hand in two steps (put a new value, then deploy naming its version), since CloudFront takes the header only from a deploy; the function accepts the previous value meanwhile (docs/operations.md).');
    ack(cdn, 'CFR4', 'The default *.cloudfront.net certificate cannot enforce a minimum viewer TLS version; a custom domain with TLSv1.2_2021 does (docs/operations.md).');
  }
  if (!config.vpc) {
    ack(data.domain, 'OS1', 'Public endpoint guarded by an IAM-only resource policy naming the function roles; set docpipe:vpc=true for VPC placement.');
    ack(data.domain, 'OS3', 'No IP allow-list: access is by IAM (SigV4) only; set docpipe:vpc=true for VPC placement.');
  }
  if (config.search.masterNodes === 0) ack(data.domain, 'OS4', 'The dev profile runs without dedicated masters (cost); the production profile has three.');
  if (config.search.zones === 1) ack(data.domain, 'OS7', 'The dev profile runs in one zone (cost); the production profile spreads over three.');
}
