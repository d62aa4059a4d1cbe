import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { collectFiles } from '../../bin/collect-files.ts';

/** The files `docpipe process` and `docpipe upload` read, and the keys uploads get. */
describe('collectFiles', () => {
  const root = mkdtempSync(join(tmpdir(), 'docpipe-collect-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'tin tức', 'năm 2024', 'sâu'), { recursive: true });
  for (const file of ['a.txt', '.hidden', 'tin tức/b.html', 'tin tức/năm 2024/c.md', 'tin tức/năm 2024/sâu/d.txt', 'tin tức/năm 2024/sâu/e\\f.txt']) writeFileSync(join(root, file), 'x');

  it('keys each file of a folder by its path below the folder, with forward slashes, hidden files skipped', () => {
    const files = collectFiles([root]);
    assert.deepEqual(files.map((f) => f.key).sort(), ['a.txt', 'tin tức/b.html', 'tin tức/năm 2024/c.md', 'tin tức/năm 2024/sâu/d.txt', 'tin tức/năm 2024/sâu/e/f.txt']);
    // The same keys as the path relative to the folder (a backslash in a name read as a separator).
    for (const f of files) assert.equal(f.key, relative(root, f.path).split('\\').join('/'));
  });

  it('gives the same keys for the folder named with a trailing slash or through another path', () => {
    const keys = (p: string): string[] => collectFiles([p]).map((f) => f.key);
    assert.deepEqual(keys(`${root}/`), keys(root));
    assert.deepEqual(keys(join(root, 'tin tức', '..')), keys(root));
  });

  it('keys a file named on its own by its name, and refuses a path that does not exist', () => {
    assert.deepEqual(collectFiles([join(root, 'tin tức', 'b.html')]), [{ path: join(root, 'tin tức', 'b.html'), key: 'b.html' }]);
    assert.throws(() => collectFiles([join(root, 'missing')]), /No such file or folder/);
  });
});
