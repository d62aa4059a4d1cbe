import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_NAMESPACE } from '../env-names.ts';
import type { MetricsSink } from '../metrics.ts';

/**
 * Powertools logger, metrics and tracer for one function, and the sink the handlers count into.
 * The tracer turns itself off outside Lambda (no `AWS_EXECUTION_ENV`) or with
 * `POWERTOOLS_TRACE_ENABLED=false`; every method is then a no-op and clients pass through unchanged.
 */
export function powertools(serviceName: string): { logger: Logger; metrics: Metrics; tracer: Tracer; sink: MetricsSink } {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  const tracer = new Tracer({ serviceName });
  return { logger, metrics, tracer, sink: { count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value) } };
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

/**
 * Traces every invocation in a `## <handler>` subsegment annotated with `ColdStart` and `Service`, records
 * a thrown error on it and rethrows — what Powertools' `captureLambdaHandler` middleware does, without middy.
 * Responses are not recorded: a document's text or a page of hits can exceed X-Ray's 64 KB segment limit,
 * and document content does not belong in traces.
 */
export function withTracing<E, C, R>(tracer: Tracer, handler: (event: E, context: C) => Promise<R>) {
  return async (event: E, context: C): Promise<R> => {
    if (!tracer.isTracingEnabled()) return handler(event, context);
    const segment = tracer.getSegment();
    if (!segment) return handler(event, context);
    const subsegment = segment.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
    tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await handler(event, context);
    } catch (error) {
      tracer.addErrorAsMetadata(error instanceof Error ? error : new Error(String(error)));
      throw error;
    } finally {
      try {
        subsegment.close();
      } catch {
        // A trace that cannot be closed or serialised loses trace data; it must not fail the invocation.
      }
      tracer.setSegment(segment);
    }
  };
}
