// The customer portal in Chromium: a customer logs in through the login page of a host that
// requires a login and sees their own account — servers with specs, rental history, tickets
// (open one, reply, open a new one), messages, billing — and nothing of the other customer's
// nor the staff screens; a status change by staff reaches the open portal with what it means;
// then staff log in in a fresh browser context and find the customer's reply.
// Runs its own host (port 4835) on a store set up here: two customers, their rentals and
// tickets, and logins made with `noc user add` as an administrator would.
import { expect, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contactInput, customerInput } from '../../shared/schemas/customers';
import { deviceInput } from '../../shared/schemas/inventory';
import { announcementInput } from '../../shared/schemas/notifications';
import { rentalStartInput } from '../../shared/schemas/rentals';
import { ticketInput } from '../../shared/schemas/tickets';
import type { Actor } from '../../shared/types';
import { createCore, type Core } from '../../src-main/core/create-core';
import { startServer, type RunningServer } from '../../src-main/hosts/server/server';
import { ROOT, shot, test, waitHealthy } from './helpers';

const RENDERER = process.env.NOC_RENDERER_DIR ?? join(ROOT, 'dist', 'renderer');
const PORT = 4835;
const URL = `http://127.0.0.1:${PORT}`;
// The host asks for a login only when it listens beyond loopback. The IPv4-mapped form of
// 127.0.0.1 is, to that rule, not a loopback name, while the socket still accepts only
// loopback connections: a login is required and nothing leaves 127.0.0.0/8.
const HOST = '::ffff:127.0.0.1';
const PASSWORD = 'portal-secret-1';

let data = '';
let core: Core | null = null;
let server: RunningServer | null = null;
let blueId = '';

