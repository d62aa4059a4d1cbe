import { DescribeDomainCommand, type DomainStatus, type OpenSearchClient } from '@aws-sdk/client-opensearch';

/** The engine the CDK stack deploys (`EngineVersion.OPENSEARCH_2_19` in infra/). */
export const EXPECTED_ENGINE_VERSION = 'OpenSearch_2.19';

/** The fields of DescribeDomain's `DomainStatus` the assessment reads. */
export type DomainStatusLike = Partial<Pick<DomainStatus,
  | 'DomainName' | 'ARN' | 'Deleted' | 'Processing' | 'DomainProcessingStatus' | 'ModifyingProperties' | 'ChangeProgressDetails'
  | 'UpgradeProcessing' | 'EngineVersion' | 'EncryptionAtRestOptions' | 'NodeToNodeEncryptionOptions' | 'DomainEndpointOptions'
  | 'Endpoint' | 'EndpointV2' | 'Endpoints'>>;

export interface DomainCheck {
  name: string;
  ok: boolean;
  /** What was found; for a failed check, also what to do about it. */
  detail: string;
}

export interface DomainAssessment {
  ok: boolean;
  checks: DomainCheck[];
}

/** What to do while the domain is in a processing state; a change moves shards and restarts nodes (blue/green). */
function processingAdvice(state: string, domain: string): string {
  const wait = `wait until the domain is Active (\`aws opensearch describe-domain-change-progress --domain-name ${domain}\`) before re-indexing.`;
  switch (state) {
    case 'Creating': return `The domain is still being created: ${wait}`;
    case 'UpgradingEngineVersion': return `An engine upgrade is under way: ${wait}`;
    case 'UpdatingServiceSoftware': return `A service software update (blue/green) is under way: ${wait}`;
    case 'Isolated': return 'AWS has isolated the domain and it serves no requests: see the AWS Health Dashboard or contact AWS Support.';
    case 'Deleting': return DELETED_ADVICE;
    default: return `A configuration change or blue/green deployment is under way: ${wait}`;
  }
}
const DELETED_ADVICE = 'The domain is being deleted: point docpipe at the stack\'s current domain (stack output SearchDomainName).';

const check = (name: string, ok: boolean, detail: string): DomainCheck => ({ name, ok, detail });

/**
 * Judges whether a domain is ready for a re-index from its control-plane status: it exists, no
 * configuration change, blue/green deployment or engine upgrade is under way, it runs OpenSearch 2.x,
 * it is encrypted at rest and between nodes, it accepts HTTPS only with TLS 1.2 or newer, and it has
 * an endpoint. Pure: no I/O.
 */
export function assessDomain(status: DomainStatusLike): DomainAssessment {
  const name = status.DomainName ?? '(unnamed)';
  if (status.Deleted) {
    return assessment([check('domain exists', false, `${name}: ${DELETED_ADVICE}`)]);
  }
  const checks: DomainCheck[] = [check('domain exists', true, `${name}${status.ARN ? ` (${status.ARN})` : ''}`)];

  const state = status.DomainProcessingStatus;
  if (status.Processing === true || (state !== undefined && state !== 'Active')) {
    const pending = (status.ModifyingProperties ?? []).flatMap((p) => (p.Name ? [p.Name] : []));
    const progress = status.ChangeProgressDetails?.Message;
    const found = `${state ?? 'Processing'}${pending.length ? ` (changing ${pending.join(', ')})` : ''}${progress ? `: ${progress}` : ''}`;
    checks.push(check('no change in progress', false, `${found}. ${processingAdvice(state ?? 'Modifying', name)}`));
  } else {
    checks.push(check('no change in progress', true, state ?? 'not processing'));
  }

  checks.push(status.UpgradeProcessing === true
    ? check('no engine upgrade in progress', false, `an engine version upgrade is running (\`aws opensearch get-upgrade-status --domain-name ${name}\`): wait for it to finish before re-indexing.`)
    : check('no engine upgrade in progress', true, 'none'));

  const version = status.EngineVersion;
  if (version !== undefined && /^OpenSearch_2\.\d+$/.test(version)) {
    checks.push(check('engine OpenSearch 2.x', true, version === EXPECTED_ENGINE_VERSION ? version : `${version} (the stack deploys ${EXPECTED_ENGINE_VERSION})`));
  } else {
    const advice = version !== undefined && /^OpenSearch_([3-9]|\d{2,})\./.test(version)
      ? 'docpipe\'s mapping and queries are built for 2.x and a domain cannot be downgraded: point docpipe at a 2.x domain such as the stack\'s'
      : `upgrade the domain (\`aws opensearch get-compatible-versions --domain-name ${name}\` lists the steps)`;
    checks.push(check('engine OpenSearch 2.x', false, `${version ?? 'no engine version reported'}; the stack expects ${EXPECTED_ENGINE_VERSION}: ${advice}.`));
  }

  checks.push(status.EncryptionAtRestOptions?.Enabled === true
    ? check('encryption at rest', true, status.EncryptionAtRestOptions.KmsKeyId ? `enabled (${status.EncryptionAtRestOptions.KmsKeyId})` : 'enabled')
    : check('encryption at rest', false, 'disabled: enable it in the domain\'s security configuration (a blue/green deployment; wait for it before re-indexing).'));

  checks.push(status.NodeToNodeEncryptionOptions?.Enabled === true
    ? check('node-to-node encryption', true, 'enabled')
    : check('node-to-node encryption', false, 'disabled: enable node-to-node encryption on the domain (a blue/green deployment; wait for it before re-indexing).'));

  const endpointOptions = status.DomainEndpointOptions;
  const policy = endpointOptions?.TLSSecurityPolicy;
  const modernTls = policy !== undefined && /^Policy-Min-TLS-1-[2-9]-/.test(policy);
  checks.push(endpointOptions?.EnforceHTTPS === true && modernTls
    ? check('HTTPS with TLS 1.2+', true, `HTTPS enforced, ${policy}`)
    : check('HTTPS with TLS 1.2+', false, [
      `${endpointOptions?.EnforceHTTPS === true ? 'HTTPS enforced' : 'HTTPS not enforced'}, ${policy ?? 'no TLS policy'}:`,
      'require HTTPS with the Policy-Min-TLS-1-2-2019-07 policy or newer',
      '(`aws opensearch update-domain-config --domain-endpoint-options EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-2019-07`).',
    ].join(' ')));

  const endpoint = status.Endpoint ?? status.EndpointV2 ?? status.Endpoints?.vpc ?? status.Endpoints?.vpcv2;
  checks.push(endpoint
    ? check('endpoint', true, `https://${endpoint}`)
    : check('endpoint', false, 'none yet: the domain is still being created or its network configuration is changing; wait until it has one (OPENSEARCH_ENDPOINT points there).'));

  return assessment(checks);
}

/**
 * Describes the domain through the control-plane API and assesses it. A domain that does not exist is
 * a failed check, not an error; other failures (credentials, permissions, network) are thrown.
 */
export async function checkDomain(client: OpenSearchClient, domainName: string): Promise<DomainAssessment> {
  try {
    const { DomainStatus: status } = await client.send(new DescribeDomainCommand({ DomainName: domainName }));
    if (status) return assessDomain(status);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFoundException')) throw error;
  }
  const region = await client.config.region();
  return assessment([check('domain exists', false, `no domain named ${domainName} in ${region}: check the name (the stack's SearchDomainName output, or \`aws opensearch list-domain-names\`) and --region.`)]);
}

function assessment(checks: DomainCheck[]): DomainAssessment {
  return { ok: checks.every((c) => c.ok), checks };
}
