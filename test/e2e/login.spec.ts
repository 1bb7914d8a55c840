// The login page. The test host listens on loopback, where no login is needed, so the
// session answer is replaced here to play a host reached from beyond loopback; the
// page itself, its form and its handling of a refusal are the real ones.
import { expect } from '@playwright/test';
import { shot, test } from './helpers';

// The refused login answers 401, which Chromium logs as a failed resource.
test.use({ allowedConsole: [/status of 401/] });

test('login page: asks for name and password, shows a refusal', async ({ page }, testInfo) => {
  await page.route('**/api/session', (route) => route.fulfill({ json: { actor: null, loginRequired: true } }));
  const logins: unknown[] = [];
  await page.route('**/api/login', async (route) => {
    logins.push(route.request().postDataJSON());
    await route.fulfill({ status: 401, json: { error: 'Wrong name or password.' } });
  });
  await page.goto('/');
  await expect(page.getByTestId('login-page')).toBeVisible();
  await expect(page.getByTestId('app-shell')).toHaveCount(0);

  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('Enter your name');
  expect(logins).toHaveLength(0);

  await page.getByTestId('login-name').fill('alice');
  await page.getByTestId('login-password').fill('not-her-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('Wrong name or password.');
  expect(logins).toEqual([{ name: 'alice', password: 'not-her-password' }]);
  await shot(page, testInfo, 'login');

  // A wall display logs in with a token instead.
  await page.getByText('Display token').click();
  await page.getByTestId('login-token').fill('s3cret');
  await page.getByTestId('login-submit').click();
  await expect.poll(() => logins.length).toBe(2);
  expect(logins[1]).toEqual({ token: 's3cret' });
});
