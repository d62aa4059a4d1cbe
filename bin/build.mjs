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
 *   docpipe.js          the `bin` entry (bin/cli.ts): command declarations only
 *   <name>-worker.js    one per `*-worker.ts` under bin/, local/ or shared/: worker-thread entries,
 *                       started through local/worker-entry.ts
 *   chunk-<hash>.js     each command (bin/commands/<name>.ts) and the code they share, loaded on demand
 *
 * Runs from `prepare` (so `npm ci` builds), `prestart` and `pretest` (when stale). Takes well under a
 * second; uses no TypeScript type information (`npm run typecheck` does that).
 */
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    entryPoints: { docpipe: join(ROOT, 'bin/cli.ts'), ...workers },
    outdir: DIST,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
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
  chmodSync(join(DIST, 'docpipe.js'), 0o755);
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  return Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js')).map((file) => relative(ROOT, join(ROOT, file)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  const started = performance.now();
  const outputs = await buildDist();
  process.stderr.write(`docpipe: built dist/ (${outputs.length} files) in ${Math.round(performance.now() - started)} ms\n`);
}
