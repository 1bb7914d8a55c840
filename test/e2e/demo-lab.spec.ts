// The demo lab's life: remove it (with confirmation), see the first-start offer on the
// empty store, load it again. Runs its own host on a fresh store (port 4802): what other
// specs add to the shared demo store (customers, rentals of demo servers) is not its subject.
import { expect } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventoryTotal, openApp, shot, startHost, stopHost, test, waitHealthy } from './helpers';

const URL = 'http://127.0.0.1:4802';
let host: ChildProcess | null = null;
let data = '';

test.use({ baseURL: URL });

test.beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'noc-demo-lab-'));
  host = startHost(['--port', '4802', '--data', data, '--demo', '--no-monitoring']);
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
  // Blueprint drops data-testid on dialogs: they are found by role and title.
  const confirm = page.getByRole('alertdialog', { name: 'Remove the demo lab?' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('devices with their racks, rooms and sites');
  await shot(page, testInfo, 'demo-remove-confirm');
  // Cancelling keeps everything.
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  expect(await inventoryTotal(page)).toBe(before);

  await page.getByTestId('settings-button').click();
  await page.getByTestId('demo-remove').click();
  await confirm.getByRole('button', { name: 'Remove demo data' }).click();
  await expect(page.getByTestId('demo-badge')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('inventory-total')).toHaveAttribute('data-total', '0');

  // The store is empty now: a fresh start offers the demo lab, marked as demo.
  await page.reload();
  const welcome = page.getByRole('dialog', { name: 'Welcome to Aedify NOC' });
  await expect(welcome).toBeVisible();
  await expect(welcome).toContainText('DEMO');
  await shot(page, testInfo, 'first-start');
  await welcome.getByTestId('welcome-load-demo').click();
  await expect(welcome).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('demo-badge')).toBeVisible();
  await expect(page.getByTestId('inventory-total')).toHaveAttribute('data-total', String(before), { timeout: 30_000 });
});

test('an empty start: add a site, room and rack, then a device in it, with errors at their fields', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const own = 'http://127.0.0.1:4806';
  const dir = mkdtempSync(join(tmpdir(), 'noc-empty-start-'));
  const empty = startHost(['--port', '4806', '--data', dir, '--no-monitoring']);
  try {
    await waitHealthy(own);
    await page.goto(own);
    await page.getByRole('dialog', { name: 'Welcome to Aedify NOC' }).getByRole('button', { name: 'Start with an empty store' }).click();
    await page.getByTestId('nav-racks').click();
    await expect(page.getByTestId('rack-tree')).toContainText('No sites yet');

    await page.getByTestId('add-rack-button').click();
    const dialog = page.getByRole('dialog', { name: 'Add a rack' });
    await dialog.getByTestId('rack-submit').click();
    for (const f of ['siteName', 'siteCode', 'roomName', 'rackName']) await expect(dialog.getByTestId(`field-error-${f}`)).toBeVisible();
    await dialog.getByTestId('rack-siteName').fill('Chicago DC3');
    await dialog.getByTestId('rack-siteCode').fill('ORD 3');
    await dialog.getByTestId('rack-roomName').fill('Hall 1');
    await dialog.getByTestId('rack-name').fill('ORD3-01');
    await dialog.getByTestId('rack-height').fill('70');
    await dialog.getByTestId('rack-submit').click();
    await expect(dialog.getByTestId('field-error-siteCode')).toContainText('Letters, digits and dashes only.');
    await expect(dialog.getByTestId('field-error-heightU')).toContainText('taller than 60U');
    await expect(dialog.getByTestId('field-error-rackName')).toHaveCount(0);
    await shot(page, testInfo, 'add-rack-errors');
    // Nothing was sent: no site made for a rack that was refused.
    const tree = async () => ((await (await page.request.get(`${own}/trpc/racks.tree`)).json()) as { result: { data: unknown[] } }).result.data;
    expect(await tree()).toEqual([]);

    await dialog.getByTestId('rack-siteCode').fill('ORD3');
    await dialog.getByTestId('rack-height').fill('42');
    await dialog.getByTestId('rack-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('rack-elevation')).toHaveAttribute('data-rack-name', 'ORD3-01');
    await expect(page.getByTestId('total-free')).toHaveText('42');
    await expect(page.getByTestId('tree-site')).toContainText('Chicago DC3');

    // A second rack in the same room: site and room are chosen, not typed again.
    await page.getByTestId('add-rack-button').click();
    await expect(dialog.getByTestId('rack-site')).toHaveValue(/^[0-9a-f-]{36}$/);
    await expect(dialog.getByTestId('rack-room').locator('option:checked')).toHaveText('Hall 1');
    await dialog.getByTestId('rack-name').fill('ORD3-02');
    await dialog.getByTestId('rack-height').fill('48');
    await dialog.getByTestId('rack-submit').click();
    await expect(page.getByTestId('rack-elevation')).toHaveAttribute('data-rack-name', 'ORD3-02');
    await expect(page.getByTestId('total-free')).toHaveText('48');
    await expect(page.getByTestId('tree-rack')).toHaveCount(2);
    expect(await tree()).toHaveLength(1);

    // A third rack in a new room of that site.
    await page.getByTestId('add-rack-button').click();
    await dialog.getByTestId('rack-room').selectOption({ label: 'New room…' });
    await dialog.getByTestId('rack-roomName').fill('Hall 2');
    await dialog.getByTestId('rack-name').fill('ORD3-B01');
    await dialog.getByTestId('rack-submit').click();
    await expect(page.getByTestId('rack-elevation')).toHaveAttribute('data-rack-name', 'ORD3-B01');
    const sites = (await tree()) as Array<{ rooms: Array<{ room: { name: string }; racks: Array<{ name: string }> }> }>;
    expect(sites[0]!.rooms.map((r) => [r.room.name, r.racks.map((k) => k.name)])).toEqual([['Hall 1', ['ORD3-01', 'ORD3-02']], ['Hall 2', ['ORD3-B01']]]);

    // A 2U server at U1 of the first rack, from the inventory.
    await page.getByTestId('nav-inventory').click();
    await page.getByTestId('add-device-button').click();
    const add = page.getByRole('dialog', { name: 'Add a device' });
    await add.getByTestId('add-name').fill('ord3-db-1');
    await add.getByTestId('add-site').selectOption({ label: 'ORD3 · Chicago DC3' });
    await add.getByTestId('add-rack').selectOption({ label: 'ORD3-01 (Hall 1, 42U)' });
    await add.getByTestId('add-height').fill('2');
    await add.getByTestId('add-position').fill('1');
    await add.getByTestId('add-submit').click();
    await expect(add).toHaveCount(0);
    await expect(page.getByTestId('inventory-total')).toHaveAttribute('data-total', '1');
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-racks').click();
    await page.locator('[data-testid="tree-rack"][data-rack-name="ORD3-01"]').click();
    await expect(page.getByTestId('elevation-front').locator('[data-testid="rack-device"][data-device-name="ord3-db-1"]')).toHaveAttribute('data-u', '1');
    await expect(page.getByTestId('total-used')).toHaveText('2');
    await shot(page, testInfo, 'empty-start-first-rack');
  } finally {
    await stopHost(empty);
    rmSync(dir, { recursive: true, force: true });
  }
});
