// Issue 2, part 8 (end to end): inventory, device drawer, status lifecycle with audit,
// field errors, rack elevation with a half-width pair, Ctrl+K search — in Chromium
// against the headless host on a fresh store with the demo lab.
import { expect, type Locator, type Page } from '@playwright/test';
import { DEVICE_STATUSES } from '../../shared/choices';
import { allowedNextStatuses } from '../../shared/device-status';
import { inventoryTotal, openApp, shot, waitForTotal, test } from './helpers';

const label = (v: string) => DEVICE_STATUSES.find((s) => s.value === v)!.label;

async function chipCount(page: Page, status: string): Promise<number> {
  const text = await page.getByTestId(`filter-status-${status}`).locator('.noc-chip-count').innerText();
  return Number(text.replace(/\D/g, ''));
}

async function rowStatuses(page: Page): Promise<string[]> {
  return page.getByTestId('device-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status') ?? ''));
}

async function rowNames(page: Page): Promise<string[]> {
  return page.getByTestId('device-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
}

function drawer(page: Page): Locator {
  return page.locator('.noc-drawer');
}

/** The FormGroup around an input: a field's error must be inside it, next to the input. */
function formGroupOf(input: Locator): Locator {
  return input.locator('xpath=ancestor::div[contains(@class, "bp6-form-group")][1]');
}

test.describe('inventory', () => {
  test('loads virtualised, sorts, filters by status and text', async ({ page }, testInfo) => {
    await openApp(page);
    const total = await inventoryTotal(page);
    expect(total).toBeGreaterThan(800); // the demo lab: ~900 devices incl. VMs

    // Virtualised: only the rows on screen are in the DOM.
    const rendered = await page.getByTestId('device-row').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);

    // Scrolling to the end fetches the last page and shows the last row.
    await page.getByTestId('inventory-table').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(page.locator(`[data-testid="device-row"][aria-rowindex="${total + 1}"]`)).toBeVisible();
    await page.getByTestId('inventory-table').evaluate((el) => el.scrollTo({ top: 0 }));

    // Sort by serial, then the other way.
    await page.getByTestId('col-serial').click();
    await expect(page.getByTestId('col-serial')).toHaveAttribute('aria-sort', 'ascending');
    await page.getByTestId('col-serial').click();
    await expect(page.getByTestId('col-serial')).toHaveAttribute('aria-sort', 'descending');
    await expect(page.getByTestId('device-row-loading')).toHaveCount(0);
    const serials = await page.getByTestId('device-row').evaluateAll((rows) => rows.map((r) => r.querySelector('.noc-cell-serial')?.textContent ?? ''));
    expect(serials.length).toBeGreaterThan(5);
    expect([...serials].sort().reverse()).toEqual(serials);
    await page.getByTestId('col-name').click();

    // Status filter: only faulty devices, as many as the chip says.
    const faulty = await chipCount(page, 'faulty');
    expect(faulty).toBeGreaterThan(0);
    await page.getByTestId('filter-status-faulty').click();
    await waitForTotal(page, faulty);
    expect(new Set(await rowStatuses(page))).toEqual(new Set(['faulty']));
    await expect(page.getByTestId('device-row').first()).toHaveClass(/noc-intent-danger/);

    // Text on top: faulty devices in Ashburn (names start with iad1).
    await page.getByTestId('filter-text').fill('iad1');
    await expect.poll(async () => Number(await page.getByTestId('inventory-total').getAttribute('data-total'))).toBeLessThan(faulty);
    await expect(page.getByTestId('device-row-loading')).toHaveCount(0);
    const names = await rowNames(page);
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n.toLowerCase()).toContain('iad1');
    expect(new Set(await rowStatuses(page))).toEqual(new Set(['faulty']));
    await shot(page, testInfo, 'inventory-filtered');

    await page.getByTestId('filter-clear').click();
    await waitForTotal(page, total);
    await shot(page, testInfo, 'inventory');
  });

  test('column chooser hides a column and remembers it', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('col-serial')).toBeVisible();
    await page.getByTestId('column-chooser-button').click();
    await page.getByTestId('column-toggle-serial').locator('xpath=..').click();
    await expect(page.getByTestId('col-serial')).toHaveCount(0);
    await page.reload();
    await expect(page.getByTestId('device-row').first()).toBeVisible();
    await expect(page.getByTestId('col-serial')).toHaveCount(0);
    await page.getByTestId('column-chooser-button').click();
    await page.getByTestId('column-toggle-serial').locator('xpath=..').click();
    await expect(page.getByTestId('col-serial')).toBeVisible();
  });
});

