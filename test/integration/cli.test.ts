import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DOCPIPE_BIN, ROOT } from '../support/built-cli.ts';

const BIN = DOCPIPE_BIN;
const dataDir = mkdtempSync(join(tmpdir(), 'docpipe-cli-'));
const work = mkdtempSync(join(tmpdir(), 'docpipe-cli-files-'));

const docpipe = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('docpipe CLI', () => {
  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('process prints one JSON object per file with the public field names, and exits 1 when one failed', () => {
    const good = join(work, 'bai-viet.txt');
    const bad = join(work, 'image.png');
    writeFileSync(good, 'Hội nghị giao ban\n\n(Baonghean.vn) - Ngày 18/6/2018, Thường trực Tỉnh ủy tổ chức hội nghị giao ban, triển khai Nghị quyết 18-NQ/TW; đồng chí Phạm Đức Châu chủ trì.\n\nThanh Lê\n');
    writeFileSync(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    const run = docpipe('process', good, bad);
    assert.equal(run.status, 1, run.stderr);
    const [ok, failed] = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const field of ['file', 'format', 'encoding', 'repairs', 'legacyFonts', 'ocr', 'title', 'source', 'authors', 'published', 'publishedEvidence', 'datesMentioned', 'body', 'captions', 'people', 'roles', 'organizations', 'docRefs', 'docRefDetails', 'abbreviations', 'language', 'contentHash', 'fingerprint', 'wordCount', 'readingMinutes', 'summary', 'keywords']) {
      assert.ok(ok && field in ok, `missing field ${field}`);
    }
    assert.equal(ok?.source, 'Baonghean.vn');
    assert.deepEqual(ok?.docRefs, ['18-NQ/TW']);
    // OCR is on in `process`: a PNG cut off after its signature is a damaged image, not an unknown format.
    assert.deepEqual(failed, { file: bad, error: { code: 'CORRUPT_DOCUMENT', message: (failed?.error as { message: string }).message } });
    assert.match((failed?.error as { message: string }).message, /PNG image/);
  });

  it('ingest uploads a folder, waits until searchable, and search --json finds it (no stack running)', () => {
    const run = docpipe('ingest', join(ROOT, 'samples'), '--data', dataDir, '--prefix', 'demo/');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /6 searchable, 0 failed/);
    const search = docpipe('search', 'Diễn Châu lúa xuân', '--json', '--data', dataDir);
    assert.equal(search.status, 0, search.stderr);
    const result = JSON.parse(search.stdout) as { total: number; hits: Array<Record<string, unknown>>; facets: unknown; nextCursor: unknown };
    assert.equal(result.hits[0]?.key, 'demo/vi-ban-tin-nong-nghiep.html');
    assert.deepEqual(Object.keys(result).sort(), ['corrections', 'facets', 'hits', 'nextCursor', 'total']);
    assert.deepEqual(Object.keys(result.hits[0] ?? {}).sort(), ['authors', 'id', 'key', 'published', 'score', 'snippet', 'source', 'title']);
    const filtered = docpipe('search', '--source', 'Hoabinhxanh.vn', '--sort', 'date', '--json', '--data', dataDir);
    assert.equal(filtered.status, 0, filtered.stderr);
    assert.deepEqual((JSON.parse(filtered.stdout) as { hits: Array<{ key: string }> }).hits.map((h) => h.key), ['demo/vi-hoi-nghi-cai-cach-hanh-chinh.txt']);
    assert.equal(existsSync(join(dataDir, 'stack.json')), false, 'an in-process stack leaves no stack.json behind');
  });

  it('reindex rebuilds from the stored data into a new generation; --rollback switches back to the old one', () => {
    const rollbackFirst = docpipe('reindex', '--rollback', '--data', dataDir);
    assert.notEqual(rollbackFirst.status, 0, 'nothing to roll back to before a re-index');
    assert.match(rollbackFirst.stderr, /no previous search index to roll back to/);
    const run = docpipe('reindex', '--data', dataDir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Re-indexed 6 of 6 rows into generation g\d+ \(previous g\d+ kept/);
    const back = docpipe('reindex', '--rollback', '--json', '--data', dataDir);
    assert.equal(back.status, 0, back.stderr);
    assert.equal((JSON.parse(back.stdout) as { outcome: string }).outcome, 'rolled-back');
    const search = docpipe('search', 'cải cách hành chính', '--json', '--data', dataDir);
    assert.ok((JSON.parse(search.stdout) as { total: number }).total > 0, 'the rolled-back generation serves searches');
  });

  it('reprocess skips documents the current pipeline made and prints its summary; --json prints the report', () => {
    const run = docpipe('reprocess', '--data', dataDir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Reprocessed to pipeline \d+\.\d+\.\d+: scanned 6 rows, reprocessed 0, skipped 6 current, failed 0\./);
    const json = docpipe('reprocess', '--json', '--data', dataDir);
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout) as Record<string, unknown>;
    assert.deepEqual([report.job, report.outcome, report.scanned, report.reprocessed, report.skippedCurrent, report.failed], ['reprocess', 'completed', 6, 0, 6, 0]);
  });

  it('docs, show and duplicates read the metadata table through its indexes', () => {
    const bySource = docpipe('docs', '--source', 'HOABINHXANH.VN', '--json', '--data', dataDir);
    assert.equal(bySource.status, 0, bySource.stderr);
    assert.deepEqual((JSON.parse(bySource.stdout) as { items: Array<{ key: string }> }).items.map((d) => d.key), ['demo/vi-hoi-nghi-cai-cach-hanh-chinh.txt']);
    const failed = docpipe('docs', '--status', 'FAILED', '--data', dataDir);
    assert.equal(failed.status, 0, failed.stderr);
    assert.match(failed.stdout, /No documents/);

    const show = docpipe('show', 'demo/vi-hoi-nghi-cai-cach-hanh-chinh.txt', '--data', dataDir);
    assert.equal(show.status, 0, show.stderr);
    const record = JSON.parse(show.stdout) as { status: string; roles: Record<string, string>; processedKey: string };
    assert.equal(record.status, 'PROCESSED');
    assert.deepEqual(record.roles, { 'Trần Minh Khoa': 'Phó Chủ tịch UBND huyện' });

    const duplicates = docpipe('duplicates', 'demo/vi-hoi-nghi-cai-cach-hanh-chinh.txt', '--json', '--data', dataDir);
    assert.equal(duplicates.status, 0, duplicates.stderr);
    assert.deepEqual(JSON.parse(duplicates.stdout), []);

    const missing = docpipe('show', 'no/such.txt', '--data', dataDir);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /No document no\/such\.txt/);
    const both = docpipe('docs', '--data', dataDir);
    assert.equal(both.status, 1);
    assert.match(both.stderr, /exactly one of --source/);
  });

  it('reconcile reports that bucket, table and index agree', () => {
    const run = docpipe('reconcile', '--json', '--data', dataDir);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { queuedCreates: 0, queuedRemoves: 0, queuedIndexUpdates: 0, removedIndexOrphans: 0 });
  });

  it('redrive without a running stack says there is nothing to redrive', () => {
    const run = docpipe('redrive', '--data', dataDir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /No stack is running/);
  });

  it('search reports bad input clearly and exits 1', () => {
    const run = docpipe('search', '--data', dataDir, '--', '-only');
    assert.equal(run.status, 1);
    assert.match(run.stderr, /nothing to look for/);
  });

  it('start serves the existing data, put and search talk to it, Ctrl-C stops it cleanly', async () => {
    const server = spawn(process.execPath, [BIN, 'start', '--data', dataDir, '--http-port', '0', '--s3-port', '0', '--dynamodb-port', '0'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    server.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    server.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !stdout.includes('Press Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
      assert.match(stdout, /docpipe is running — 6 document\(s\) searchable/, stderr);
      assert.match(stderr, /Reusing 6 document\(s\)/);
      const url = /Search API {3}(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      assert.ok(url);

      const note = join(work, 'ghi-chu.txt');
      writeFileSync(note, 'Ghi chú mới\n\nCông viên ven sông Lam sẽ mở cửa đón khách từ tháng sau với nhiều cây xanh và đường đi bộ rộng rãi.');
      const put = spawnSync(process.execPath, [BIN, 'put', note, '--data', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(put.status, 0, put.stderr);
      assert.equal(put.stdout.trim(), 's3://docpipe-raw/ghi-chu.txt');

      let found = false;
      for (let i = 0; i < 100 && !found; i++) {
        const res = (await (await fetch(`${url}/search?q=cong+vien+ven+song`)).json()) as { hits: Array<{ key: string }> };
        found = res.hits.some((h) => h.key === 'ghi-chu.txt');
        if (!found) await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(found, 'the file put into the running stack became searchable');
      const redrive = spawnSync(process.execPath, [BIN, 'redrive', '--data', dataDir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      assert.equal(redrive.status, 0, redrive.stderr);
      assert.equal(redrive.stdout.trim(), 'Redrove 0 ingest message(s) and 0 stream record(s).');
    } finally {
      server.kill('SIGINT');
    }
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /Stopped/);
    assert.equal(existsSync(join(dataDir, 'stack.json')), false);
  });
});