// Logged out, the login page's WebSocket (opened when the page loads) is refused until a
// login: that refusal is expected; nothing else may log an error.
test.use({ allowedConsole: [/trpc-ws' failed: HTTP Authentication failed/] });

function seed(dir: string): void {
  const core = createCore({ dataDir: dir });
  const staff: Actor = { id: 'seed', name: 'seed', role: 'admin' };
  const ctx = { actor: staff };
  try {
    const s = core.services;
    const server = (name: string, ip: string, cpu: string) => s.inventory.create(ctx, deviceInput.parse({
      name, type: 'server', status: 'available', primaryIp: ip, mgmtIp: '10.20.0.5', serial: `SER-${name}`, notes: `staff note on ${name}`, os: 'Debian 12',
      specs: { cpu, ramGb: 128, storage: '2× 960 GB NVMe', gpu: '', nics: [] },
    }));
    const blue = s.customers.create(ctx, customerInput.parse({ name: 'Blue Harbor', company: 'Blue Harbor Ltd', email: 'ops@blueharbor.example', billingAddress: { line1: '1 Quay Street', line2: '', city: 'Portsmouth', postcode: 'PO1 1AA', region: '', country: 'UK' } }));
    const red = s.customers.create(ctx, customerInput.parse({ name: 'Red Quarry', email: 'ops@redquarry.example' }));
    blueId = blue.id;
    s.customers.addContact(ctx, contactInput.parse({ customerId: blue.id, name: 'Bea Billing', email: 'billing@blueharbor.example', roles: ['billing'] }));
    const rent = (input: Record<string, unknown>) => s.rentals.start(ctx, rentalStartInput.parse({ sendWelcome: false, ...input })).rental;
    const old = rent({ customerId: blue.id, deviceId: server('blue-old', '198.51.100.9', 'Xeon E-2236').id, startsAt: '2026-01-05', plan: 'Starter', monthlyPrice: 49, currency: 'EUR', committedMbps: 100 });
    s.rentals.end({ actor: staff, reason: 'Moved to a larger server' }, { id: old.id, path: 'available', reason: 'Moved to a larger server' });
    const blueSrv = server('blue-web-1', '198.51.100.10', 'AMD EPYC 7443P');
    rent({ customerId: blue.id, deviceId: blueSrv.id, plan: 'Dedicated L', monthlyPrice: 149, currency: 'EUR', committedMbps: 500, ips: ['198.51.100.11'] });
    rent({ customerId: red.id, deviceId: server('red-db-1', '198.51.100.20', 'Intel Xeon Gold 6338').id, plan: 'Red plan', monthlyPrice: 999, currency: 'USD', committedMbps: 1000 });
    const ticket = (customerId: string, subject: string, body: string) => s.tickets.create(ctx, ticketInput.parse({ queue: 'support', customerId, subject, body }));
    const blueT = ticket(blue.id, 'Backups failing on blue-web-1', 'The nightly backup stops at 40 %.');
    s.tickets.reply(ctx, { id: blueT.id, body: 'We are looking at the backup target now.', internal: false });
    s.tickets.reply(ctx, { id: blueT.id, body: 'INTERNAL: storage array degraded', internal: true });
    ticket(red.id, 'Red Quarry private matter', 'Only Red may read this.');
    s.notifications.announce(ctx, announcementInput.parse({ title: 'Maintenance for Blue on Sunday', body: 'Switch upgrade 02:00–03:00.', customerIds: [blue.id], email: false }));
    s.notifications.announce(ctx, announcementInput.parse({ title: 'Red-only announcement', body: 'For Red Quarry.', customerIds: [red.id], email: false }));
  } finally {
    core.close();
  }
}

function noc(args: string[]): void {
  const r = spawnSync(process.execPath, ['bin/noc.mjs', ...args, '--data', data], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NOC_PASSWORD: PASSWORD } });
  if (r.status !== 0) throw new Error(`noc ${args.join(' ')}: ${r.stderr}`);
}

async function logIn(page: Page, name: string): Promise<void> {
  await page.goto(URL);
  // A fresh context loads the whole bundle uncached: give a busy 2-core machine time.
  await expect(page.getByTestId('login-page')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('login-name').fill(name);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  data = mkdtempSync(join(tmpdir(), 'aedify-noc-e2e-portal-'));
  seed(data);
  noc(['user', 'add', 'blue', '--role', 'customer', '--customer', 'ops@blueharbor.example']);
  noc(['user', 'add', 'sam', '--role', 'admin']);
  // The host as `noc serve --host … --no-monitoring` runs it, in this process so that
  // NOC_RENDERER_DIR can point it at another renderer build.
  test.skip(!existsSync(join(RENDERER, 'index.html')), `no renderer build in ${RENDERER}: run npm run build:renderer`);
  core = createCore({ dataDir: data });
  server = await startServer(core, { host: HOST, port: PORT, rendererDir: RENDERER });
  await waitHealthy(URL);
});

test.afterAll(async () => {
  await server?.close();
  core?.close();
  if (data) rmSync(data, { recursive: true, force: true });
});

test('a customer sees only their own account in the portal; staff see the reply', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const health = (await (await fetch(`${URL}/healthz`)).json()) as { loginRequired: boolean };
  expect(health.loginRequired).toBe(true);

  await logIn(page, 'blue');
  const portal = page.getByTestId('customer-portal');
  await expect(portal).toBeVisible();
  await expect(page.getByTestId('portal-customer')).toHaveText('Blue Harbor');
  await expect(page.getByTestId('portal-status')).toHaveText('Active');
  // No staff shell: no navigation, no search, no status bar.
  await expect(page.getByTestId('app-shell')).toHaveCount(0);
  await expect(page.locator('[data-testid^="nav-"]')).toHaveCount(0);
  await expect(page.getByTestId('search-open')).toHaveCount(0);

  // Servers: the current rental with specs, addresses, since when and price; the past one.
  const rental = page.getByTestId('portal-rental');
  await expect(rental).toHaveCount(1);
  await expect(rental).toHaveAttribute('data-server', 'blue-web-1');
  await expect(rental.getByTestId('portal-rental-specs')).toHaveText('AMD EPYC 7443P · 128 GB RAM · 2× 960 GB NVMe');
  await expect(rental.getByTestId('portal-rental-ips')).toHaveText('198.51.100.10, 198.51.100.11');
  await expect(rental).toContainText('149.00 EUR');
  await expect(rental).toContainText('Dedicated L');
  await expect(rental).toContainText('500 Mbps');
  await expect(page.getByTestId('portal-past-rental')).toHaveCount(1);
  await expect(page.getByTestId('portal-past-rental')).toContainText('blue-old');
  await expect(page.getByTestId('portal-past-rental')).toContainText('Moved to a larger server');
  await shot(page, testInfo, 'portal-servers');

  // Tickets: only their own; the thread without the internal note; a reply.
  await page.getByTestId('portal-tab-tickets').click();
  await expect(page.getByTestId('portal-ticket-row')).toHaveCount(1);
  await page.getByTestId('portal-ticket-row').filter({ hasText: 'Backups failing on blue-web-1' }).click();
  const thread = page.getByTestId('portal-thread');
  await expect(thread).toContainText('The nightly backup stops at 40 %.');
  await expect(thread).toContainText('We are looking at the backup target now.');
  await expect(thread).not.toContainText('INTERNAL');
  await page.getByTestId('portal-reply-body').fill('Thanks — it failed again at 02:10 tonight.');
  await page.getByTestId('portal-reply-send').click();
  await expect(thread.getByTestId('portal-msg').last()).toContainText('Thanks — it failed again at 02:10 tonight.');
  await expect(page.getByTestId('portal-reply-body')).toHaveValue('');

  // A new ticket about one of their servers; a too-short subject is refused next to the field.
  await page.getByTestId('portal-ticket-new').click();
  await page.getByTestId('portal-new-server').selectOption({ label: 'blue-web-1' });
  await page.getByTestId('portal-new-subject').fill('Hi');
  await page.getByTestId('portal-new-body').fill('Please add a reverse DNS entry for 198.51.100.11.');
  await page.getByTestId('portal-new-send').click();
  await expect(page.getByTestId('field-error-subject')).toHaveText('A subject has at least 3 characters.');
  await page.getByTestId('portal-new-subject').fill('Reverse DNS for 198.51.100.11');
  await page.getByTestId('portal-new-send').click();
  await expect(page.getByTestId('portal-ticket')).toContainText('Reverse DNS for 198.51.100.11');
  await expect(page.getByTestId('portal-ticket')).toContainText('blue-web-1');
  await expect(page.getByTestId('portal-ticket-row')).toHaveCount(2);
  await shot(page, testInfo, 'portal-tickets');

  // An upgrade order on their server becomes a ticket of theirs.
  await page.getByTestId('portal-tab-servers').click();
  await page.getByTestId('portal-order-upgrade').click();
  await page.getByTestId('portal-upgrade-send').click();
  await expect(page.getByTestId('field-error-description')).toHaveText('Say what upgrade is wanted.');
  await page.getByTestId('portal-upgrade-text').fill('Another 128 GB of RAM, please.');
  await page.getByTestId('portal-upgrade-send').click();
  await expect(page.getByTestId('portal-upgrade-dialog')).toBeHidden();
  await page.getByTestId('portal-tab-tickets').click();
  await expect(page.getByTestId('portal-ticket-row').filter({ hasText: 'Upgrade order: blue-web-1' })).toHaveCount(1);

  // More addresses: the request needs a justification (the registry asks for one), and it
  // becomes a Provisioning ticket that carries it (staff see it below).
  const justification = 'Four new customer shops on blue-web-1, each with its own TLS certificate and address.';
  await page.getByTestId('portal-tab-servers').click();
  await page.getByTestId('portal-request-ips').click();
  await page.getByTestId('portal-ips-count').fill('4');
  await page.getByTestId('portal-ips-why').fill('for shops');
  await page.getByTestId('portal-ips-send').click();
  await expect(page.getByTestId('field-error-justification')).toHaveText('ARIN needs a justification: say what the addresses are for (at least 20 characters).');
  await page.getByTestId('portal-ips-why').fill(justification);
  await page.getByTestId('portal-ips-send').click();
  await expect(page.getByTestId('portal-ips-dialog')).toBeHidden();
  await page.getByTestId('portal-tab-tickets').click();
  const ipTicket = page.getByTestId('portal-ticket-row').filter({ hasText: 'Additional IPs: 4 × ipv4 for blue-web-1' });
  await expect(ipTicket).toHaveCount(1);

  // Messages: their announcement, not Red's.
  await page.getByTestId('portal-tab-messages').click();
  await expect(page.getByTestId('portal-announcement')).toHaveCount(1);
  await expect(page.getByTestId('portal-announcement')).toContainText('Maintenance for Blue on Sunday');

  // Billing: what the active rental costs, where bills go.
  await page.getByTestId('portal-tab-billing').click();
  await expect(page.getByTestId('portal-charge')).toHaveCount(1);
  await expect(page.getByTestId('portal-charge-total')).toContainText('149.00 EUR');
  await expect(page.getByTestId('portal-billing-address')).toContainText('1 Quay Street');
  await expect(page.getByTestId('portal-billing')).toContainText('billing@blueharbor.example');

  // Nothing of the other customer anywhere the portal went, nor staff data.
  for (const tab of ['servers', 'tickets', 'messages', 'billing', 'account']) {
    await page.getByTestId(`portal-tab-${tab}`).click();
    await expect(portal).not.toContainText(/Red Quarry|red-db-1|Red plan|Red-only|10\.20\.0\.5|SER-blue|staff note/);
  }
  await expect(page.getByTestId('portal-account')).toContainText('Your account is active');
  await expect(page.getByTestId('portal-account')).toContainText('Bea Billing');

  // The theme toggle works here as in the staff app.
  await expect(page.locator('body')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('portal-theme').click();
  await expect(page.locator('body')).toHaveAttribute('data-theme', 'light');
  await expect(page.locator('body')).not.toHaveClass(/bp6-dark/);
  await shot(page, testInfo, 'portal-account-light');
  await page.getByTestId('portal-theme').click();
  await expect(page.locator('body')).toHaveClass(/bp6-dark/);

  // Staff, in a fresh context: the customer's reply and new ticket are in the staff ticket view.
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await logIn(staff, 'sam');
  await expect(staff.getByTestId('app-shell')).toBeVisible();
  await staff.getByTestId('nav-tickets').click();
  await expect(staff.getByTestId('ticket-row').filter({ hasText: 'Reverse DNS for 198.51.100.11' })).toHaveCount(1);
  await staff.getByTestId('ticket-row').filter({ hasText: 'Backups failing on blue-web-1' }).click();
  await expect(staff.getByTestId('ticket-thread')).toContainText('Thanks — it failed again at 02:10 tonight.');
  await expect(staff.getByTestId('ticket-thread')).toContainText('INTERNAL: storage array degraded');
  await shot(staff, testInfo, 'portal-staff-sees-reply');
  // The IP request is in the Provisioning queue, with the customer's justification.
  await staff.getByTestId('queue-select').selectOption('provisioning');
  const staffIp = staff.getByTestId('ticket-row').filter({ hasText: 'Additional IPs: 4 × ipv4 for blue-web-1' });
  await expect(staffIp).toHaveCount(1);
  await expect(staffIp).toContainText('Provisioning · Blue Harbor · blue-web-1');
  await staffIp.click();
  await expect(staff.getByTestId('ticket-panel')).toContainText('Provisioning');
  await expect(staff.getByTestId('ticket-thread')).toContainText('Request for 4 additional ipv4 addresses.');
  await expect(staff.getByTestId('ticket-thread')).toContainText('Justification:');
  await expect(staff.getByTestId('ticket-thread')).toContainText(justification);

  // Staff suspend the account: the open portal says what that means, and orders stop.
  const suspended = await staff.request.post(`${URL}/trpc/customers.setStatus`, { data: { id: blueId, status: 'suspended', reason: 'Invoice 2026-10 unpaid' } });
  expect(suspended.ok(), await suspended.text()).toBe(true);
  await expect(page.getByTestId('portal-status')).toHaveText('Suspended');
  await expect(page.getByTestId('portal-status-notice').first()).toContainText('Contact billing');
  await page.getByTestId('portal-tab-servers').click();
  await expect(page.getByTestId('portal-order-upgrade')).toBeDisabled();
  await shot(page, testInfo, 'portal-suspended');
  await staffContext.close();

  // Log out: back to the login page, and the API refuses the old session.
  await page.getByTestId('portal-logout').click();
  await expect(page.getByTestId('login-page')).toBeVisible();
  expect((await page.request.get(`${URL}/trpc/rentals.mine`)).status()).toBe(401);
});