test.describe('device drawer', () => {
  test('changes status with a reason; the audit history shows it; the list follows live', async ({ page }, testInfo) => {
    await openApp(page);
    await page.getByTestId('filter-status-available').click();
    await page.getByTestId('filter-type').selectOption('server');
    await expect(page.getByTestId('device-row-loading')).toHaveCount(0);
    const row = page.getByTestId('device-row').first();
    const name = (await row.getAttribute('data-name'))!;
    const id = (await row.getAttribute('data-id'))!;
    await row.click();

    const d = drawer(page);
    await expect(d.getByTestId('device-drawer-title')).toContainText(name);
    await expect(d.getByTestId('device-details')).toContainText('Location');
    await expect(d.getByTestId('detail-rack-link')).toBeVisible();
    await shot(page, testInfo, 'device-drawer');

    // Only the legal next statuses are offered.
    const offered = await d.getByTestId('status-select').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(offered).toEqual([...allowedNextStatuses('available')]);

    const reason = `Fan noise on PSU 2, swap booked (e2e ${Date.now()})`;
    await d.getByTestId('status-select').selectOption('maintenance');
    await d.getByTestId('status-reason').fill(reason);
    await d.getByTestId('status-submit').click();
    await expect(d.getByTestId('device-drawer-title')).toContainText(label('maintenance'));

    // The list is filtered on "available": the device leaves it without a reload.
    await expect(page.locator(`[data-testid="device-row"][data-id="${id}"]`)).toHaveCount(0);

    await d.getByRole('tab', { name: /History/ }).click();
    const entry = d.getByTestId('history-entry').first();
    await expect(entry).toHaveAttribute('data-action', 'status');
    await expect(entry.getByTestId('history-reason')).toContainText(reason);
    await expect(entry).toContainText('available');
    await expect(entry).toContainText('maintenance');
    const session = (await (await page.request.get('/api/session')).json()) as { actor: { name: string } };
    await expect(entry.locator('.noc-history-who')).toHaveText(session.actor.name);
    await shot(page, testInfo, 'device-history');
  });

  test('field errors are shown next to the field (zod in the form, the core on save)', async ({ page }, testInfo) => {
    await openApp(page);
    await page.getByTestId('nav-racks').click();
    await page.locator('[data-testid="tree-rack"][data-rack-name="IAD1-A02"]').click();
    const front = page.getByTestId('elevation-front');
    const blocks = front.locator('[data-testid="rack-device"][data-through="false"][data-half="full"]');
    await expect(blocks.first()).toBeVisible();
    // Two full-width devices (drawn bottom up): move the top one onto the unit of the one below it.
    const moved = blocks.last();
    const other = blocks.nth((await blocks.count()) - 2);
    const otherName = (await other.getAttribute('data-device-name'))!;
    const otherU = (await other.getAttribute('data-u'))!;
    await moved.click();
    const d = drawer(page);
    await expect(d.getByTestId('status-form')).toBeVisible();

    // Empty reason: refused by the shared zod schema, shown under the reason field.
    await d.getByTestId('status-select').selectOption({ index: 1 });
    await d.getByTestId('status-submit').click();
    const reasonError = d.getByTestId('field-error-reason');
    await expect(reasonError).toContainText('at least 3 characters');
    await expect(formGroupOf(d.getByTestId('status-reason')).getByTestId('field-error-reason')).toBeVisible();

    // Over-long name in the edit form.
    await d.getByRole('tab', { name: 'Edit' }).click();
    const original = await d.getByTestId('edit-name').inputValue();
    await d.getByTestId('edit-name').fill('x'.repeat(130));
    await d.getByTestId('edit-submit').click();
    await expect(formGroupOf(d.getByTestId('edit-name')).getByTestId('field-error-name')).toContainText('under 120 characters');

    // A unit that is taken: the core refuses with its reason, shown at the position field.
    await d.getByTestId('edit-name').fill(original);
    await d.getByTestId('edit-position').fill(otherU);
    await d.getByTestId('edit-submit').click();
    const posError = formGroupOf(d.getByTestId('edit-position')).getByTestId('field-error-position');
    await expect(posError).toContainText(otherName);
    await expect(posError).toContainText('already occupies');
    await expect(d.getByTestId('field-error-name')).toHaveCount(0);
    await shot(page, testInfo, 'field-errors');
  });
});

