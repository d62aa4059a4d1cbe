import { readFileSync } from 'node:fs';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SingleBar } from 'cli-progress';
import { RAW_BUCKET } from '../local/local-clients.ts';
import { type DocumentStatus, isSettled } from '../local/document-status.ts';
import { StackClient } from '../local/stack-client.ts';

export { collectFiles } from './collect-files.ts';

export async function upload(client: StackClient, files: Array<{ path: string; key: string }>, prefix: string): Promise<Array<{ key: string; id: string; etag: string | undefined }>> {
  const uploaded = [];
  for (const file of files) {
    const key = `${prefix}${file.key}`;
    const out = await client.s3.send(new PutObjectCommand({ Bucket: RAW_BUCKET, Key: key, Body: readFileSync(file.path) }));
    uploaded.push({ key, id: client.idOf(key), etag: out.ETag?.replace(/"/g, '') });
  }
  return uploaded;
}

export async function listKeys(client: StackClient): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.s3.send(new ListObjectsV2Command({ Bucket: RAW_BUCKET, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Polls until every document reached its final state, with a progress bar on a terminal. */
export async function waitUntilSettled(
  client: StackClient,
  docs: Array<{ id: string; etag?: string | undefined }>,
  options: { label: string; timeoutMs: number },
): Promise<DocumentStatus[]> {
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new SingleBar({ format: `${options.label} [{bar}] {value}/{total} documents`, stream: process.stderr, hideCursor: true }) : undefined;
  bar?.start(docs.length, 0);
  const deadline = Date.now() + options.timeoutMs;
  let lastReported = -1;
  for (;;) {
    const statuses = await client.status(docs.map((d) => d.id));
    const settled = statuses.filter((s, i) => isSettled(s, docs[i]?.etag)).length;
    bar?.update(settled);
    if (!tty && settled !== lastReported) {
      process.stderr.write(`${options.label}: ${settled}/${docs.length} documents\n`);
      lastReported = settled;
    }
    if (settled === docs.length) {
      bar?.stop();
      return statuses;
    }
    if (Date.now() > deadline) {
      bar?.stop();
      throw new Error(`${docs.length - settled} document(s) were not searchable after ${Math.round(options.timeoutMs / 1000)} s; see \`curl ${client.endpoints.http}/_local/stats\` for queue depth and dead letters.`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function reportSettled(client: StackClient, uploaded: Array<{ key: string; id: string; etag: string | undefined }>, label: string, timeoutMs = 600_000): Promise<void> {
  const statuses = await waitUntilSettled(client, uploaded, { label, timeoutMs });
  let failed = 0;
  statuses.forEach((s, i) => {
    const key = uploaded[i]?.key;
    if (s.status === 'FAILED') {
      failed++;
      process.stderr.write(`FAILED ${key}: ${s.error?.code} — ${s.error?.message}\n`);
    }
  });
  process.stderr.write(`${statuses.length - failed} searchable, ${failed} failed.\n`);
  if (failed > 0) process.exitCode = 1;
}
