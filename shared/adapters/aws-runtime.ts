import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from '../env-names.ts';
import type { MetricsSink } from '../metrics.ts';

/** Powertools logger and metrics for one function, and the sink the handlers count into. */
export function powertools(serviceName: string): { logger: Logger; metrics: Metrics; sink: MetricsSink } {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  return { logger, metrics, sink: { count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value) } };
}

/** Flushes metrics after every invocation, success or failure. */
export function withMetrics<E, C, R>(metrics: Metrics, handler: (event: E, context: C) => Promise<R>) {
  return async (event: E, context: C): Promise<R> => {
    try {
      return await handler(event, context);
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
