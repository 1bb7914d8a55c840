// IPAM in Chromium on the demo lab: open the tree (timing its first paint and expansions),
// drill into a /24 map, assign a free address to a server for a customer — the second one
// needs a justification — and find both in the printable ARIN report.
import { expect, type Page } from '@playwright/test';
import { openApp, shot, test } from './helpers';

/** Clicks in the page and waits (in the page, frame by frame) until `selector` exists: ms. */
async function timeUntil(page: Page, click: string, selector: string): Promise<number> {
  return page.evaluate(async ([c, s]) => {
    const t0 = performance.now();
    (document.querySelector(c) as HTMLElement).click();
    for (let i = 0; i < 600; i++) { // bounded: 10 s of frames
      if (document.querySelector(s)) return performance.now() - t0;
      await new Promise((r) => requestAnimationFrame(r));
    }
    throw new Error(`${s} did not appear`);
  }, [click, selector] as const);
}

const node = (prefix: string) => `[data-testid="ipam-node"][data-prefix="${prefix}"]`;

async function assignFreeCell(page: Page, server: string, customer: string, justification: string): Promise<string> {
  const cell = page.locator('[data-testid="ipam-cell"][data-status="free"]').first();
  const address = (await cell.getAttribute('data-address'))!;
  await cell.click();
  const drawer = page.locator('.noc-ipam-drawer');
  await expect(drawer.getByTestId('address-drawer-title')).toHaveText(address);
  await expect(drawer.getByTestId('address-facts')).toHaveAttribute('data-status', 'free');
  await drawer.getByTestId('device-picker').fill(server);
  await page.getByTestId('device-picker-item').filter({ hasText: server }).first().click();
  await drawer.getByTestId('assign-interface').fill('eno2');
  await drawer.getByTestId('assign-customer').fill(customer);
  await drawer.getByTestId('assign-justification').fill(justification);
  await drawer.getByTestId('assign-submit').click();
  return address;
}

