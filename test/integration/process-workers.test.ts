import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DOCPIPE_BIN, ROOT } from '../support/built-cli.ts';

const docpipe = (...args: string[]) => spawnSync(process.execPath, [DOCPIPE_BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

/** `docpipe process` with several worker threads: the same lines, in the order the files were given. */
describe('docpipe process on worker threads', () => {
  const work = mkdtempSync(join(tmpdir(), 'docpipe-process-workers-'));
  const files: string[] = [];
  let several: ReturnType<typeof docpipe>;

  before(() => {
    // Articles of very different lengths, so workers finish out of order; a damaged image in the middle.
    for (let i = 0; i < 12; i++) {
      const file = join(work, `bai-${String(i).padStart(2, '0')}.txt`);
      const paragraphs = Array.from({ length: 1 + ((i * 7) % 13) * 8 }, (_, p) => `Đoạn ${p + 1} của bài ${i}: UBND tỉnh tổ chức hội nghị về chuyển đổi số, các sở, ban, ngành báo cáo kết quả thực hiện nhiệm vụ năm 2024.`);
      writeFileSync(file, `Bài viết số ${i}\n\n${paragraphs.join('\n\n')}\n`);
      files.push(file);
      if (i === 5) {
        const bad = join(work, 'anh-hong.png');
        writeFileSync(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
        files.push(bad);
      }
    }
    files.reverse(); // not the folder's order: the order given is the one kept
    several = docpipe('process', '--no-ocr', '--concurrency', '3', ...files);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('prints one line per file in the order the files were given', () => {
    const lines = several.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string });
    assert.deepEqual(lines.map((l) => l.file), files);
  });

  it('records a failing document among good ones with its reason, and exits 1', () => {
    assert.equal(several.status, 1, several.stderr);
    const lines = several.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: { code: string }; title?: string });
    const failed = lines.filter((l) => l.error);
    assert.deepEqual(failed.map((l) => [l.file, l.error?.code]), [[join(work, 'anh-hong.png'), 'UNSUPPORTED_FORMAT']]);
    assert.ok(lines.filter((l) => !l.error).every((l) => /^Bài viết số \d+$/.test(l.title ?? '')));
  });

  it('prints exactly the same output with --concurrency 1 as with several workers', () => {
    const one = docpipe('process', '--no-ocr', '--concurrency', '1', ...files);
    assert.equal(one.status, 1, one.stderr);
    assert.equal(one.stdout, several.stdout);
  });

  it('prints exactly the same output with two threads, which split the stages instead of the files', () => {
    const two = docpipe('process', '--no-ocr', '--concurrency', '2', ...files);
    assert.equal(two.status, 1, two.stderr);
    assert.equal(two.stdout, several.stdout);
  });

  it('prints the same output when no worker thread can start: this thread processes every file', () => {
    for (const threads of ['2', '3']) {
      const alone = spawnSync(process.execPath, [DOCPIPE_BIN, 'process', '--no-ocr', '--concurrency', threads, ...files], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, NODE_OPTIONS: `--require ${join(ROOT, 'test/support/worker-dies-on-file.cjs')}`, DOCPIPE_TEST_WORKER_CANNOT_START: '1' },
      });
      assert.equal(alone.status, 1, alone.stderr);
      assert.equal(alone.stdout, several.stdout, `--concurrency ${threads}`);
    }
  });

  it('refuses a worker count that is not a whole number from 1', () => {
    const run = docpipe('process', '--concurrency', '0', files[0] ?? '');
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /whole number of worker threads/);
  });
});

/**
 * A worker thread that dies (here made to, by a preload, on every file it describes) fails only the
 * file it was on, with WORKER_CRASHED; the other files come out processed, in order. Two threads split
 * the stages (the worker describes what the main thread read: when it dies, the main thread processes
 * what it had posted and goes on alone); three split the files (a dead worker's files go back to the
 * queue).
 */
