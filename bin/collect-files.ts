import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * The files to read or upload: each file named, and every file under each folder named (hidden files
 * skipped), keyed by its path relative to that folder. Its own module so `docpipe process` lists files
 * without loading the upload code (the S3 client and the local stack).
 */
export function collectFiles(paths: string[]): Array<{ path: string; key: string }> {
  const files: Array<{ path: string; key: string }> = [];
  for (const p of paths) {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new Error(`No such file or folder: ${p}`);
    if (stat.isFile()) {
      files.push({ path: p, key: basename(p) });
      continue;
    }
    // `prefix` is the folder's path below `p` as a key: `relative(p, full)` for each file resolved both
    // paths against the working directory, about 20 ms for 942 files in a CPU profile of `process`.
    const walk = (dir: string, prefix: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) walk(full, `${prefix}${entry.name}/`);
        else if (entry.isFile() && !entry.name.startsWith('.')) files.push({ path: full, key: `${prefix}${entry.name}`.split('\\').join('/') });
      }
    };
    walk(p, '');
  }
  return files;
}
