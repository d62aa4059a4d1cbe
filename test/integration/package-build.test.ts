import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DOCPIPE_BIN, ROOT } from '../support/built-cli.ts';
import { LoopbackJsonServer, type LoopbackReply, type LoopbackRequest } from '../support/loopback-json-server.ts';

const TRACER = join(ROOT, 'test/support/trace-imports.mjs');
const work = mkdtempSync(join(tmpdir(), 'docpipe-package-'));

/** Runs the compiled CLI (asynchronously: a stand-in server may answer in this process) and lists the packages it imported. */
async function runTraced(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string; packages: string[]; modules: string[] }> {
  const trace = join(work, `trace-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(trace, '');
  const child = spawn(process.execPath, ['--import', TRACER, DOCPIPE_BIN, ...args], { cwd: work, env: { ...process.env, DOCPIPE_TRACE_IMPORTS: trace } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const status = await new Promise<number | null>((done) => child.on('close', done));
  const modules = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  const packages = [...new Set(modules.map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]).filter((name): name is string => name !== undefined))].sort();
  return { status, stdout, stderr, packages, modules };
}

/** A running stack as `docpipe search` sees it: stack.json naming a live process and an HTTP endpoint. */
class StackStandIn extends LoopbackJsonServer {
  protected answer(request: LoopbackRequest): LoopbackReply {
    if (request.path === '/health') return { status: 200, body: { status: 'ok' } };
    if (request.path.startsWith('/search?')) return { status: 200, body: { total: 1, hits: [{ id: 'x', key: 'stand-in.txt', title: 'Stand-in', snippet: 'from the running stack', published: null, source: null, authors: [], score: 1 }], facets: {}, nextCursor: null, corrections: [] } };
    return { status: 404, body: { error: { message: 'not here' } } };
  }
}

describe('package build: the compiled CLI', () => {
  after(() => rmSync(work, { recursive: true, force: true }));

  it('answers --help from dist/ alone: no package installed, no tsx, no TypeScript', () => {
    const pkg = join(work, 'installed');
    cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    mkdirSync(join(pkg, 'node_modules'));
    const run = spawnSync(process.execPath, [join(pkg, 'dist/docpipe.js'), '--help'], { cwd: pkg, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /Usage: docpipe .*\n[\s\S]*process \[options\] <file\.\.\.>/);
  });

  it('compiles every *-worker.ts to plain JavaScript beside the entry', () => {
    const dist = readdirSync(join(ROOT, 'dist'));
    assert.ok(dist.includes('storage-servers-worker.js'), dist.join(', '));
    assert.equal(dist.filter((f) => f.endsWith('.ts') || f.endsWith('.mjs')).length, 0);
  });

  it('--help loads no package (commander is compiled in): no AWS SDK, s3rver, dynalite, SQLite or decoders', async () => {
    const run = await runTraced(['--help']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.packages, []);
    assert.deepEqual(run.modules.filter((url) => url.endsWith('.ts')), []);
  });

  it('help requests load the entry alone, not commander or the program, and print what the program of the sources prints', async () => {
    const fromSources = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bin/cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
    for (const args of [['--help'], [], ['process', '--help'], ['help', 'serve']]) {
      const run = await runTraced(args);
      const dist = run.modules.filter((url) => url.includes('/dist/')).map((url) => url.slice(url.lastIndexOf('/') + 1));
      assert.deepEqual(dist, ['docpipe.js'], `docpipe ${args.join(' ')} loaded ${dist.join(', ')}`);
      const expected = fromSources(args);
      assert.deepEqual({ status: run.status, stdout: run.stdout, stderr: run.stderr }, { status: expected.status, stdout: expected.stdout, stderr: expected.stderr }, `docpipe ${args.join(' ')}`);
    }
    // Anything else is commander's, as before: an unknown option, with the help after the error.
    const unknown = await runTraced(['--version']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^error: unknown option '--version'\n\nUsage: docpipe/);
    assert.ok(unknown.modules.some((url) => url.endsWith('/dist/program.js')));
  });

  it('process of a text file loads no package (htmlparser2 and iconv-lite are compiled in): no local stack, AWS SDK or logger', async () => {
    const file = join(work, 'bai-viet.txt');
    writeFileSync(file, 'Hội nghị giao ban\n\n(Baonghean.vn) - Ngày 18/6/2018, Thường trực Tỉnh ủy tổ chức hội nghị.\n');
    const run = await runTraced(['process', '--no-ocr', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { source: string }).source, 'Baonghean.vn');
    assert.deepEqual(run.packages, [], `process loaded ${run.packages.join(', ')}`);
  });

  it('process runs the processing code compiled with its V8 code cache, and prints the same with a damaged cache or none', () => {
    const file = join(work, 'cached.txt');
    writeFileSync(file, 'Hội nghị giao ban\n\n(Baonghean.vn) - Ngày 18/6/2018, Thường trực Tỉnh ủy tổ chức hội nghị giao ban, triển khai Nghị quyết 18-NQ/TW.\n\nThanh Lê\n');
    const dist = readdirSync(join(ROOT, 'dist'));
    assert.ok(dist.includes('processing.cjs') && dist.includes('processing.cjs.cache'), dist.join(', '));
    const outputWith = (cache: Buffer | undefined): string => {
      const copy = mkdtempSync(join(work, 'dist-copy-'));
      cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
      cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
      if (cache === undefined) rmSync(join(copy, 'dist/processing.cjs.cache'));
      else writeFileSync(join(copy, 'dist/processing.cjs.cache'), cache);
      const run = spawnSync(process.execPath, [join(copy, 'dist/docpipe.js'), 'process', '--no-ocr', file], { cwd: copy, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout;
    };
    const recorded = outputWith(readFileSync(join(ROOT, 'dist/processing.cjs.cache')));
    assert.equal((JSON.parse(recorded) as { source: string }).source, 'Baonghean.vn');
    assert.equal(outputWith(Buffer.from('not a code cache')), recorded);
    assert.equal(outputWith(undefined), recorded);
  });

  it('keeps regular-expression literals with Unicode property escapes as literals, not RegExp constructor calls', () => {
    // Built with esbuild's default for Node, the processing script had 43 such constructor calls in place of its literals.
    const script = readFileSync(join(ROOT, 'dist/processing.cjs'), 'utf8');
    assert.deepEqual(script.match(/new RegExp\("[^"]*\\\\p\{[^"]*"/g) ?? [], []);
  });

  it('the recorded code cache is accepted under the CLI\'s V8 flags, on the main thread and in worker threads, and only under them', () => {
    // V8 rejects a cache made under other flags, silently: the processing code would compile afresh in every thread.
    const rejectedIn = (withCliFlags: boolean): { main: boolean; worker: boolean } => {
      const check = `const { readFileSync } = require('node:fs'); const vm = require('node:vm'); const file = ${JSON.stringify(join(ROOT, 'dist/processing.cjs'))};
        const rejected = () => new vm.Script('(function (exports, require, module, __filename, __dirname, __docpipeImport) {' + readFileSync(file, 'utf8') + '\\n})', { filename: file, cachedData: readFileSync(file + '.cache') }).cachedDataRejected;`;
      const script = `${withCliFlags ? "(await import('./bin/v8-flags.ts')).setCliV8Flags();" : ''}
        import { Worker } from 'node:worker_threads'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
        ${check}
        const main = rejected();
        const worker = await new Promise((done) => new Worker(${JSON.stringify(`${check} require('node:worker_threads').parentPort.postMessage(rejected());`)}, { eval: true, execArgv: [] }).once('message', done));
        console.log(JSON.stringify({ main, worker }));`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      return JSON.parse(run.stdout) as { main: boolean; worker: boolean };
    };
    assert.deepEqual(rejectedIn(true), { main: false, worker: false });
    assert.deepEqual(rejectedIn(false), { main: true, worker: true });
  });

  it('search against a running stack asks it over HTTP and loads no SDK, SQLite or search code', async () => {
    const standIn = new StackStandIn();
    await standIn.start();
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'stack.json'), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), endpoints: { http: standIn.endpoint, s3: 'http://127.0.0.1:1', dynamodb: 'http://127.0.0.1:1' } }));
    try {
      const run = await runTraced(['search', 'anything', '--json', '--data', dataDir]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as { hits: Array<{ key: string }> }).hits[0]?.key, 'stand-in.txt');
      assert.deepEqual(run.packages, []);
    } finally {
      await standIn.stop();
    }
  });
});