for (const { threads, crashes } of [
  { threads: 2, crashes: 1 },
  { threads: 3, crashes: 2 },
]) {
  describe(`docpipe process --concurrency ${threads} when a worker thread dies`, () => {
    const work = mkdtempSync(join(tmpdir(), 'docpipe-worker-dies-'));
    const files = Array.from({ length: 40 }, (_, i) => join(work, `doomed-${String(i).padStart(2, '0')}.txt`));
    let run: ReturnType<typeof docpipe>;
    let lines: Array<{ file: string; title?: string; error?: { code: string; message: string } }>;

    before(() => {
      files.forEach((file, i) => writeFileSync(file, `Bài viết số ${i}\n\nUBND tỉnh tổ chức hội nghị về chuyển đổi số năm 2024, các sở, ban, ngành báo cáo kết quả.\n`));
      run = spawnSync(process.execPath, [DOCPIPE_BIN, 'process', '--no-ocr', '--concurrency', String(threads), ...files], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          ...process.env,
          NODE_OPTIONS: `--require ${join(ROOT, 'test/support/worker-dies-on-file.cjs')}`,
          DOCPIPE_TEST_WORKER_DIES_ON: 'doomed-',
          DOCPIPE_TEST_MAIN_READ_PAUSE_MS: '50',
        },
      });
      lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as (typeof lines)[number]);
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    it(`fails the file each worker died on (${crashes}), says why, and exits 1`, () => {
      assert.equal(run.status, 1, run.stderr);
      const crashed = lines.filter((l) => l.error);
      assert.equal(crashed.length, crashes, JSON.stringify(crashed));
      for (const line of crashed) {
        assert.equal(line.error?.code, 'WORKER_CRASHED');
        assert.match(line.error?.message ?? '', /worker thread processing this file died \(exit code 70\)/);
      }
    });

    it('processes every other file, the dead worker’s included, and keeps their order', () => {
      assert.deepEqual(lines.map((l) => l.file), files);
      const processed = lines.filter((l) => !l.error);
      assert.equal(processed.length, files.length - crashes);
      assert.ok(processed.every((l) => /^Bài viết số \d+$/.test(l.title ?? '')), JSON.stringify(processed.map((l) => l.title)));
    });
  });
}

/**
 * Ctrl-C during a run prints the lines finished before it, in order, and nothing after them, and exits
 * 130: with two threads (the stages split) and with three (the files split). The main thread reads each
 * file late (a preload), so the run lasts seconds.
 */
for (const threads of [2, 3]) {
  describe(`docpipe process --concurrency ${threads} interrupted`, () => {
    const work = mkdtempSync(join(tmpdir(), 'docpipe-interrupted-'));
    const files = Array.from({ length: 60 }, (_, i) => join(work, `slow-${String(i).padStart(2, '0')}.txt`));
    after(() => rmSync(work, { recursive: true, force: true }));

    it('prints the lines finished before Ctrl-C, in order, none after, and exits 130', async () => {
      files.forEach((file, i) => writeFileSync(file, `Bài viết số ${i}\n\nUBND tỉnh tổ chức hội nghị về chuyển đổi số năm 2024, các sở, ban, ngành báo cáo kết quả.\n`));
      const child = spawn(process.execPath, [DOCPIPE_BIN, 'process', '--no-ocr', '--concurrency', String(threads), ...files], {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: `--require ${join(ROOT, 'test/support/worker-dies-on-file.cjs')}`, DOCPIPE_TEST_MAIN_READ_PAUSE_ON: 'slow-', DOCPIPE_TEST_MAIN_READ_PAUSE_MS: '100' },
      });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          // The first lines are out (printed within about 0.2 s of being ready): interrupt.
          if (!stdout) child.kill('SIGINT');
          stdout += chunk.toString();
        });
        child.on('close', (exitCode) => resolve(exitCode));
      });
      assert.equal(code, 130, stderr);
      const printed = stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; title?: string });
      assert.ok(printed.length > 0 && printed.length < files.length, `${printed.length} lines printed`);
      assert.deepEqual(printed.map((l) => l.file), files.slice(0, printed.length));
      assert.ok(printed.every((l) => /^Bài viết số \d+$/.test(l.title ?? '')));
    });
  });
}
