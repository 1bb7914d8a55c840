// Announcements to chosen customers, as a person sends one from Messages.
import { expect } from '@playwright/test';
import { openApp, shot, test } from './helpers';

test('an announcement goes to the chosen customers only', async ({ page }, testInfo) => {
  await openApp(page);
  await page.getByTestId('nav-messages').click();
  await page.getByRole('tab', { name: 'Announcements' }).click();
  await page.getByRole('textbox').first().fill('Maintenance in Hall A');
  await page.locator('textarea').first().fill('Power work on PDU feed B, Saturday 02:00–04:00 UTC.');
  await page.getByText('Chosen customers', { exact: true }).click();
  // Nobody chosen yet: refused, with the reason next to the customer field.
  await page.getByRole('button', { name: 'Send announcement' }).click();
  await expect(page.getByTestId('announce-customers').locator('..').locator('..')).toContainText('Choose at least one customer');
  await page.getByTestId('announce-customer-search').fill('Northwind');
  await page.getByTestId('announce-customer-hit').filter({ hasText: 'Northwind Streaming' }).click();
  await expect(page.getByTestId('announce-customers')).toContainText('Northwind Streaming');
  await shot(page, testInfo, 'announce-chosen');
  await page.getByRole('button', { name: 'Send announcement' }).click();
  await expect(page.getByText('Sent to 1 customers')).toBeVisible();
  await expect(page.locator('.noc-msg').filter({ hasText: 'Maintenance in Hall A' })).toContainText('1 recipients');
});
