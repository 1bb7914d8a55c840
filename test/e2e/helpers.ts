// Helpers of the end-to-end tests: open the app, save a screenshot of a view.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const SCREENS_DIR = join('test-results', 'screens');

/** Saves a screenshot as test-results/screens/<name>.png and attaches it to the report. */
export async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Opens the app and waits until the inventory has its first page. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online');
  await expect(page.getByTestId('device-row').first()).toBeVisible();
}

/** The inventory's total as a number, once it has one. */
export async function inventoryTotal(page: Page): Promise<number> {
  const total = page.getByTestId('inventory-total');
  await expect(total).toHaveAttribute('data-total', /\d+/);
  return Number(await total.getAttribute('data-total'));
}

/** Waits until the table shows `n` rows matching the filters (and no placeholder). */
export async function waitForTotal(page: Page, n: number): Promise<void> {
  await expect(page.getByTestId('inventory-total')).toHaveAttribute('data-total', String(n));
  await expect(page.getByTestId('device-row-loading')).toHaveCount(0);
}

/**
 * The Playwright `test` with a page that fails the test on any uncaught error or console
 * error (a CSP violation, a React warning turned error, a failed request), except the
 * messages a test says it expects with `test.use({ allowedConsole: [...] })`.
 */
export const test = base.extend<{ allowedConsole: RegExp[] }>({
  allowedConsole: [[], { option: true }],
  page: async ({ page, allowedConsole }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !allowedConsole.some((re) => re.test(m.text()))) errors.push(`console: ${m.text()}`);
    });
    await use(page);
    expect(errors, 'errors in the page').toEqual([]);
  },
});

/** The repository's root, where `bin/noc.mjs` is. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Starts `noc serve` with these arguments (port, data dir, …) as a spec's own host. */
export function startHost(args: string[]): ChildProcess {
  return spawn(process.execPath, ['bin/noc.mjs', 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Waits until the host at `url` answers /healthz. */
export async function waitHealthy(url: string, timeout = 60_000): Promise<void> {
  await expect.poll(async () => {
    try {
      return (await fetch(`${url}/healthz`)).ok;
    } catch (_err) {
      return false;
    }
  }, { timeout }).toBe(true);
}

/** Stops a host (SIGTERM, SIGKILL after 5 s) and waits until it has exited. */
export async function stopHost(host: ChildProcess | null): Promise<void> {
  if (!host || host.exitCode !== null || host.signalCode !== null) return;
  const exited = new Promise((r) => host.once('exit', r));
  host.kill('SIGTERM');
  const timer = setTimeout(() => host.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
