// "Customers see only their own" (issue 7 §7), through the router as a customer-role actor.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../../helpers';
import { makeCustomer, makeServer } from './fixtures';

describe('a customer login sees only its own account', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  async function twoCustomers() {
    const api = t.caller();
    const mine = makeCustomer(t, { name: 'Mine' });
    const theirs = makeCustomer(t, { name: 'Theirs' });
    const s1 = makeServer(t, 'available', 'srv-mine');
    const s2 = makeServer(t, 'available', 'srv-theirs');
    const r1 = (await api.rentals.start({ customerId: mine.id, deviceId: s1.id })).rental;
    const r2 = (await api.rentals.start({ customerId: theirs.id, deviceId: s2.id })).rental;
    await api.customers.addNote({ customerId: mine.id, body: 'staff only: pays late' });
    const t1 = await api.tickets.create({ queue: 'support', customerId: mine.id, subject: 'Mine ticket', body: 'x' });
    const t2 = await api.tickets.create({ queue: 'support', customerId: theirs.id, subject: 'Their ticket', body: 'x' });
    return { mine, theirs, s1, s2, r1, r2, t1, t2, me: t.caller(actor('customer', 'mine-user', mine.id)) };
  }

  it('customers, rentals, tickets: own rows only; others are refused', async () => {
    const { mine, theirs, s2, r1, r2, t1, t2, me } = await twoCustomers();
    expect((await me.customers.list({})).rows.map((c) => c.name)).toEqual(['Mine']);
    expect((await me.customers.list({ text: 'Theirs' })).rows.map((c) => c.name)).toEqual(['Mine']);
    const profile = (await me.customers.get({ id: mine.id }))!;
    expect(profile.notes).toEqual([]); // staff notes are internal
    await expect(me.customers.get({ id: theirs.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.customers.timeline({ id: mine.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await me.rentals.list({})).rows.map((r) => r.id)).toEqual([r1.id]);
    await expect(me.rentals.list({ customerId: theirs.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.rentals.get({ id: r2.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await me.rentals.history({ deviceId: s2.id })).rentals.map((r) => r.id)).toEqual([r1.id]);
    await expect(me.rentals.revealRootPassword({ id: r1.id, reason: 'let me see' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await me.tickets.list({})).rows.map((x) => x.id)).toEqual([t1.id]);
    expect((await me.tickets.list({ customerId: theirs.id })).rows.map((x) => x.id)).toEqual([t1.id]);
    await expect(me.tickets.get({ id: t2.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.tickets.reply({ id: t2.id, body: 'hi' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.tickets.orderUpgrade({ rentalId: r2.id, description: 'more RAM please' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.notifications.cancellations({ customerId: theirs.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a customer opens tickets for itself only, in Support, about its own servers', async () => {
    const { mine, theirs, s1, s2, me } = await twoCustomers();
    const ok = await me.tickets.create({ queue: 'support', deviceId: s1.id, subject: 'My server is slow', body: 'since noon' });
    expect(ok).toMatchObject({ deviceId: s1.id, customerId: mine.id, createdBy: 'mine-user' });
    await expect(me.tickets.create({ queue: 'support', customerId: theirs.id, subject: 'as them', body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.tickets.create({ queue: 'support', deviceId: s2.id, subject: 'their server', body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.tickets.create({ queue: 'abuse', subject: 'in another queue', body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('staff-only procedures refuse a customer; a customer login without an account sees nothing', async () => {
    const { me } = await twoCustomers();
    await expect(me.customers.create({ name: 'X', email: 'x@x.example' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.staging.board()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.inventory.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(me.tickets.queues()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const orphan = t.caller(actor('customer', 'orphan'));
    expect((await orphan.customers.list({})).rows).toEqual([]);
    await expect(orphan.rentals.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await orphan.tickets.list({})).rows).toEqual([]);
  });
});
