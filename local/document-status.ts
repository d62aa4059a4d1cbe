// Apart from local-stack.ts so the CLI's upload code can wait on documents without loading the stack.

export interface DocumentStatus {
  id: string;
  status: 'PENDING' | 'PROCESSED' | 'FAILED' | 'DELETED';
  etag: string | null;
  indexedEtag: string | null;
  error: { code: string; message: string } | null;
}

/** True when the document has reached its final state for the version `etag` (any version when omitted). */
export function isSettled(s: DocumentStatus, etag?: string): boolean {
  if (s.status === 'PENDING') return false;
  if (s.status === 'DELETED') return s.indexedEtag === null;
  if (etag !== undefined && s.etag !== etag) return false;
  return s.status === 'FAILED' || s.indexedEtag === s.etag;
}
