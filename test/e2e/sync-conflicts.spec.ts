// The Conflicts view in Chromium (issue 6): a device deleted on alice's desk while tom, offline,
// edited it shows as "deleted on one side, edited on the other", with who did which, the edit
// tom made, and the two choices; "Restore with the edit" brings the device back with tom's edit
// on the shared database. Runs its own PostgreSQL (ports 25460–25475) and host (port 25479).
import { expect } from '@playwright/test';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresPeer } from '../peers/postgres';
import { ROOT, shot, startHost, stopHost, test, waitHealthy } from './helpers';

const PORT = 25479;
const URL = `http://127.0.0.1:${PORT}`;

let pg: PostgresPeer;
let data = '';
let deviceId = '';
let host: ChildProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  pg = await startPostgres({ ports: [25460, 25475] });
  data = mkdtempSync(join(tmpdir(), 'aedify-noc-e2e-conflicts-'));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/sync-conflicts-setup.mts', pg.url(), String(pg.port), data], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  const ready = /READY (\S+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || !ready) throw new Error(`setup failed: ${r.stderr}`);
  deviceId = ready[1]!;
  host = startHost(['--port', String(PORT), '--data', data, '--pg', pg.url('alice', 'alice-secret-1'), '--no-monitoring']);
  await waitHealthy(URL);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await stopHost(host);
  await pg?.stop();
  if (data) rmSync(data, { recursive: true, force: true });
});

test('a device deleted here and edited elsewhere: shown with its own wording, restored with the edit', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(URL);
  await page.getByTestId('nav-sync').click();
  const row = page.locator('[data-testid="conflict-row"][data-group="deleted / edited"]');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText('deleted on one side, edited on the other');
  await expect(row.getByTestId('conflict-delete-edit')).toContainText('Deleted by alice / edited by tom. It stays deleted until someone decides.');
  await expect(row).toContainText('Deleted');
  await expect(row).toContainText('notes: B: PSU replaced');
  await expect(row.getByTestId('conflict-keep-deleted')).toBeVisible();
  await shot(page, testInfo, 'conflicts-deleted-edited');

  await row.getByTestId('conflict-restore').click();
  await expect(page.getByText('Restored, with the edit applied.')).toBeVisible();
  await expect(row).toHaveCount(0);
  // the host syncs by itself: the shared database has the device back, with tom's edit
  await expect.poll(async () => (await pg.sql(`SELECT deleted, notes FROM devices WHERE id = $1`, [deviceId]))[0], { timeout: 30_000 })
    .toEqual({ deleted: 0, notes: 'B: PSU replaced' });
  await expect.poll(async () => (await pg.sql(`SELECT status, resolution FROM sync_conflicts`))[0], { timeout: 30_000 })
    .toEqual({ status: 'resolved', resolution: 'incoming' });
});
