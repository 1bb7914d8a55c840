// Starts the headless host for the end-to-end tests on a freshly wiped store with the
// demo lab: `node test/e2e/serve-fresh.mjs PORT DATA_DIR`. The dir is wiped before and
// after, so every run starts from the same datacenter.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [port, dir] = process.argv.slice(2);
if (!port || !dir || !/aedify-noc-e2e/.test(dir)) {
  process.stderr.write('usage: serve-fresh.mjs PORT DATA_DIR (the dir name must contain "aedify-noc-e2e": it is wiped)\n');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const child = spawn(process.execPath, [join(root, 'bin', 'noc.mjs'), 'serve', '--port', port, '--data', dir, '--demo'], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? (signal ? 0 : 1));
});
