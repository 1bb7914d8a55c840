// noc serve (headless host) and noc start (desktop where Electron is, else headless).
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync, spawn } from 'node:child_process';
import { startServer } from '../hosts/server/server';
import { action, openCore, withStoreOptions, type StoreOptions } from './common';
import { electronBinary } from '../hosts/electron-binary';
import { serveShared } from './db';
import { buildTarget } from './snmp';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(ROOT, 'dist', 'renderer');

interface ServeFlags extends StoreOptions { host: string; port: string; token?: string; demo?: boolean; demoOnce?: boolean; pg?: string; monitoring?: boolean; trapPort?: string; trapV3?: string[] }

export function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  process.stderr.write('Building the renderer once (npm run build:renderer)…\n');
  const r = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('Building the renderer failed (see above). Run `npm run build:renderer` to retry.');
}

async function serve(opts: ServeFlags): Promise<void> {
  const trapPort = opts.trapPort === undefined ? 162 : opts.trapPort === 'off' ? null : Number(opts.trapPort);
  const core = openCore(opts, {
    token: opts.token ?? process.env.NOC_TOKEN ?? null,
    // The host polls (SNMP, checks, BMCs) and receives traps; problems are said, not fatal.
    monitoring: opts.monitoring === false ? undefined : { enabled: true, trapPort, trapAddress: opts.host, trapUsers: trapUsersOf(opts.trapV3), onError: (m) => process.stderr.write(`${m}\n`) },
  });
  // --demo: whenever the store is empty; demoOnce (npm start): only if never loaded or removed here.
  const loaded = opts.demo && core.services.demo.status().empty ? core.services.demo.load() : opts.demoOnce ? core.services.demo.loadIfNeverSeen() : null;
  if (loaded) {
    process.stdout.write(`Loaded the demo lab: ${loaded.sites} sites, ${loaded.racks} racks, ${loaded.devices} devices (remove it from the app's Demo menu).\n`);
  }
  if (opts.pg ?? process.env.NOC_PG_URL) await serveShared(core, opts.pg);
  const running = await startServer(core, { host: opts.host, port: Number(opts.port), rendererDir: RENDERER_DIR });
  process.stdout.write(`Aedify NOC is serving ${core.file} at ${running.url}\n`);
  setImmediate(() => core.services.inventory.warmListIndex());
  const stop = () => {
    // awaited: consoles end and every BMC gets its Close Session before the process exits
    void running.close().then(() => core.shutdown()).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** --trap-v3 values, parsed like `noc snmp --v3`. */
function trapUsersOf(specs: string[] | undefined) {
  return (specs ?? []).map((spec) => {
    const c = buildTarget('127.0.0.1', { v3: spec }, process.env).credentials;
    if (c.version !== 'v3') throw new Error('unreachable: --trap-v3 always gives v3 credentials');
    return { name: c.user, authProtocol: c.authProtocol, authKey: c.authKey, privProtocol: c.privProtocol, privKey: c.privKey };
  });
}

export function registerServeCommands(program: Command): void {
  withStoreOptions(program.command('serve').description('headless host: the app over HTTP + WebSocket for wall displays and browsers'))
    .option('--host <addr>', 'address to listen on (beyond loopback needs a login)', '127.0.0.1')
    .option('--port <n>', 'port', '4780')
    .option('--token <secret>', 'shared secret that wall displays log in with (or NOC_TOKEN)')
    .option('--demo', 'load the demo lab when the store is empty')
    .option('--pg <url>', 'shared mode: sync with this PostgreSQL (your own login; or NOC_PG_URL)')
    .option('--trap-port <n>', 'UDP port for SNMP traps (default 162; "off" for none)')
    .option('--trap-v3 <user,authProto,authKey,privProto,privKey...>', 'accept SNMPv3 traps from this USM user (repeatable; "-" reads a key from $SNMP_AUTH_KEY / $SNMP_PRIV_KEY)')
    .option('--no-monitoring', 'do not poll devices or receive traps')
    .action(action(async (opts: ServeFlags) => {
      if (!existsSync(join(RENDERER_DIR, 'index.html'))) process.stderr.write('The renderer is not built: the API works, pages answer 503 until `npm run build:renderer`.\n');
      await serve(opts);
    }));

  withStoreOptions(program.command('start').description('open the desktop app; without the Electron binary, serve the same UI headless'))
    .option('--port <n>', 'port for the headless fallback', '4780')
    .action(action(async (opts: StoreOptions & { port: string }) => {
      ensureRendererBuilt();
      const binary = electronBinary(ROOT);
      if (binary.path) {
        const r = spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: ROOT, stdio: 'inherit' });
        if (r.status !== 0) throw new Error('Building the desktop main process failed (see above).');
        // Electron has its own Node ABI: the native modules are rebuilt for it (`npm rebuild`
        // turns them back for plain Node, e.g. before `npm test`).
        const deps = spawnSync('npx', ['electron-builder', 'install-app-deps'], { cwd: ROOT, stdio: 'inherit' });
        if (deps.status !== 0) throw new Error('Rebuilding the native modules for Electron failed (see above).');
        const args = [join(ROOT, 'dist', 'main', 'electron-main.cjs'), ...(opts.data ? ['--data', opts.data] : [])];
        const child = spawn(binary.path, args, { stdio: 'inherit' });
        child.on('exit', (code) => process.exit(code ?? 0));
        return;
      }
      process.stdout.write(`${binary.why} Serving the same app headless instead:\n`);
      await serve({ ...opts, host: '127.0.0.1', demoOnce: true, monitoring: true });
    }));
}
