import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's LibreOffice (`apt-get install libreoffice-writer-nogui`); tests that need it skip without it. */
export const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice'].find((p) => existsSync(p));

export const skipWithoutLibreOffice: string | false = SOFFICE
  ? false
  : 'LibreOffice is not installed (apt-get install --no-install-recommends libreoffice-writer-nogui): legacy Word fixtures cannot be made';

/**
 * Converts a document with LibreOffice headless (`filter` as in `--convert-to`, e.g. `doc:"MS Word 97"`)
 * and returns the converted bytes. A private profile folder keeps parallel runs from sharing (and
 * locking) one user installation.
 */
export function convertWithLibreOffice(input: Buffer, inputName: string, filter: string, outputExtension: string): Buffer {
  if (!SOFFICE) throw new Error(String(skipWithoutLibreOffice));
  const dir = mkdtempSync(join(tmpdir(), 'docpipe-soffice-'));
  try {
    writeFileSync(join(dir, inputName), input);
    execFileSync(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', join(dir, 'out'), join(dir, inputName)], { stdio: 'pipe', timeout: 120_000 });
    return readFileSync(join(dir, 'out', inputName.replace(/\.[^.]+$/, `.${outputExtension}`)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
