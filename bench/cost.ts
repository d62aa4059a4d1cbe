/**
 * What a million documents cost in AWS, from the measured processing time and init time plus stated
 * assumptions (the prices and per-document counts of docs/operations.md "Cost per million documents").
 * Pure: same inputs, same table, so docs/benchmarks.md shows numbers computed here, not typed in.
 */

/** us-east-1 prices of late 2026, as docs/operations.md states them. */
export interface Prices {
  /** arm64 Lambda, per GB-second. */
  lambdaGbSecond: number;
  lambdaPerMillionRequests: number;
  dynamoPerMillionWriteUnits: number;
  dynamoPerMillionReadUnits: number;
  s3PerThousandPuts: number;
  s3PerThousandGets: number;
  sqsPerMillionRequests: number;
}

export const PRICES_US_EAST_1: Prices = {
  lambdaGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  dynamoPerMillionWriteUnits: 0.625,
  dynamoPerMillionReadUnits: 0.125,
  s3PerThousandPuts: 0.005,
  s3PerThousandGets: 0.0004,
  sqsPerMillionRequests: 0.4,
};

export interface CostInputs {
  /** Measured: processing one seed-sized document (decode, clean, metadata) on one full core, ms. */
  processingMs: number;
  /** Measured: the ingest function's initialisation (bundle load), ms. */
  ingestInitMs: number;
  /** Measured: the index function's initialisation, ms. */
  indexInitMs: number;
  /**
   * Measured on the local stack: requests the pipeline sends per document, by "Service Command" (S3
   * requests are priced per request, so these replace the assumed S3 counts; DynamoDB is priced per
   * unit, so its requests are only shown beside the assumed units).
   */
  requestsPerDocument?: Record<string, number>;
  prices?: Prices;
  /** The rest are assumptions, with the defaults docs/operations.md uses. */
  assumptions?: Partial<CostAssumptions>;
}

export interface CostAssumptions {
  ingestMemoryMB: number;
  indexMemoryMB: number;
  /** Lambda gives one full vCPU at 1,769 MB and a proportional share below: CPU-bound work at 1,024 MB takes 1769/1024 as long. */
  fullVcpuMemoryMB: number;
  /** Time an ingest invocation waits on S3 and DynamoDB per document. */
  ingestIoWaitMs: number;
  /** Time an index invocation spends per document (reading the text, writing to OpenSearch). */
  indexIoWaitMs: number;
  ingestBatchSize: number;
  /** Index invocations per document: 1 is the worst case (a stream batch of one). */
  indexInvocationsPerDocument: number;
  /** Invocations served per cold start (a container's lifetime). */
  invocationsPerColdStart: number;
  writeUnitsPerDocument: number;
  readUnitsPerDocument: number;
  s3PutsPerDocument: number;
  s3GetsPerDocument: number;
  sqsRequestsPerDocument: number;
}

export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = {
  ingestMemoryMB: 1024,
  indexMemoryMB: 512,
  fullVcpuMemoryMB: 1769,
  ingestIoWaitMs: 60,
  indexIoWaitMs: 20,
  ingestBatchSize: 10,
  indexInvocationsPerDocument: 1,
  invocationsPerColdStart: 1000,
  writeUnitsPerDocument: 10,
  readUnitsPerDocument: 7,
  s3PutsPerDocument: 1,
  s3GetsPerDocument: 2,
  sqsRequestsPerDocument: 1.2,
};

export interface CostRow {
  item: string;
  /** How the figure is derived, per document. */
  perDocument: string;
  /** US dollars per million documents. */
  perMillion: number;
}

export interface CostEstimate {
  rows: CostRow[];
  totalPerMillion: number;
  assumptions: CostAssumptions;
  prices: Prices;
}

const fmt = (x: number, digits = 3): string => String(Number(x.toFixed(digits)));

