#!/usr/bin/env node
/**
 * Compiles the docpipe CLI to JavaScript in dist/ (esbuild: ESM, Node 20, npm packages left external
 * but commander, htmlparser2 and iconv-lite, which are compiled in).
 *
 *   node bin/build.mjs              always build
 *   node bin/build.mjs --if-stale   build only when a source file is newer than the last build
 *
 * Layout of dist/ (flat, so a module's `import.meta.url` names the same folder wherever esbuild put
 * its code):
 *   docpipe.js          the `bin` entry (bin/cli.ts): prints help pages, else imports program.js
 *   program.js          the command declarations (bin/program.ts)
 *   help-pages.json     the help pages commander prints, recorded at build time (bin/help-record.ts)
 *   <name>-worker.js    one per `*-worker.ts` under bin/, local/ or shared/: worker-thread entries,
 *                       started through local/worker-entry.ts
 *   chunk-<hash>.js     each command (bin/commands/<name>.ts) and the code they share, loaded on demand
 *   processing.cjs      processDocument as one script, and processing.cjs.cache, V8's code cache for it
 *                       (local/compiled-processing.ts loads them)
 *   processing-*.js     the ES modules that script uses: the errors module and the PDF, DOCX, DOC decoders
 *
 * Runs from `prepare` (so `npm ci` builds), `prestart` and `pretest` (when stale). Takes well under a
 * second, then records the processing code cache (about two more); uses no TypeScript type information
 * (`npm run typecheck` does that).
 */
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/** Written last: its time is the build's, and its absence means an unfinished build. */
const STAMP = join(DIST, '.build-complete');
const SOURCE_DIRS = ['bin', 'local', 'shared', 'functions'];

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** True when dist/ is missing, unfinished, or older than a source file or the build settings. */
export function isStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  const inputs = [join(ROOT, 'package.json'), join(ROOT, 'package-lock.json'), fileURLToPath(import.meta.url)];
  for (const dir of SOURCE_DIRS) for (const file of files(join(ROOT, dir))) inputs.push(file);
  return inputs.some((file) => existsSync(file) && statSync(file).mtimeMs > built);
}

/**
 * Packages compiled into dist/ instead of loaded from node_modules: commander is what every command,
 * `--help` included, loads first, and loading it as a CommonJS package from ES modules (resolution,
 * six files, the export scan) cost more than the rest of `--help` together (valgrind: 15 M of the 84 M
 * instructions above an empty module). htmlparser2 and iconv-lite are what `docpipe process` loads for
 * every document: compiled in, `process` of one text file runs 1,203 M → 1,082 M instructions (valgrind,
 * without NODE_EXTRA_CA_CERTS). Everything else stays external (native addons, data files, their own
 * workers).
 */
const BUNDLED_PACKAGES = ['commander', 'htmlparser2', 'iconv-lite'];

/**
 * The processing code imports htmlparser2's `Parser` alone, but the package's index also loads
 * domhandler, domutils and dom-serializer (with a second copy of entities' tables) for its helpers, and
 * esbuild keeps them. Resolving the bare name to the module that defines `Parser` compiles in only the
 * parser, its tokenizer and entities' decoder; importing any other name from 'htmlparser2' then fails
 * the build instead of loading silently.
 */
const htmlparser2ParserOnly = {
  name: 'htmlparser2-parser-only',
  setup(b) {
    b.onResolve({ filter: /^htmlparser2$/ }, () => ({ path: join(ROOT, 'node_modules/htmlparser2/dist/esm/Parser.js') }));
  },
};

/**
 * iconv-lite's double-byte tables (Chinese, Japanese, Korean: 0.4 MB of JSON) are required only when
 * such an encoding is first used; compiled in, every `process` would still scan them. They stay in the
 * installed package and load from there on first use, as before.
 */
const iconvTablesFromPackage = {
  name: 'iconv-lite-tables-from-package',
  setup(b) {
    b.onResolve({ filter: /^\.\/tables\/[\w-]+\.json$/ }, (args) =>
      /[\\/]iconv-lite[\\/]encodings$/.test(args.resolveDir) ? { path: `iconv-lite/encodings/tables/${args.path.slice('./tables/'.length)}`, external: true } : undefined);
  },
};

