import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { stop as stopEsbuild, type Metafile } from 'esbuild';
import { buildFunction, reachedOutputs } from '../../bench/lambda-bundles.ts';
import { ENTRY_FILE, LOADED_ON_FIRST_USE } from '../../infra/function-bundles.ts';
import { makePdf } from '../support/make-pdf.ts';
import { makeImagePdf, makeScannedPage, skipWithoutScanFont } from '../support/make-scan.ts';
import { makeDocx } from '../support/make-zip.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const packageOf = (path: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];

/** The asset's files (relative to `dir`) that initialisation loads: index.mjs and the chunks it imports statically. */
function initFiles(metafile: Metafile, dir: string): string[] {
  const entry = Object.keys(metafile.outputs).find((o) => resolve(ROOT, o) === join(dir, ENTRY_FILE)) ?? '';
  return reachedOutputs(metafile, entry, { dynamic: false }).map((o) => relative(dir, resolve(ROOT, o))).sort();
}

/** The chunks (relative to `dir`) holding a module of `pkg`; at least one, or the checks using it could not fail. */
function chunksOf(metafile: Metafile, dir: string, pkg: string): string[] {
  const chunks = Object.entries(metafile.outputs)
    .filter(([, output]) => Object.keys(output.inputs).some((input) => packageOf(input) === pkg))
    .map(([o]) => relative(dir, resolve(ROOT, o)));
  assert.ok(chunks.length > 0, `${pkg} is in no chunk`);
  return chunks;
}

/**
 * The ingest function's asset as infra/pipeline-function.ts has the CDK build it (the bench builds it
 * with the same options): one ES-module build split into chunks, the format libraries, OCR and the
 * credential providers in chunks that only their path loads. The folder is under the system temp
 * directory, so no node_modules of the project can stand in for a missing file.
 */
