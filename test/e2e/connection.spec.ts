// The status bar's connection state follows the server: online, reconnecting while it
// is gone, online again when it is back — and live updates resume. Runs its own host
// (port 4804, a fresh store) so it can stop and restart it.
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost as serve, stopHost, waitHealthy as waitFor } from './helpers';

const PORT = 4804;
const URL = `http://127.0.0.1:${PORT}`;
const startHost = (data: string) => serve(['--port', String(PORT), '--data', data, '--trap-port', 'off']);
const waitHealthy = () => waitFor(URL, 30_000);

test('connection state: online → reconnecting → online, and live updates resume', async ({ page }) => {
  test.setTimeout(90_000);
  const data = mkdtempSync(join(tmpdir(), 'aedify-noc-e2e-conn-'));
  let host = startHost(data);
  try {
    await waitHealthy();
    await page.goto(URL);
    const state = page.getByTestId('connection-state');
    await expect(state).toHaveAttribute('data-state', 'online');
    await page.getByRole('button', { name: 'Start with an empty store' }).click();
    await expect(page.getByTestId('inventory-total')).toHaveAttribute('data-total', '0');

    await stopHost(host);
    await expect(state).toHaveAttribute('data-state', 'reconnecting', { timeout: 15_000 });
    await expect(state).toContainText('Reconnecting');

    host = startHost(data);
    await waitHealthy();
    await expect(state).toHaveAttribute('data-state', 'online', { timeout: 20_000 });

    // A write by someone else (here: the API directly) shows up without a reload.
    const res = await page.request.post(`${URL}/trpc/racks.createSite`, { data: { name: 'Chicago DC3', code: 'ORD3' } });
    expect(res.ok()).toBe(true);
    await page.getByTestId('nav-racks').click();
    await expect(page.getByTestId('tree-site')).toContainText('Chicago DC3');
    const site = (await res.json()) as { result: { data: { id: string } } };
    const room = await page.request.post(`${URL}/trpc/racks.createRoom`, { data: { siteId: site.result.data.id, name: 'Hall 1' } });
    const rack = await page.request.post(`${URL}/trpc/racks.createRack`, { data: { roomId: ((await room.json()) as { result: { data: { id: string } } }).result.data.id, name: 'ORD3-01' } });
    expect(rack.ok()).toBe(true);
    await expect(page.locator('[data-testid="tree-rack"][data-rack-name="ORD3-01"]')).toBeVisible();
  } finally {
    await stopHost(host);
    rmSync(data, { recursive: true, force: true });
  }
});
