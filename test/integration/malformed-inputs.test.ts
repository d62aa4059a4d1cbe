import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makePdf } from '../support/make-pdf.ts';
import { deflatedSpaces, makeZip } from '../support/make-zip.ts';

const PROBE = new URL('../support/process-file.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'docpipe-malformed-'));
const MEMORY_LIMIT_MB = 512;

interface ProbeResult {
  outcome: 'processed' | 'failed';
  code?: string;
  message?: string;
  ms: number;
  maxRssMb: number;
}

/** Processes `bytes` in a fresh Node process (so its peak RSS is its own), killed if it hangs. */
function probe(name: string, bytes: Buffer | string): ProbeResult {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const run = spawnSync(process.execPath, ['--import', 'tsx', PROBE, file], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 20 });
  assert.equal(run.signal, null, `${name}: the process hung or was killed (${run.signal})`);
  assert.equal(run.status, 0, `${name}: ${run.stderr}`);
  return JSON.parse(run.stdout) as ProbeResult;
}

const sentence = 'Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm, đồng chí Nguyễn Văn An phát biểu chỉ đạo. ';

describe('malformed inputs: each ends in a clear error or a bounded result, under 512 MB, without hanging', { timeout: 600_000 }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Array<{ name: string; make: () => Buffer | string | Promise<Buffer>; expect: (r: ProbeResult) => void }> = [
    {
      name: 'truncated.pdf',
      make: () => {
        const pdf = makePdf([['Một tài liệu PDF bị cắt ngang khi tải về từ máy chủ của cơ quan.']]);
        return pdf.subarray(0, Math.floor(pdf.length * 0.6));
      },
      expect: (r) => assert.equal(r.code, 'CORRUPT_DOCUMENT'),
    },
    {
      name: 'zip-bomb.docx',
      make: async () => makeZip([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'word/document.xml', data: Buffer.alloc(0), deflated: await deflatedSpaces(1024 * 1024 * 1024) },
      ]),
      expect: (r) => assert.equal(r.code, 'DOCUMENT_TOO_LARGE'),
    },
    { name: 'empty.txt', make: () => Buffer.alloc(0), expect: (r) => assert.equal(r.code, 'EMPTY_DOCUMENT') },
    {
      name: 'single-line-50mb.txt',
      make: () => Buffer.from(sentence.repeat(Math.ceil(50_000_000 / Buffer.byteLength(sentence)))).subarray(0, 50_000_000),
      expect: (r) => assert.equal(r.outcome, 'processed'),
    },
    { name: 'nul-bytes.bin', make: () => Buffer.alloc(1024 * 1024), expect: (r) => assert.equal(r.code, 'UNSUPPORTED_FORMAT') },
    {
      name: 'nul-sprinkled.txt',
      make: () => Buffer.from(`Tiêu đề\n\n${sentence.repeat(200).replace(/ /g, (s, i: number) => (i % 97 === 0 ? '\u0000' : s))}`),
      expect: (r) => assert.equal(r.outcome, 'processed'),
    },
    {
      name: 'deeply-nested.html',
      make: () => `<!doctype html><html><body>${'<div>'.repeat(200_000)}<p>${sentence.repeat(5)}</p>${'</div>'.repeat(200_000)}</body></html>`,
      expect: (r) => assert.equal(r.outcome, 'processed'),
    },
    {
      name: 'oversized.txt',
      make: () => Buffer.alloc(50 * 1024 * 1024 + 1, 0x61),
      expect: (r) => assert.equal(r.code, 'DOCUMENT_TOO_LARGE'),
    },
    {
      name: 'unclosed-tags.html',
      make: () => `<html><body>${'<p><b><i><a href="x">'.repeat(50_000)}${sentence}`,
      expect: (r) => assert.ok(r.outcome === 'processed' || r.code === 'EMPTY_DOCUMENT'),
    },
  ];

  for (const c of cases) {
    it(c.name, async (t) => {
      const result = probe(c.name, await c.make());
      t.diagnostic(`${result.outcome}${result.code ? ` ${result.code}` : ''} in ${result.ms} ms, peak RSS ${result.maxRssMb} MB`);
      c.expect(result);
      assert.ok(result.code !== 'UNEXPECTED', `${c.name}: ${result.message}`);
      assert.ok(result.maxRssMb < MEMORY_LIMIT_MB, `${c.name}: peak RSS ${result.maxRssMb} MB`);
    });
  }
});
