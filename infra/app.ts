import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DocpipeAppStack } from './app-stack.ts';
import { loadDeploymentConfig } from './config.ts';
import { DocpipeDataStack } from './data-stack.ts';
import { acknowledgeFindings } from './nag.ts';

/**
 * Two stacks: `DocpipeData` (buckets, table, search domain: retained, deployed rarely) and
 * `DocpipeApp` (functions, queues, API, schedule, alarms: deployed with every code change).
 */
export function buildApp(app: App): { data: DocpipeDataStack; service: DocpipeAppStack } {
  // Server access logs are delivered under a bucket policy, not the legacy log-delivery ACL.
  app.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
  // CDK's custom resources use the SDK in the Lambda runtime (no download at deploy time).
  app.node.setContext('@aws-cdk/customresources:installLatestAwsSdkDefault', false);
  // The data stack's exports cannot be removed while the service stack uses them.
  app.node.setContext('@aws-cdk/core:defaultCrossStackReferences', 'strong');
  const config = loadDeploymentConfig((key) => app.node.tryGetContext(key));
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  const data = new DocpipeDataStack(app, 'DocpipeData', {
    env,
    config,
    appStackName: 'DocpipeApp',
    terminationProtection: config.profile === 'production',
    description: 'docpipe data: buckets, metadata table, search domain (retained)',
  });
  const service = new DocpipeAppStack(app, 'DocpipeApp', {
    env,
    config,
    data,
    description: 'docpipe service: functions, queues, search API, schedule, alarms',
  });
  acknowledgeFindings(data, service, config);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { data, service };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = new App();
  buildApp(app);
  app.synth();
}
