import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { stop as stopEsbuild } from 'esbuild';
import { buildFunction } from '../../bench/lambda-bundles.ts';
import { makePdf } from '../support/make-pdf.ts';
import { makeImagePdf, makeScannedPage, skipWithoutScanFont } from '../support/make-scan.ts';
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

  it('keeps the PDF, DOCX and DOC libraries, the CJK tables and the credential providers out of index.js, in files beside it', async () => {
    const { metafile } = await buildFunction('ingest', join(dir, 'handler'));
    const inputs = Object.keys(metafile.inputs);
    assert.deepEqual(inputs.filter((path) => /node_modules\/(unpdf|mammoth|word-extractor|tesseract\.js|iconv-lite\/encodings\/tables|@aws-sdk\/credential-provider-ini|@aws-sdk\/nested-clients)\//.test(path)), []);
    const tablesImportedBy = Object.entries(metafile.inputs).filter(([, input]) => input.imports.some((i) => i.external && i.path.startsWith('./tables/'))).map(([path]) => path);
    assert.deepEqual(tablesImportedBy, ['node_modules/iconv-lite/encodings/dbcs-data.js'], 'only iconv-lite may import ./tables/ (the external pattern would catch any other)');
    for (const file of ['node_modules/unpdf/index.js', 'node_modules/mammoth/index.js', 'node_modules/word-extractor/index.js', 'node_modules/tesseract.js/index.js', 'node_modules/tesseract.js/worker.js', 'node_modules/tesseract.js-core/tesseract-core-simd.wasm', 'ocr-models/vie.traineddata.gz', 'tables/cp936.json', 'node_modules/@aws-sdk/credential-provider-ini/index.js']) assert.ok(existsSync(join(dir, 'handler', file)), `${file} is missing`);
  });

  const probe = join(dir, 'probe');
  const built = buildFunction('ingest', probe, 'test/support/bundle-probe.ts');
  /** Runs `script` in a fresh Node process in the temp folder; it writes JSON to stdout. */
  const run = <T>(script: string, env: NodeJS.ProcessEnv = {}): T =>
    JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } })) as T;
  const loadedFiles = `Object.keys(require.cache).map((f) => require('node:path').relative(${JSON.stringify(probe)}, f)).sort()`;

  it('decodes a PDF and a DOCX through the bundle, loading each library from its file', async () => {
    await built;
    writeFileSync(join(dir, 'doc.pdf'), makePdf([['Báo cáo chuyển đổi số', '', 'Năm 2023, Ủy ban nhân dân tỉnh đã hoàn thành các chỉ tiêu kinh tế - xã hội đề ra.']]));
    writeFileSync(join(dir, 'doc.docx'), makeDocx([{ heading: 'Quyết định về cải cách hành chính' }, 'Ngày 5/3/2024, UBND tỉnh ban hành Quyết định 52/2024/QĐ-UBND về cải cách hành chính.']));
    const result = run<{ docs: Array<{ format: string; title: string; body: string }>; loaded: string[] }>(`
      const { readFileSync } = require('node:fs');
      const { processDocument } = require(${JSON.stringify(join(probe, 'index.js'))});
      Promise.all(['doc.pdf', 'doc.docx'].map((f) => processDocument(readFileSync(f))))
        .then((docs) => process.stdout.write(JSON.stringify({ docs: docs.map((d) => ({ format: d.format, title: d.title, body: d.body })), loaded: ${loadedFiles} })));
    `);
    assert.deepEqual(result.docs.map((d) => [d.format, d.title]), [['pdf', 'Báo cáo chuyển đổi số'], ['docx', 'Quyết định về cải cách hành chính']]);
    assert.match(result.docs[0]?.body ?? '', /Ủy ban nhân dân tỉnh/);
    assert.match(result.docs[1]?.body ?? '', /52\/2024\/QĐ-UBND/);
    assert.deepEqual(result.loaded, ['index.js', 'node_modules/mammoth/index.js', 'node_modules/unpdf/index.js']);
  });

  it('reads a scanned PDF through the bundle: tesseract.js, its worker, WebAssembly and models from the asset, nothing before', { skip: skipWithoutScanFont }, async () => {
    await built;
    writeFileSync(join(dir, 'scan.pdf'), makeImagePdf([makeScannedPage(['Ủy ban nhân dân tỉnh ban hành kế hoạch cải cách hành chính.'], { dpi: 150 })]));
    const result = run<{ body: string; ocr: { pages: number }; loadedBefore: string[]; loaded: string[] }>(`
      const { readFileSync } = require('node:fs');
      const { join } = require('node:path');
      const probe = require(${JSON.stringify(join(probe, 'index.js'))});
      const root = ${JSON.stringify(probe)};
      const loadedBefore = ${loadedFiles};
      const ocr = probe.lazyOcrEngine({ dataDir: join(root, probe.OCR_ASSET.models), workerPath: join(root, probe.OCR_ASSET.worker) });
      probe.processDocument(readFileSync('scan.pdf'), { ocr })
        .then(async (d) => { const loaded = ${loadedFiles}; await ocr.close(); process.stdout.write(JSON.stringify({ body: d.body || d.title, ocr: d.ocr, loadedBefore, loaded })); });
    `);
    assert.match(result.body, /cải cách hành chính/);
    assert.equal(result.ocr.pages, 1);
    assert.deepEqual(result.loadedBefore, ['index.js']);
    assert.ok(result.loaded.includes('node_modules/tesseract.js/index.js'), result.loaded.join(', '));
  });

  it('takes credentials from the environment without loading any other provider', async () => {
    await built;
    const result = run<{ accessKeyId: string; loaded: string[] }>(`
      require(${JSON.stringify(join(probe, 'index.js'))}).defaultProvider()()
        .then((c) => process.stdout.write(JSON.stringify({ accessKeyId: c.accessKeyId, loaded: ${loadedFiles} })));
    `, { AWS_ACCESS_KEY_ID: 'AKIDFROMENVIRONMENT', AWS_SECRET_ACCESS_KEY: 'secret' });
    assert.deepEqual(result, { accessKeyId: 'AKIDFROMENVIRONMENT', loaded: ['index.js'] });
  });

  it('falls through to the shared credentials file, loading its provider from its file', async () => {
    await built;
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = secret\n');
    const result = run<{ accessKeyId: string; loaded: string[] }>(`
      require(${JSON.stringify(join(probe, 'index.js'))}).defaultProvider()()
        .then((c) => process.stdout.write(JSON.stringify({ accessKeyId: c.accessKeyId, loaded: ${loadedFiles} })));
    `, { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'no-config'), AWS_EC2_METADATA_DISABLED: 'true' });
    assert.equal(result.accessKeyId, 'AKIDFROMFILE');
    assert.ok(result.loaded.includes('node_modules/@aws-sdk/credential-provider-ini/index.js'), result.loaded.join(', '));
  });
});