/** The variable AWS cost of ingesting and indexing one million documents, item by item. */
export function costPerMillionDocuments(inputs: CostInputs): CostEstimate {
  const measured = inputs.requestsPerDocument;
  const requests = (prefix: string): number | undefined => {
    if (!measured) return undefined;
    return Object.entries(measured).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
  };
  const a = {
    ...DEFAULT_COST_ASSUMPTIONS,
    ...(requests('S3 PutObject') !== undefined ? { s3PutsPerDocument: requests('S3 PutObject') } : {}),
    ...(requests('S3 GetObject') !== undefined ? { s3GetsPerDocument: requests('S3 GetObject') } : {}),
    ...inputs.assumptions,
  } as CostAssumptions;
  const p = inputs.prices ?? PRICES_US_EAST_1;
  /** The measured requests of the given DynamoDB commands, as a note beside the assumed units. */
  const seen = (commands: string[]): string => {
    const found = Object.entries(measured ?? {}).filter(([k]) => commands.some((c) => k === `DynamoDB ${c}Command`));
    return found.length > 0 ? ` (requests measured locally: ${found.map(([k, v]) => `${fmt(v, 2)} ${k.replace(/^DynamoDB /, '').replace(/Command$/, '')}`).join(' + ')})` : '';
  };
  const million = 1e6;
  const ingestGb = a.ingestMemoryMB / 1024;
  const indexGb = a.indexMemoryMB / 1024;
  // CPU-bound processing runs on a fraction of a vCPU below fullVcpuMemoryMB.
  const slowdown = Math.max(1, a.fullVcpuMemoryMB / a.ingestMemoryMB);
  const ingestSeconds = (inputs.processingMs * slowdown + a.ingestIoWaitMs) / 1000;
  const indexSeconds = a.indexIoWaitMs / 1000;
  const ingestInvocations = 1 / a.ingestBatchSize;
  const coldStarts = (ingestInvocations + a.indexInvocationsPerDocument) / a.invocationsPerColdStart;
  // Since August 2025 the init phase is billed like the handler's time.
  const initGbSeconds = ((ingestInvocations / a.invocationsPerColdStart) * inputs.ingestInitMs * ingestGb + (a.indexInvocationsPerDocument / a.invocationsPerColdStart) * inputs.indexInitMs * indexGb) / 1000;

  const rows: CostRow[] = [
    {
      item: `ingest Lambda compute, ${a.ingestMemoryMB} MB`,
      perDocument: `(${fmt(inputs.processingMs, 2)} ms processing × ${fmt(slowdown, 2)} for a ${fmt(a.ingestMemoryMB / a.fullVcpuMemoryMB, 2)} vCPU share + ${a.ingestIoWaitMs} ms I/O wait) × ${fmt(ingestGb, 2)} GB = ${fmt(ingestSeconds * ingestGb, 4)} GB-s`,
      perMillion: ingestSeconds * ingestGb * million * p.lambdaGbSecond,
    },
    {
      item: 'ingest Lambda requests',
      perDocument: `1 invocation per batch of ${a.ingestBatchSize} = ${fmt(ingestInvocations, 2)} request`,
      perMillion: ingestInvocations * p.lambdaPerMillionRequests,
    },
    {
      item: `index Lambda compute, ${a.indexMemoryMB} MB`,
      perDocument: `${a.indexIoWaitMs} ms × ${fmt(indexGb, 2)} GB = ${fmt(indexSeconds * indexGb, 4)} GB-s`,
      perMillion: indexSeconds * indexGb * million * p.lambdaGbSecond,
    },
    {
      item: 'index Lambda requests',
      perDocument: `up to ${a.indexInvocationsPerDocument} request`,
      perMillion: a.indexInvocationsPerDocument * p.lambdaPerMillionRequests,
    },
    {
      item: 'cold starts (init is billed)',
      perDocument: `${fmt(coldStarts * 1000, 2)} per 1,000 documents (one per ${a.invocationsPerColdStart.toLocaleString('en')} invocations) × measured cold start's code, init and first invocation (ingest ${Math.round(inputs.ingestInitMs)} ms, index ${Math.round(inputs.indexInitMs)} ms) = ${fmt(initGbSeconds, 6)} GB-s`,
      perMillion: initGbSeconds * million * p.lambdaGbSecond,
    },
    {
      item: 'DynamoDB writes: the row and its index entries (source, content hash, 4 fingerprint bands)',
      perDocument: `≈ ${a.writeUnitsPerDocument} write units${seen(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'])}`,
      perMillion: a.writeUnitsPerDocument * p.dynamoPerMillionWriteUnits,
    },
    {
      item: 'DynamoDB reads: the stored row, duplicate lookups (hash, 4 bands), the indexer\'s read when a text is missing',
      perDocument: `≈ ${a.readUnitsPerDocument} read units${seen(['GetItem', 'Query', 'Scan', 'BatchGetItem'])}`,
      perMillion: a.readUnitsPerDocument * p.dynamoPerMillionReadUnits,
    },
    {
      item: 'S3 PUT: the processed text',
      perDocument: `${fmt(a.s3PutsPerDocument, 2)} PUT${measured ? ' (measured locally)' : ''}`,
      perMillion: (a.s3PutsPerDocument * million * p.s3PerThousandPuts) / 1000,
    },
    {
      item: 'S3 GET: the original, the processed text',
      perDocument: `${fmt(a.s3GetsPerDocument, 2)} GET${measured ? ' (measured locally)' : ''}`,
      perMillion: (a.s3GetsPerDocument * million * p.s3PerThousandGets) / 1000,
    },
    {
      item: 'SQS: notification sent, received (in tens), deleted',
      perDocument: `≈ ${a.sqsRequestsPerDocument} requests`,
      perMillion: a.sqsRequestsPerDocument * p.sqsPerMillionRequests,
    },
  ].map((r) => ({ ...r, perMillion: Number(r.perMillion.toFixed(4)) }));
  return { rows, totalPerMillion: Number(rows.reduce((n, r) => n + r.perMillion, 0).toFixed(2)), assumptions: a, prices: p };
}