test('the IP tree, a /24 map, an assignment with its justification, and the ARIN report', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openApp(page);

  const firstPaint = await timeUntil(page, '[data-testid="nav-ipam"]', node('203.0.112.0/22'));
  await expect(page.getByTestId('ipam-view')).toBeVisible();
  await expect(page.locator(node('10.0.0.0/8'))).toBeVisible();
  await expect(page.locator(node('2001:db8:100::/48'))).toBeVisible();
  // each expansion fetches one level (lazily) and paints it
  const expansions: number[] = [];
  for (const [parent, child] of [
    ['203.0.112.0/22', '203.0.113.0/24'], ['10.0.0.0/8', '10.100.0.0/16'], ['10.100.0.0/16', '10.100.12.0/24'], ['10.0.0.0/16', '10.0.12.0/24'],
    ['10.101.0.0/16', '10.101.16.0/24'], ['172.16.0.0/16', '172.16.100.0/24'], ['2001:db8:100::/48', '2001:db8:100::/56'], ['2001:db8:100::/56', '2001:db8:100:16::/64'],
  ] as const) {
    expansions.push(await timeUntil(page, `${node(parent)} [data-testid="ipam-node-toggle"]`, node(child)));
  }
  // utilisation bars are there, and the public /24 shows some use
  await expect(page.locator(`${node('203.0.113.0/24')} [data-testid="ipam-usage"]`)).not.toHaveAttribute('data-percent', '0');
  await shot(page, testInfo, 'ipam-tree');

  // drill into the /24: 256 cells coloured by status
  await page.locator(node('203.0.113.0/24')).click();
  const map = page.getByTestId('ipam-map');
  await expect(map).toHaveAttribute('data-start', '203.0.113.0');
  await expect(map.getByTestId('ipam-cell')).toHaveCount(256);
  await expect(map.locator('[data-address="203.0.113.0"]')).toHaveAttribute('data-status', 'network');
  await expect(map.locator('[data-address="203.0.113.1"]')).toHaveAttribute('data-status', 'gateway');
  await expect(map.locator('[data-status="used"]').first()).toBeVisible();
  await shot(page, testInfo, 'ipam-map');

  // an address to a server for a new customer: the first needs no justification…
  const server = 'iad1-a01-s02';
  const first = await assignFreeCell(page, server, 'Acme Corp', '');
  const drawer = page.locator('.noc-ipam-drawer');
  await expect(drawer.getByTestId('address-facts')).toHaveAttribute('data-status', 'used');
  await expect(drawer.getByTestId('address-holder')).toContainText(server);
  await expect(map.locator(`[data-address="${first}"]`)).toHaveAttribute('data-status', 'used');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  // …the second one does: refused at the field, then accepted with a reason
  const second = await assignFreeCell(page, server, 'Acme Corp', '');
  await expect(drawer.getByTestId('field-error-justification')).toContainText('already holds addresses: say why they need more');
  await drawer.getByTestId('assign-justification').fill('Second public IP for the customer’s mail server (SSL)');
  await drawer.getByTestId('assign-submit').click();
  await expect(drawer.getByTestId('address-justification')).toHaveText('Second public IP for the customer’s mail server (SSL)');
  await expect(drawer.getByTestId('address-history').locator('li')).toHaveCount(1);
  await shot(page, testInfo, 'ipam-address-drawer');
  await page.keyboard.press('Escape');

  // the ARIN report of the allocation lists both, with the justification
  await page.locator(node('203.0.112.0/22')).click();
  await page.getByTestId('ipam-report-this').click();
  const report = page.getByTestId('arin-page');
  await expect(report).toHaveAttribute('data-block', '203.0.112.0/22');
  const row = report.getByTestId('arin-assignments').locator(`[data-assignment="${second}"]`);
  await expect(row).toContainText('Acme Corp');
  await expect(row).toContainText(server);
  await expect(row).toContainText('Second public IP for the customer’s mail server (SSL)');
  await expect(report.getByTestId('arin-assignments').locator(`[data-assignment="${first}"]`)).toBeVisible();
  await expect(report.getByTestId('arin-swip').getByTestId('arin-row').first()).toBeVisible();
  // printable: the app around the report is hidden on paper
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('app-shell').locator('.noc-nav')).toBeHidden();
  await expect(page.locator('.noc-ipam-toolbar')).toBeHidden();
  await expect(report).toBeVisible();
  await shot(page, testInfo, 'ipam-arin-print');
  await page.emulateMedia({ media: 'screen' });

  const sorted = [...expansions].sort((a, b) => a - b);
  const figures = { firstPaintMs: Math.round(firstPaint), expansions: expansions.length, expandMedianMs: Math.round(sorted[Math.floor(sorted.length / 2)]!), expandMaxMs: Math.round(sorted[sorted.length - 1]!) };
  testInfo.annotations.push({ type: 'timing', description: JSON.stringify(figures) });
  console.log(`IPAM tree timings in Chromium: ${JSON.stringify(figures)}`);
  expect(firstPaint).toBeLessThan(1000); // budget 100 ms; generous here for a loaded CI machine
  expect(Math.max(...expansions)).toBeLessThan(1000);
});

test('Ctrl+K finds an address and opens it in IPAM', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Control+k');
  await page.getByTestId('search-input').fill('gw.iad1');
  const hit = page.locator('[data-testid="search-hit"][data-kind="ip-address"]').first();
  await expect(hit).toContainText('203.0.113.1');
  await hit.click();
  await expect(page.getByTestId('ipam-view')).toBeVisible();
  await expect(page.getByTestId('address-drawer-title')).toHaveText('203.0.113.1');
  await expect(page.getByTestId('address-facts')).toHaveAttribute('data-status', 'gateway');
  await expect(page.getByTestId('ipam-map')).toHaveAttribute('data-start', '203.0.113.0');
});