test.describe('add device', () => {
  test('adds a server in a rack and a VM on it: zod and core errors at their fields, then the new device opens', async ({ page }, testInfo) => {
    await openApp(page);
    const total = await inventoryTotal(page);
    await page.getByTestId('add-device-button').click();
    const dialog = page.getByRole('dialog', { name: 'Add a device' });
    await expect(dialog).toBeVisible();

    // Nothing filled in: the shared schema's message under the name field, nothing sent.
    await dialog.getByTestId('add-submit').click();
    await expect(formGroupOf(dialog.getByTestId('add-name')).getByTestId('field-error-name')).toBeVisible();

    const name = `e2e-added-${Date.now()}`;
    await dialog.getByTestId('add-name').fill(name);
    const site = (await dialog.getByTestId('add-site').locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })))).find((o) => o.label.startsWith('IAD1'))!;
    await dialog.getByTestId('add-site').selectOption(site.value);
    const rack = (await dialog.getByTestId('add-rack').locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })))).find((o) => o.label.startsWith('IAD1-A01 '))!;
    await dialog.getByTestId('add-rack').selectOption(rack.value);
    await dialog.getByTestId('add-primaryIp').fill('not-an-ip');
    await dialog.getByTestId('add-position').fill('20');
    await dialog.getByTestId('add-submit').click();
    await expect(formGroupOf(dialog.getByTestId('add-primaryIp')).getByTestId('field-error-primaryIp')).toContainText('Not an IP address.');

    // U20 holds the half-width pair: the core refuses, naming the occupant, at the position field.
    await dialog.getByTestId('add-primaryIp').fill('10.99.0.7');
    await dialog.getByTestId('add-submit').click();
    const posError = formGroupOf(dialog.getByTestId('add-position')).getByTestId('field-error-position');
    await expect(posError).toContainText('already occupies U20');
    await expect(dialog.getByTestId('field-error-primaryIp')).toHaveCount(0);
    await shot(page, testInfo, 'add-device-errors');

    // A free unit of that rack, from the elevation.
    const elevation = (await (await page.request.get(`/trpc/racks.elevation?input=${encodeURIComponent(JSON.stringify({ rackId: rack.value }))}`)).json()) as { result: { data: { rack: { heightU: number }; devices: Array<{ position: number; heightU: number }> } } };
    const { rack: r, devices } = elevation.result.data;
    const used = new Set(devices.flatMap((d) => Array.from({ length: Math.max(d.heightU, 1) }, (_, i) => d.position + i)));
    const free = Array.from({ length: r.heightU }, (_, i) => i + 1).find((u) => !used.has(u))!;
    expect(free).toBeGreaterThan(0);
    await dialog.getByTestId('add-position').fill(String(free));
    await dialog.getByTestId('add-serial').fill(`SN-${name}`);
    await dialog.getByTestId('add-submit').click();
    await expect(dialog).toHaveCount(0);

    const d = drawer(page);
    await expect(d.getByTestId('device-drawer-title')).toContainText(name);
    await expect(d.getByTestId('device-drawer-title')).toContainText(label('staging'));
    await expect(d.getByTestId('detail-units')).toContainText(`U${free}`);
    await waitForTotal(page, total + 1);
    await page.getByTestId('filter-text').fill(name);
    await expect(page.getByTestId('device-row')).toHaveCount(1);
    await expect(page.getByTestId('device-row').locator('.noc-cell-rack')).toHaveText('IAD1-A01');

    // A VM on it: the host is required, must be a server (the core says so at the field).
    await d.locator('.bp6-drawer-header').getByRole('button', { name: 'Close' }).click();
    await expect(d).toHaveCount(0);
    await page.getByTestId('add-device-button').click();
    await dialog.getByTestId('add-type').selectOption('vm');
    await dialog.getByTestId('add-name').fill(`${name}-vm1`);
    await dialog.getByTestId('add-submit').click();
    await expect(dialog.getByTestId('field-error-hostId')).toContainText('Pick the server');
    const pickHost = async (host: string) => {
      // The second pick types over the first: the picker must keep the new text.
      await dialog.getByTestId('device-picker').fill(host);
      await page.getByTestId('device-picker-item').filter({ hasText: new RegExp(`^${host}`) }).first().click();
      await expect(dialog.getByTestId('device-picker')).toHaveValue(host);
    };
    await pickHost('fra2-a01-tor');
    await dialog.getByTestId('add-submit').click();
    await expect(dialog.getByTestId('field-error-hostId')).toContainText('the chosen host is not one');
    await pickHost(name);
    await dialog.getByTestId('add-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(d.getByTestId('device-drawer-title')).toContainText(`${name}-vm1`);
    await expect(page.getByTestId('device-row')).toHaveCount(2);
    const host = (await (await page.request.get(`/trpc/inventory.list?input=${encodeURIComponent(JSON.stringify({ text: name }))}`)).json()) as { result: { data: { rows: Array<{ name: string; type: string; hostId: string | null; id: string }> } } };
    const rows = host.result.data.rows;
    expect(rows.find((r) => r.type === 'vm')!.hostId).toBe(rows.find((r) => r.type === 'server')!.id);
  });
});

