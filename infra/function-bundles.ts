/**
 * How each function's code is laid out for Lambda: one description that infra/pipeline-function.ts
 * hands to the CDK, and that bench/lambda-bundles.ts and test/infra/function-bundles.test.ts rebuild
 * with the same esbuild options. No CDK import here, so the bench and tests load it cheaply.
 *
 * Layout of a function's asset:
 *   index.js (+ .map)                       the handler and everything it needs on every invocation
 *   node_modules/<pkg>/index.js (+ .map)    a package bundled on its own and `require()`d only where
 *                                           it is needed: a format library by its decoder (process-
 *                                           document.ts loads the PDF, DOCX and DOC decoders with `await
 *                                           import`), a credential provider by the SDK's chain
 *   tables/*.json                           iconv-lite's CJK tables, read only by its double-byte codecs
 *   node_modules/tesseract.js/worker.js     ingest only: OCR (loaded on the first scan, never otherwise):
 *   node_modules/tesseract.js-core/…        tesseract.js's worker thread, the LSTM WebAssembly builds
 *   ocr-models/{vie,eng}.traineddata.gz     it picks from by CPU features, and the two language models
 */
import { createRequire } from 'node:module';
import { OCR_ASSET } from '../shared/function-assets.ts';
import type { FunctionName } from './pipeline-function.ts';

/** The Node.js version Lambda runs (infra/pipeline-function.ts FUNCTION_RUNTIME). */
export const BUNDLE_TARGET = 'node24';

/**
 * Prefer the ES-module build of packages that ship both: the AWS SDK's and Smithy's `dist-es`
 * tree-shake where their CommonJS builds do not (about 250 kB less per function), and bowser (a
 * browser user-agent parser the SDK's CommonJS build pulls in) drops out.
 */
export const MAIN_FIELDS = ['module', 'main'] as const;

/**
 * Source maps keep their file:line mappings but not the sources themselves: Node reads and parses the
 * whole map at load under --enable-source-maps, and the sources were most of it.
 */
export const SOURCES_CONTENT = false;

/**
 * The AWS SDK's credential providers after the first link of its default chain. The chain
 * (`@aws-sdk/credential-provider-node`) `await import`s each only once the ones before it found
 * nothing; in Lambda the first link, the environment, always answers. Inlined they were about
 * 110 kB of every bundle (with the STS and SSO clients they carry), parsed at every cold start.
 */
const CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

/**
 * The packages each function ships beside its bundle, each loaded only on the path that needs it:
 * format libraries for documents of that format, the credential providers, the reindex function's
 * Lambda client.
 */
export const LAZY_PACKAGES: Record<FunctionName, readonly string[]> = {
  ingest: ['unpdf', 'mammoth', 'word-extractor', 'tesseract.js', ...CREDENTIAL_PROVIDERS],
  index: [...CREDENTIAL_PROVIDERS],
  search: [...CREDENTIAL_PROVIDERS],
  // The Lambda client only continues a long re-index (functions/reindex/handler.ts loads it then).
  reindex: ['@aws-sdk/client-lambda', ...CREDENTIAL_PROVIDERS],
};

/** Functions that bundle iconv-lite (the text decoder) and so need its CJK tables beside the bundle. */
const WITH_ICONV_TABLES: ReadonlySet<FunctionName> = new Set(['ingest']);

/**
 * iconv-lite `require()`s each CJK table (`./tables/cp936.json` …, 493 kB in all) only inside the
 * double-byte codec that uses it, and the decoder asks only for single-byte Vietnamese and Latin
 * code pages. An import path (before resolution) keeps `require("./tables/…")` as written, which
 * then resolves beside index.js. No other bundled module imports a `./tables/` path (the bundle
 * test checks it).
 */
export const ICONV_TABLES_IMPORT = './tables/*';
export const ICONV_TABLES_DIR = 'node_modules/iconv-lite/encodings/tables';

/** What esbuild leaves out of a function's main bundle. */
export function externalsOf(name: FunctionName): string[] {
  return [...LAZY_PACKAGES[name], ...(WITH_ICONV_TABLES.has(name) ? [ICONV_TABLES_IMPORT] : [])];
}

/** Functions that read scanned pages and images, and so ship the OCR engine and its models. */
export const WITH_OCR: ReadonlySet<FunctionName> = new Set(['ingest']);


/**
 * Tesseract's WebAssembly builds: the worker picks one by the CPU's SIMD support. tesseract.js 7's
 * Node worker always asks for the builds with the legacy engine too (it tests a boolean against the
 * engine-mode list), so those are the ones shipped; the LSTM-only builds would never load. The bundle
 * test runs OCR from the asset, so a release that changes this fails there, not in Lambda.
 */
