import { App } from 'aws-cdk-lib';
import { DocpipeStack } from './docpipe-stack.ts';

const app = new App();
const schedule = String(app.node.tryGetContext('docpipe:reindexSchedule') ?? 'rate(1 day)');
new DocpipeStack(app, 'Docpipe', {
  reindexSchedule: schedule,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: 'docpipe: document ingestion pipeline (S3 → Lambda → DynamoDB → OpenSearch)',
});
app.synth();
