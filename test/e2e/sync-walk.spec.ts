// A rack walk-through done offline, in Chromium: a technician's laptop (headless host in
// shared mode, logged in as "tom") plans a walk, loses the shared PostgreSQL, walks a rack
// U by U (typed serial, a barcode-scanner burst, a missing device, the rest confirmed),
// finishes it — all on the local copy — and when PostgreSQL is back the walk, its checks
// and its follow-up task reach the shared database by themselves.
// Runs its own PostgreSQL (test/peers/postgres.ts) and host (port 4795).
import { expect } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresPeer } from '../peers/postgres';
import { ROOT, shot, startHost, stopHost, test, waitHealthy } from './helpers';

const PORT = 4795;
const URL = `http://127.0.0.1:${PORT}`;

let pg: PostgresPeer;
let desk = '';
let laptop = '';
let host: ChildProcess | null = null;

function noc(args: string[], env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, ['bin/noc.mjs', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`noc ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  pg = await startPostgres();
  noc(['db', 'migrate', '--pg', pg.url(), '--admin', 'alice'], { NOC_PASSWORD: 'alice-secret-1' });
  noc(['user', 'add', 'tom', '--role', 'technician', '--pg', pg.url('alice', 'alice-secret-1')], { NOC_PASSWORD: 'tom-secret-12' });
  // the office shares its datacenter (the demo lab) …
  desk = mkdtempSync(join(tmpdir(), 'aedify-noc-e2e-desk-'));
  noc(['demo', 'load', '--data', desk]);
  noc(['db', 'connect', '--pg', pg.url('alice', 'alice-secret-1'), '--data', desk]);
  // … and the technician's laptop is a copy of it
  laptop = mkdtempSync(join(tmpdir(), 'aedify-noc-e2e-laptop-'));
  host = startHost(['--port', String(PORT), '--data', laptop, '--pg', pg.url('tom', 'tom-secret-12')]);
  await waitHealthy(URL);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await stopHost(host);
  await pg?.stop();
  for (const d of [desk, laptop]) if (d) rmSync(d, { recursive: true, force: true });
});

test('a rack walk done offline reaches the shared database when it is back', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(URL);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'online', { timeout: 30_000 });

  // before going to the floor: plan the walk
  await page.getByTestId('nav-walks').click();
  await page.getByTestId('walk-new').click();
  await page.getByTestId('walk-name').fill('Night walk IAD1');
  // Blueprint draws its own box over the input; the rack list may still be refreshing from
  // the first pull (live), which can swap the element under the click: try until it sticks.
  const pick = page.locator('[data-testid="walk-pick-rack"][data-name="IAD1-A01"]');
  await expect(async () => {
    await pick.check({ force: true, timeout: 2000 });
    await expect(pick).toBeChecked({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await page.getByTestId('walk-create').click();
  await expect(page.getByTestId('rack-walk')).toHaveAttribute('data-rack', 'IAD1-A01');

  // on the floor: no network to the shared database
  await pg.halt();
  await expect(indicator).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });

  const expected = page.locator('[data-testid="walk-unit"]:not([data-expected=""])');
  const n = await expected.count();
  expect(n).toBeGreaterThan(5);
  for (let i = 0; i < n; i++) {
    const unit = expected.nth(i);
    await unit.click();
    const current = await page.getByTestId('walk-current').innerText();
    const serial = /serial (\S+)/.exec(current)?.[1] ?? '';
    if (i === 0) {
      // typed by hand into the scan field
      await page.getByTestId('walk-scan').fill(serial);
      await page.getByTestId('walk-scan').press('Enter');
      await expect(page.getByTestId('walk-outcome')).toContainText('confirmed');
    } else if (i === 1) {
      // a barcode scanner: a fast burst ending in Enter, wherever the focus is
      await page.getByTestId('walk-current').click();
      await page.keyboard.type(serial, { delay: 0 });
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('walk-outcome')).toContainText('confirmed');
    } else if (i === 2) {
      await page.getByTestId('walk-mark-missing').click();
    } else {
      await page.getByTestId('walk-mark-ok').click();
    }
    await expect(unit).not.toHaveAttribute('data-result', '');
  }
  await expect(page.locator('[data-testid="walk-unit"][data-result="missing"]')).toHaveCount(1);
  await page.getByTestId('walk-check-item').first().click({ force: true });
  await expect(page.getByTestId('walk-check-item').first()).toBeChecked(); // once the store has it
  await page.getByTestId('walk-notes').fill('Rear door of A01 does not latch.');
  await page.getByTestId('walk-notes').blur();
  await page.getByTestId('walk-rack-done').click();
  await page.getByTestId('walk-finish').click();
  await expect(page.getByTestId('walk-task')).toHaveCount(1);
  await expect(page.getByTestId('walk-task')).toContainText('Missing device: rack IAD1-A01');
  // everything waits on the laptop
  await expect(indicator).toHaveAttribute('data-state', 'offline');
  expect(Number(await page.getByTestId('sync-pending').innerText())).toBeGreaterThan(n);
  await shot(page, testInfo, 'sync-walk-offline');

  // back in range: PostgreSQL answers again; the laptop reconnects and pushes by itself
  await pg.restart();
  await expect(indicator).toHaveAttribute('data-state', 'online', { timeout: 90_000 });
  await expect(page.getByTestId('sync-pending')).toHaveText('0', { timeout: 30_000 });
  await shot(page, testInfo, 'sync-walk-synced');

  const walks = await pg.sql(`SELECT name, status, changed_by FROM walks`);
  expect(walks).toEqual([{ name: 'Night walk IAD1', status: 'done', changed_by: 'tom' }]);
  const checks = await pg.sql<{ result: string; n: number }>(`SELECT result, count(*)::int AS n FROM walk_checks GROUP BY result ORDER BY result`);
  expect(checks).toEqual([{ result: 'missing', n: 1 }, { result: 'ok', n: n - 1 }]);
  const tasks = await pg.sql(`SELECT kind, status FROM walk_tasks`);
  expect(tasks).toEqual([{ kind: 'missing', status: 'open' }]);
  const racks = await pg.sql(`SELECT status, notes FROM walk_racks`);
  expect(racks).toEqual([{ status: 'done', notes: 'Rear door of A01 does not latch.' }]);
  // written under the technician's own login, audited by the database
  const audit = await pg.sql<{ n: number }>(`SELECT count(*)::int AS n FROM noc_audit WHERE login = 'tom' AND table_name LIKE 'walk%'`);
  expect(audit[0]!.n).toBeGreaterThan(n);
});