const TESSERACT_CORE_FILES = ['package.json', 'index.js', ...['-relaxedsimd', '-simd', ''].flatMap((v) => [`tesseract-core${v}.js`, `tesseract-core${v}.wasm`])];
/** The integer-quantised LSTM models, the ones the adapter loads (shared/adapters/tesseract-ocr.ts). */
const OCR_MODEL_FILES = ['vie', 'eng'].map((lang) => [`node_modules/@tesseract.js-data/${lang}/4.0.0_best_int/${lang}.traineddata.gz`, `${OCR_ASSET.models}/${lang}.traineddata.gz`] as const);

/** Files copied as they are into an OCR function's asset: [from the project root, to the asset]. */
export function ocrFileCopies(): Array<readonly [string, string]> {
  return [
    ...TESSERACT_CORE_FILES.map((f) => [`node_modules/tesseract.js-core/${f}`, `node_modules/tesseract.js-core/${f}`] as const),
    ...OCR_MODEL_FILES,
  ];
}

/**
 * tesseract.js's worker script, bundled on its own; the WebAssembly builds stay files of their own
 * (each reads its .wasm beside it), so they are left to `require` at run time.
 */
export function ocrWorkerBuild(outputDir: string) {
  return {
    entryPoints: [{ in: 'node_modules/tesseract.js/src/worker-script/node/index.js', out: OCR_ASSET.worker.replace(/\.js$/, '') }],
    bundle: true,
    platform: 'node' as const,
    target: BUNDLE_TARGET,
    format: 'cjs' as const,
    minify: true,
    external: ['tesseract.js-core/*'],
    outdir: outputDir,
  };
}

/** The esbuild options of a function's lazily loaded packages, for the JavaScript API (bench and tests): one build, one entry each. */
export function lazyPackagesBuild(name: FunctionName, outputDir: string) {
  return {
    entryPoints: LAZY_PACKAGES[name].map((pkg) => ({ in: pkg, out: `node_modules/${pkg}/index` })),
    bundle: true,
    platform: 'node' as const,
    target: BUNDLE_TARGET,
    format: 'cjs' as const,
    minify: true,
    sourcemap: true,
    sourcesContent: SOURCES_CONTENT,
    mainFields: [...MAIN_FIELDS],
    outdir: outputDir,
  };
}

/** The same build as esbuild CLI arguments, for the CDK's shell hook. */
function lazyPackagesArgs(name: FunctionName, outputDir: string): string[] {
  const build = lazyPackagesBuild(name, outputDir);
  return [
    '--bundle',
    ...build.entryPoints.map((e) => `${e.out}=${e.in}`),
    `--platform=${build.platform}`,
    `--target=${build.target}`,
    `--format=${build.format}`,
    '--minify',
    '--sourcemap',
    `--sources-content=${String(build.sourcesContent)}`,
    `--main-fields=${build.mainFields.join(',')}`,
    '--log-level=warning',
    `--outdir=${build.outdir}`,
  ];
}

/** The project's esbuild binary: the one the CDK runs (through npx) for the main bundle, without npx's start-up for each hook. */
const ESBUILD = createRequire(import.meta.url).resolve('esbuild/bin/esbuild');

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Shell commands run after the CDK's esbuild step (`bundling.commandHooks.afterBundling`, locally, in
 * the project root): bundle the lazily loaded packages with the same esbuild, copy iconv's tables.
 */
export function afterBundlingCommands(name: FunctionName, outputDir: string): string[] {
  return [
    ...(LAZY_PACKAGES[name].length > 0 ? [[ESBUILD, ...lazyPackagesArgs(name, outputDir)].map(quote).join(' ')] : []),
    ...(WITH_ICONV_TABLES.has(name) ? [`mkdir -p ${quote(`${outputDir}/tables`)}`, `cp ${quote(ICONV_TABLES_DIR)}/*.json ${quote(`${outputDir}/tables/`)}`] : []),
    ...(WITH_OCR.has(name) ? ocrCommands(outputDir) : []),
  ];
}

function ocrCommands(outputDir: string): string[] {
  const worker = ocrWorkerBuild(outputDir);
  const args = ['--bundle', ...worker.entryPoints.map((e) => `${e.out}=${e.in}`), `--platform=${worker.platform}`, `--target=${worker.target}`, `--format=${worker.format}`, '--minify', ...worker.external.map((e) => `--external:${e}`), '--log-level=warning', `--outdir=${worker.outdir}`];
  return [
    [ESBUILD, ...args].map(quote).join(' '),
    ...ocrFileCopies().map(([from, to]) => `mkdir -p ${quote(`${outputDir}/${to.slice(0, to.lastIndexOf('/'))}`)} && cp ${quote(from)} ${quote(`${outputDir}/${to}`)}`),
  ];
}