test.describe('racks', () => {
  test('elevation draws a half-width pair side by side in one unit', async ({ page }, testInfo) => {
    await openApp(page);
    await page.getByTestId('nav-racks').click();
    await expect(page.getByTestId('rack-tree')).toBeVisible();
    const rack = page.locator('[data-testid="tree-rack"][data-rack-name="IAD1-A01"]');
    await rack.click();
    const elev = page.getByTestId('rack-elevation');
    await expect(elev).toHaveAttribute('data-rack-name', 'IAD1-A01');

    const front = page.getByTestId('elevation-front');
    const left = front.locator('[data-testid="rack-device"][data-u="20"][data-half="left"]');
    const right = front.locator('[data-testid="rack-device"][data-u="20"][data-half="right"]');
    await expect(left).toHaveCount(1);
    await expect(right).toHaveCount(1);
    const a = (await left.boundingBox())!;
    const b = (await right.boundingBox())!;
    // Same unit: same row and height; side by side: left ends where right begins.
    expect(Math.abs(a.y - b.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.height - b.height)).toBeLessThanOrEqual(1);
    expect(a.x + a.width).toBeLessThanOrEqual(b.x + 1);
    expect(a.width).toBeGreaterThan(40);
    // Each half is about half of a full-width device at another unit.
    const full = (await front.locator('[data-testid="rack-device"][data-half="full"]').first().boundingBox())!;
    expect(a.width + b.width).toBeLessThanOrEqual(full.width + 4);
    expect(a.width + b.width).toBeGreaterThan(full.width * 0.9);
    // A 1U device is one unit high, the unit numbers line up with the drawing.
    const u20 = front.locator('.noc-elev-unum', { hasText: /^20$/ }).first();
    const n = (await u20.boundingBox())!;
    expect(Math.abs(n.y + n.height / 2 - (a.y + a.height / 2))).toBeLessThanOrEqual(3);

    // Totals, the rear, the 0U PDU.
    await expect(page.getByTestId('total-used')).toHaveText(/\d+/);
    await expect(page.getByTestId('total-free')).toHaveText(/\d+/);
    const used = Number(await page.getByTestId('total-used').innerText());
    const free = Number(await page.getByTestId('total-free').innerText());
    expect(used + free).toBe(42);
    await expect(page.getByTestId('elevation-rear').locator('[data-testid="rack-device"][data-u="20"]')).toHaveCount(2);
    await expect(page.getByTestId('unplaced-device').first()).toContainText(/pdu/i);

    await shot(page, testInfo, 'rack-elevation');

    // Click a half opens its drawer.
    const leftName = (await left.getAttribute('data-device-name'))!;
    await left.click();
    await expect(drawer(page).getByTestId('device-drawer-title')).toContainText(leftName);
    await expect(drawer(page).getByTestId('detail-units')).toContainText('U20 L');
    await expect(left).toHaveClass(/noc-elev-selected/);
  });
});

