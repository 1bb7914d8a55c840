// What a customer login receives beyond its own rows: nothing. A ticket about their server
// names the server without its staff data; an announcement does not reveal its other
// recipients or sender; the live change feed says which of their tables changed, without
// row ids, and nothing about the rest of the store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../shared/schemas/inventory';
import type { ChangeEvent } from '../../../shared/types';
import { actor, makeCore, type TestCore } from '../helpers';
import { ctx, makeCustomer } from './customers/fixtures';

describe('a customer login learns nothing beyond its account', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  async function rentedServer() {
    const mine = makeCustomer(t, { name: 'Mine' });
    const theirs = makeCustomer(t, { name: 'Theirs' });
    const server = t.core.services.inventory.create(ctx, deviceInput.parse({
      name: 'srv-mine', type: 'server', status: 'available', mgmtIp: '10.9.9.9', serial: 'SN-STAFF-ONLY', notes: 'staff only: flaky PSU',
    }));
    await t.caller().rentals.start({ customerId: mine.id, deviceId: server.id, plan: 'Large', monthlyPrice: 100 });
    return { mine, theirs, server, me: t.caller(actor('customer', 'mine-user', mine.id)) };
  }

  it('a ticket about their server carries its name only; staff still get the whole device', async () => {
    const { server, me } = await rentedServer();
    const ticket = await me.tickets.create({ queue: 'support', subject: 'Disk is slow', body: 'since Monday', deviceId: server.id });
    const seen = await me.tickets.get({ id: ticket.id });
    expect(seen?.device).toEqual({ id: server.id, name: 'srv-mine' });
    for (const secret of ['10.9.9.9', 'SN-STAFF-ONLY', 'flaky PSU']) expect(JSON.stringify(seen)).not.toContain(secret);
    const staffView = await t.caller().tickets.get({ id: ticket.id });
    expect(staffView?.device).toMatchObject({ id: server.id, serial: 'SN-STAFF-ONLY', mgmtIp: '10.9.9.9' });
  });

  it('an announcement shows a customer neither the other recipients nor the sender', async () => {
    const { mine, theirs, me } = await rentedServer();
    await t.caller(actor('admin', 'alice')).notifications.announce({ title: 'Maintenance Sunday', body: 'Core switch upgrade.', customerIds: [mine.id, theirs.id] });
    const inbox = await me.notifications.inbox({ unreadOnly: false, limit: 10 });
    const a = inbox.announcements.find((x) => x.title === 'Maintenance Sunday');
    expect(a).toMatchObject({ body: 'Core switch upgrade.', customerIds: [mine.id], sentBy: '', recipients: 0 });
    expect(JSON.stringify(inbox)).not.toContain(theirs.id);
    expect(JSON.stringify(inbox)).not.toContain('alice');
    // staff see the full record
    const staffInbox = await t.caller().notifications.inbox({ unreadOnly: false, limit: 10 });
    expect(staffInbox.announcements.find((x) => x.title === 'Maintenance Sunday')).toMatchObject({ customerIds: [mine.id, theirs.id], sentBy: 'alice', recipients: 2 });
  });

  it('the change feed: their tables without ids for a customer, everything for staff', async () => {
    const { theirs, me } = await rentedServer();
    const customerFeed = await me.system.changes();
    const staffFeed = await t.caller().system.changes();
    const next = (feed: AsyncIterable<ChangeEvent[]>) => feed[Symbol.asyncIterator]().next().then((r) => r.value as ChangeEvent[]);

    // A device change alone reaches staff and not the customer; then another customer's
    // ticket reaches the customer as "tickets changed", with no id.
    const staffGot = next(staffFeed);
    t.core.services.inventory.create(ctx, deviceInput.parse({ name: 'sw-core-9', type: 'switch', status: 'available' }));
    expect((await staffGot).map((e) => e.table)).toContain('devices');
    const customerGot = next(customerFeed);
    const theirTicket = await t.caller(actor('customer', 'their-user', theirs.id)).tickets.create({ queue: 'support', subject: 'Private matter', body: 'x' });
    const batch = await customerGot;
    expect(batch.every((e) => e.id === '')).toBe(true);
    expect(batch.map((e) => e.table)).toContain('tickets');
    expect(batch.map((e) => e.table)).not.toContain('devices');
    expect(JSON.stringify(batch)).not.toContain(theirTicket.id);
  });
});
