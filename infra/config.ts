import { z } from 'zod';

/**
 * Deployment settings: a profile (`dev` or `production`, see docs/operations.md) plus overrides, read
 * from the CDK context (`cdk.json` or `-c key=value`) and validated before anything is built.
 */
export interface SearchCapacity {
  dataNodes: number;
  dataNodeInstanceType: string;
  volumeGb: number;
  /** Spread data nodes over this many availability zones (1 = off). */
  zones: 1 | 2 | 3;
  /** Dedicated master nodes (0 = off). */
  masterNodes: 0 | 3 | 5;
  masterNodeInstanceType: string;
}

export interface DeploymentConfig {
  profile: 'dev' | 'production';
  /** EventBridge expression for the re-index, or 'off'. */
  reindexSchedule: string;
  /**
   * EventBridge expression for the reprocess (rows an older pipeline version made are processed
   * again; a scan of the table that does nothing else when all are current), or 'off'.
   */
  reprocessSchedule: string;
  auth:
    | { mode: 'iam' }
    | { mode: 'none' }
    /** Any OIDC issuer (a Cognito user pool's is `https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
    | { mode: 'jwt'; issuer: string; audience: string[] };
  /** ARN of a CLOUDFRONT-scope AWS WAF web ACL (created in us-east-1); the API is then served through CloudFront with it. */
  wafWebAclArn: string | undefined;
  /**
   * With a WAF: the Secrets Manager version id of the origin secret CloudFront sends. Unset, the
   * current value at deploy time; a rotation puts a new value, then deploys naming its version, which
   * is what makes CloudFormation resolve the secret again (docs/operations.md, "Rotate").
   */
  originSecretVersion: string | undefined;
  /** Origins allowed to call the API from a browser (CORS); '*' for any. */
  corsOrigins: string[];
  /** Alarm notifications are sent to this address (the SNS topic exists either way). */
  alarmEmail: string | undefined;
  /** Place the search domain (and the functions that call it) in a new VPC without internet access. */
  vpc: boolean;
  search: SearchCapacity;
  /** Indexer concurrency ceiling: bursts queue in the stream instead of overloading the domain. */
  indexerConcurrency: number;
  /** API throttling: steady requests per second and burst. */
  apiRateLimit: number;
  apiBurstLimit: number;
  logRetentionDays: 30 | 365;
  /** Days a replaced or deleted object version is kept in the buckets. */
  noncurrentVersionDays: number;
}

export const PROFILES: Record<DeploymentConfig['profile'], Omit<DeploymentConfig, 'reindexSchedule' | 'reprocessSchedule' | 'auth' | 'wafWebAclArn' | 'originSecretVersion' | 'corsOrigins' | 'alarmEmail'>> = {
  dev: {
    profile: 'dev',
    vpc: false,
    search: { dataNodes: 1, dataNodeInstanceType: 't3.small.search', volumeGb: 10, zones: 1, masterNodes: 0, masterNodeInstanceType: 'm7g.large.search' },
    indexerConcurrency: 2,
    apiRateLimit: 20,
    apiBurstLimit: 40,
    logRetentionDays: 30,
    noncurrentVersionDays: 30,
  },
  production: {
    profile: 'production',
    vpc: false,
    search: { dataNodes: 3, dataNodeInstanceType: 'r7g.large.search', volumeGb: 100, zones: 3, masterNodes: 3, masterNodeInstanceType: 'm7g.large.search' },
    indexerConcurrency: 5,
    apiRateLimit: 200,
    apiBurstLimit: 400,
    logRetentionDays: 365,
    noncurrentVersionDays: 90,
  },
};

const CONTEXT = {
  profile: 'docpipe:profile',
  reindexSchedule: 'docpipe:reindexSchedule',
  reprocessSchedule: 'docpipe:reprocessSchedule',
  auth: 'docpipe:auth',
  jwtIssuer: 'docpipe:jwtIssuer',
  jwtAudience: 'docpipe:jwtAudience',
  wafWebAclArn: 'docpipe:wafWebAclArn',
  originSecretVersion: 'docpipe:originSecretVersion',
  corsOrigins: 'docpipe:corsOrigins',
  alarmEmail: 'docpipe:alarmEmail',
  vpc: 'docpipe:vpc',
  dataNodes: 'docpipe:searchDataNodes',
  zones: 'docpipe:searchZones',
  masterNodes: 'docpipe:searchMasterNodes',
} as const;