test.describe('racks and filters', () => {
  test('filter by site and rack; the rack elevation counts the same devices and colours them by status', async ({ page }, testInfo) => {
    await openApp(page);
    const total = await inventoryTotal(page);
    const options = (select: Locator) => select.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })));

    // Site: every row is at that site.
    const site = (await options(page.getByTestId('filter-site'))).find((o) => o.label.startsWith('FRA2'))!;
    expect(site).toBeTruthy();
    await page.getByTestId('filter-site').selectOption(site.value);
    await expect.poll(async () => Number(await page.getByTestId('inventory-total').getAttribute('data-total'))).toBeLessThan(total);
    await expect(page.getByTestId('device-row-loading')).toHaveCount(0);
    const siteName = site.label.split(' · ')[1]!;
    const sites = await page.getByTestId('device-row').locator('.noc-cell-site').allInnerTexts();
    expect(sites.length).toBeGreaterThan(0);
    expect(new Set(sites)).toEqual(new Set([siteName]));

    // Rack (offered once a site is chosen): every row is in that rack.
    const rack = (await options(page.getByTestId('filter-rack'))).find((o) => o.label.startsWith('FRA2-A01 '))!;
    expect(rack).toBeTruthy();
    await page.getByTestId('filter-rack').selectOption(rack.value);
    await expect(page.getByTestId('filter-rack')).toHaveValue(rack.value);
    await expect.poll(async () => new Set(await page.getByTestId('device-row').locator('.noc-cell-rack').allInnerTexts())).toEqual(new Set(['FRA2-A01']));
    await expect(page.getByTestId('device-row-loading')).toHaveCount(0);
    const inRack = await inventoryTotal(page);
    expect(inRack).toBeGreaterThan(1);
    await shot(page, testInfo, 'inventory-rack-filter');

    // The same rack's elevation: as many devices, each coloured as its status in the legend.
    await page.getByTestId('nav-racks').click();
    await page.locator('[data-testid="tree-rack"][data-rack-name="FRA2-A01"]').click();
    await expect(page.getByTestId('rack-elevation')).toHaveAttribute('data-rack-name', 'FRA2-A01');
    await expect(page.getByTestId('total-devices')).toHaveText(String(inRack));
    const blocks = await page.locator('[data-testid="rack-device"][data-through="false"]').evaluateAll((els) =>
      els.map((el) => ({ status: el.getAttribute('data-status') ?? '', colour: getComputedStyle(el).backgroundColor })));
    const legend = await page.locator('.noc-legend .noc-swatch[class*="noc-elev-"]').evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [/noc-elev-(\w+)/.exec(el.className)![1]!, getComputedStyle(el).backgroundColor])));
    const statuses = new Set(blocks.map((b) => b.status));
    expect(statuses.size).toBeGreaterThan(1);
    for (const b of blocks) expect(b.colour, b.status).toBe(legend[b.status]);
    expect(new Set([...statuses].map((st) => legend[st])).size).toBe(statuses.size);
  });
});

