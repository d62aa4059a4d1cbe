// Loaded with `node --import ./test/support/trace-imports.mjs …`: writes every module URL the process
// resolves through `import` (one per line) to the file named by DOCPIPE_TRACE_IMPORTS. Plain
// JavaScript on purpose: it must not bring a TypeScript loader into the process it watches.
// (Node 20 calls resolve hooks for `import` only, not for `require` inside CommonJS packages: enough
// to see which packages a command reaches for.)
import { register } from 'node:module';

if (process.env.DOCPIPE_TRACE_IMPORTS) {
  register('data:text/javascript,' + encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      appendFileSync(${JSON.stringify(process.env.DOCPIPE_TRACE_IMPORTS)}, resolved.url + '\\n');
      return resolved;
    }
  `));
}
