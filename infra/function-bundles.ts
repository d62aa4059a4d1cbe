/**
 * How each function's code is laid out for Lambda: one description that infra/pipeline-function.ts
 * hands to the CDK, and that bench/lambda-bundles.ts and test/infra/function-bundles.test.ts rebuild
 * with the same esbuild options. No CDK import here, so the bench and tests load it cheaply.
 *
 * Layout of a function's asset:
 *   index.js (+ .map)                       the handler and everything it needs on every invocation
 *   node_modules/<pkg>/index.js (+ .map)    a format library, bundled on its own and `require()`d only
 *                                           by the decoder that needs it (process-document.ts loads the
 *                                           PDF and DOCX decoders with `await import`)
 *   tables/*.json                           iconv-lite's CJK tables, read only by its double-byte codecs
 */
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

/** The format libraries each function ships beside its bundle, loaded only for documents of that format. */
export const LAZY_PACKAGES: Record<FunctionName, readonly string[]> = {
  ingest: ['unpdf', 'mammoth'],
  index: [],
  search: [],
  reindex: [],
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

/** The esbuild CLI arguments shared by the main bundle (the CDK adds its own equivalents) and each lazily loaded one. */
function lazyPackageArgs(pkg: string, outputDir: string): string[] {
  return [
    '--bundle',
    pkg,
    '--platform=node',
    `--target=${BUNDLE_TARGET}`,
    '--format=cjs',
    '--minify',
    '--sourcemap',
    `--sources-content=${String(SOURCES_CONTENT)}`,
    `--main-fields=${MAIN_FIELDS.join(',')}`,
    '--log-level=warning',
    `--outfile=${outputDir}/node_modules/${pkg}/index.js`,
  ];
}

/** The esbuild options of one lazily loaded package, for the JavaScript API (bench and tests). */
export function lazyPackageBuild(pkg: string, outputDir: string) {
  return {
    entryPoints: [pkg],
    bundle: true,
    platform: 'node' as const,
    target: BUNDLE_TARGET,
    format: 'cjs' as const,
    minify: true,
    sourcemap: true,
    sourcesContent: SOURCES_CONTENT,
    mainFields: [...MAIN_FIELDS],
    outfile: `${outputDir}/node_modules/${pkg}/index.js`,
  };
}

/** How the CDK runs the project's esbuild for local bundling (npm's `runBinCommand`). */
const ESBUILD = ['npx', '--no-install', 'esbuild'];

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Shell commands run after the CDK's esbuild step (`bundling.commandHooks.afterBundling`, locally, in
 * the project root): bundle each lazily loaded package with the same esbuild, copy iconv's tables.
 */
export function afterBundlingCommands(name: FunctionName, outputDir: string): string[] {
  return [
    ...LAZY_PACKAGES[name].map((pkg) => [...ESBUILD, ...lazyPackageArgs(pkg, outputDir)].map(quote).join(' ')),
    ...(WITH_ICONV_TABLES.has(name) ? [`mkdir -p ${quote(`${outputDir}/tables`)}`, `cp ${quote(ICONV_TABLES_DIR)}/*.json ${quote(`${outputDir}/tables/`)}`] : []),
  ];
}