describe('ingest function bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-bundle-test-'));
  after(async () => {
    await stopEsbuild();
    rmSync(dir, { recursive: true, force: true });
  });

  it('initialisation loads none of the format libraries, CJK tables, SDK clients, X-Ray SDK or later credential providers; their files are in the asset', async () => {
    const handler = join(dir, 'handler');
    const { metafile } = await buildFunction('ingest', handler);
    const init = initFiles(metafile, handler);
    const initInputs = Object.entries(metafile.outputs).filter(([o]) => init.includes(relative(handler, resolve(ROOT, o)))).flatMap(([, output]) => Object.keys(output.inputs));

    assert.deepEqual(initInputs.filter((path) => LOADED_ON_FIRST_USE.ingest.includes(packageOf(path) ?? '') || /iconv-lite\/encodings\/tables|@aws-sdk\/nested-clients/.test(path)), []);
    const tablesImportedBy = Object.entries(metafile.inputs).filter(([, input]) => input.imports.some((i) => i.external && i.path.startsWith('./tables/'))).map(([path]) => path);
    assert.deepEqual(tablesImportedBy, ['node_modules/iconv-lite/encodings/dbcs-data.js'], 'only iconv-lite may import ./tables/ (the external pattern would catch any other)');
    for (const pkg of ['unpdf', 'mammoth', 'word-extractor', 'tesseract.js', '@aws-sdk/credential-provider-ini', '@aws-sdk/client-s3']) chunksOf(metafile, handler, pkg);
    for (const file of ['node_modules/tesseract.js/worker.js', 'node_modules/tesseract.js-core/tesseract-core-simd.wasm', 'ocr-models/vie.traineddata.gz', 'tables/cp936.json']) assert.ok(existsSync(join(handler, file)), `${file} is missing`);
  });

  it('keeps our regular-expression literals with Unicode property escapes as literals, not RegExp constructor calls', async () => {
    const handler = join(dir, 'literals');
    const { metafile } = await buildFunction('ingest', handler);
    // The chunks holding our own modules (pdf.js builds two such patterns with the constructor in its source).
    const ours = Object.entries(metafile.outputs).filter(([o, output]) => o.endsWith('.mjs') && Object.keys(output.inputs).some((input) => /^(shared|functions)\//.test(input)));
    assert.ok(ours.length > 0, 'no chunk holds the project\'s modules');
    const calls = ours.flatMap(([o]) => readFileSync(resolve(ROOT, o), 'utf8').match(/new RegExp\("[^"]*\\\\p\{[^"]*"/g) ?? []);
    assert.deepEqual(calls, []);
  });

  const probe = join(dir, 'probe');
  const built = buildFunction('ingest', probe, 'test/support/bundle-probe.ts');
  /**
   * Runs `body` (an ES module's code, with `probe` the imported bundle) in a fresh Node process in the
   * temp folder, recording which files of the asset ES-module loading reads (a module-loader hook); it
   * writes JSON to stdout.
   */
  const run = <T>(body: string, env: NodeJS.ProcessEnv = {}): T => {
    const script = `
      import { register } from 'node:module';
      import { MessageChannel } from 'node:worker_threads';
      import { relative } from 'node:path';
      import { fileURLToPath } from 'node:url';
      const { port1, port2 } = new MessageChannel();
      const urls = new Set();
      port1.on('message', (url) => urls.add(url));
      port1.unref();
      const hooks = 'let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { if (url.startsWith("file:")) port.postMessage(url); return next(url, context); }';
      register('data:text/javascript,' + encodeURIComponent(hooks), { data: { port: port2 }, transferList: [port2] });
      const loadedFiles = async () => {
        await new Promise((r) => setTimeout(r, 100));
        return [...urls].map((u) => relative(${JSON.stringify(probe)}, fileURLToPath(u))).filter((f) => !f.startsWith('..')).sort();
      };
      const probe = await import(${JSON.stringify(pathToFileURL(join(probe, ENTRY_FILE)).href)});
      ${body}
    `;
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, ...env } })) as T;
  };

  it('decodes a PDF and a DOCX through the bundle, loading each library from its chunk', async () => {
    const { metafile } = await built;
    writeFileSync(join(dir, 'doc.pdf'), makePdf([['Báo cáo chuyển đổi số', '', 'Năm 2023, Ủy ban nhân dân tỉnh đã hoàn thành các chỉ tiêu kinh tế - xã hội đề ra.']]));
    writeFileSync(join(dir, 'doc.docx'), makeDocx([{ heading: 'Quyết định về cải cách hành chính' }, 'Ngày 5/3/2024, UBND tỉnh ban hành Quyết định 52/2024/QĐ-UBND về cải cách hành chính.']));
    const result = run<{ docs: Array<{ format: string; title: string; body: string }>; loadedBefore: string[]; loaded: string[] }>(`
      const { readFileSync } = await import('node:fs');
      const loadedBefore = await loadedFiles();
      const docs = await Promise.all(['doc.pdf', 'doc.docx'].map((f) => probe.processDocument(readFileSync(f))));
      process.stdout.write(JSON.stringify({ docs: docs.map((d) => ({ format: d.format, title: d.title, body: d.body })), loadedBefore, loaded: await loadedFiles() }));
    `);
    assert.deepEqual(result.docs.map((d) => [d.format, d.title]), [['pdf', 'Báo cáo chuyển đổi số'], ['docx', 'Quyết định về cải cách hành chính']]);
    assert.match(result.docs[0]?.body ?? '', /Ủy ban nhân dân tỉnh/);
    assert.match(result.docs[1]?.body ?? '', /52\/2024\/QĐ-UBND/);
    assert.deepEqual(result.loadedBefore, initFiles(metafile, probe));
    for (const pkg of ['unpdf', 'mammoth']) assert.ok(chunksOf(metafile, probe, pkg).every((chunk) => result.loaded.includes(chunk)), `${pkg} was not loaded from its chunk`);
    assert.ok(!chunksOf(metafile, probe, 'tesseract.js').some((chunk) => result.loaded.includes(chunk)), 'a text PDF loaded the OCR engine');
  });

  it('reads a scanned PDF through the bundle: tesseract.js, its worker, WebAssembly and models from the asset, nothing before', { skip: skipWithoutScanFont }, async () => {
    const { metafile } = await built;
    writeFileSync(join(dir, 'scan.pdf'), makeImagePdf([makeScannedPage(['Ủy ban nhân dân tỉnh ban hành kế hoạch cải cách hành chính.'], { dpi: 150 })]));
    const result = run<{ body: string; ocr: { pages: number }; loadedBefore: string[]; loaded: string[] }>(`
      const { readFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const root = ${JSON.stringify(probe)};
      const loadedBefore = await loadedFiles();
      const ocr = probe.lazyOcrEngine({ dataDir: join(root, probe.OCR_ASSET.models), workerPath: join(root, probe.OCR_ASSET.worker) });
      const d = await probe.processDocument(readFileSync('scan.pdf'), { ocr });
      const loaded = await loadedFiles();
      await ocr.close();
      process.stdout.write(JSON.stringify({ body: d.body || d.title, ocr: d.ocr, loadedBefore, loaded }));
    `);
    assert.match(result.body, /cải cách hành chính/);
    assert.equal(result.ocr.pages, 1);
    assert.deepEqual(result.loadedBefore, initFiles(metafile, probe));
    assert.ok(chunksOf(metafile, probe, 'tesseract.js').every((chunk) => result.loaded.includes(chunk)), result.loaded.join(', '));
  });

  it('takes credentials from the environment without loading any other provider', async () => {
    const { metafile } = await built;
    const result = run<{ accessKeyId: string; loaded: string[] }>(`
      const c = await probe.defaultProvider()();
      process.stdout.write(JSON.stringify({ accessKeyId: c.accessKeyId, loaded: await loadedFiles() }));
    `, { AWS_ACCESS_KEY_ID: 'AKIDFROMENVIRONMENT', AWS_SECRET_ACCESS_KEY: 'secret' });
    assert.equal(result.accessKeyId, 'AKIDFROMENVIRONMENT');
    const laterProviders = ['@aws-sdk/credential-provider-ini', '@aws-sdk/credential-provider-sso', '@aws-sdk/credential-provider-process', '@aws-sdk/credential-provider-web-identity', '@aws-sdk/credential-provider-http', '@smithy/credential-provider-imds'].flatMap((pkg) => chunksOf(metafile, probe, pkg));
    assert.deepEqual(result.loaded.filter((f) => laterProviders.includes(f)), []);
  });

  it('falls through to the shared credentials file, loading its provider from its chunk', async () => {
    const { metafile } = await built;
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIDFROMFILE\naws_secret_access_key = secret\n');
    const result = run<{ accessKeyId: string; loaded: string[] }>(`
      const c = await probe.defaultProvider()();
      process.stdout.write(JSON.stringify({ accessKeyId: c.accessKeyId, loaded: await loadedFiles() }));
    `, { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'no-config'), AWS_EC2_METADATA_DISABLED: 'true' });
    assert.equal(result.accessKeyId, 'AKIDFROMFILE');
    assert.ok(chunksOf(metafile, probe, '@aws-sdk/credential-provider-ini').every((chunk) => result.loaded.includes(chunk)), result.loaded.join(', '));
  });
});
