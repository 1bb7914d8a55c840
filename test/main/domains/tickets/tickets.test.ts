import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../../helpers';
import { fieldErrors, makeCustomer, makeServer } from '../customers/fixtures';

const MIN = 60_000;

describe('tickets', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  async function supportWith(members: string[], onShift: string[]) {
    const api = t.caller();
    const queues = await api.tickets.queues();
    const support = queues.find((q) => q.key === 'support')!;
    const q = await api.tickets.updateQueue({ id: support.id, patch: { members } });
    for (const m of members) await api.tickets.setShift({ name: m, onShift: onShift.includes(m) });
    return q;
  }

  it('staff open a ticket on behalf of a customer, about their server; the customer is e-mailed', async () => {
    const api = t.caller(actor('provisioning', 'pat'));
    const c = makeCustomer(t, { name: 'Acme', email: 'owner@acme.example' });
    const srv = makeServer(t, 'available', 'srv-t');
    await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id, sendWelcome: false });
    const ticket = await api.tickets.create({ queue: 'support', deviceId: srv.id, subject: 'Disk errors in dmesg', body: 'Customer called: sdb shows I/O errors.', priority: 'high', links: [{ kind: 'address', ref: '203.0.113.10' }] });
    expect(ticket).toMatchObject({ number: 1, customerId: c.id, deviceId: srv.id, status: 'new', priority: 'high', createdBy: 'pat', firstResponseDue: '2026-01-01T02:00:00.000Z', resolutionDue: '2026-01-02T00:00:00.000Z' });
    const view = (await api.tickets.get({ id: ticket.id }))!;
    expect(view.messages.map((m) => [m.kind, m.author, m.body])).toEqual([['public', 'pat', 'Customer called: sdb shows I/O errors.']]);
    expect(view.sla.firstResponse.state).toBe('ok');
    const mail = t.core.services.mail.list({ limit: 5, offset: 0 }).rows[0]!;
    expect(mail).toMatchObject({ template: 'ticket-created', to: ['owner@acme.example'], subject: '[T-000001] Disk errors in dmesg' });
    expect((await api.tickets.list({ customerId: c.id })).rows.map((r) => [r.subject, r.deviceName, r.customerName])).toEqual([['Disk errors in dmesg', 'srv-t', 'Acme']]);
    expect((await api.search.query({ text: 'T-000001' }))[0]!.kind).toBe('ticket');
  });

  it('round-robin among the queue members on shift, in turn', async () => {
    await supportWith(['ann', 'bob', 'cid'], ['ann', 'cid']);
    const api = t.caller();
    const who: Array<string | null> = [];
    for (let i = 0; i < 4; i++) who.push((await api.tickets.create({ queue: 'support', subject: `Ticket ${i}`, body: 'x' })).assignee);
    expect(who).toEqual(['ann', 'cid', 'ann', 'cid']);
    await api.tickets.setShift({ name: 'bob', onShift: true });
    await api.tickets.setShift({ name: 'cid', onShift: false });
    who.length = 0;
    for (let i = 0; i < 3; i++) who.push((await api.tickets.create({ queue: 'support', subject: `Next ${i}`, body: 'x' })).assignee);
    expect(who).toEqual(['ann', 'bob', 'ann']);
    await api.tickets.setShift({ name: 'ann', onShift: false });
    await api.tickets.setShift({ name: 'bob', onShift: false });
    const waiting = await api.tickets.create({ queue: 'support', subject: 'Night', body: 'x' });
    expect(waiting.assignee).toBeNull();
    expect((await api.tickets.get({ id: waiting.id }))!.messages.at(-1)!.body).toBe('Nobody in Support is on shift: the ticket waits unassigned.');
  });

  it('a user-defined queue takes tickets, with its own members, round-robin and SLA', async () => {
    const admin = t.caller();
    const q = await admin.tickets.createQueue({ key: 'colo-moves', name: 'Colocation moves', members: ['ann', 'bob'], sla: { firstResponse: { low: 600, normal: 300, high: 120, urgent: 60 }, resolution: { low: 6000, normal: 3000, high: 1200, urgent: 600 }, warnAt: 0.5 } });
    expect((await admin.tickets.queues()).map((x) => x.key)).toContain('colo-moves');
    for (const m of ['ann', 'bob']) await admin.tickets.setShift({ name: m, onShift: true });
    const a = await admin.tickets.create({ queue: 'colo-moves', subject: 'Move rack A03', body: 'to hall B' });
    const b = await admin.tickets.create({ queue: 'colo-moves', subject: 'Move rack A04', body: 'to hall B' });
    expect([a.queueId, a.assignee, b.assignee]).toEqual([q.id, 'ann', 'bob']);
    expect(a.firstResponseDue).toBe('2026-01-01T05:00:00.000Z'); // normal: 300 min, from the queue's own policy
    expect(await fieldErrors(admin.tickets.createQueue({ key: 'colo-moves', name: 'Again' }))).toEqual({ key: ['A queue with the key colo-moves exists already.'] });
    expect(await fieldErrors(admin.tickets.createQueue({ key: 'support', name: 'Shadow' }))).toEqual({ key: ['A queue with the key support exists already.'] });
    expect(await fieldErrors(admin.tickets.createQueue({ key: 'Bad Key', name: 'X y' }))).toEqual({ key: ['Lowercase letters, digits and dashes only.'] });
    expect((await admin.tickets.list({ queue: 'colo-moves' })).rows.map((r) => r.subject).sort()).toEqual(['Move rack A03', 'Move rack A04']);
  });

  it('refuses an assignee who is not in the queue, naming who is', async () => {
    await supportWith(['ann', 'bob'], ['ann']);
    const api = t.caller();
    const tk = await api.tickets.create({ queue: 'support', subject: 'Hello there', body: 'x' });
    expect(await fieldErrors(api.tickets.assign({ id: tk.id, assignee: 'mallory' }))).toEqual({ assignee: ['mallory is not a member of the Support queue. Assign to one of: ann, bob.'] });
    expect(await fieldErrors(api.tickets.create({ queue: 'abuse', subject: 'Spam', body: 'x', assignee: 'ann' }))).toEqual({ assignee: ['ann is not a member of the Abuse queue. Assign to nobody yet — add members to the queue first.'] });
    expect(await fieldErrors(api.tickets.create({ queue: 'nope', subject: 'Where', body: 'x' }))).toEqual({ queue: [expect.stringMatching(/^No ticket queue nope\. Choose one of: support, provisioning, abuse, noc/)] });
    const assigned = await api.tickets.assign({ id: tk.id, assignee: 'bob' });
    expect(assigned.assignee).toBe('bob');
  });

  it('SLA timers warn before and announce a breach, once each (FakeClock)', async () => {
    const api = t.caller(actor('technician', 'tom'));
    await supportWith(['tom'], ['tom']);
    const tk = await api.tickets.create({ queue: 'support', subject: 'Server down', body: 'Down since 09:00', priority: 'urgent' });
    // urgent: first response 30 min, warned at 75 % = 22.5 min
    t.clock.advance(22 * MIN);
    expect(t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.category === 'ticket')).toHaveLength(0);
    t.clock.advance(MIN);
    let inbox = t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.category === 'ticket');
    expect(inbox.map((m) => [m.severity, m.title])).toEqual([['warning', 'T-000001 first response due in 8 min: Server down']]);
    expect((await api.tickets.get({ id: tk.id }))!.sla.firstResponse.state).toBe('warning');
    t.clock.advance(8 * MIN);
    inbox = t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.category === 'ticket');
    expect(inbox.map((m) => m.title)[0]).toBe('T-000001 breached its first response SLA (due 00:30 UTC): Server down');
    // Nothing is announced twice, however long the clock runs.
    t.clock.advance(60 * MIN);
    t.core.services.tickets.checkSla({ actor: actor('admin') });
    inbox = t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.category === 'ticket');
    expect(inbox).toHaveLength(2);
    // A first public reply stops the first-response timer; resolution keeps running (4 h).
    await api.tickets.reply({ id: tk.id, body: 'Looking into it.' });
    const v = (await api.tickets.get({ id: tk.id }))!;
    expect(v.ticket.status).toBe('open');
    expect(v.sla.firstResponse.state).toBe('breached');
    t.clock.advance(90 * MIN); // 3 h elapsed of 4: resolution warning
    inbox = t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.category === 'ticket');
    expect(inbox[0]!.title).toBe('T-000001 resolution due in 60 min: Server down');
    await api.tickets.setStatus({ id: tk.id, status: 'resolved' });
    t.clock.advance(120 * MIN);
    inbox = t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.category === 'ticket');
    expect(inbox).toHaveLength(3);
    expect((await api.tickets.get({ id: tk.id }))!.sla.resolution.state).toBe('met');
  });

  it('SLA timers stand still while the ticket waits on the customer, and resume where they stopped (FakeClock)', async () => {
    await supportWith(['tom'], ['tom']);
    const c = makeCustomer(t, { name: 'Acme' });
    const cust = t.caller(actor('customer', 'acme-user', c.id));
    const staff = t.caller(actor('technician', 'tom'));
    const ticketNotices = () => t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 20, offset: 0 }).rows.filter((m) => m.category === 'ticket').map((m) => m.title);
    // urgent: first response 30 min, resolution 4 h, warnings at 75 %
    const tk = await cust.tickets.create({ queue: 'support', subject: 'Packet loss', body: 'Since this morning', priority: 'urgent' });
    t.clock.advance(5 * MIN);
    await staff.tickets.reply({ id: tk.id, body: 'Can you send an mtr from your side?' });
    t.clock.advance(5 * MIN);
    await staff.tickets.setStatus({ id: tk.id, status: 'pending' });
    // Five hours waiting on the customer: far past the 4 h resolution time, yet nothing fires.
    t.clock.advance(5 * 60 * MIN);
    expect(ticketNotices()).toEqual([]);
    let v = (await staff.tickets.get({ id: tk.id }))!;
    expect(v.slaPaused).toBe(true);
    expect(v.sla.resolution).toEqual({ state: 'ok', msLeft: 230 * MIN });
    expect(v.messages.map((m) => m.body)).toContain('SLA timers paused while waiting on the customer.');
    // The customer answers: the clocks run again, the due time moved by the 5 h wait.
    await cust.tickets.reply({ id: tk.id, body: 'mtr attached' });
    v = (await staff.tickets.get({ id: tk.id }))!;
    expect(v.ticket.status).toBe('open');
    expect(v.slaPaused).toBe(false);
    expect(v.ticket.resolutionDue).toBe('2026-01-01T09:00:00.000Z');
    expect(v.ticket.firstResponseDue).toBe('2026-01-01T00:30:00.000Z');
    expect(v.messages.map((m) => m.body)).toContain('SLA timers resumed after 300 min waiting on the customer; open due times moved by as much.');
    // The warning comes at 75 % of the 4 h of running time (3 h: 10 min before the wait, 170 after).
    t.clock.advance(169 * MIN);
    expect(ticketNotices()).toEqual([]);
    t.clock.advance(MIN);
    expect(ticketNotices()).toEqual(['T-000001 resolution due in 60 min: Packet loss']);
    // A second wait, then a priority change: earlier waits stay out of the recomputed due times.
    await staff.tickets.setStatus({ id: tk.id, status: 'pending' });
    t.clock.advance(60 * MIN);
    await staff.tickets.setStatus({ id: tk.id, status: 'open' });
    expect((await staff.tickets.get({ id: tk.id }))!.ticket.resolutionDue).toBe('2026-01-01T10:00:00.000Z');
    await staff.tickets.setPriority({ id: tk.id, priority: 'high' });
    // high: resolution 24 h from creation, plus the 6 h spent waiting
    expect((await staff.tickets.get({ id: tk.id }))!.ticket.resolutionDue).toBe('2026-01-02T06:00:00.000Z');
    // Resolved straight from waiting (30 h later, far past the due time): the wait does not count.
    await staff.tickets.setStatus({ id: tk.id, status: 'pending' });
    t.clock.advance(30 * 60 * MIN);
    await staff.tickets.setStatus({ id: tk.id, status: 'resolved' });
    v = (await staff.tickets.get({ id: tk.id }))!;
    expect(v.ticket.resolutionDue).toBe('2026-01-03T12:00:00.000Z');
    expect(v.sla.resolution.state).toBe('met');
  });

  it('shared mode: a ticket the database renumbered after it was e-mailed is announced under its new number, by the desk that mailed it only', async () => {
    const c = makeCustomer(t, { name: 'Acme', email: 'owner@acme.example' });
    const tk = await t.caller().tickets.create({ queue: 'support', customerId: c.id, subject: 'Disk full', body: 'x' });
    expect(tk.details.mailedAs).toBe(1);
    const store = t.core.services.store;
    const raw = (id: string) => store.prepare('SELECT * FROM tickets WHERE id = ?').get(id) as Record<string, unknown>;
    const renumberedMails = () => t.core.services.mail.list({ limit: 50, offset: 0 }).rows.filter((m) => m.template === 'ticket-renumbered');
    // What the sync does with the row the database gave back: number 7 instead of 1.
    store.applyRemote('tickets', [{ ...raw(tk.id), number: 7 }]);
    expect(renumberedMails().map((m) => [m.to, m.subject])).toEqual([[['owner@acme.example'], '[T-000007] Disk full']]);
    expect(renumberedMails()[0]!.text).toContain('It was T-000001 in our first e-mail');
    const v = (await t.caller().tickets.get({ id: tk.id }))!;
    expect(v.ticket.details.mailedAs).toBe(7);
    expect(v.messages.at(-1)!.body).toBe('The shared database numbered this ticket T-000007 (this desk had e-mailed it as T-000001); the customer was told the new number.');
    store.applyRemote('tickets', [{ ...raw(tk.id), status: 'open' }]);
    expect(renumberedMails()).toHaveLength(1);
    // Another desk's ticket, mailed there as T-000003 and renumbered to 9: this desk sent nothing, so it says nothing.
    const other = { ...raw(tk.id), id: '01900000-0000-7000-8000-00000000abcd', number: 9, subject: 'Other desk', details: JSON.stringify({ mailedAs: 3 }) };
    store.applyRemote('tickets', [other]);
    store.applyRemote('tickets', [{ ...other, status: 'open' }]);
    expect(renumberedMails()).toHaveLength(1);
  });

  it('public replies and internal notes: customers see only public ones', async () => {
    const c = makeCustomer(t, { name: 'Acme' });
    const cust = actor('customer', 'acme-user', c.id);
    const mine = await t.caller(cust).tickets.create({ queue: 'support', subject: 'Reboot please', body: 'srv is stuck' });
    const staff = t.caller(actor('technician', 'tom'));
    await staff.tickets.reply({ id: mine.id, body: 'Customer sounds annoyed', internal: true });
    await staff.tickets.reply({ id: mine.id, body: 'Rebooted, please check.' });
    const seen = (await t.caller(cust).tickets.get({ id: mine.id }))!;
    expect(seen.messages.map((m) => m.body)).toEqual(['srv is stuck', 'Rebooted, please check.']);
    expect((await staff.tickets.get({ id: mine.id }))!.messages.map((m) => m.kind)).toEqual(['public', 'internal', 'public']);
    await expect(t.caller(cust).tickets.reply({ id: mine.id, body: 'sneaky', internal: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await staff.tickets.setStatus({ id: mine.id, status: 'pending' });
    await t.caller(cust).tickets.reply({ id: mine.id, body: 'Works now, thanks' });
    expect((await staff.tickets.get({ id: mine.id }))!.ticket.status).toBe('open');
  });

  it('upgrade orders and additional-IP requests go to Provisioning, the IP request with its justification', async () => {
    const c = makeCustomer(t, { name: 'Acme' });
    const srv = makeServer(t, 'available', 'srv-o');
    const { rental } = await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id });
    const cust = t.caller(actor('customer', 'acme-user', c.id));
    const up = await cust.tickets.orderUpgrade({ rentalId: rental.id, description: 'RAM 64 → 128 GB' });
    expect(up).toMatchObject({ kind: 'upgrade', customerId: c.id, deviceId: srv.id, subject: 'Upgrade order: srv-o' });
    expect(await fieldErrors(cust.tickets.requestIps({ rentalId: rental.id, count: 4, justification: 'need more' }))).toEqual({ justification: ['ARIN needs a justification: say what the addresses are for (at least 20 characters).'] });
    const ips = await cust.tickets.requestIps({ rentalId: rental.id, count: 4, justification: 'Four more TLS virtual hosts for customer sites, one address each.' });
    expect(ips).toMatchObject({ kind: 'additional_ip', details: { count: 4, family: 'ipv4', justification: 'Four more TLS virtual hosts for customer sites, one address each.' } });
    const prov = (await t.caller().tickets.queues()).find((q) => q.key === 'provisioning')!;
    expect(up.queueId).toBe(prov.id);
    expect(ips.queueId).toBe(prov.id);
    await t.caller().customers.setStatus({ id: c.id, status: 'suspended', reason: 'unpaid' });
    await expect(cust.tickets.orderUpgrade({ rentalId: rental.id, description: 'more disk' })).rejects.toThrow(/suspended customer cannot place an order/);
  });

  it('one click from an alarm makes a NOC ticket; the ticket notes when the alarm clears', async () => {
    const c = makeCustomer(t, { name: 'Acme' });
    const srv = makeServer(t, 'available', 'srv-al');
    await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id });
    const alarm = { id: 'alarm-1', deviceId: srv.id, label: 'srv-al ping', state: 'DOWN', severity: 'critical', message: 'no answer to ping for 3 min', since: t.clock.now() };
    t.core.services.tickets.alarmLookup = (id) => (id === alarm.id ? alarm : null);
    const api = t.caller(actor('technician', 'tom'));
    const tk = await api.tickets.fromAlarm({ alarmId: 'alarm-1' });
    expect(tk).toMatchObject({ kind: 'alarm', alarmId: 'alarm-1', priority: 'urgent', deviceId: srv.id, customerId: c.id, subject: 'DOWN: srv-al ping' });
    expect((await api.tickets.fromAlarm({ alarmId: 'alarm-1' })).id).toBe(tk.id);
    await expect(api.tickets.fromAlarm({ alarmId: 'gone' })).rejects.toThrow('No alarm gone');
    t.clock.advance(5 * MIN);
    expect(t.core.services.tickets.alarmCleared({ actor: actor('admin') }, 'alarm-1', t.clock.now(), 'ping answers again')).toBe(1);
    const msgs = (await api.tickets.get({ id: tk.id }))!.messages;
    expect(msgs.at(-1)).toMatchObject({ kind: 'system', body: 'The alarm cleared at 2026-01-01 00:05:00 UTC: ping answers again.' });
  });

  it('with the real alarm engine: the customer is told, a ticket is one click away, and it notes the clearing', async () => {
    const c = makeCustomer(t, { name: 'Acme', email: 'owner@acme.example' });
    const srv = makeServer(t, 'available', 'srv-real');
    await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id, sendWelcome: false });
    const alarm = t.core.services.alarms.raise({ key: `ipmi:psu:${srv.id}`, deviceId: srv.id, label: 'srv-real PSU 2', state: 'CRITICAL', message: 'PSU 2 failed', source: 'ipmi' })!;
    expect(alarm).not.toBeNull();
    const staffInbox = t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 5, offset: 0 }).rows;
    expect(staffInbox[0]).toMatchObject({ category: 'alarm', severity: 'critical', title: "Acme's server srv-real: CRITICAL: srv-real PSU 2" });
    const theirs = await t.caller(actor('customer', 'acme', c.id)).notifications.inbox({});
    expect(theirs.rows[0]!.title).toBe('Your server srv-real: CRITICAL');
    expect(t.core.services.mail.list({ limit: 5, offset: 0 }).rows[0]).toMatchObject({ template: 'alarm-customer', to: ['owner@acme.example'] });
    const tk = await t.caller(actor('technician', 'tom')).tickets.fromAlarm({ alarmId: alarm.id });
    expect(tk).toMatchObject({ alarmId: alarm.id, customerId: c.id, priority: 'urgent', subject: 'CRITICAL: srv-real PSU 2' });
    t.clock.advance(2 * MIN);
    t.core.services.alarms.clear(`ipmi:psu:${srv.id}`, 'PSU 2 replaced');
    const msgs = (await t.caller().tickets.get({ id: tk.id }))!.messages;
    expect(msgs.at(-1)).toMatchObject({ kind: 'system', body: expect.stringMatching(/^The alarm cleared at 2026-01-01 00:02:00 UTC/) });
  });

  it('lists a queue page by status, sorted, with the names', async () => {
    const api = t.caller();
    for (let i = 1; i <= 30; i++) await api.tickets.create({ queue: i % 2 ? 'support' : 'noc', subject: `Issue ${i}`, body: 'x', priority: i % 5 === 0 ? 'urgent' : 'normal' });
    const page = await api.tickets.list({ queue: 'support', open: true, limit: 5 });
    expect(page.total).toBe(15);
    expect(page.rows.map((r) => r.number)).toEqual([29, 27, 25, 23, 21]);
    expect(page.rows[0]!.queueName).toBe('Support');
    const urgent = await api.tickets.list({ sort: 'priority', dir: 'asc', limit: 3 });
    expect(urgent.rows.map((r) => r.priority)).toEqual(['urgent', 'urgent', 'urgent']);
    expect((await api.tickets.list({ text: 't-000007' })).rows.map((r) => r.subject)).toEqual(['Issue 7']);
  });
});
