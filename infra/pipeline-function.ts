import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { ENV, METRICS_NAMESPACE } from '../shared/env-names.ts';
import type { DeploymentConfig } from './config.ts';
import { assetBuilds, copyAssetFiles } from './function-bundles.ts';

/** The project folder: esbuild resolves entries and packages from here. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The functions, each a folder under functions/ holding handler.ts. */
export const FUNCTION_ROLES = ['ingest', 'index', 'search', 'reindex'] as const;
export type FunctionName = (typeof FUNCTION_ROLES)[number];

/**
 * Each function's role has a fixed name, so the data stack can name it in the search domain's
 * resource policy without depending on the stateless stack.
 */
export function functionRoleName(appStackName: string, name: FunctionName): string {
  return `${appStackName}-${name}-role`;
}

export function retentionOf(config: Pick<DeploymentConfig, 'logRetentionDays'>): RetentionDays {
  return config.logRetentionDays === 365 ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH;
}

export interface PipelineFunctionProps {
  name: FunctionName;
  /** Physical name; by default CloudFormation generates one. */
  functionName?: string;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
  config: DeploymentConfig;
  reservedConcurrentExecutions?: number;
  /** Runs in these subnets (the search domain's VPC) with this security group. */
  network?: { vpc: IVpc; securityGroup: ISecurityGroup };
}

/** The newest Node.js runtime aws-cdk-lib offers; the code also runs on Node 20. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/**
 * A function's asset, built by the local esbuild in the synthesising process (never Docker) as
 * infra/function-bundles.ts describes it: one ES-module build split into chunks, plus the files
 * copied beside it. The CDK's NodejsFunction cannot split code (it writes one output file), hence the
 * local bundling of a plain asset; the asset's hash is that of the output.
 */
function functionCode(name: FunctionName): Code {
  return Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // The CDK caches staged assets by their source folder and bundling options, and a local bundler's
      // code is not part of that key: without the name in them, every function got the first one's asset.
      environment: { DOCPIPE_FUNCTION: name },
      // Never run: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('docpipe/local-esbuild-only'),
      local: {
        tryBundle(outputDir: string): boolean {
          for (const options of assetBuilds(name, outputDir)) buildSync({ ...options, absWorkingDir: PROJECT_ROOT, logLevel: 'warning' });
          copyAssetFiles(name, outputDir, PROJECT_ROOT);
          return true;
        },
      },
    },
  });
}

/**
 * A docpipe Lambda: ARM64, the newest Node.js runtime, bundled by the local esbuild (never Docker)
 * into ES modules, minified and tree-shaken with source maps, code needed only on some paths or after
 * the first invocation's start in chunks loaded only there (infra/function-bundles.ts), X-Ray tracing,
 * Powertools configured, its own log group with the profile's retention, and a named role that may
 * write only to that log group.
 */
export class PipelineFunction extends LambdaFunction {
  /** The function's own log group (its role may write only there). */
  readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: retentionOf(props.config), removalPolicy: RemovalPolicy.DESTROY });
    const role = new Role(scope, `${id}Role`, {
      roleName: functionRoleName(Stack.of(scope).stackName, props.name),
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `docpipe ${props.name} function`,
    });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`] }));
    super(scope, id, {
      code: functionCode(props.name),
      handler: 'index.handler',
      ...(props.functionName ? { functionName: props.functionName } : {}),
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      ...(props.network ? { vpc: props.network.vpc, vpcSubnets: { subnets: props.network.vpc.isolatedSubnets }, securityGroups: [props.network.securityGroup] } : {}),
      environment: {
        ...props.environment,
        [ENV.SERVICE_NAME]: props.name,
        [ENV.METRICS_NAMESPACE]: METRICS_NAMESPACE,
        [ENV.LOG_LEVEL]: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      },
    });
    this.logs = logGroup;
  }
}
