/**
 * What a re-index's continuation (a self-invoke) needs, loaded together by the first continuation a
 * container sends (`await import()` in handler.ts): one chunk of the asset, which no other path loads.
 */
export { LambdaClient } from '@aws-sdk/client-lambda';
export { LambdaContinuation } from '../../shared/adapters/lambda-continuation.ts';
