// The demo lab's life: remove it (with confirmation), see the first-start offer on the
// empty store, load it again. Runs its own host on a fresh store (port 4794): what other
// specs add to the shared demo store (customers, rentals of demo servers) is not its subject.
import { expect } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventoryTotal, openApp, shot, startHost, stopHost, test, waitHealthy } from './helpers';

const URL = 'http://127.0.0.1:4794';
let host: ChildProcess | null = null;
let data = '';

test.use({ baseURL: URL });

test.beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'noc-demo-lab-'));
  host = startHost(['--port', '4794', '--data', data, '--demo', '--no-monitoring']);
  await waitHealthy(URL);
});

test.afterAll(async () => {
  await stopHost(host);
  rmSync(data, { recursive: true, force: true });
});

test('remove the demo data, get the first-start offer, load the demo lab again', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openApp(page);
  const before = await inventoryTotal(page);
  await expect(page.getByTestId('demo-badge')).toBeVisible();

  await page.getByTestId('settings-button').click();
  await page.getByTestId('demo-remove').click();
  const confirm = page.locator('.bp6-alert');
  await expect(confirm).toContainText('Remove the demo lab?');
  await shot(page, testInfo, 'demo-remove-confirm');
  // Cancelling keeps everything.
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByTestId('demo-badge')).toBeVisible();

  await page.getByTestId('settings-button').click();
  await page.getByTestId('demo-remove').click();
  await page.locator('.bp6-alert').getByRole('button', { name: 'Remove demo data' }).click();
  await expect(page.getByTestId('demo-badge')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('inventory-total')).toHaveAttribute('data-total', '0');

  // The store is empty now: a fresh start offers the demo lab, marked as demo.
  await page.reload();
  const welcome = page.locator('.bp6-dialog', { hasText: 'Welcome to Aedify NOC' });
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('DEMO');
  await shot(page, testInfo, 'first-start');
  await welcome.getByTestId('welcome-load-demo').click();
  await expect(welcome).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.getByTestId('inventory-total')).toHaveAttribute('data-total', String(before), { timeout: 30_000 });
});
