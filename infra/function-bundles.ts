/**
 * How each function's code is laid out for Lambda: one description that infra/pipeline-function.ts
 * runs when the CDK asks for the asset, and that bench/lambda-bundles.ts and
 * test/infra/function-bundles.test.ts run the same way. No CDK import here, so the bench and tests
 * load it cheaply.
 *
 * Layout of a function's asset (one esbuild build, ES modules, code splitting):
 *   index.mjs (+ .map)                      the handler and what its initialisation runs: Lambda loads
 *                                           this and the chunks it imports statically
 *   <name>-<hash>.mjs (+ .map)              chunks: code reached only through `await import()` (the
 *                                           function's SDK clients and their adapters, in one chunk
 *                                           `clients-<hash>.mjs`: functions/<name>/clients.ts, which
 *                                           for the ingest also holds the document pipeline; the
 *                                           X-Ray tracer; the format libraries; the SDK's credential
 *                                           providers after the environment; the reindex function's
 *                                           Lambda client), and code such chunks share
 *   tables/*.json                           iconv-lite's CJK tables, read only by its double-byte codecs
 *   node_modules/tesseract.js/worker.js     ingest only: OCR (loaded on the first scan, never otherwise):
 *   node_modules/tesseract.js-core/…        tesseract.js's worker thread, the LSTM WebAssembly builds
 *   ocr-models/{vie,eng}.traineddata.gz     it picks from by CPU features, and the two language models
 */
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { OCR_ASSET } from '../shared/function-assets.ts';
import type { FunctionName } from './pipeline-function.ts';

/** The Node.js version Lambda runs (infra/pipeline-function.ts FUNCTION_RUNTIME). */
export const BUNDLE_TARGET = 'node24';

/** The file Lambda loads (its handler setting is `index.handler`; the `.mjs` makes it an ES module). */
export const ENTRY_FILE = 'index.mjs';

/**
 * Prefer the ES-module build of packages that ship both: the AWS SDK's and Smithy's `dist-es`
 * tree-shake where their CommonJS builds do not (about 250 kB less per function), and bowser (a
 * browser user-agent parser the SDK's CommonJS build pulls in) drops out.
 */
export const MAIN_FIELDS = ['module', 'main'] as const;

/**
 * Source maps keep their file:line mappings but not the sources themselves: Node reads and parses the
 * map of every file it loads under --enable-source-maps, and the sources were most of it.
 */
export const SOURCES_CONTENT = false;

/**
 * Prepended to every output file: the CommonJS packages in the bundle (iconv-lite, htmlparser2's
 * dependencies, tesseract.js…) call `require` for Node's built-in modules and iconv's tables, and a few
 * read `__dirname` / `__filename` when loaded, none of which an ES module has.
 */
export const COMMONJS_SHIM = [
  "import{createRequire as __docpipeRequire}from'node:module';",
  "import{fileURLToPath as __docpipePath}from'node:url';",
  'const require=__docpipeRequire(import.meta.url),__filename=__docpipePath(import.meta.url),',
  "__dirname=__filename.slice(0,__filename.lastIndexOf('/'));",
].join('');

/** The AWS SDK's credential providers after the first link of its default chain (the environment, which in Lambda always answers). */
const CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

/**
 * Packages each function must not load at initialisation: they sit in chunks reached only through
 * `await import()` on the path that needs them. The X-Ray SDK and the SDK clients load on first use
 * (shared/adapters/aws-runtime.ts, shared/adapters/deferred.ts); the format libraries for a document
 * of their format; the credential providers only when the environment holds no credentials; the
 * Lambda client for a re-index's continuation. test/infra/function-bundles.test.ts and the bench check
 * this list against each build's metafile.
 */
