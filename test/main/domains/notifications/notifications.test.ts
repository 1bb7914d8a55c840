import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importUsage } from '../../../../src-main/domains/notifications/overage';
import { actor, makeCore, type TestCore } from '../../helpers';
import { startSmtp } from '../../../peers/smtp';
import { fieldErrors, makeCustomer, makeServer } from '../customers/fixtures';

describe('notifications', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());
  const sys = { actor: actor('admin', 'system') };

  it('message center: staff and each customer have their own; read state is per person; a live feed for desktop notifications', async () => {
    const c = makeCustomer(t, { name: 'Acme' });
    const other = makeCustomer(t, { name: 'Other' });
    const n = t.core.services.notifications;
    // The live feed (what the renderer turns into desktop notifications) carries only this reader's messages.
    const sub = await t.caller(actor('technician', 'tom')).notifications.live();
    const firstLive = (async () => {
      for await (const m of sub) return m.title;
      return null;
    })();
    n.post(sys, { customerId: c.id, category: 'alarm', severity: 'critical', title: 'Your server srv-1 is down' });
    n.post(sys, { customerId: other.id, category: 'billing', title: 'Invoice due' });
    n.post(sys, { category: 'system', title: 'Backup finished' });
    expect(await firstLive).toBe('Backup finished');
    const tom = t.caller(actor('technician', 'tom'));
    const ann = t.caller(actor('technician', 'ann'));
    expect((await tom.notifications.inbox({})).rows.map((m) => m.title)).toEqual(['Backup finished']);
    const cust = t.caller(actor('customer', 'acme-user', c.id));
    const mine = await cust.notifications.inbox({});
    expect(mine.rows.map((m) => m.title)).toEqual(['Your server srv-1 is down']);
    expect(mine.unread).toBe(1);
    expect(await tom.notifications.markRead({ ids: 'all' })).toEqual({ marked: 1 });
    expect((await tom.notifications.inbox({ unreadOnly: true })).rows).toHaveLength(0);
    expect((await ann.notifications.inbox({})).unread).toBe(1);
    // A customer cannot mark another's message.
    const othersId = t.core.services.notifications.repo.messages(other.id, { unreadOnly: false, reader: 'x', limit: 1, offset: 0 }).rows[0]!.id;
    expect(await cust.notifications.markRead({ ids: [othersId] })).toEqual({ marked: 0 });
  });

  it('the alarm engine\'s bandwidth levels on a switch port reach the customer renting the server behind it, and the datacenter: one notice per reading, at its highest level (real SMTP)', async () => {
    const smtp = await startSmtp({ port: 25651 });
    try {
      t.core.services.mail.settings.set({ host: '127.0.0.1', port: smtp.port, secure: false, user: '', from: 'noc@dc.example', publicUrl: 'http://x.example', staffEmails: ['dc@dc.example'] });
      const c = makeCustomer(t, { name: 'Streamer', email: 'tech@streamer.example' });
      const srv = makeServer(t, 'available', 'srv-bw');
      await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id, committedMbps: 1000, sendWelcome: false });
      const sw = t.core.services.inventory.create({ actor: actor('admin') }, { name: 'tor-bw', type: 'switch', status: 'available', heightU: 1, hostId: null, siteId: null, os: '', serial: '', assetTag: '', mgmtIp: '', primaryIp: '', notes: '', specs: { cpu: '', ramGb: 0, storage: '', gpu: '', nics: [] } });
      t.core.services.monitoring.recordInterfaces(sw.id, [{ ifIndex: 7, name: 'xe-0/0/7', alias: '', descr: '', speedMbps: 10_000 }, { ifIndex: 8, name: 'xe-0/0/8', alias: '', descr: '', speedMbps: 10_000 }]);
      const [port, spare] = t.core.services.monitoring.repo.interfacesOf(sw.id);
      // The port is linked, its own commit left empty: the rental's commit is the one measured (the poller's side is in bandwidth.snmpsim.test).
      t.core.services.monitoring.updateInterface({ actor: actor('admin') }, { id: port!.id, linkedDeviceId: srv.id });
      expect(t.core.services.monitoring.repo.interfaces.find(port!.id)!.committedMbps).toBeNull();
      // What the SNMP poller reports for one port: no customer on the observation itself.
      const observe = (id: string, pct: number) => t.core.services.alarms.engine.observeBandwidth({ subject: { key: `bw:if:${id}`, deviceId: sw.id, kind: 'bandwidth', label: `tor-bw ${id} bandwidth`, source: 'snmp' }, usagePct: pct, committedMbps: 1000, interfaceIds: [id], customerId: null });
      const customerInbox = () => t.core.services.notifications.repo.messages(c.id, { unreadOnly: false, reader: 'x', limit: 20, offset: 0 }).rows.map((m) => m.title).reverse();
      observe(port!.id, 50);
      observe(port!.id, 85);
      observe(spare!.id, 90); // a port facing no rented server: nobody's customer is told
      expect(customerInbox()).toEqual(['Bandwidth at 85 % of your 1000 Mbps commitment']);
      // Repeats and small dips under a level (within the engine's 5 % hysteresis) tell nobody again.
      for (const pct of [86, 79, 85]) observe(port!.id, pct);
      expect(customerInbox()).toHaveLength(1);
      // One reading over two levels: one notice, naming the highest level.
      observe(port!.id, 101.5);
      observe(port!.id, 101.8);
      // Falling back (86: under 100 and 101, still over 80; then 60: under all) tells nobody; a new climb does, once.
      observe(port!.id, 86);
      observe(port!.id, 60);
      observe(port!.id, 102);
      expect(customerInbox()).toEqual(['Bandwidth at 85 % of your 1000 Mbps commitment', 'Bandwidth at 102 % of your 1000 Mbps commitment', 'Bandwidth at 102 % of your 1000 Mbps commitment']);
      const staff = t.core.services.notifications.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 20, offset: 0 }).rows.filter((m) => m.category === 'bandwidth').map((m) => m.title).reverse();
      expect(staff).toEqual(['Streamer: bandwidth at 85 % of 1000 Mbps (level 80 %)', 'Streamer: bandwidth at 102 % of 1000 Mbps (level 101 %)', 'Streamer: bandwidth at 102 % of 1000 Mbps (level 101 %)']);
      t.clock.advance(0);
      const got = await smtp.waitFor(6);
      await t.core.services.mail.processDue();
      expect(got.map((m) => [m.to[0], m.subject]).sort()).toEqual([
        ['dc@dc.example', '[Streamer] Bandwidth at 102 % of the committed 1000 Mbps'], ['dc@dc.example', '[Streamer] Bandwidth at 102 % of the committed 1000 Mbps'], ['dc@dc.example', '[Streamer] Bandwidth at 85 % of the committed 1000 Mbps'],
        ['tech@streamer.example', 'Bandwidth at 102 % of the committed 1000 Mbps'], ['tech@streamer.example', 'Bandwidth at 102 % of the committed 1000 Mbps'], ['tech@streamer.example', 'Bandwidth at 85 % of the committed 1000 Mbps'],
      ]);
      const toCustomer = got.filter((m) => m.to[0] === 'tech@streamer.example');
      expect(toCustomer[0]!.text).toContain('srv-bw');
      expect(toCustomer.map((m) => /\(level (\d+) %\)/.exec(m.text)?.[1]).sort()).toEqual(['101', '101', '80']);
      expect(t.core.services.mail.list({ limit: 50, offset: 0 }).rows.filter((m) => m.template === 'bandwidth')).toHaveLength(6);
    } finally {
      await smtp.stop();
    }
  });

  it('announcements go to all or chosen customers, in their message center and by e-mail', async () => {
    const a = makeCustomer(t, { name: 'A', email: 'a@a.example' });
    const b = makeCustomer(t, { name: 'B', email: 'b@b.example' });
    const gone = makeCustomer(t, { name: 'Gone', email: 'g@g.example' });
    await t.caller().customers.setStatus({ id: gone.id, status: 'inactive', reason: 'left in 2025' });
    const api = t.caller(actor('provisioning', 'pat'));
    const all = await api.notifications.announce({ title: 'Maintenance on 12 Jan', body: 'Core router upgrade 02:00–04:00 UTC.' });
    expect(all.recipients).toBe(2);
    const chosen = await api.notifications.announce({ title: 'Your rack moves', body: 'Rack A01 moves to hall B.', customerIds: [b.id] });
    expect(chosen.recipients).toBe(1);
    expect((await t.caller(actor('customer', 'a', a.id)).notifications.inbox({})).announcements.map((x) => x.title)).toEqual(['Maintenance on 12 Jan']);
    expect((await t.caller(actor('customer', 'b', b.id)).notifications.inbox({})).announcements.map((x) => x.title)).toEqual(['Your rack moves', 'Maintenance on 12 Jan']);
    const to = t.core.services.mail.list({ limit: 10, offset: 0 }).rows.filter((m) => m.template === 'announcement').map((m) => m.to[0]).sort();
    expect(to).toEqual(['a@a.example', 'b@b.example', 'b@b.example']);
    expect(await fieldErrors(api.notifications.announce({ title: 'x', body: 'y' }))).toEqual({ title: ['A title has at least 3 characters.'] });
  });

  it('the sweep posts expiring-rental notices and the monthly billing reminder once', async () => {
    const c = makeCustomer(t, { name: 'Acme', email: 'a@acme.example' });
    const srv = makeServer(t, 'available', 'srv-x');
    await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id, endsAt: '2026-01-20', monthlyPrice: 99, currency: 'EUR', sendWelcome: false });
    const n = t.core.services.notifications;
    expect(n.sweep(sys)).toEqual({ expiring: 0, billing: 1, overage: 0 });
    expect(n.sweep(sys)).toEqual({ expiring: 0, billing: 0, overage: 0 });
    // A week later the scheduled sweep (every 6 h on the injected clock) has posted the notice, once.
    t.clock.advance(7 * 86_400_000);
    expect(n.sweep(sys)).toEqual({ expiring: 0, billing: 0, overage: 0 });
    const staff = n.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.map((m) => m.title);
    expect(staff).toEqual(['Acme: rental of srv-x ends on 2026-01-20', 'Billing run for 2026-01: invoice the active rentals']);
    expect(t.core.services.mail.list({ limit: 10, offset: 0 }).rows.filter((m) => m.template === 'rental-expiring').map((m) => m.subject)).toEqual(['Your rental of srv-x ends on 2026-01-20']);
  });

  it('at month end the sweep e-mails last month\'s overage report to staff by itself, once (real SMTP)', async () => {
    const smtp = await startSmtp();
    try {
      t.core.services.mail.settings.set({ host: '127.0.0.1', port: smtp.port, secure: false, user: '', from: 'noc@dc.example', publicUrl: 'http://x.example', staffEmails: ['billing@dc.example'] });
      const over = makeCustomer(t, { name: 'Heavy Hitter' });
      const s1 = makeServer(t);
      await t.caller().rentals.start({ customerId: over.id, deviceId: s1.id, committedMbps: 100, startsAt: '2025-12-01', sendWelcome: false });
      importUsage(t.core.services.store, '2025-12', [{ deviceId: s1.id, p95Mbps: 130 }]);
      const n = t.core.services.notifications;
      // The clock stands at 2026-01-01 00:00: December has just ended.
      expect(n.sweep(sys).overage).toBe(1);
      expect(n.sweep(sys).overage).toBe(0);
      const staff = n.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.title.startsWith('Overage'));
      expect(staff.map((m) => [m.severity, m.title])).toEqual([['warning', 'Overage report 2025-12: 1 customer over commit']]);
      t.clock.advance(0);
      await smtp.waitFor(2); // this month's billing reminder and last month's report
      const report = smtp.messages.find((x) => x.subject.startsWith('Overage'))!;
      expect(report.to).toEqual(['billing@dc.example']);
      expect(report.text).toContain('Heavy Hitter');
      expect(report.text).toContain('over     30.0 Mbps');
      // A month later, January's report (the rental ran all month, no usage figures yet).
      t.clock.advance(31 * 86_400_000);
      expect(n.sweep(sys).overage).toBe(1);
      expect(n.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((x) => x.title.startsWith('Overage')).map((x) => x.title)[0]).toBe('Overage report 2026-01: 0 customers over commit');
      await n.mail.processDue();
    } finally {
      await smtp.stop();
    }
  });

  it('the month-end report waits for the pollers to make last month\'s port figures final, then bills from them', async () => {
    const c = makeCustomer(t, { name: 'Measured' });
    const s1 = makeServer(t);
    await t.caller().rentals.start({ customerId: c.id, deviceId: s1.id, committedMbps: 100, startsAt: '2025-12-01', sendWelcome: false });
    importUsage(t.core.services.store, '2025-12', [{ deviceId: 'another-server', p95Mbps: 1 }]); // the store was in use in December
    const sw = t.core.services.inventory.create({ actor: actor('admin') }, { name: 'tor-p95', type: 'switch', status: 'available', heightU: 1, hostId: null, siteId: null, os: '', serial: '', assetTag: '', mgmtIp: '', primaryIp: '', notes: '', specs: { cpu: '', ramGb: 0, storage: '', gpu: '', nics: [] } });
    t.core.services.monitoring.recordInterfaces(sw.id, [{ ifIndex: 1, name: 'xe-0/0/1', alias: '', descr: '', speedMbps: 10_000 }]);
    const port = t.core.services.monitoring.repo.interfacesOf(sw.id)[0]!;
    t.core.services.monitoring.updateInterface({ actor: actor('admin') }, { id: port.id, linkedDeviceId: s1.id });
    // December's traffic as the poller writes it: 150 Mbit/s in, 20 out, every 5 minutes.
    const metrics = t.core.services.metrics;
    const dec = Date.UTC(2025, 11, 1);
    for (let at = dec; at < Date.UTC(2026, 0, 1); at += 300_000) metrics.write(`if:${port.id}`, 'if', at, 150e6, 20e6);
    metrics.flush();
    const n = t.core.services.notifications;
    const reports = () => n.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.title.startsWith('Overage'));
    // 1 January, 00:00: December's figures are not final yet: no report, nothing computed.
    expect(metrics.monthFinal('2025-12')).toBe(false);
    expect(n.sweep(sys).overage).toBe(0);
    expect(reports()).toEqual([]);
    // The pollers' retention makes the month final; the next sweep sends it, from the port's figure.
    metrics.retention();
    expect(metrics.monthFinal('2025-12')).toBe(true);
    expect(n.sweep(sys).overage).toBe(1);
    expect(reports().map((m) => m.title)).toEqual(['Overage report 2025-12: 1 customer over commit']);
    expect(reports()[0]!.body).toContain('Measured');
  });

  it('without retention in this process the report is still sent, a day late at most', async () => {
    const c = makeCustomer(t, { name: 'Unfinalised' });
    const s1 = makeServer(t);
    await t.caller().rentals.start({ customerId: c.id, deviceId: s1.id, committedMbps: 1, startsAt: '2025-12-01', sendWelcome: false });
    importUsage(t.core.services.store, '2025-12', [{ deviceId: s1.id, p95Mbps: 5 }]);
    const n = t.core.services.notifications;
    n.usage = { ...n.usage, final: () => false }; // ports whose figures never become final here
    expect(n.sweep(sys).overage).toBe(0);
    t.clock.advance(6 * 3_600_000);
    expect(n.sweep(sys).overage).toBe(0);
    t.clock.advance(18 * 3_600_000);
    expect(n.sweep(sys).overage).toBe(1);
  });

  it('the first sweep after a fresh install sends no report for a month before the store existed', async () => {
    const c = makeCustomer(t, { name: 'Backdated' });
    const s1 = makeServer(t);
    // Entered on the first day, backdated to December: the store did not exist in December.
    await t.caller().rentals.start({ customerId: c.id, deviceId: s1.id, committedMbps: 100, startsAt: '2025-12-01', sendWelcome: false });
    const n = t.core.services.notifications;
    const reports = () => n.repo.messages(null, { unreadOnly: false, reader: 'x', limit: 10, offset: 0 }).rows.filter((m) => m.title.startsWith('Overage')).map((m) => m.title);
    expect(n.sweep(sys).overage).toBe(0);
    expect(reports()).toEqual([]);
    // January, the store's first month, is reported when it ends.
    t.clock.advance(31 * 86_400_000);
    expect(n.sweep(sys).overage).toBe(1);
    expect(reports()).toEqual(['Overage report 2026-01: 0 customers over commit']);
  });

  it('the month-end overage report lists customers over their commit and is e-mailed to staff (real SMTP)', async () => {
    const smtp = await startSmtp();
    try {
      t.core.services.mail.settings.set({ host: '127.0.0.1', port: smtp.port, secure: false, user: '', from: 'noc@dc.example', publicUrl: 'http://x.example', staffEmails: ['billing@dc.example'] });
      const api = t.caller();
      const over = makeCustomer(t, { name: 'Heavy Hitter' });
      const under = makeCustomer(t, { name: 'Light User' });
      const nodata = makeCustomer(t, { name: 'No Data' });
      const s1 = makeServer(t); const s2 = makeServer(t); const s3 = makeServer(t); const s4 = makeServer(t);
      await api.rentals.start({ customerId: over.id, deviceId: s1.id, committedMbps: 100, startsAt: '2025-12-01', sendWelcome: false });
      await api.rentals.start({ customerId: over.id, deviceId: s2.id, committedMbps: 100, startsAt: '2025-12-01', sendWelcome: false });
      await api.rentals.start({ customerId: under.id, deviceId: s3.id, committedMbps: 500, startsAt: '2025-12-01', sendWelcome: false });
      await api.rentals.start({ customerId: nodata.id, deviceId: s4.id, committedMbps: 50, startsAt: '2025-12-01', sendWelcome: false });
      importUsage(t.core.services.store, '2025-12', [{ deviceId: s1.id, p95Mbps: 180 }, { deviceId: s2.id, p95Mbps: 70.25 }, { deviceId: s3.id, p95Mbps: 499 }]);
      const report = await t.caller(actor('billing', 'bill')).notifications.overage({ month: '2025-12', email: true });
      expect(report.lines).toEqual([{ customerId: over.id, customerName: 'Heavy Hitter', committedMbps: 200, p95Mbps: 250.3, overMbps: 50.3, percent: 125.125, devices: 2 }]);
      expect(report).toMatchObject({ customersChecked: 3, withoutData: 1, source: expect.stringMatching(/imported usage$/) });
      t.clock.advance(0);
      const [m] = await smtp.waitFor(1);
      expect(m!.to).toEqual(['billing@dc.example']);
      expect(m!.subject).toBe('Overage report 2025-12: 1 customer over commit');
      expect(m!.text).toContain('Heavy Hitter');
      expect(m!.text).toContain('over     50.3 Mbps');
      await t.core.services.mail.processDue();
      expect(await fieldErrors(api.notifications.overage({ month: '2025-13' }))).toEqual({ month: ['A month is written YYYY-MM.'] });
      // Where monitoring polls the switch port linked to a server, its time series is the source.
      const sw = t.core.services.inventory.create({ actor: actor('admin') }, { name: 'tor-1', type: 'switch', status: 'available', heightU: 1, hostId: null, siteId: null, os: '', serial: '', assetTag: '', mgmtIp: '', primaryIp: '', notes: '', specs: { cpu: '', ramGb: 0, storage: '', gpu: '', nics: [] } });
      t.core.services.monitoring.recordInterfaces(sw.id, [{ ifIndex: 3, name: 'xe-0/0/3', alias: '', descr: '', speedMbps: 10_000 }]);
      const port = t.core.services.monitoring.repo.interfacesOf(sw.id)[0]!;
      t.core.services.monitoring.updateInterface({ actor: actor('admin') }, { id: port.id, linkedDeviceId: s3.id });
      const start = Date.UTC(2025, 11, 31, 0, 0);
      for (let i = 0; i < 288; i++) t.core.services.metrics.write(`if:${port.id}`, 'if', start + i * 300_000, 700e6, 20e6);
      t.core.services.metrics.flush();
      const again = await t.caller(actor('billing', 'bill')).notifications.overage({ month: '2025-12' });
      expect(again.lines.map((l) => [l.customerName, l.p95Mbps])).toEqual([['Light User', 700], ['Heavy Hitter', 250.3]]);
    } finally {
      await smtp.stop();
    }
  });
});
