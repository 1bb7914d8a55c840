// The links customers open from e-mails, through the real headless host over loopback HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../../src-main/hosts/server/server';
import { actor, makeCore, type TestCore } from '../../helpers';
import { makeCustomer, makeServer } from '../customers/fixtures';

describe('links from e-mails', () => {
  let t: TestCore;
  let server: RunningServer;
  let rendererDir: string;
  beforeEach(async () => {
    t = makeCore();
    rendererDir = mkdtempSync(join(tmpdir(), 'noc-renderer-'));
    server = await startServer(t.core, { port: 0, rendererDir });
  });
  afterEach(async () => {
    await server.close();
    t.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  const lastMailLink = (kind: 'p' | 'c') => {
    const mail = t.core.services.mail.list({ limit: 1, offset: 0 }).rows[0]!;
    const m = new RegExp(`/l/${kind}/([A-Za-z0-9._-]+)`).exec(mail.text);
    if (!m) throw new Error(`no /l/${kind}/ link in ${mail.text}`);
    return `${server.url}l/${kind}/${m[1]}`;
  };
  const get = (url: string) => fetch(url).then(async (r) => ({ status: r.status, body: await r.text() }));
  const post = (url: string) => fetch(url, { method: 'POST' }).then(async (r) => ({ status: r.status, body: await r.text(), headers: r.headers }));

  it('hands the root password over once through the one-time link, audited', async () => {
    const c = makeCustomer(t, { name: 'Acme' });
    const srv = makeServer(t, 'available', 'srv-pw');
    const { rental } = await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id, rootPassword: 'r00t-<&>-pass' });
    const link = lastMailLink('p');
    // Looking at the page (or a mail scanner prefetching it) does not use the link up.
    expect((await get(link)).body).toContain('Show the password');
    expect((await get(link)).status).toBe(200);
    const shown = await post(link);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('<code id="password">r00t-&lt;&amp;&gt;-pass</code>');
    expect(shown.headers.get('cache-control')).toBe('no-store');
    const again = await post(link);
    expect(again.status).toBe(410);
    expect(again.body).toContain('This link was already used');
    expect(t.core.services.store.history('rentals', rental.id)[0]).toMatchObject({ action: 'reveal-root-password', actor: 'Acme (one-time link)', reason: 'customer opened the one-time password link' });
  });

  it('an expired or made-up password link shows nothing', async () => {
    const c = makeCustomer(t);
    await t.caller().rentals.start({ customerId: c.id, deviceId: makeServer(t).id, rootPassword: 'never-shown' });
    const link = lastMailLink('p');
    t.clock.advance(73 * 3_600_000);
    const late = await post(link);
    expect(late.status).toBe(410);
    expect(late.body).toMatch(/This link expired on 2026-01-04 00:00 UTC/);
    expect(late.body).not.toContain('never-shown');
    const madeUp = await post(`${server.url}l/p/${'A'.repeat(43)}`);
    expect(madeUp.status).toBe(404);
  });

  it('cancellation: nothing ends until the customer confirms through the signed link; then it works once', async () => {
    const api = t.caller(actor('billing', 'bill'));
    const c = makeCustomer(t, { name: 'Leaving Ltd', email: 'boss@leaving.example' });
    await t.caller().customers.addContact({ customerId: c.id, name: 'Accounts', email: 'accounts@leaving.example', roles: ['billing'] });
    const s1 = makeServer(t, 'available', 'srv-c1');
    const s2 = makeServer(t, 'available', 'srv-c2');
    const r1 = (await t.caller().rentals.start({ customerId: c.id, deviceId: s1.id })).rental;
    const r2 = (await t.caller().rentals.start({ customerId: c.id, deviceId: s2.id })).rental;
    const req = await api.notifications.requestCancellation({ customerId: c.id, reason: 'moving to our own DC', endPath: 'wipe' });
    expect(req).toMatchObject({ status: 'pending', sentTo: ['accounts@leaving.example'], rentalIds: null });
    const mail = t.core.services.mail.list({ limit: 1, offset: 0 }).rows[0]!;
    expect(mail.to).toEqual(['accounts@leaving.example']);
    expect(mail.text).toContain('srv-c1');
    expect(mail.text).toContain('Nothing ends until you confirm');
    const link = lastMailLink('c');
    // Nothing has ended yet.
    expect(t.core.services.rentals.repo.activeOf(c.id).map((r) => r.id).sort()).toEqual([r1.id, r2.id].sort());
    // Forged: a changed signature, a changed id, a changed expiry.
    const [prefix, id, exp, sig] = link.split('/l/c/')[1]!.split('.') as [string, string, string, string];
    const base = `${server.url}l/c/`;
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const forged of [`${prefix}.${id}.${exp}.${flip(sig)}`, `${prefix}.${flip(id)}.${exp}.${sig}`, `${prefix}.${id}.${(parseInt(exp, 36) + 86_400_000).toString(36)}.${sig}`]) {
      const r = await post(base + forged);
      expect(r.status).toBe(404);
      expect(r.body).toContain('data-reason="forged"');
    }
    expect(t.core.services.rentals.repo.activeOf(c.id)).toHaveLength(2);
    // The page shows what would end; only the button's POST ends it.
    const preview = await get(link);
    expect(preview.body).toContain('srv-c1');
    expect(preview.body).toContain('Confirm the cancellation');
    expect(t.core.services.rentals.repo.activeOf(c.id)).toHaveLength(2);
    t.clock.advance(3_600_000);
    const done = await post(link);
    expect(done.status).toBe(200);
    expect(done.body).toContain('Your cancellation is confirmed');
    expect(t.core.services.rentals.repo.activeOf(c.id)).toHaveLength(0);
    expect((await t.caller().inventory.get({ id: s1.id }))!.device.status).toBe('staging');
    expect(t.core.services.notifications.repo.cancellations.find(req.id)).toMatchObject({ status: 'confirmed', confirmedAt: '2026-01-01T01:00:00.000Z' });
    expect(t.core.services.mail.list({ limit: 1, offset: 0 }).rows[0]).toMatchObject({ template: 'cancellation-done', to: ['accounts@leaving.example'] });
    // Reused: refused, nothing else happens.
    const reused = await post(link);
    expect(reused.status).toBe(410);
    expect(reused.body).toContain('already confirmed');
  });

  it('an expired cancellation link changes nothing', async () => {
    const c = makeCustomer(t);
    const r = (await t.caller().rentals.start({ customerId: c.id, deviceId: makeServer(t).id })).rental;
    await t.caller().notifications.requestCancellation({ customerId: c.id, rentalIds: [r.id], reason: 'too expensive' });
    const link = lastMailLink('c');
    t.clock.advance(72 * 3_600_000 + 1);
    const late = await post(link);
    expect(late.status).toBe(410);
    expect(late.body).toContain('data-reason="expired"');
    expect(t.core.services.rentals.repo.rentals.find(r.id)!.status).toBe('active');
  });

  it('a withdrawn request cannot be confirmed; bad requests are refused clearly', async () => {
    const api = t.caller();
    const c = makeCustomer(t, { name: 'Maybe' });
    const other = makeCustomer(t, { name: 'Other' });
    const r = (await api.rentals.start({ customerId: c.id, deviceId: makeServer(t).id })).rental;
    const ro = (await api.rentals.start({ customerId: other.id, deviceId: makeServer(t).id })).rental;
    await expect(api.notifications.requestCancellation({ customerId: c.id, rentalIds: [ro.id], reason: 'wrong one' })).rejects.toThrow(`Not an active service of Maybe: ${ro.id}.`);
    const nothing = makeCustomer(t, { name: 'Empty' });
    await expect(api.notifications.requestCancellation({ customerId: nothing.id, reason: 'no services' })).rejects.toThrow('Empty has no active services to cancel.');
    const req = await api.notifications.requestCancellation({ customerId: c.id, rentalIds: [r.id], reason: 'changed mind later' });
    const link = lastMailLink('c');
    await api.notifications.withdrawCancellation({ id: req.id });
    const res = await post(link);
    expect(res.status).toBe(410);
    expect(res.body).toContain('withdrawn');
    expect(t.core.services.rentals.repo.rentals.find(r.id)!.status).toBe('active');
  });
});
