// `npm start` as a newcomer runs it: the desktop app where Electron's binary is present,
// otherwise one plain line and the same app served headless, with the demo lab.
import { test, expect, _electron as electron } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { electronBinary } from '../../src-main/hosts/electron-binary';

const ROOT = resolve(import.meta.dirname, '..', '..');
const binary = electronBinary(ROOT);

test('npm start without the Electron binary says so and serves the app with the demo lab', async ({ page }) => {
  test.skip(binary.path !== null, 'Electron binary present: the desktop test below covers npm start');
  const data = mkdtempSync(join(tmpdir(), 'noc-start-'));
  let child: ChildProcess | null = null;
  try {
    child = spawn(process.execPath, ['bin/noc.mjs', 'start', '--port', '4803', '--data', data], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await expect.poll(() => out, { timeout: 60_000 }).toContain('http://127.0.0.1:4803/');
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^The Electron binary is not on this machine .* Serving the same app headless instead:$/);
    expect(out).toMatch(/Loaded the demo lab: 2 sites, 24 racks, \d+ devices/);
    await page.goto('http://127.0.0.1:4803/');
    await expect(page.getByText(/iad1-a01-s01|fra2-a01-s01/i).first()).toBeVisible({ timeout: 20_000 });
  } finally {
    child?.kill('SIGTERM');
    rmSync(data, { recursive: true, force: true });
  }
});

test('the desktop app opens its window on the demo lab (needs the Electron binary)', async () => {
  test.skip(binary.path === null, `skipped: ${binary.why}`);
  const build = spawnSync('npm', ['run', '--silent', 'build:main'], { cwd: ROOT, stdio: 'inherit' });
  expect(build.status).toBe(0);
  const data = mkdtempSync(join(tmpdir(), 'noc-electron-'));
  const app = await electron.launch({ executablePath: binary.path!, args: [join(ROOT, 'dist', 'main', 'electron-main.cjs'), '--data', data, '--no-sandbox'] });
  try {
    const win = await app.firstWindow();
    await expect(win.getByText(/iad1-a01-s01|fra2-a01-s01/i).first()).toBeVisible({ timeout: 30_000 });
    expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof (window as unknown as { nocBridge?: unknown }).nocBridge)).toBe('object');
  } finally {
    await app.close();
    rmSync(data, { recursive: true, force: true });
  }
});
