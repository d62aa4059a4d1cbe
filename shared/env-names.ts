/** Environment variable names, shared by the CDK stack (which sets them) and the functions (which read them). */
export const ENV = {
  TABLE_NAME: 'TABLE_NAME',
  PROCESSED_BUCKET: 'PROCESSED_BUCKET',
  OPENSEARCH_ENDPOINT: 'OPENSEARCH_ENDPOINT',
  INDEX_ALIAS: 'INDEX_ALIAS',
  MAX_DOCUMENT_BYTES: 'MAX_DOCUMENT_BYTES',
  METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
  SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  LOG_LEVEL: 'POWERTOOLS_LOG_LEVEL',
} as const;

export const DEFAULT_INDEX_ALIAS = 'documents';
export const METRICS_NAMESPACE = 'docpipe';
