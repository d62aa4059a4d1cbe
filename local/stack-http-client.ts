import { documentId } from '../shared/domain/ids.ts';
import type { SearchResponse } from '../shared/ports.ts';
import type { ReconcileReport } from './local-stack.ts';
import type { ReindexResult, ReprocessResult } from '../functions/reindex/reindex-handler.ts';
import type { ReprocessCheckpoint } from '../shared/ports.ts';
import { RAW_BUCKET } from './local-names.ts';
import type { DocumentStatus } from './local-stack.ts';
import { httpRequest, jsonOf } from './http-request.ts';

/**
 * Talks to a local stack's HTTP endpoint (search and the `/_local/` operations), whether it runs in this
 * process or in `docpipe start`. No AWS SDK: `docpipe search` against a running stack loads nothing
 * more; StackClient adds the S3 client for uploads.
 */
export class StackHttpClient {
  constructor(readonly endpoints: { http: string; s3: string; dynamodb: string }) {}

  idOf(key: string): string {
    return documentId(RAW_BUCKET, key);
  }

  async status(ids: string[]): Promise<DocumentStatus[]> {
    const statuses: DocumentStatus[] = [];
    // Keep URLs short: ask for at most 100 ids at a time.
    for (let i = 0; i < ids.length; i += 100) {
      const query = ids.slice(i, i + 100).map((id) => `id=${encodeURIComponent(id)}`).join('&');
      statuses.push(...(await this.getJson<DocumentStatus[]>(`/_local/status?${query}`)));
    }
    return statuses;
  }

  /** GET /search with these parameters (`q`, filters, `sort`, `size`, `cursor`). */
  search(params: Record<string, string>): Promise<SearchResponse> {
    return this.getJson(`/search?${new URLSearchParams(params).toString()}`);
  }

  async reindex(options: { rollback?: boolean } = {}): Promise<ReindexResult> {
    const res = await httpRequest(`${this.endpoints.http}/_local/reindex${options.rollback ? '?rollback=true' : ''}`, { method: 'POST' });
    const body = jsonOf(res, {}) as ReindexResult & { error?: { message: string } };
    if (!res.ok) throw new Error(body.error?.message ?? `Re-index failed with HTTP ${res.status}`);
    return body;
  }

  async reprocess(): Promise<ReprocessResult> {
    const res = await httpRequest(`${this.endpoints.http}/_local/reprocess`, { method: 'POST' });
    const body = jsonOf(res, {}) as ReprocessResult & { error?: { message: string } };
    if (!res.ok) throw new Error(body.error?.message ?? `Reprocess failed with HTTP ${res.status}`);
    return body;
  }

  /** The running (or interrupted) reprocess's checkpoint; with `countRows`, how many document rows it scans. */
  reprocessProgress(options: { countRows?: boolean } = {}): Promise<{ checkpoint: ReprocessCheckpoint | null; rows?: number }> {
    return this.getJson(`/_local/reprocess${options.countRows ? '?count=rows' : ''}`);
  }

  async reconcile(): Promise<ReconcileReport> {
    const res = await httpRequest(`${this.endpoints.http}/_local/reconcile`, { method: 'POST' });
    if (!res.ok) throw new Error(`Reconcile failed with HTTP ${res.status}: ${res.text}`);
    return JSON.parse(res.text) as ReconcileReport;
  }

  async redrive(): Promise<{ ingest: number; stream: number }> {
    const res = await httpRequest(`${this.endpoints.http}/_local/redrive`, { method: 'POST' });
    if (!res.ok) throw new Error(`Redrive failed with HTTP ${res.status}: ${res.text}`);
    return JSON.parse(res.text) as { ingest: number; stream: number };
  }

  private async getJson<T>(path: string): Promise<T> {
    const res = await httpRequest(`${this.endpoints.http}${path}`);
    const body = JSON.parse(res.text) as T & { error?: { message: string } };
    if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status} from ${path}`);
    return body;
  }
}
