// The customer portal's API, as a customer-role actor: rentals.mine (added for the portal)
// gives the caller's own rentals with what a customer may know of each server, and never
// another customer's; the existing procedures the portal calls refuse another customer's
// rows by id, not only in lists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../shared/schemas/inventory';
import { actor, makeCore, type TestCore } from '../helpers';
import { ctx, makeCustomer } from './customers/fixtures';

describe('customer portal API', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  function server(name: string, primaryIp: string) {
    return t.core.services.inventory.create(ctx, deviceInput.parse({
      name, type: 'server', status: 'available', primaryIp, mgmtIp: '10.9.9.9', serial: `SN-${name}`, assetTag: `AT-${name}`, notes: 'staff only: flaky PSU', os: 'Debian 12',
      specs: { cpu: '2× EPYC 7313', ramGb: 256, storage: '2× 1.92 TB NVMe', gpu: '', nics: [{ name: 'eth0', speedGbps: 10, mac: '52:54:00:aa:bb:cc' }] },
    }));
  }

  async function twoCustomers() {
    const api = t.caller();
    const mine = makeCustomer(t, { name: 'Mine' });
    const theirs = makeCustomer(t, { name: 'Theirs' });
    const s1 = server('srv-mine', '203.0.113.11');
    const s0 = server('srv-mine-old', '203.0.113.12');
    const s2 = server('srv-theirs', '203.0.113.13');
    const r1 = (await api.rentals.start({ customerId: mine.id, deviceId: s1.id, plan: 'Large', monthlyPrice: 149.5, currency: 'EUR', committedMbps: 500, ips: ['203.0.113.11'] })).rental;
    const old = (await api.rentals.start({ customerId: mine.id, deviceId: s0.id, plan: 'Small', monthlyPrice: 40, currency: 'EUR', startsAt: '2026-01-01' })).rental;
    await api.rentals.end({ id: old.id, path: 'available', reason: 'moved to the large plan' });
    const r2 = (await api.rentals.start({ customerId: theirs.id, deviceId: s2.id, plan: 'Secret plan', monthlyPrice: 999 })).rental;
    return { mine, theirs, s0, s1, s2, r1, old, r2, me: t.caller(actor('customer', 'mine-user', mine.id)), them: t.caller(actor('customer', 'their-user', theirs.id)) };
  }

  it('rentals.mine: own rentals, current and past, with specs of the rented server and nothing of the staff', async () => {
    const { r1, old, r2, me, them } = await twoCustomers();
    const got = await me.rentals.mine();
    expect(got.rentals.map((r) => r.id)).toEqual([r1.id, old.id]);
    const [active, ended] = got.rentals as [(typeof got.rentals)[number], (typeof got.rentals)[number]];
    expect(active).toMatchObject({ status: 'active', serverName: 'srv-mine', plan: 'Large', monthlyPriceCents: 14950, currency: 'EUR', committedMbps: 500, ips: ['203.0.113.11'] });
    expect(active.server).toEqual({ os: 'Debian 12', cpu: '2× EPYC 7313', ramGb: 256, storage: '2× 1.92 TB NVMe', gpu: '', primaryIp: '203.0.113.11', status: 'rented' });
    // A past rental keeps its terms but not the machine: it may be someone else's now.
    expect(ended).toMatchObject({ status: 'ended', serverName: 'srv-mine-old', endReason: 'moved to the large plan', server: null });
    // Nothing a customer must not see travels in the answer.
    const text = JSON.stringify(got);
    for (const secret of ['10.9.9.9', 'SN-srv', 'AT-srv', 'flaky PSU', '52:54:00', 'srv-theirs', 'Secret plan', r2.id]) expect(text).not.toContain(secret);
    expect(got.events.map((e) => e.kind).sort()).toEqual(['end', 'start', 'start']);
    expect(got.events.every((e) => e.rentalId === r1.id || e.rentalId === old.id)).toBe(true);
    // The other customer sees theirs only.
    expect((await them.rentals.mine()).rentals.map((r) => r.id)).toEqual([r2.id]);
  });

  it('rentals.mine refuses staff and a customer login without an account', async () => {
    await twoCustomers();
    await expect(t.caller().rentals.mine()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.caller(actor('billing')).rentals.mine()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.caller(actor('customer', 'orphan')).rentals.mine()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'This login is not linked to a customer account.' });
  });

  it('the procedures the portal calls refuse another customer\'s rows by id', async () => {
    const { mine, theirs, r1, r2, me, them } = await twoCustomers();
    const api = t.caller();
    // profile
    expect((await me.customers.get({ id: mine.id }))?.customer.name).toBe('Mine');
    await expect(me.customers.get({ id: theirs.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // rentals by id
    expect((await me.rentals.get({ id: r1.id }))?.id).toBe(r1.id);
    await expect(me.rentals.get({ id: r2.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // tickets: open, read, reply — own only
    const mineT = await me.tickets.create({ queue: 'support', subject: 'Disk is slow', body: 'since Monday' });
    const theirT = await them.tickets.create({ queue: 'support', subject: 'Their private issue', body: 'secret' });
    await me.tickets.reply({ id: mineT.id, body: 'still slow' });
    await api.tickets.reply({ id: mineT.id, body: 'staff note', internal: true });
    const thread = (await me.tickets.get({ id: mineT.id }))!.messages;
    expect(thread.filter((m) => m.kind === 'public').map((m) => m.body)).toEqual(['since Monday', 'still slow']);
    expect(thread.some((m) => m.kind === 'internal')).toBe(false);
    await expect(me.tickets.get({ id: theirT.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.tickets.reply({ id: theirT.id, body: 'sneaky' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.caller().tickets.get({ id: theirT.id }))!.messages.map((m) => m.body)).not.toContain('sneaky');
    expect((await me.tickets.list({})).rows.map((x) => x.subject)).toEqual(['Disk is slow']);
    // messages: a notice for the other customer is neither listed nor markable
    const notices = t.core.services.notifications;
    const own = notices.post(ctx, { customerId: mine.id, category: 'rental', title: 'Your rental renews soon' });
    const other = notices.post(ctx, { customerId: theirs.id, category: 'rental', title: 'Their rental renews soon' });
    expect((await me.notifications.inbox({})).rows.map((m) => m.title)).toEqual(['Your rental renews soon']);
    expect(await me.notifications.markRead({ ids: [other.id, own.id] })).toEqual({ marked: 1 });
    expect(notices.repo.inbox.find(other.id)?.readBy).toEqual([]);
    // billing: cancellations of the other account are refused
    expect(await me.notifications.cancellations({ customerId: mine.id })).toEqual([]);
    await expect(me.notifications.cancellations({ customerId: theirs.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
