// An unreachable SMTP server, as staff see it in Chromium: the mail waits in the visible
// queue (Retrying, with the connection error), nothing is dropped, and once a real SMTP
// server (smtp-server, started here on loopback) answers, "Retry now" delivers it.
// Runs its own host (port 4832) on an empty store, so the shared demo store keeps no
// SMTP settings of this test.
import { expect } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtp, unusedSmtpPort, type SmtpPeer } from '../peers/smtp';
import { startHost, stopHost, test, waitHealthy } from './helpers';

const PORT = 4832;
const URL = `http://127.0.0.1:${PORT}`;
let data = '';
let host: ChildProcess | null = null;
let smtp: SmtpPeer | null = null;

test.use({ baseURL: URL });

test.beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'noc-e2e-mail-'));
  host = startHost(['--port', String(PORT), '--data', data]);
  await waitHealthy(URL);
});

test.afterAll(async () => {
  await stopHost(host);
  await smtp?.stop();
  rmSync(data, { recursive: true, force: true });
});

test('mail to an unreachable SMTP server stays queued and visible, and goes out on retry', async ({ page }) => {
  const port = await unusedSmtpPort();
  await page.goto('/');
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await page.getByRole('button', { name: 'Start with an empty store' }).click();
  await page.getByTestId('nav-messages').click();
  await page.getByRole('tab', { name: 'Mail queue' }).click();

  // Point the app at a loopback port where nothing listens.
  await page.getByTestId('mail-settings-edit').click();
  await page.getByTestId('mail-host').fill('127.0.0.1');
  await page.getByTestId('mail-port').fill(String(port));
  await page.getByTestId('mail-from').fill('noc@dc.example');
  await page.getByTestId('mail-staff').fill('billing@dc.example');
  await page.getByTestId('mail-save').click();
  await expect(page.getByText(`SMTP 127.0.0.1:${port} as noc@dc.example`)).toBeVisible();

  // A mail to staff: this month's overage report.
  await page.getByRole('tab', { name: 'Overage report' }).click();
  await page.getByTestId('overage-email').click();
  await expect(page.locator('.bp6-toast').filter({ hasText: 'The report is queued for the staff mailboxes.' })).toBeVisible();

  // The queue shows it waiting, with why.
  await page.getByRole('tab', { name: 'Mail queue' }).click();
  const row = page.getByTestId('mail-row').filter({ hasText: 'Overage report' });
  await expect.poll(async () => {
    await page.getByTestId('mail-refresh').click();
    return row.getAttribute('data-status');
  }, { timeout: 20_000 }).toBe('retrying');
  await expect(row).toContainText('billing@dc.example');
  await expect(row).toContainText(/ECONNREFUSED|connect/i);

  // The server comes up; "Retry now" sends it.
  smtp = await startSmtp({ port });
  await row.getByTestId('mail-retry').click();
  const [mail] = await smtp.waitFor(1, 20_000);
  expect(mail!.to).toEqual(['billing@dc.example']);
  expect(mail!.subject).toMatch(/^Overage report \d{4}-\d{2}: 0 customers over commit$/);
  await expect.poll(async () => {
    await page.getByTestId('mail-refresh').click();
    return row.getAttribute('data-status');
  }, { timeout: 20_000 }).toBe('sent');
});