test.describe('search', () => {
  test('Ctrl+K finds a device and opens its drawer; a rack opens its elevation', async ({ page }, testInfo) => {
    await openApp(page);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search' });
    await expect(dialog).toBeVisible();
    const input = dialog.getByTestId('search-input');
    await expect(input).toBeFocused();
    await page.keyboard.type('iad1-b04-s0');
    const results = page.getByTestId('search-results');
    await expect(results).toHaveAttribute('data-query', 'iad1-b04-s0');
    await expect(results).toHaveAttribute('data-busy', 'false');
    const hits = page.getByTestId('search-hit');
    const titles = await hits.locator('.noc-search-title').allInnerTexts();
    // A server further down the list, so the keyboard has to move to it.
    const index = titles.findLastIndex((t) => /^iad1-b04-s0\d$/.test(t));
    expect(index).toBeGreaterThan(0);
    const target = titles[index]!;
    await shot(page, testInfo, 'search');
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
    await expect(hits.nth(index)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(drawer(page).getByTestId('device-drawer-title')).toContainText(target);

    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+k');
    await page.keyboard.type('IAD1-B04');
    await expect(results).toHaveAttribute('data-busy', 'false');
    const rackHit = hits.and(page.locator('[data-kind="rack"]'));
    await expect(rackHit).toHaveCount(1);
    const rackIndex = Number(await rackHit.getAttribute('data-index'));
    for (let i = 0; i < rackIndex; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rack-elevation')).toHaveAttribute('data-rack-name', 'IAD1-B04');
  });
});

test.describe('shell', () => {
  test('every area is in the navigation and opens its view; status bar shows user, demo, outbox', async ({ page }, testInfo) => {
    await openApp(page);
    for (const area of ['wall', 'ipam', 'staging', 'tickets', 'customers']) {
      await expect(page.getByTestId(`nav-${area}`)).not.toHaveAttribute('aria-disabled', 'true');
    }
    await page.getByTestId('nav-ipam').click();
    await expect(page.getByTestId('ipam-view')).toBeVisible();
    await expect(page.getByTestId('nav-ipam')).toHaveAttribute('aria-current', 'page');
    await page.getByTestId('nav-inventory').click();
    await expect(page.getByTestId('inventory-view')).toBeVisible();

    await expect(page.getByTestId('connection-state')).toContainText('Online');
    await expect(page.getByTestId('status-user')).toContainText('Administrator');
    await expect(page.getByTestId('demo-badge')).toBeVisible();
    await expect(page.getByTestId('outbox-pending')).toContainText(/Outbox \d/);
    await shot(page, testInfo, 'shell');
  });

  test('light theme toggle is remembered', async ({ page }, testInfo) => {
    await openApp(page);
    await expect(page.locator('body')).toHaveClass(/bp6-dark/);
    await page.getByTestId('settings-button').click();
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('body')).not.toHaveClass(/bp6-dark/);
    await page.reload();
    await expect(page.getByTestId('device-row').first()).toBeVisible();
    await expect(page.locator('body')).not.toHaveClass(/bp6-dark/);
    await shot(page, testInfo, 'inventory-light');
    await page.getByTestId('settings-button').click();
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('body')).toHaveClass(/bp6-dark/);
  });
});
