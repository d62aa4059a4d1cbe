import { Arn, ArnFormat, Aws, type Stack } from 'aws-cdk-lib';

/**
 * Physical names of the stateful resources, derived from the account and region both stacks deploy
 * to. The stateless stack refers to them by these names instead of by cross-stack references, so
 * (a) replacing the stateless stack never has to touch an export of the data stack, (b) a change that
 * would replace a bucket, the table or the domain fails instead of silently creating an empty one,
 * and (c) policies name them the same way in every synthesis.
 */
export const DATA_NAMES = {
  rawBucket: `docpipe-raw-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
  processedBucket: `docpipe-processed-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
  accessLogBucket: `docpipe-access-logs-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
  table: 'docpipe-documents',
  /** OpenSearch domain names: 3–28 characters, lower case. */
  domain: 'docpipe-search',
} as const;

export function tableArn(stack: Stack): string {
  return stack.formatArn({ service: 'dynamodb', resource: 'table', resourceName: DATA_NAMES.table });
}

export function domainArn(stack: Stack): string {
  return stack.formatArn({ service: 'es', resource: 'domain', resourceName: DATA_NAMES.domain, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

export function bucketArn(name: string): string {
  return Arn.format({ partition: Aws.PARTITION, service: 's3', region: '', account: '', resource: name });
}