export const LOADED_ON_FIRST_USE: Record<FunctionName, readonly string[]> = {
  ingest: ['unpdf', 'mammoth', 'word-extractor', 'tesseract.js', 'aws-xray-sdk-core', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', ...CREDENTIAL_PROVIDERS],
  index: ['aws-xray-sdk-core', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@opensearch-project/opensearch', ...CREDENTIAL_PROVIDERS],
  search: ['aws-xray-sdk-core', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@aws-sdk/client-secrets-manager', '@opensearch-project/opensearch', ...CREDENTIAL_PROVIDERS],
  reindex: ['aws-xray-sdk-core', '@aws-sdk/client-lambda', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', '@aws-sdk/client-sqs', '@opensearch-project/opensearch', ...CREDENTIAL_PROVIDERS],
};

/**
 * Packages, and the project's modules that import them, loaded only on some paths of some invocations,
 * never by an ordinary first invocation: the bench's "first invocation" figure leaves the chunks
 * holding them out.
 */
export const LOADED_ON_SOME_PATHS: readonly string[] = [
  'unpdf', 'mammoth', 'word-extractor', 'tesseract.js', '@aws-sdk/client-lambda', ...CREDENTIAL_PROVIDERS,
  'shared/domain/decode/pdf.ts', 'shared/domain/decode/docx.ts', 'shared/domain/decode/doc.ts', 'shared/adapters/tesseract-ocr.ts', 'shared/adapters/lambda-continuation.ts',
];

/** Functions that bundle iconv-lite (the text decoder) and so need its CJK tables beside the bundle. */
const WITH_ICONV_TABLES: ReadonlySet<FunctionName> = new Set(['ingest']);

/**
 * iconv-lite `require()`s each CJK table (`./tables/cp936.json` …, 493 kB in all) only inside the
 * double-byte codec that uses it, and the decoder asks only for single-byte Vietnamese and Latin
 * code pages. An import path (before resolution) keeps `require("./tables/…")` as written, which
 * then resolves beside the chunk holding it (every chunk sits beside index.mjs). No other bundled
 * module imports a `./tables/` path (the bundle test checks it).
 */
export const ICONV_TABLES_IMPORT = './tables/*';
export const ICONV_TABLES_DIR = 'node_modules/iconv-lite/encodings/tables';

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
 * A function's code: the handler and every module it reaches, one ES-module build split into chunks
 * at each `await import()`, so Lambda's initialisation loads index.mjs and the chunks it imports
 * statically, nothing else. `entry` defaults to the function's handler (the bundle test builds a probe
 * the same way).
 */
export function functionBuild(name: FunctionName, outputDir: string, entry = `functions/${name}/handler.ts`) {
  return {
    entryPoints: [{ in: entry, out: ENTRY_FILE.replace(/\.mjs$/, '') }],
    bundle: true,
    platform: 'node' as const,
    target: BUNDLE_TARGET,
    // esbuild rewrites a regular-expression literal with a Unicode property escape (`/\p{Lu}/u`) into
    // `new RegExp("\\p{Lu}", "u")` for any Node target (allowing for property names of newer Unicode
    // versions): 49 such calls in the ingest function, each parsing its flags and looking the pattern up
    // in V8's cache every time it runs, where a literal clones its compiled boilerplate. Our code uses only
    // long-standing properties, which every Node this runs on knows (bin/build.mjs does the same for dist/).
    supported: { 'regexp-unicode-property-escapes': true },
    format: 'esm' as const,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    // Beside index.mjs: a CommonJS package's `require('./tables/…')` resolves from the chunk holding it.
    chunkNames: '[name]-[hash]',
    banner: { js: COMMONJS_SHIM },
    minify: true,
    sourcemap: true,
    sourcesContent: SOURCES_CONTENT,
    mainFields: [...MAIN_FIELDS],
    external: WITH_ICONV_TABLES.has(name) ? [ICONV_TABLES_IMPORT] : [],
    outdir: outputDir,
    metafile: true,
  } satisfies BuildOptions;
}

/**
 * tesseract.js's worker script, bundled on its own (a worker thread starts it from its file, as
 * CommonJS); the WebAssembly builds stay files of their own (each reads its .wasm beside it), so they
 * are left to `require` at run time.
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
  } satisfies BuildOptions;
}

/** Every esbuild build of a function's asset: its code, and for an OCR function the worker script. */
export function assetBuilds(name: FunctionName, outputDir: string, entry?: string): BuildOptions[] {
  return [functionBuild(name, outputDir, entry), ...(WITH_OCR.has(name) ? [ocrWorkerBuild(outputDir)] : [])];
}

/** The files copied as they are into a function's asset, after its builds: iconv's tables, the OCR engine and models. */
export function copyAssetFiles(name: FunctionName, outputDir: string, root: string): void {
  if (WITH_ICONV_TABLES.has(name)) cpSync(join(root, ICONV_TABLES_DIR), join(outputDir, 'tables'), { recursive: true });
  if (WITH_OCR.has(name)) {
    for (const [from, to] of ocrFileCopies()) {
      mkdirSync(dirname(join(outputDir, to)), { recursive: true });
      cpSync(join(root, from), join(outputDir, to));
    }
  }
}