/** Fixed names of the build's ES modules that dist/processing.cjs uses (local/compiled-processing.ts). */
const PROCESSING_MODULES = {
  'processing-errors': 'shared/domain/errors.ts',
  'processing-decode-pdf': 'shared/domain/decode/pdf.ts',
  'processing-decode-docx': 'shared/domain/decode/docx.ts',
  'processing-decode-doc': 'shared/domain/decode/doc.ts',
};
/** What dist/processing.cjs asks for instead of shared/domain/errors.ts (local/compiled-processing.ts). */
const SHARED_ERRORS_SPECIFIER = 'docpipe:shared-errors';

/**
 * In dist/processing.cjs: the errors module is the ES modules' own, handed over by the loader, so each
 * error class is one class; the decoders that load a package on first use stay the build's ES modules.
 */
const processingScriptLinks = {
  name: 'processing-script-links',
  setup(b) {
    const byPath = new Map(Object.entries(PROCESSING_MODULES).map(([name, path]) => [join(ROOT, path), name]));
    b.onResolve({ filter: /\.ts$/ }, (args) => {
      const name = byPath.get(join(args.resolveDir, args.path));
      if (name === undefined) return undefined;
      return { path: name === 'processing-errors' ? SHARED_ERRORS_SPECIFIER : `./${name}.js`, external: true };
    });
  },
};

/**
 * What every build compiles for. esbuild rewrites a regular-expression literal with a Unicode property
 * escape outside brackets (`/\p{Lu}/u`) into `new RegExp("\\p{Lu}", "u")` for any Node target (it
 * allows for property names of newer Unicode versions), and that constructor call parses its flags and
 * looks the pattern up in V8's regexp cache each time it runs, where a literal clones its boilerplate:
 * 43 such calls in the processing code, run 14,402 times as every thread loads it (the tokenizer's
 * character tables) and in hot paths after. The processing code uses only long-standing properties
 * (`L`, `Lu`, `Ll`, `M`, `N`, `S`), which Node 20 knows. Kept as literals, `process` of the 942 files
 * (callgrind, one thread) spends 371 M → 251 M instructions creating regular expressions
 * (JSRegExp::Initialize), 11.31 G → 11.25 G in all (run-to-run noise about 1 %).
 */
const NODE_TARGET = { platform: 'node', target: 'node20', supported: { 'regexp-unicode-property-escapes': true } };

/** Every dependency but the bundled ones, and their subpaths, as esbuild externals. */
function externalPackages() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies }).filter((name) => !BUNDLED_PACKAGES.includes(name));
  return names.flatMap((name) => [name, `${name}/*`]);
}

/** Builds dist/ from scratch; returns the output files, relative to the project. */
export async function buildDist() {
  const workers = {};
  for (const dir of ['bin', 'local', 'shared']) {
    for (const file of files(join(ROOT, dir))) {
      if (!file.endsWith('-worker.ts')) continue;
      const name = basename(file, '.ts');
      if (workers[name]) throw new Error(`Two worker entries would both become dist/${name}.js: ${workers[name]} and ${file}. Rename one.`);
      workers[name] = file;
    }
  }
  rmSync(DIST, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { program: join(ROOT, 'bin/program.ts'), ...workers, ...Object.fromEntries(Object.entries(PROCESSING_MODULES).map(([name, path]) => [name, join(ROOT, path)])) },
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    ...NODE_TARGET,
    // Dependencies load from node_modules as installed, but for BUNDLED_PACKAGES.
    external: externalPackages(),
    plugins: [htmlparser2ParserOnly, iconvTablesFromPackage],
    // A CommonJS package compiled into ES modules calls require() for Node's built-ins.
    banner: { js: "import { createRequire as __docpipeCreateRequire } from 'node:module';\nconst require = __docpipeCreateRequire(import.meta.url);" },
    chunkNames: 'chunk-[hash]',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  await buildEntry();
  await recordHelpPages();
  await buildProcessingScript();
  chmodSync(join(DIST, 'docpipe.js'), 0o755);
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js')).map((file) => relative(ROOT, join(ROOT, file)));
}

/**
 * dist/docpipe.js, the entry, compiled on its own: what `--help` runs is this one small module, with
 * no shared chunk or `require` shim to load first (valgrind: 6 M of the 43 M instructions above
 * bare Node); the program is dist/program.js, imported when the command line is not a help request.
 */
async function buildEntry() {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'bin/cli.ts')],
    outfile: join(DIST, 'docpipe.js'),
    bundle: true,
    format: 'esm',
    ...NODE_TARGET,
    external: externalPackages(),
    plugins: [{ name: 'program-from-split-build', setup: (b) => b.onResolve({ filter: /^\.\/program\.ts$/ }, () => ({ path: './program.js', external: true })) }],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/**
 * dist/help-pages.json: the help pages commander prints, recorded from the program of bin/program.ts
 * (bin/help-record.ts), for the entry to print without loading commander (bin/help-pages.ts). The
 * recorder is compiled like the CLI, into a file of its own that is removed once it has run.
 */
