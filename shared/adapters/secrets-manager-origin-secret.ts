import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { AcceptedOriginSecrets } from '../origin-secret.ts';

/**
 * How long a fetched value is trusted. Rotation (docs/operations.md) waits this long between putting a
 * new value and pointing CloudFront at it, so every warm container accepts the new value first.
 */
export const ORIGIN_SECRET_MAX_AGE_SECONDS = 300;

/**
 * The origin secret's current and previous values from Secrets Manager, fetched once per
 * ORIGIN_SECRET_MAX_AGE_SECONDS per container (a cold start fetches; requests in between read the
 * cache). A secret never rotated has no previous version: that answer is cached too, instead of asked
 * again on every request.
 */
export function secretsManagerOriginSecrets(secretArn: string, client = new SecretsManagerClient({})): AcceptedOriginSecrets {
  // Two providers: Powertools caches by name only, and both stages share the name.
  const current = new SecretsProvider({ awsSdkV3Client: client });
  const previous = new SecretsProvider({ awsSdkV3Client: client });
  let cached: { values: Promise<readonly string[]>; expires: number } | undefined;
  const fetchBoth = async (): Promise<readonly string[]> => {
    const [now, before] = await Promise.all([
      current.get(secretArn, { forceFetch: true, throwOnMissing: true }),
      previous.get(secretArn, { forceFetch: true, sdkOptions: { VersionStage: 'AWSPREVIOUS' } }).catch(() => undefined),
    ]);
    return [now, before].filter((v): v is string => typeof v === 'string' && v.length > 0);
  };
  return async () => {
    if (!cached || cached.expires <= Date.now()) {
      const values = fetchBoth();
      cached = { values, expires: Date.now() + ORIGIN_SECRET_MAX_AGE_SECONDS * 1000 };
      // A failed fetch is not cached: the next request tries again.
      values.catch(() => { cached = undefined; });
    }
    return cached.values;
  };
}
