// The login page against a real host listening beyond loopback (`noc serve --host 0.0.0.0`
// with a login added by `noc user add` and a wall token), reached on 127.0.0.1 (port 4801):
// no WebSocket before the login, refusals shown on the form, a staff login and a display
// token each get the app.
import { expect, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, shot, startHost, stopHost, test, waitHealthy } from './helpers';

const PORT = 4801;
const URL = `http://127.0.0.1:${PORT}`;
const TOKEN = 'wall-display-s3cret';
const PASSWORD = 'correct horse battery';
let host: ChildProcess | null = null;
let data = '';

// A refused login answers 401, which Chromium logs as a failed resource.
test.use({ baseURL: URL, allowedConsole: [/status of 401/] });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  data = mkdtempSync(join(tmpdir(), 'noc-login-'));
  const noc = (...args: string[]) => spawnSync(process.execPath, ['bin/noc.mjs', ...args, '--data', data], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NOC_PASSWORD: PASSWORD } });
  const added = noc('user', 'add', 'alice', '--role', 'technician');
  expect(added.status, added.stderr).toBe(0);
  expect(noc('demo', 'load').status).toBe(0);
  host = startHost(['--host', '0.0.0.0', '--port', String(PORT), '--data', data, '--token', TOKEN, '--no-monitoring']);
  await waitHealthy(URL);
});

test.afterAll(async () => {
  await stopHost(host);
  if (data) rmSync(data, { recursive: true, force: true });
});

/** Every WebSocket the page opens, by URL. */
function sockets(page: Page): string[] {
  const seen: string[] = [];
  page.on('websocket', (ws) => seen.push(ws.url()));
  return seen;
}

test('staff login: refusals on the form, no WebSocket before the login, the app after it', async ({ page }, testInfo) => {
  const ws = sockets(page);
  await page.goto('/');
  await expect(page.getByTestId('login-page')).toBeVisible();
  await expect(page.getByTestId('app-shell')).toHaveCount(0);

  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('Enter your name');

  await page.getByTestId('login-name').fill('alice');
  await page.getByTestId('login-password').fill('not-her-password');
  const refused = page.waitForResponse('**/api/login');
  await page.getByTestId('login-submit').click();
  expect((await refused).status()).toBe(401);
  await expect(page.getByTestId('login-error')).toContainText('Wrong name or password.');
  await shot(page, testInfo, 'login');
  // The host refuses an anonymous WebSocket; the login page never tried one.
  expect(ws).toEqual([]);

  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('status-user')).toContainText('alice');
  await expect(page.getByTestId('device-row').first()).toBeVisible();
  expect(ws).toEqual([`ws://127.0.0.1:${PORT}/trpc-ws`]);

  // Logging out brings the login page back, and the API refuses again.
  await page.getByTestId('settings-button').click();
  await page.getByText('Log out').click();
  await expect(page.getByTestId('login-page')).toBeVisible();
  expect((await page.request.get('/trpc/inventory.counts')).status()).toBe(401);
});

test('display token: a wrong token is refused, the right one opens the app read-only', async ({ page }) => {
  await page.goto('/');
  await page.getByText('Display token').click();
  await page.getByTestId('login-token').fill('not-the-token');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('Wrong token');

  await page.getByTestId('login-token').fill(TOKEN);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(page.getByTestId('status-user')).toContainText('wall-token');
  await expect(page.getByTestId('device-row').first()).toBeVisible();
  // A display may look, not change.
  const change = await page.request.post('/trpc/racks.createSite', { data: { name: 'Nope', code: 'NOPE' } });
  expect(change.status()).toBe(403);
});
