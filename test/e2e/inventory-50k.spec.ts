// 50,000 devices (issue 2, part 5): the table scrolls from top to bottom with only the
// rows on screen in the DOM, fetching pages of at most 100 rows by offset, never the
// whole table. Own host on port 4805 with a store made here through the core.
import { expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deviceInput } from '../../shared/schemas/inventory';
import { DEVICE_STATUS_VALUES } from '../../shared/choices';
import { createCore } from '../../src-main/core/create-core';
import { test } from './helpers';

const ROOT = resolve(import.meta.dirname, '..', '..');
const PORT = 4805;
const URL = `http://127.0.0.1:${PORT}`;
const N = 50_000;

let data = '';
let host: ChildProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  data = mkdtempSync(join(tmpdir(), 'aedify-noc-e2e-50k-'));
  const core = createCore({ dataDir: data });
  const ctx = { actor: { id: 'e2e', name: 'e2e-bulk', role: 'admin' as const } };
  core.services.store.write(() => {
    for (let i = 0; i < N; i++) {
      core.services.inventory.create(ctx, deviceInput.parse({
        name: `bulk-${String(i).padStart(5, '0')}`, type: 'server', status: DEVICE_STATUS_VALUES[i % DEVICE_STATUS_VALUES.length], serial: `BK${i}`,
      }));
    }
  });
  core.close();
  host = spawn(process.execPath, ['bin/noc.mjs', 'serve', '--port', String(PORT), '--data', data], { cwd: ROOT, stdio: 'ignore' });
  await expect.poll(async () => {
    try {
      return (await fetch(`${URL}/healthz`)).ok;
    } catch (_err) {
      return false;
    }
  }, { timeout: 30_000 }).toBe(true);
});

test.afterAll(async () => {
  if (host && host.exitCode === null) {
    const exited = new Promise((r) => host!.once('exit', r));
    host.kill('SIGTERM');
    await exited;
  }
  if (data) rmSync(data, { recursive: true, force: true });
});

test('50,000 devices scroll with only the visible rows rendered and fetched by page', async ({ page }) => {
  const limits: number[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => {
    const text = typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8');
    for (const msg of [JSON.parse(text) as unknown].flat()) {
      const m = msg as { params?: { path?: string; input?: { limit?: number } } };
      if (m.params?.path === 'inventory.list') limits.push(m.params.input?.limit ?? Number.POSITIVE_INFINITY);
    }
  }));
  await page.goto(URL);
  await expect(page.getByTestId('inventory-total')).toHaveAttribute('data-total', String(N));
  const table = page.getByTestId('inventory-table');
  // The virtualiser renders its first rows one frame after the total arrives.
  await expect(page.getByTestId('device-row').first()).toBeVisible();

  const onScreen = async () => {
    const names = await page.getByTestId('device-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
    const loading = await page.getByTestId('device-row-loading').count();
    const indexes = names.map((n) => Number(n.replace('bulk-', '')));
    return { rows: names.length, loading, min: Math.min(...indexes), max: Math.max(...indexes) };
  };
  for (const [fraction, near] of [[0.5, 25_000], [0.9, 45_000], [1, N - 1]] as const) {
    await table.evaluate((el, f) => el.scrollTo({ top: (el.scrollHeight - el.clientHeight) * f }), fraction);
    // Settled: the page at this position has arrived and is the only thing rendered.
    await expect.poll(async () => {
      const s = await onScreen();
      return s.loading === 0 && s.rows > 10 && s.rows < 100 && s.min > near - 100 && s.max <= Math.min(N - 1, near + 100);
    }, { message: `rows near ${near} are rendered, ${N} are not` }).toBe(true);
  }
  await expect(page.locator(`[data-name="bulk-${N - 1}"]`)).toBeVisible();

  expect(limits.length).toBeGreaterThan(0);
  expect(Math.max(...limits)).toBeLessThanOrEqual(100);
  expect(limits.reduce((a, b) => a + b, 0)).toBeLessThan(2_000); // a few pages, not 50,000 rows
});
