// Where the Electron binary is, without triggering the download that the `electron`
// package attempts on first use (it fails on offline machines). Plain Node: no electron import.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function electronBinary(root: string): { path: string | null; why: string } {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { path: null, why: 'Electron is not installed (node_modules/electron is missing).' };
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const candidate = override ? join(override, relative) : join(pkg, 'dist', relative);
  if (existsSync(candidate)) return { path: candidate, why: '' };
  return {
    path: null,
    why: 'The Electron binary is not on this machine (it is downloaded on first use, which needs internet access; run `npx install-electron` where you have it).',
  };
}
