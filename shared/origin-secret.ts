import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The header CloudFront adds to every request it forwards to the search API when a WAF fronts it.
 * Its value is a secret only CloudFront and the search function know, so a request sent to the
 * `execute-api` URL directly (around the WAF) lacks it and is refused. Infra and the function import
 * this one name.
 */
export const ORIGIN_SECRET_HEADER = 'x-docpipe-origin-secret';

/**
 * The values the API accepts: the secret's current value and, during a rotation, its previous one
 * (docs/operations.md, "Rotate"), so requests CloudFront still signs with the old value are not refused
 * while the distribution takes the new one.
 */
export type AcceptedOriginSecrets = () => Promise<readonly string[]>;

/** Refused: the request did not come through CloudFront (no header, or not the secret's value). */
export class OriginSecretMismatchError extends Error {
  constructor() {
    super('This API is served through CloudFront and its web ACL only; send requests to the CloudFront URL (the SearchCdnUrl output).');
    this.name = 'OriginSecretMismatchError';
  }
}

// Compared as digests: equal lengths for timingSafeEqual, and no timing signal about the secret's prefix.
const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** True when the header carries one of the accepted values; the comparison takes the same time whatever the input. */
export async function carriesOriginSecret(headers: Record<string, string | undefined> | undefined, accepted: AcceptedOriginSecrets): Promise<boolean> {
  const sent = headers?.[ORIGIN_SECRET_HEADER];
  if (sent === undefined || sent === '') return false;
  const values = await accepted();
  const sentDigest = digest(sent);
  let match = false;
  for (const value of values) match = timingSafeEqual(sentDigest, digest(value)) || match;
  return match;
}
