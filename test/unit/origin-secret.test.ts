import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerOriginSecrets } from '../../shared/adapters/secrets-manager-origin-secret.ts';
import { LoopbackJsonServer, type LoopbackReply, type LoopbackRequest } from '../support/loopback-json-server.ts';

const ARN = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:SearchOriginSecret-AbCdEf';

/** A loopback Secrets Manager answering GetSecretValue by version stage; records each stage asked for. */
class FakeSecretsManager extends LoopbackJsonServer {
  readonly asked: string[] = [];
  stages: Record<string, string> = { AWSCURRENT: 'first' };

  protected answer(request: LoopbackRequest): LoopbackReply {
    const input = JSON.parse(request.body) as { VersionStage?: string };
    const stage = input.VersionStage ?? 'AWSCURRENT';
    this.asked.push(stage);
    const value = this.stages[stage];
    return {
      status: value === undefined ? 400 : 200,
      contentType: 'application/x-amz-json-1.1',
      body: value === undefined
        ? { __type: 'ResourceNotFoundException', message: `Secrets Manager can't find the specified secret value for staging label: ${stage}` }
        : { ARN, Name: 'SearchOriginSecret', SecretString: value, VersionStages: [stage] },
    };
  }
}

describe('origin secret from Secrets Manager', () => {
  const sm = new FakeSecretsManager();
  let client: SecretsManagerClient;
  before(async () => {
    await sm.start();
    client = new SecretsManagerClient({ endpoint: sm.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1 });
  });
  after(() => sm.stop());

  it('fetches once per container and answers later requests from the cache, including "no previous version yet"', async () => {
    // Prepare
    sm.asked.length = 0;
    const accepted = secretsManagerOriginSecrets(ARN, client);
    // Act
    const first = await accepted();
    sm.stages = { AWSCURRENT: 'second', AWSPREVIOUS: 'first' };
    const second = await accepted();
    // Assess
    assert.deepEqual(first, ['first']);
    assert.deepEqual(second, ['first'], 'a rotation takes effect when the cache expires, not on the next request');
    assert.deepEqual(sm.asked.sort(), ['AWSCURRENT', 'AWSPREVIOUS']);
  });

  it('accepts the current and the previous value during a rotation', async () => {
    sm.stages = { AWSCURRENT: 'second', AWSPREVIOUS: 'first' };
    assert.deepEqual(await secretsManagerOriginSecrets(ARN, client)(), ['second', 'first']);
  });
});
