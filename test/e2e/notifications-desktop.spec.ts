// Desktop notifications where the host supports them: with the permission granted, a new
// message in the staff message center (here: an alarm on a rented server) pops up as a
// system notification through the page's real Notification API. The init script only
// records each `new Notification(...)` and passes it on to the browser's own constructor.
import { expect, type Page } from '@playwright/test';
import { openApp, test } from './helpers';

async function call(page: Page, method: 'get' | 'post', path: string, input: unknown): Promise<unknown> {
  const res = method === 'post'
    ? await page.request.post(`/trpc/${path}`, { data: input })
    : await page.request.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
  expect(res.ok(), `${path}: ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: unknown } }).result.data;
}

test('a new staff message pops up as a desktop notification', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['notifications'], { origin: baseURL! });
  await page.addInitScript(() => {
    const Real = window.Notification;
    const shown: Array<{ title: string; body: string }> = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    window.Notification = Recorded as typeof Notification;
  });
  await openApp(page);
  expect(await page.evaluate(() => Notification.permission)).toBe('granted');

  // An alarm on a rented demo server: the staff message center is told which customer is hit.
  const rentals = (await call(page, 'get', 'rentals.list', { status: 'active', limit: 1 })) as { rows: Array<{ deviceId: string; deviceName: string; customerName: string }> };
  const r = rentals.rows[0]!;
  const label = `${r.deviceName} fan 3 (desktop e2e)`;
  await call(page, 'post', 'alarms.raise', { key: `e2e:desktop:${r.deviceId}`, deviceId: r.deviceId, label, state: 'CRITICAL', message: 'fan stopped', source: 'e2e' });
  await expect.poll(() => page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string }> }).shownNotifications.map((n) => n.title)))
    .toContain(`${r.customerName}'s server ${r.deviceName}: CRITICAL: ${label}`);
  await call(page, 'post', 'alarms.raise', { key: `e2e:desktop:${r.deviceId}`, deviceId: r.deviceId, label, state: 'OK', message: 'fan replaced', source: 'e2e' });
});
