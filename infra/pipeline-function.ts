import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ISecurityGroup, IVpc } from 'aws-cdk-lib/aws-ec2';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { ENV, METRICS_NAMESPACE } from '../shared/env-names.ts';
import type { DeploymentConfig } from './config.ts';
import { afterBundlingCommands, BUNDLE_TARGET, externalsOf, MAIN_FIELDS, SOURCES_CONTENT } from './function-bundles.ts';

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
 * A docpipe Lambda: ARM64, the newest Node.js runtime, bundled by the local esbuild (never Docker),
 * minified and tree-shaken with source maps, packages needed only on some paths in their own files
 * loaded only there (infra/function-bundles.ts), X-Ray tracing, Powertools configured, its own log group
 * with the profile's retention, and a named role that may write only to that log group.
 */
export class PipelineFunction extends NodejsFunction {
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
      entry: fileURLToPath(new URL(`../functions/${props.name}/handler.ts`, import.meta.url)),
      handler: 'handler',
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
      bundling: {
        minify: true,
        sourceMap: true,
        sourcesContent: SOURCES_CONTENT,
        target: BUNDLE_TARGET,
        format: OutputFormat.CJS,
        mainFields: [...MAIN_FIELDS],
        forceDockerBundling: false,
        // The AWS SDK is bundled (its version pinned by the lock file); only the lazily loaded files stay out.
        externalModules: externalsOf(props.name),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string) => afterBundlingCommands(props.name, outputDir),
        },
      },
    });
    this.logs = logGroup;
  }
}
