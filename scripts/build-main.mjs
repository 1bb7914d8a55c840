// Bundles the Electron main process and its preload (CommonJS, as Electron's sandboxed
// preload requires). Native modules stay external: electron-builder rebuilds them for
// Electron when packaging.
import { build } from 'esbuild';

// CommonJS has no import.meta: it is defined away (no warning), and code that needs to know
// whether it runs from the bundle checks for import.meta.url (ipam/import-runner.ts).
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', define: { 'import.meta.url': 'undefined' } };

await build({
  ...common,
  entryPoints: ['src-main/hosts/electron/main.ts'],
  outfile: 'dist/main/electron-main.cjs',
  external: ['electron', 'better-sqlite3', 'node-pty', 'pg-native', 'cpu-features'],
});
// The IPAM import's worker thread (issue 5): started by import-runner.ts from beside the main bundle.
await build({
  ...common,
  entryPoints: ['src-main/domains/ipam/import-worker.ts'],
  outfile: 'dist/main/import-worker.cjs',
  external: ['better-sqlite3'],
});
await build({
  ...common,
  entryPoints: ['src-main/hosts/electron/preload.ts'],
  outfile: 'dist/main/preload.cjs',
  external: ['electron'],
});
console.log('built dist/main/electron-main.cjs and dist/main/preload.cjs');
