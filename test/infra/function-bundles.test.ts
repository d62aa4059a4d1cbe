import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stop as stopEsbuild } from 'esbuild';
import { buildFunction } from '../../bench/lambda-bundles.ts';
import { makePdf } from '../support/make-pdf.ts';
import { makeDocx } from '../support/make-zip.ts';

/**
 * The ingest function's asset as infra/pipeline-function.ts has the CDK build it (the bench builds it
 * with the same options): the format libraries are files beside the bundle, and the bundle finds
 * them there. The folder is under the system temp directory, so no node_modules of the project can
 * stand in for a missing file.
 */
describe('ingest function bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-bundle-test-'));
  after(async () => {
    await stopEsbuild();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the PDF and DOCX libraries and the CJK tables out of index.js, in files beside it', async () => {
    const { metafile } = await buildFunction('ingest', join(dir, 'handler'));
    const inputs = Object.keys(metafile.inputs);
    assert.deepEqual(inputs.filter((path) => /node_modules\/(unpdf|mammoth|iconv-lite\/encodings\/tables)\//.test(path)), []);
    const tablesImportedBy = Object.entries(metafile.inputs).filter(([, input]) => input.imports.some((i) => i.external && i.path.startsWith('./tables/'))).map(([path]) => path);
    assert.deepEqual(tablesImportedBy, ['node_modules/iconv-lite/encodings/dbcs-data.js'], 'only iconv-lite may import ./tables/ (the external pattern would catch any other)');
    for (const file of ['node_modules/unpdf/index.js', 'node_modules/mammoth/index.js', 'tables/cp936.json']) assert.ok(existsSync(join(dir, 'handler', file)), `${file} is missing`);
  });

  it('decodes a PDF and a DOCX through the bundle, loading each library from its file', async () => {
    const out = join(dir, 'probe');
    await buildFunction('ingest', out, 'shared/domain/process-document.ts');
    writeFileSync(join(dir, 'doc.pdf'), makePdf([['Báo cáo chuyển đổi số', '', 'Năm 2023, Ủy ban nhân dân tỉnh đã hoàn thành các chỉ tiêu kinh tế - xã hội đề ra.']]));
    writeFileSync(join(dir, 'doc.docx'), makeDocx([{ heading: 'Quyết định về cải cách hành chính' }, 'Ngày 5/3/2024, UBND tỉnh ban hành Quyết định 52/2024/QĐ-UBND về cải cách hành chính.']));
    const script = `
      const { readFileSync } = require('node:fs');
      const { processDocument } = require(${JSON.stringify(join(out, 'index.js'))});
      Promise.all(['doc.pdf', 'doc.docx'].map((f) => processDocument(readFileSync(${JSON.stringify(dir)} + '/' + f))))
        .then((docs) => process.stdout.write(JSON.stringify({ docs: docs.map((d) => ({ format: d.format, title: d.title, body: d.body })), loaded: Object.keys(require.cache) })));
    `;
    const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } })) as { docs: Array<{ format: string; title: string; body: string }>; loaded: string[] };
    assert.deepEqual(result.docs.map((d) => [d.format, d.title]), [['pdf', 'Báo cáo chuyển đổi số'], ['docx', 'Quyết định về cải cách hành chính']]);
    assert.match(result.docs[0]?.body ?? '', /Ủy ban nhân dân tỉnh/);
    assert.match(result.docs[1]?.body ?? '', /52\/2024\/QĐ-UBND/);
    assert.deepEqual(result.loaded.sort(), [join(out, 'index.js'), join(out, 'node_modules/mammoth/index.js'), join(out, 'node_modules/unpdf/index.js')].sort());
  });
});
