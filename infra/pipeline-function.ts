import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV, METRICS_NAMESPACE } from '../shared/env-names.ts';
import { fileURLToPath } from 'node:url';

export interface PipelineFunctionProps {
  /** Folder under functions/ holding handler.ts. */
  name: 'ingest' | 'index' | 'search' | 'reindex';
  /** Physical name; by default CloudFormation generates one. */
  functionName?: string;
  timeout: Duration;
  memorySize: number;
  environment: Record<string, string>;
}

/** The newest Node.js runtime aws-cdk-lib offers; the code also runs on Node 20. */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;

/**
 * A docpipe Lambda: ARM64, the newest Node.js runtime, bundled by the local esbuild (never Docker),
 * minified with source maps, Powertools configured, its own log group with a retention.
 */
export class PipelineFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    super(scope, id, {
      entry: fileURLToPath(new URL(`../functions/${props.name}/handler.ts`, import.meta.url)),
      handler: 'handler',
      ...(props.functionName ? { functionName: props.functionName } : {}),
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize,
      logGroup,
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
        target: 'node24',
        format: OutputFormat.CJS,
        forceDockerBundling: false,
        externalModules: [],
      },
    });
  }
}
