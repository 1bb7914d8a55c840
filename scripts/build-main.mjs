// Bundles the Electron main process and its preload (CommonJS, as Electron's sandboxed
// preload requires). Native modules stay external: electron-builder rebuilds them for
// Electron when packaging.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['src-main/hosts/electron/main.ts'],
  outfile: 'dist/main/electron-main.cjs',
  external: ['electron', 'better-sqlite3', 'node-pty', 'pg-native', 'cpu-features'],
});
await build({
  ...common,
  entryPoints: ['src-main/hosts/electron/preload.ts'],
  outfile: 'dist/main/preload.cjs',
  external: ['electron'],
});
console.log('built dist/main/electron-main.cjs and dist/main/preload.cjs');
