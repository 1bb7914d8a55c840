// VLANs in Chromium on the demo lab: a user adds a VLAN (a bad VID and a VID taken at the
// same site are refused next to the field), renames it, puts a new prefix on it through the
// prefix dialog, sees the count and the prefix behind it, is told which prefix uses it when
// removing it, and then removes the prefix and the VLAN (so the shared demo store is left
// as the other specs expect it).
import { expect, type Page } from '@playwright/test';
import { openApp, shot, test } from './helpers';

const VID = '3977';
const NAME = 'e2e-h2-vlan';
const RENAMED = 'e2e-h2-vlan-renamed';
const PREFIX = '198.18.77.0/24';

const row = (page: Page) => page.locator(`[data-testid="vlan-row"][data-vid="${VID}"]`);

test('VLANs: add with field errors, rename, assign to a prefix, count, refused removal, clean removal', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openApp(page);
  await page.getByTestId('nav-ipam').click();
  await page.getByTestId('ipam-tab-vlans').click();
  const panel = page.getByTestId('vlan-panel');
  // the demo's VLANs, by VID, with the prefixes using them counted
  const bmc = panel.locator('[data-testid="vlan-row"][data-name="iad1-bmc"]');
  await expect(bmc).toBeVisible();
  await expect(bmc.getByTestId('vlan-prefix-count')).not.toHaveAttribute('data-count', '0');
  const vids = (await panel.getByTestId('vlan-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-vid')))));
  expect(vids).toEqual([...vids].sort((a, b) => a - b));
  await expect(row(page)).toHaveCount(0);

  // add: a VID out of range is refused next to the field before anything is sent…
  await panel.getByTestId('vlan-add').click();
  const dialog = page.getByTestId('vlan-dialog');
  await dialog.getByTestId('vlan-vid').fill('5000');
  await dialog.getByTestId('vlan-name').fill(NAME);
  await dialog.getByTestId('vlan-dialog-submit').click();
  await expect(dialog.getByTestId('field-error-vid')).toHaveText('A VLAN id is a whole number from 1 to 4094.');
  // …a VID the site already has is refused by the core, also next to the field…
  await dialog.getByTestId('vlan-vid').fill('300');
  await dialog.getByTestId('vlan-site').selectOption({ label: 'Ashburn DC1' });
  await dialog.getByTestId('vlan-dialog-submit').click();
  await expect(dialog.getByTestId('field-error-vid')).toHaveText('VLAN 300 already exists at Ashburn DC1 (iad1-bmc).');
  await shot(page, testInfo, 'ipam-vlan-dialog-error');
  // …and a free one is added
  await dialog.getByTestId('vlan-vid').fill(VID);
  await dialog.getByTestId('vlan-group').fill('e2e');
  await dialog.getByTestId('vlan-role').fill('test');
  await dialog.getByTestId('vlan-dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(row(page)).toHaveAttribute('data-name', NAME);
  await expect(row(page)).toContainText('Ashburn DC1 · e2e');
  await expect(row(page).getByTestId('vlan-prefix-count')).toHaveAttribute('data-count', '0');

  // filter by text and by site
  await panel.getByTestId('vlan-filter').fill('e2e-h2');
  await expect(panel.getByTestId('vlan-row')).toHaveCount(1);
  await panel.getByTestId('vlan-filter').fill('');
  await panel.getByTestId('vlan-site-filter').selectOption({ label: 'Frankfurt DC2' });
  await expect(row(page)).toHaveCount(0);
  await expect(panel.locator('[data-testid="vlan-row"][data-name="fra2-bmc"]')).toBeVisible();
  await panel.getByTestId('vlan-site-filter').selectOption({ label: 'All sites' });

  // found from the IPAM search box: the VLANs tab opens on it alone, until the focus is cleared
  await page.getByTestId('ipam-tab-tree').click();
  await page.getByTestId('ipam-search').fill(NAME);
  await page.getByTestId('ipam-search').press('Enter');
  await page.getByTestId('ipam-search-vlan').filter({ hasText: VID }).click();
  await expect(page.getByTestId('ipam-tab-vlans')).toHaveAttribute('aria-selected', 'true');
  await expect(panel.getByTestId('vlan-row')).toHaveCount(1);
  await expect(row(page)).toBeVisible();
  await panel.getByTestId('vlan-focus').locator('button').click();
  await expect(panel.getByTestId('vlan-row')).not.toHaveCount(1);

  // rename: the name changes, the site, group and role stay
  await row(page).getByTestId('vlan-edit').click();
  await expect(dialog.getByTestId('vlan-vid')).toHaveValue(VID);
  await dialog.getByTestId('vlan-name').fill(RENAMED);
  await dialog.getByTestId('vlan-dialog-submit').click();
  await expect(dialog).toHaveCount(0);
  await expect(row(page)).toHaveAttribute('data-name', RENAMED);
  await expect(row(page)).toContainText('Ashburn DC1 · e2e');
  await expect(row(page)).toContainText('test');

  // a new prefix on the VLAN, picked in the prefix dialog; the count follows
  await page.getByTestId('ipam-add-prefix').click();
  const prefixDialog = page.getByRole('dialog', { name: 'Add a prefix' });
  await prefixDialog.getByTestId('prefix-input').fill(PREFIX);
  await prefixDialog.getByTestId('prefix-vlan').selectOption({ label: `${VID} ${RENAMED} (Ashburn DC1 · e2e)` });
  await prefixDialog.getByTestId('prefix-dialog-submit').click();
  await expect(prefixDialog).toHaveCount(0);
  const count = row(page).getByTestId('vlan-prefix-count');
  await expect(count).toHaveAttribute('data-count', '1');
  await count.click();
  await expect(page.getByTestId('vlan-prefixes').getByTestId('vlan-prefix-item')).toHaveAttribute('data-prefix', PREFIX);
  await shot(page, testInfo, 'ipam-vlans');
  await page.keyboard.press('Escape');

  // removing it says which prefix uses it, and offers no way to remove it
  await row(page).getByTestId('vlan-remove').click();
  const remove = page.getByTestId('vlan-remove-dialog');
  await expect(remove.getByTestId('vlan-remove-users')).toContainText(`VLAN ${VID} ${RENAMED} is used by 1 prefix`);
  await expect(remove.getByTestId('vlan-remove-user')).toHaveAttribute('data-prefix', PREFIX);
  await expect(remove.getByTestId('vlan-remove-confirm')).toHaveCount(0);
  // the prefix opens in the tree, with its VLAN
  await remove.getByTestId('vlan-remove-user').click();
  const prefixPanel = page.getByTestId('ipam-prefix-panel');
  await expect(prefixPanel).toHaveAttribute('data-prefix', PREFIX);
  await expect(prefixPanel).toContainText(`VLAN ${VID} ${RENAMED}`);

  // clean up through the UI: the prefix, then the VLAN it no longer holds
  await prefixPanel.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Delete prefix…' }).click();
  await page.getByRole('button', { name: 'Delete prefix' }).click();
  await expect(page.locator(`[data-testid="ipam-node"][data-prefix="${PREFIX}"]`)).toHaveCount(0);
  await page.getByTestId('ipam-tab-vlans').click();
  await expect(row(page).getByTestId('vlan-prefix-count')).toHaveAttribute('data-count', '0');
  await row(page).getByTestId('vlan-remove').click();
  await expect(remove).toContainText(`No prefix uses VLAN ${VID} ${RENAMED}.`);
  await remove.getByTestId('vlan-remove-confirm').click();
  await expect(row(page)).toHaveCount(0);
});
