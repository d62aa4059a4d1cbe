import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_NAMESPACE } from '../env-names.ts';
import type { MetricsSink } from '../metrics.ts';
import { once } from './deferred.ts';

/**
 * The Powertools tracer, loaded on first use: importing it loads the X-Ray SDK (about a third of an
 * index function's initialisation), which a function only needs once it traces an invocation or wraps
 * a client, and never where tracing is off.
 */
export interface DeferredTracer {
  /**
   * Whether invocations are traced. Before the tracer is loaded this is Powertools' own rule read from the
   * environment (off outside Lambda, i.e. without `AWS_EXECUTION_ENV`, under SAM or Amplify's mock, or with
   * `POWERTOOLS_TRACE_ENABLED=false`); once loaded, the tracer's answer.
   */
  isTracingEnabled(): boolean;
  /** The tracer (loading it and the X-Ray SDK on the first call), or undefined when tracing is off. */
  load(): Promise<Tracer | undefined>;
  /** The client wrapped for X-Ray when tracing is on (loading the tracer), unchanged otherwise. */
  captureAWSv3Client<T>(client: T): Promise<T>;
}

/** Powertools' Tracer rule (`setTracingEnabled`), read without loading it. */
function tracingOnByEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  const executionEnv = env.AWS_EXECUTION_ENV ?? '';
  if ((env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() === 'false') return false;
  return executionEnv !== '' && executionEnv !== 'AWS_Lambda_amplify-mock' && (env.AWS_SAM_LOCAL ?? '') === '';
}

function deferredTracer(serviceName: string, loadFirst?: () => Promise<unknown>): DeferredTracer {
  let loaded: Tracer | undefined;
  const load = once(async () => {
    // The X-Ray SDK enables async hooks (cls-hooked) when it loads, which slow every module loaded
    // after it (about 35 ms of CPU over a function's clients): those load first.
    await loadFirst?.();
    const { Tracer } = await import('@aws-lambda-powertools/tracer');
    loaded = new Tracer({ serviceName });
    return loaded;
  });
  const tracer: DeferredTracer = {
    isTracingEnabled: () => (loaded ? loaded.isTracingEnabled() : tracingOnByEnvironment()),
    load: async () => (tracer.isTracingEnabled() ? load() : undefined),
    captureAWSv3Client: async <T>(client: T): Promise<T> => {
      const traced = await tracer.load();
      return traced ? traced.captureAWSv3Client(client) : client;
    },
  };
  return tracer;
}

/**
 * Powertools logger, metrics and tracer for one function, and the sink the handlers count into.
 * The tracer is off outside Lambda (no `AWS_EXECUTION_ENV`) or with `POWERTOOLS_TRACE_ENABLED=false`;
 * it then never loads and clients pass through unchanged. Where it is on, `loadFirst` (the function's
 * clients, functions/<name>/clients.ts) is loaded before it, once.
 */
export function powertools(serviceName: string, loadFirst?: () => Promise<unknown>): { logger: Logger; metrics: Metrics; tracer: DeferredTracer; sink: MetricsSink } {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
  const tracer = deferredTracer(serviceName, loadFirst);
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
 * and document content does not belong in traces. The first traced invocation loads the tracer.
 */
export function withTracing<E, C, R>(deferred: DeferredTracer, handler: (event: E, context: C) => Promise<R>) {
  return async (event: E, context: C): Promise<R> => {
    const tracer = await deferred.load();
    if (!tracer?.isTracingEnabled()) return handler(event, context);
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