async function recordHelpPages() {
  const recorder = join(DIST, '.help-record.mjs');
  await build({
    absWorkingDir: ROOT,
    stdin: { contents: "import { recordHelpPages } from './bin/help-record.ts';\nimport { createProgram } from './bin/program.ts';\nexport default recordHelpPages(createProgram);\n", resolveDir: ROOT, sourcefile: 'help-record-entry.ts', loader: 'ts' },
    outfile: recorder,
    bundle: true,
    format: 'esm',
    ...NODE_TARGET,
    external: externalPackages(),
    // The commands themselves never run while recording: left out rather than compiled in.
    plugins: [{ name: 'commands-external', setup: (b) => b.onResolve({ filter: /^\.\/commands\// }, (args) => ({ path: args.path, external: true })) }],
    banner: { js: "import { createRequire as __docpipeCreateRequire } from 'node:module';\nconst require = __docpipeCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  try {
    const { default: pages } = await import(`${pathToFileURL(recorder).href}?${Date.now()}`);
    if (pages.byArgs['--help'] === undefined) throw new Error('Recording the help pages found no page for --help.');
    writeFileSync(join(DIST, 'help-pages.json'), `${JSON.stringify(pages)}\n`);
  } finally {
    rmSync(recorder, { force: true });
  }
}

/**
 * dist/processing.cjs: processDocument as one CommonJS-style script, which local/compiled-processing.ts
 * compiles with V8's code cache (Node 20 has none for ES modules); and that cache, recorded by running
 * `process` on a sample through the script. Measured with valgrind (NODE_EXTRA_CA_CERTS unset), loading
 * and processing one small file: the ES modules 1,038 M instructions, the script 977 M, with its cache
 * 820 M; every processing worker thread saves the same.
 */
async function buildProcessingScript() {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'shared/domain/process-document.ts')],
    outfile: join(DIST, 'processing.cjs'),
    bundle: true,
    format: 'cjs',
    ...NODE_TARGET,
    external: externalPackages(),
    plugins: [processingScriptLinks, htmlparser2ParserOnly, iconvTablesFromPackage],
    logLevel: 'warning',
  });
  // A script compiled from V8's code cache loses its import() callback on Node 20
  // (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING): the decoders are imported through a function the loader passes.
  const script = join(DIST, 'processing.cjs');
  const code = readFileSync(script, 'utf8');
  const imports = code.match(/\bimport\("\.\/processing-decode-/g)?.length ?? 0;
  if (imports !== 3 || /\bimport\(/.test(code.replace(/\bimport\("\.\/processing-decode-/g, ''))) throw new Error(`dist/processing.cjs: expected import() of the three decoders and no other, found ${imports} of them.`);
  writeFileSync(script, code.replace(/\bimport\("\.\/processing-decode-/g, '__docpipeImport("./processing-decode-'));
  const sample = join(ROOT, 'samples/vi-hoi-nghi-cai-cach-hanh-chinh.txt');
  const run = spawnSync(process.execPath, [join(DIST, 'docpipe.js'), 'process', '--concurrency', '1', '--no-ocr', sample], { cwd: ROOT, env: { ...process.env, DOCPIPE_WRITE_CODE_CACHE: '1' }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (run.status !== 0 || !existsSync(join(DIST, 'processing.cjs.cache'))) throw new Error(`Recording the processing code cache failed (exit ${run.status}): ${run.stderr}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  const started = performance.now();
  const outputs = await buildDist();
  process.stderr.write(`docpipe: built dist/ (${outputs.length} files) in ${Math.round(performance.now() - started)} ms\n`);
}
