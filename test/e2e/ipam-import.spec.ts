// A big NetBox import through the dialog, by a person's clicks (issue 5): a 40,000-row
// file of more than 2 MB (more than a WebSocket message may carry) is chosen, sent in
// chunks, dry-run, then imported; the progress bar rises through intermediate values
// WHILE the rows are written (the host's event loop is free: the import runs in a worker
// thread), and the rows are there afterwards. Runs its own host (port 4781, a fresh store).
import { expect } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, stopHost, test, waitHealthy } from './helpers';

const PORT = 4781;
const URL = `http://127.0.0.1:${PORT}`;
const ROWS = 40_000;

function netboxAddresses(n: number): string {
  const lines = ['address,vrf,tenant,status,role,device,interface,dns_name,description'];
  for (let i = 1; i <= n; i++) {
    lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/8,,,active,,,,host-${i}.imported.example,"imported by the e2e test, row ${i}"`);
  }
  return `${lines.join('\n')}\n`;
}

interface Sample { phase: string; value: number | null }

test('a 40,000-row NetBox file imported through the dialog, with a progress bar that moves while it writes', async ({ page }) => {
  test.setTimeout(300_000);
  const data = mkdtempSync(join(tmpdir(), 'aedify-noc-e2e-import-'));
  const file = join(data, 'netbox-ip-addresses.csv');
  const csv = netboxAddresses(ROWS);
  expect(csv.length).toBeGreaterThan(2 * 1024 * 1024);
  writeFileSync(file, csv);
  const host = startHost(['--port', String(PORT), '--data', join(data, 'store'), '--no-monitoring']);
  try {
    await waitHealthy(URL, 60_000);
    await page.goto(URL);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online');
    await page.getByRole('button', { name: 'Start with an empty store' }).click();
    // the block the addresses live in (NetBox's addresses need their prefix first)
    const res = await page.request.post(`${URL}/trpc/ipam.createPrefix`, { data: { prefix: '10.0.0.0/8', status: 'container' } });
    expect(res.ok()).toBe(true);

    await page.getByTestId('nav-ipam').click();
    await expect(page.getByTestId('ipam-view')).toBeVisible();
    await page.getByRole('button', { name: 'Import / export' }).click();
    await page.getByTestId('ipam-import').click();
    const dialog = page.getByRole('dialog', { name: 'Import CSV' });
    await dialog.getByRole('combobox').selectOption('netbox-ip-addresses');
    // a bad line is named with its line and column, and nothing is written
    await dialog.getByTestId('import-text').fill('address,status\n10.9.0.1/8,active\n10.9.0.2/8,alive\n');
    await dialog.getByTestId('import-dry-run').click();
    await expect(dialog.getByTestId('import-error')).toHaveText('Line 3, column status: "alive" is not a NetBox IP status (active, reserved, deprecated, dhcp, slaac). Nothing was imported.');
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await expect(dialog.getByTestId('import-file-summary')).toContainText(`netbox-ip-addresses.csv: ${(csv.length / 1e6).toFixed(1)} MB, 40,000 rows`);

    // dry run: the file goes up in chunks, then every row is checked; nothing is written yet
    await dialog.getByTestId('import-dry-run').click();
    const report = dialog.getByTestId('import-report');
    await expect(report).toContainText('Dry run — nothing changed yet: 40,000 to create, 0 to update, 0 unchanged (40,000 rows).', { timeout: 120_000 });

    // the import: sample the bar on every frame until the dialog is gone
    await page.evaluate(() => {
      const w = window as unknown as { importSamples: Sample[] };
      w.importSamples = [];
      const started = performance.now();
      const sample = () => {
        const bar = document.querySelector('[data-testid="import-progress"]');
        const phase = document.querySelector('[data-testid="import-phase"]')?.textContent ?? '';
        if (bar) {
          const now = bar.getAttribute('aria-valuenow');
          w.importSamples.push({ phase, value: now === null ? null : Number(now) });
        }
        // bounded: at most 4 minutes of frames
        if (document.querySelector('.noc-ipam-import') && performance.now() - started < 240_000) requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    await dialog.getByTestId('import-apply').click();
    await expect(dialog).toHaveCount(0, { timeout: 180_000 });
    await expect(page.getByText('Imported: 40,000 created, 0 updated, 0 unchanged.')).toBeVisible();

    const samples = await page.evaluate(() => (window as unknown as { importSamples: Sample[] }).importSamples);
    const writing = samples.filter((s) => s.phase.startsWith('Written ') && s.value !== null);
    const values = [...new Set(writing.map((s) => s.value!))];
    // the bar moved through several values strictly between empty and full while rows were written …
    expect(values.filter((v) => v > 0 && v < 100).length).toBeGreaterThanOrEqual(5);
    // … only ever forwards
    expect(values).toEqual([...values].sort((a, b) => a - b));
    // and the phase text counted the rows as they went
    expect(writing.some((s) => /^Written \d{1,3}(,\d{3})* of 40,000 rows$/.test(s.phase))).toBe(true);

    // the rows are there: in the core, and found by the view's search
    const find = await page.request.get(`${URL}/trpc/ipam.find?input=${encodeURIComponent(JSON.stringify({ address: '10.0.156.64' }))}`);
    const found = (await find.json()) as { result: { data: { status: string; record: { dnsName: string } | null } } };
    expect(found.result.data.record).toMatchObject({ dnsName: 'host-40000.imported.example' });
    await page.getByTestId('ipam-search').fill('host-40000.imported.example');
    await page.getByTestId('ipam-search').press('Enter');
    await expect(page.getByTestId('ipam-search-address').first()).toContainText('10.0.156.64');
  } finally {
    await stopHost(host);
    rmSync(data, { recursive: true, force: true });
  }
});
