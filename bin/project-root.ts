import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding docpipe's package.json: the nearest one above this module, which is
 * `bin/` in the sources and `dist/` in the compiled build (bundled code moves, the package root does not).
 */
export function projectRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(from)}: is docpipe installed as a package?`);
    dir = parent;
  }
  return dir;
}