/** A list given as an array (cdk.json) or comma-separated (`-c`). */
const list = z.union([z.array(z.string()), z.string().transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))]);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]);
const int = z.coerce.number().int();

const schedule = z.string().regex(/^(off|rate\(.+\)|cron\(.+\))$/, 'an EventBridge expression such as rate(1 day) or cron(0 2 * * ? *), or off');

const schema = z
  .object({
    profile: z.enum(['dev', 'production']).default('dev'),
    reindexSchedule: schedule.default('rate(1 day)'),
    reprocessSchedule: schedule.default('rate(1 day)'),
    auth: z.enum(['iam', 'jwt', 'none']).default('iam'),
    jwtIssuer: z.string().url().startsWith('https://', 'an https:// OIDC issuer URL').optional(),
    jwtAudience: list.optional(),
    wafWebAclArn: z.string().regex(/^arn:aws[\w-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/, 'the ARN of a CLOUDFRONT-scope web ACL in us-east-1').optional(),
    originSecretVersion: z.string().regex(/^[\w-]{32,64}$/, 'a Secrets Manager version id (the VersionId put-secret-value prints)').optional(),
    corsOrigins: list.default(['*']),
    alarmEmail: z.string().email().optional(),
    vpc: bool.optional(),
    dataNodes: int.min(1).max(20).optional(),
    zones: z.coerce.number().pipe(z.union([z.literal(1), z.literal(2), z.literal(3)])).optional(),
    masterNodes: z.coerce.number().pipe(z.union([z.literal(0), z.literal(3), z.literal(5)])).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.auth === 'jwt' && (!c.jwtIssuer || !c.jwtAudience?.length)) {
      ctx.addIssue({ code: 'custom', path: ['auth'], message: `auth=jwt needs ${CONTEXT.jwtIssuer} (the OIDC issuer URL) and ${CONTEXT.jwtAudience} (client ids)` });
    }
    if (c.auth === 'iam' && c.wafWebAclArn) {
      // CloudFront (which carries the web ACL) changes the Host header SigV4 signatures cover.
      ctx.addIssue({ code: 'custom', path: ['wafWebAclArn'], message: 'a WAF in front of the API needs auth=jwt or auth=none: SigV4-signed (iam) requests do not survive CloudFront' });
    }
    if (c.originSecretVersion && !c.wafWebAclArn) {
      ctx.addIssue({ code: 'custom', path: ['originSecretVersion'], message: `the origin secret exists only with ${CONTEXT.wafWebAclArn}` });
    }
  });

export class DeploymentConfigError extends Error {
  constructor(issues: string[]) {
    super(`Invalid docpipe settings: ${issues.join('; ')}. Set them in cdk.json "context" or with -c key=value (docs/operations.md).`);
    this.name = 'DeploymentConfigError';
  }
}

/** Reads the settings from a context lookup (`app.node.tryGetContext`), profile defaults first. */
export function loadDeploymentConfig(context: (key: string) => unknown): DeploymentConfig {
  const input = Object.fromEntries(Object.entries(CONTEXT).map(([field, key]) => [field, context(key) ?? undefined]));
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new DeploymentConfigError(parsed.error.issues.map((i) => `${CONTEXT[i.path[0] as keyof typeof CONTEXT] ?? String(i.path[0])}: ${i.message}`));
  }
  const c = parsed.data;
  const base = PROFILES[c.profile];
  const search: SearchCapacity = {
    ...base.search,
    ...(c.dataNodes !== undefined ? { dataNodes: c.dataNodes } : {}),
    ...(c.zones !== undefined ? { zones: c.zones } : {}),
    ...(c.masterNodes !== undefined ? { masterNodes: c.masterNodes } : {}),
  };
  if (search.zones > 1 && search.dataNodes % search.zones !== 0) {
    throw new DeploymentConfigError([`${CONTEXT.dataNodes}: ${search.dataNodes} data nodes cannot be spread evenly over ${search.zones} zones`]);
  }
  return {
    ...base,
    search,
    vpc: c.vpc ?? base.vpc,
    reindexSchedule: c.reindexSchedule,
    reprocessSchedule: c.reprocessSchedule,
    auth: c.auth === 'jwt' ? { mode: 'jwt', issuer: c.jwtIssuer ?? '', audience: c.jwtAudience ?? [] } : { mode: c.auth },
    wafWebAclArn: c.wafWebAclArn,
    originSecretVersion: c.originSecretVersion,
    corsOrigins: c.corsOrigins,
    alarmEmail: c.alarmEmail,
  };
}
