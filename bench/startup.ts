/**
 * Start-up of the compiled CLI (dist/docpipe.js, built first when stale): wall time of fresh
 * processes, from spawn to exit, for `--help`, `process` of one small file, and `search` against a
 * running local stack (`docpipe start` in the background on free ports, samples loaded). The cases
 * take turns within each round, so a burst of load from other processes hits all of them alike.
 * Part of `npm run bench`; alone: `node --import tsx bench/startup.ts [--runs N]` prints its table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildDist, isStale } from '../bin/build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'dist/docpipe.js');

export interface StartupCase {
  name: string;
  command: string;
  /** Milliseconds; null for a reference row without a target. */
  targetMs: number | null;
  targetNote?: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export interface StartupResult {
  runs: number;
  loadAtStart: number[];
  /** NODE_EXTRA_CA_CERTS was set: every Node process, bare Node included, parses that file first. */
  extraCaCerts: boolean;
  cases: StartupCase[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/** Wall time of one fresh process, ms; throws when it fails. */
function timeOnce(command: string, args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr.slice(0, 500)}`);
  return ms;
}

/** `docpipe start` in the background on free ports; resolves once it serves searches. */
async function startStack(dataDir: string): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, [BIN, 'start', '--data', dataDir, '--http-port', '0', '--s3-port', '0', '--dynamodb-port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.includes('Press Ctrl-C')) ready();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`docpipe start exited (${code}) before it was ready: ${output.slice(-500)}`)));
  });
  return async () => {
    child.kill('SIGINT');
    await exited;
  };
}

/**
 * A project of a user who installed docpipe (`npm install <folder>` links the folder into
 * node_modules and its bin into node_modules/.bin): there `npx docpipe` finds the bin in
 * node_modules/.bin and runs it without reading any dependency tree. In the project's own folder npx
 * takes its self-execution path instead (the folder's package.json has the bin): it reads the
 * project's tree and installs the folder into its cache (~/.npm/_npx) under a lock, on every call.
 */
function userProject(work: string): string {
  const dir = join(work, 'user-project');
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, dependencies: { docpipe: `file:${ROOT}` } }, null, 2)}\n`);
  symlinkSync(ROOT, join(dir, 'node_modules/docpipe'), 'dir');
  symlinkSync('../docpipe/dist/docpipe.js', join(dir, 'node_modules/.bin/docpipe'));
  // A bin that does nothing: what npx costs before any command it runs can start.
  writeFileSync(join(dir, 'node_modules/.bin/noop'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

/** Times each case in `runs` rounds of fresh processes, after one untimed warm-up each (file cache). */
export async function startupTimes(runs = 5): Promise<StartupResult> {
  if (isStale()) await buildDist();
  const work = mkdtempSync(join(tmpdir(), 'docpipe-bench-startup-'));
  const loadAtStart = loadavg().map((l) => Number(l.toFixed(2)));
  const file = join(work, 'bai-viet.txt');
  writeFileSync(file, 'Hội nghị giao ban\n\n(Baonghean.vn) - Ngày 18/6/2018, Thường trực Tỉnh ủy tổ chức hội nghị giao ban, triển khai Nghị quyết 18-NQ/TW; đồng chí Phạm Đức Châu chủ trì.\n\nThanh Lê\n');
  const dataDir = join(work, 'data');
  const stopStack = await startStack(dataDir);
  try {
    const installedIn = userProject(work);
    const cases: Array<Omit<StartupCase, 'medianMs' | 'minMs' | 'maxMs' | 'runs'> & { argv: [string, ...string[]]; cwd?: string }> = [
      { name: 'bare Node (reference)', command: 'node -e 0', targetMs: null, argv: [process.execPath, '-e', '0'] },
      { name: 'help', command: 'node dist/docpipe.js --help', targetMs: 150, argv: [process.execPath, BIN, '--help'] },
      { name: 'process one file', command: 'node dist/docpipe.js process one.txt', targetMs: 400, argv: [process.execPath, BIN, 'process', file] },
      { name: 'search, running stack', command: 'node dist/docpipe.js search "cải cách hành chính"', targetMs: 400, targetNote: 'the process target; the issue sets none of its own', argv: [process.execPath, BIN, 'search', 'cải cách hành chính', '--data', dataDir] },
      { name: 'npm\'s own start-up (reference)', command: 'npm -v', targetMs: null, argv: ['npm', '-v'] },
      { name: 'process one file through npx', command: 'npx docpipe process one.txt', targetMs: 400, targetNote: 'includes npm\'s own start-up', argv: ['npx', 'docpipe', 'process', file] },
      { name: 'the same in a project that installed docpipe (reference)', command: 'npx docpipe process one.txt', targetMs: null, argv: ['npx', 'docpipe', 'process', file], cwd: installedIn },
      { name: 'npx running a bin that does nothing, same project (npx\'s floor, reference)', command: 'npx noop', targetMs: null, argv: ['npx', 'noop'], cwd: installedIn },
    ];
    const times = cases.map(() => [] as number[]);
    for (const c of cases) timeOnce(c.argv[0], c.argv.slice(1), c.cwd ?? ROOT);
    for (let round = 0; round < runs; round++) cases.forEach((c, i) => times[i]?.push(timeOnce(c.argv[0], c.argv.slice(1), c.cwd ?? ROOT)));
    return {
      runs,
      loadAtStart,
      extraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS),
      cases: cases.map(({ argv: _argv, cwd: _cwd, ...c }, i) => {
        const ms = times[i] ?? [];
        return { ...c, medianMs: Math.round(median(ms)), minMs: Math.round(Math.min(...ms)), maxMs: Math.round(Math.max(...ms)), runs: ms.length };
      }),
    };
  } finally {
    await stopStack();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The start-up targets, as rows of the benchmark's target table. */
export function startupTargets(r: StartupResult): Array<{ target: string; measured: string; met: boolean }> {
  return r.cases
    .filter((c) => c.targetMs !== null)
    .map((c) => ({ target: `\`${c.command}\` < ${((c.targetMs ?? 0) / 1000).toFixed(2)} s${c.targetNote ? ` (${c.targetNote})` : ''}`, measured: `${(c.medianMs / 1000).toFixed(3)} s`, met: c.medianMs < (c.targetMs ?? 0) }));
}

/** The start-up section of docs/benchmarks.md. */
export function startupSection(r: StartupResult): string[] {
  // Under load every process starts slower; the time above bare Node's is the CLI's own and varies less.
  const bare = r.cases.find((c) => c.command === 'node -e 0')?.medianMs ?? 0;
  return [
    '## Start-up of the CLI',
    '',
    `The compiled CLI (\`dist/docpipe.js\`, what \`npx docpipe\` runs), each command in a fresh process timed from spawn to exit: median of ${r.runs} rounds in which the cases take turns, after one untimed run each; min and max beside it. \`search\` asks a \`docpipe start\` running in the background (samples loaded). \`npx\` adds npm's own start-up (\`npm -v\` is the least of it), and in the project's own folder more: there the folder's package.json has the \`docpipe\` bin, so npx takes its self-execution path, reading the project's dependency tree and installing the folder into its cache (~/.npm/_npx) under a lock on every call. In a project that installed docpipe (the row after: node_modules/docpipe linked to this folder as \`npm install <folder>\` links it), npx finds node_modules/.bin/docpipe and runs it without reading a tree. The last row is npx's floor in that project: a bin that is a shell script doing nothing (\`exit 0\`), which npx runs through a shell as it runs any bin; no command run through npx can be faster than that row here. Load average at the start: ${r.loadAtStart.join(', ')}.`,
    '',
    ...(r.extraCaCerts
      ? [
          // valgrind on the issue-15 machine: an empty ES module ran 515 M instructions with it set, 104 M without.
          'NODE_EXTRA_CA_CERTS is set here: every Node process, `node -e 0` included, reads and parses that certificate file before it runs anything (an empty module: about 80 % of its start-up instructions). The column above bare Node leaves it out; without it every row is that much faster.',
          '',
        ]
      : []),
    '| case | command | median (s) | min–max (s) | above bare Node (s) | target |',
    '| --- | --- | ---: | ---: | ---: | --- |',
    ...r.cases.map((c) => `| ${c.name} | \`${c.command}\` | ${(c.medianMs / 1000).toFixed(3)} | ${(c.minMs / 1000).toFixed(3)}–${(c.maxMs / 1000).toFixed(3)} | ${c.command === 'node -e 0' ? '—' : ((c.medianMs - bare) / 1000).toFixed(3)} | ${c.targetMs === null ? '—' : `< ${(c.targetMs / 1000).toFixed(2)} s: ${c.medianMs < c.targetMs ? 'met' : '**missed**'}`} |`),
    '',
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Math.max(5, Number(process.argv[runsArg + 1])) : 5;
  process.stdout.write(`${startupSection(await startupTimes(runs)).join('\n')}\n`);
}
