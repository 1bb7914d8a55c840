// Sharing a store from the app, in Chromium: the Sync view connects a standalone store (demo
// lab) to a shared PostgreSQL — a wrong password is shown next to the field, the right one
// uploads the store and says what it did — and an admin adds a login and changes its role
// in the Admin view, which the database itself then enforces.
// Runs its own PostgreSQL (test/peers/postgres.ts) and host (port 4796).
import { expect } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresPeer } from '../peers/postgres';
import { ROOT, shot, startHost, stopHost, test, waitHealthy } from './helpers';

const PORT = 4796;
const URL = `http://127.0.0.1:${PORT}`;

let pg: PostgresPeer;
let data = '';
let host: ChildProcess | null = null;

test.use({ allowedConsole: [/Failed to load resource.*400/] });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  pg = await startPostgres();
  const r = spawnSync(process.execPath, ['bin/noc.mjs', 'db', 'migrate', '--pg', pg.url(), '--admin', 'alice'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NOC_PASSWORD: 'alice-secret-1' } });
  if (r.status !== 0) throw new Error(r.stderr);
  data = mkdtempSync(join(tmpdir(), 'aedify-noc-e2e-share-'));
  host = startHost(['--port', String(PORT), '--data', data, '--demo']);
  await waitHealthy(URL);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await stopHost(host);
  await pg?.stop();
  if (data) rmSync(data, { recursive: true, force: true });
});

test('share a standalone store from the Sync view, then manage logins as an admin', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(URL);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'standalone');
  await page.getByTestId('sync-indicator').click();
  await expect(page.getByTestId('sync-mode')).toContainText('Standalone');

  const dbUrl = `postgresql://127.0.0.1:${pg.port}/nocdb`;
  await page.getByTestId('sync-url').fill(dbUrl);
  await page.getByTestId('sync-user').fill('alice');
  await page.getByTestId('sync-password').fill('not-it');
  await page.getByTestId('sync-connect-button').click();
  await expect(page.getByTestId('sync-connect')).toContainText('PostgreSQL refused the login of alice: wrong password');
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'standalone');

  await page.getByTestId('sync-password').fill('alice-secret-1');
  await page.getByTestId('sync-connect-button').click();
  await expect(page.getByTestId('sync-connect-done')).toContainText('This store is now a copy of the shared database', { timeout: 60_000 });
  await expect(page.getByTestId('sync-connect-done')).toContainText(/Uploaded [\d,]+ changes \(.*899 devices/);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('sync-waiting')).toHaveText('0 change(s) to push');
  expect((await pg.sql<{ n: number }>(`SELECT count(*)::int AS n FROM devices`))[0]!.n).toBe(899);
  await shot(page, testInfo, 'sync-view-connected');

  await page.getByTestId('nav-admin').click();
  await expect(page.getByTestId('admin-user-row')).toHaveCount(1);
  await page.getByTestId('admin-login').fill('nina');
  await page.getByTestId('admin-role').selectOption('technician');
  await page.getByTestId('admin-password').fill('short');
  await page.getByTestId('admin-add').click();
  await expect(page.getByTestId('admin-add-user')).toContainText('Passwords have at least 10 characters.');
  await page.getByTestId('admin-password').fill('nina-secret-1');
  await page.getByTestId('admin-add').click();
  const nina = page.locator('[data-testid="admin-user-row"][data-login="nina"]');
  await expect(nina).toBeVisible();
  await nina.getByTestId('admin-user-role').selectOption('provisioning');
  await expect(nina.getByTestId('admin-user-role')).toHaveValue('provisioning');
  await shot(page, testInfo, 'admin-users');
  // the database itself knows: nina is in noc_provisioning and nothing else
  const groups = await pg.sql<{ g: string }>(`SELECT g.rolname AS g FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = 'nina'`);
  expect(groups.map((x) => x.g)).toEqual(['noc_provisioning']);
});
