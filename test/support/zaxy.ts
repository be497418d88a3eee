// Locates the real Zaxy installed by scripts/setup-zaxy.sh. A missing install is a test failure,
// never a skip: a run that did not exercise the real component did not pass.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
const cache = join(projectRoot, '.cache');

export interface ZaxyInstall {
  readonly python: string;
  readonly zaxy: string;
  /** The sdist's scripts/ directory (backup.sh, restore.sh, rotate-logs.sh, validate-deployment.sh). */
  readonly scripts: string;
}

export function zaxyInstall(): ZaxyInstall {
  const venv = process.env.ZAXY_VENV ?? join(cache, 'venv');
  const python = join(venv, 'bin', 'python');
  const zaxy = join(venv, 'bin', 'zaxy');
  if (!existsSync(zaxy)) {
    throw new Error(`Zaxy is not installed at ${venv}: run scripts/setup-zaxy.sh (the CI script does)`);
  }
  const sdistRoot = join(cache, 'zaxy-sdist');
  const dir = existsSync(sdistRoot) ? readdirSync(sdistRoot).find((d) => /^zaxy[-_]memory-3\.2\./.test(d)) : undefined;
  if (!dir) throw new Error(`Zaxy's sdist is not unpacked under ${sdistRoot}: run scripts/setup-zaxy.sh`);
  return { python, zaxy, scripts: join(sdistRoot, dir, 'scripts') };
}
