#!/usr/bin/env node
// Launches the docpipe CLI with the Node flags it needs: TypeScript sources through tsx, and the
// OpenSSL legacy provider that s3rver's paginated listings rely on.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const child = spawn(
  process.execPath,
  ['--openssl-legacy-provider', '--import', import.meta.resolve('tsx'), join(here, 'cli.ts'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
// Ctrl-C reaches the whole process group; the CLI shuts down on its own, so just wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
