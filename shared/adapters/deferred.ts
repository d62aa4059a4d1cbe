/**
 * Creation on first use, for what a function's initialisation need not pay: an SDK client and its
 * adapter are loaded (`await import`, a chunk of their own in the function's asset, see
 * infra/function-bundles.ts) and built by the first call that needs them, then reused by every later
 * invocation of the container, as a client created at module scope would be.
 */

/** `create` runs on the first call; later calls share its result. A failed creation is retried by the next call. */
export function once<T>(create: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= create().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

/** The methods of a port that return an AsyncIterable (`list`, `scan`, `ids`) rather than a promise. */
export type StreamingMethod<T> = { [K in keyof T]: T[K] extends (...args: never[]) => AsyncIterable<unknown> ? K : never }[keyof T];

/**
 * A port whose adapter is built by `create` on the first call of any of its methods. Every method of a
 * port returns a promise or, for the `streams` named, an AsyncIterable; the deferred port returns the
 * same after awaiting the adapter, so callers see no difference but the first call's wait.
 */
export function deferred<T extends object>(create: () => Promise<T>, streams: ReadonlyArray<StreamingMethod<T>> = []): T {
  const adapter = once(create);
  const streaming = new Set<PropertyKey>(streams);
  const call = (target: T, method: PropertyKey, args: unknown[]): unknown => (target[method as keyof T] as (...a: unknown[]) => unknown).apply(target, args);
  return new Proxy({} as T, {
    get(_, method) {
      // Not a thenable, and no symbol-keyed protocol: only the port's named methods are forwarded.
      if (typeof method === 'symbol' || method === 'then') return undefined;
      if (streaming.has(method)) {
        return (...args: unknown[]) => ({
          async *[Symbol.asyncIterator]() {
            yield* call(await adapter(), method, args) as AsyncIterable<unknown>;
          },
        });
      }
      return async (...args: unknown[]) => call(await adapter(), method, args);
    },
  });
}
