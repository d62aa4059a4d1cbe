import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../shared/config.ts';

describe('configuration', () => {
  it('stops at start-up naming every missing variable instead of inventing names', () => {
    assert.throws(() => loadConfig(['tableName', 'processedBucket'], {}), (e: unknown) =>
      e instanceof ConfigError && /TABLE_NAME/.test(e.message) && /PROCESSED_BUCKET/.test(e.message));
  });
  it('rejects an OpenSearch endpoint that is not a URL', () => {
    assert.throws(() => loadConfig(['opensearchEndpoint'], { OPENSEARCH_ENDPOINT: 'search-domain' }), /OPENSEARCH_ENDPOINT/);
  });
  it('applies documented defaults and coerces numbers', () => {
    const config = loadConfig(['indexAlias', 'maxDocumentBytes'], { MAX_DOCUMENT_BYTES: '1024' });
    assert.deepEqual(config, { indexAlias: 'documents', maxDocumentBytes: 1024 });
  });
  it('requires the origin secret only where it is set (behind a WAF), and then a Secrets Manager ARN', () => {
    assert.deepEqual(loadConfig(['originSecretArn'], {}), { originSecretArn: undefined });
    const arn = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:SearchOriginSecret-AbCdEf';
    assert.deepEqual(loadConfig(['originSecretArn'], { ORIGIN_SECRET_ARN: arn }), { originSecretArn: arn });
    assert.throws(() => loadConfig(['originSecretArn'], { ORIGIN_SECRET_ARN: 'SearchOriginSecret' }), (e: unknown) => e instanceof ConfigError && /ORIGIN_SECRET_ARN/.test(e.message));
  });
});
