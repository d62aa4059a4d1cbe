import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, type IMetric, type Metric, SingleValueWidget, TextWidget, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeploymentConfig } from './config.ts';

export interface MonitoringProps {
  config: DeploymentConfig;
  functions: Record<'ingest' | 'index' | 'search' | 'reindex', LambdaFunction>;
  deadLetterQueues: Record<string, Queue>;
  ingestQueue: Queue;
  domain: IDomain;
  api: HttpApi;
}

/** Free storage alarm threshold: a fifth of one node's volume, in MB (the metric's unit). */
const freeStorageFloorMb = (volumeGb: number): number => Math.round(volumeGb * 1024 * 0.2);

/**
 * Alarms to one SNS topic (dead letters, function errors and throttles, stream iterator age, cluster
 * status, free storage, JVM memory pressure) and a dashboard of the pipeline's health.
 */
export class PipelineMonitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'docpipe alarms', enforceSSL: true });
    if (props.config.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.config.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: IMetric, threshold: number, description: string, comparison = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD): void => {
      const created = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: comparison,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(`${name}Depth`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 1,
        `${name} holds messages: see docs/reliability.md#redrive, fix the cause, then redrive.`);
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 1, `The ${name} function failed; its logs say why.`);
      alarm(`${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), 1, `The ${name} function was throttled (reserved or account concurrency).`);
    }
    alarm('IndexIteratorAge', props.functions.index.metric('IteratorAge', { period: Duration.minutes(5), statistic: 'Maximum' }), 5 * 60_000,
      'The indexer is more than 5 minutes behind the table stream: searches lag behind uploads.');
    const { domain } = props;
    alarm('ClusterRed', domain.metricClusterStatusRed({ period: Duration.minutes(1), statistic: 'Maximum' }), 1, 'At least one primary shard is unassigned: searches and indexing fail.');
    alarm('ClusterYellow', domain.metricClusterStatusYellow({ period: Duration.minutes(1), statistic: 'Maximum' }), 1, 'Replica shards are unassigned: one node loss away from red.');
    alarm('FreeStorage', domain.metricFreeStorageSpace({ period: Duration.minutes(5), statistic: 'Minimum' }), freeStorageFloorMb(props.config.search.volumeGb),
      'A data node has less than 20% of its volume free.', ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD);
    alarm('JvmPressure', domain.metricJVMMemoryPressure({ period: Duration.minutes(5), statistic: 'Maximum' }), 80, 'JVM memory pressure at or above 80%: risk of circuit breakers and GC pauses.');

    const fnWidgets = (metric: (fn: LambdaFunction) => Metric, title: string) =>
      new GraphWidget({ title, width: 8, left: Object.values(props.functions).map(metric) });
    new Dashboard(this, 'Dashboard', {
      dashboardName: `${props.api.stack.stackName}-health`,
      widgets: [
        [new TextWidget({ markdown: '# docpipe\nUploads → ingest queue → ingest → table stream → index → OpenSearch; search API. Runbook: docs/operations.md', width: 24, height: 2 })],
        [
          fnWidgets((fn) => fn.metricInvocations({ period: Duration.minutes(5) }), 'Invocations'),
          fnWidgets((fn) => fn.metricErrors({ period: Duration.minutes(5) }), 'Errors'),
          fnWidgets((fn) => fn.metricDuration({ period: Duration.minutes(5), statistic: 'p95' }), 'Duration p95'),
        ],
        [
          new GraphWidget({ title: 'Ingest queue', width: 8, left: [props.ingestQueue.metricApproximateNumberOfMessagesVisible(), props.ingestQueue.metricApproximateAgeOfOldestMessage()] }),
          new SingleValueWidget({ title: 'Dead letters', width: 8, metrics: Object.values(props.deadLetterQueues).map((q) => q.metricApproximateNumberOfMessagesVisible()) }),
          new GraphWidget({ title: 'Indexer iterator age', width: 8, left: [props.functions.index.metric('IteratorAge', { statistic: 'Maximum' })] }),
        ],
        [
          new GraphWidget({ title: 'Search domain', width: 12, left: [domain.metricClusterStatusRed(), domain.metricClusterStatusYellow()], right: [domain.metricJVMMemoryPressure()] }),
          new GraphWidget({ title: 'Search API', width: 12, left: [props.api.metricCount(), props.api.metricClientError(), props.api.metricServerError()], right: [props.api.metricLatency({ statistic: 'p95' })] }),
        ],
      ],
    });
  }
}
