// Bandwidth notices on the real path (issue 7 §5): the SNMP poller reads a simulated switch
// (snmpsim, started here; gen.py's model: port p receives 1000·p + 1 bytes/s), the port is
// linked to a rented server and has NO commit of its own, so it is measured against the
// rental's committed rate; the customer and the datacenter get one e-mail per crossing reading
// (real SMTP), nothing on repeats or when usage falls back. UDP 25690 and TCP 25652 are this file's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src-main/core/clock';
import { snmpsimMissing, startSnmpsim, type SnmpsimPeer } from '../../../peers/snmpsim';
import { startSmtp, type SmtpPeer } from '../../../peers/smtp';
import { actor, makeCore, type TestCore } from '../../helpers';
import { makeCustomer, makeServer } from '../customers/fixtures';

const SIM = 25690;
const missing = snmpsimMissing();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!!missing)('bandwidth notices from real polls against the rental\'s commit (snmpsim, real SMTP)', () => {
  let sim: SnmpsimPeer;
  let smtp: SmtpPeer;
  let t: TestCore;
  beforeAll(async () => {
    // 160 ports: port 150 receives 150,001 B/s = 1.2 Mbit/s, 120 % of a 1 Mbit/s commit.
    sim = await startSnmpsim({ devices: 1, port: SIM, ports: 160 });
    smtp = await startSmtp({ port: 25652 });
  }, 60_000);
  afterAll(async () => {
    await sim?.stop();
    await smtp?.stop();
  });
  afterEach(async () => {
    await t.core.services.pollers.stop();
    t.close();
  });

  it('a linked port without a commit of its own: 80/100/101 % of the rental\'s commit, one e-mail per crossing reading, none on repeats or fall-back', async () => {
    t = makeCore({ clock: systemClock, monitoring: { enabled: true, trapPort: null, snmpTimeoutMs: 3000, snmpRetries: 1, ping: { count: 1, timeoutMs: 300 } } });
    t.core.services.mail.settings.set({ host: '127.0.0.1', port: smtp.port, secure: false, user: '', from: 'noc@dc.example', publicUrl: 'http://x.example', staffEmails: ['dc@dc.example'] });
    const c = t.caller(actor('admin'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: SIM, community: sim.communities[0]!, name: 'sw-sim', intervalS: 3600 });
    for (let i = 0; i < 100 && !t.core.services.pollers.isRunning; i++) await sleep(20);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const port = (await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces.find((i) => i.ifIndex === 150)!;

    const customer = makeCustomer(t, { name: 'Streamer', email: 'tech@streamer.example' });
    const srv = makeServer(t, 'available', 'srv-stream');
    const rental = await c.rentals.start({ customerId: customer.id, deviceId: srv.id, committedMbps: 1, sendWelcome: false });
    await c.monitoring.updateInterface({ id: port.id, linkedDeviceId: srv.id });
    expect((await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces.find((i) => i.id === port.id)!.committedMbps).toBeNull();
    await sleep(400); // the pollers read the new configuration (200 ms debounce)

    const inbox = () => t.core.services.notifications.repo.messages(customer.id, { unreadOnly: false, reader: 'x', limit: 20, offset: 0 }).rows.map((m) => m.title).reverse();
    const poll = async () => {
      await sleep(2000);
      await c.monitoring.pollNow({ deviceId: sw.deviceId });
    };
    const key = `bw:if:${port.id}`;
    await poll(); // the first rated poll: 120 % of 1 Mbit/s crosses 80, 100 and 101 at once
    expect(inbox()).toEqual([expect.stringMatching(/^Bandwidth at 1[1-2]\d % of your 1 Mbps commitment$/)]);
    const alarm = t.core.services.alarms.active().find((a) => a.key === key)!;
    expect(alarm).toMatchObject({ state: 'CRITICAL', level: 101 });
    expect(alarm.message).toMatch(/% of the 1 Mbit\/s commit/);
    await poll(); // the same reading again: nobody is told twice
    expect(inbox()).toHaveLength(1);

    // The commit raised to 2 Mbit/s (60 %): back under every level, nobody is told; the alarm clears.
    await c.rentals.modify({ id: rental.rental.id, kind: 'bandwidth_change', summary: 'commit raised to 2 Mbit/s', committedMbps: 2 });
    await poll();
    expect(inbox()).toHaveLength(1);
    expect(t.core.services.alarms.active().some((a) => a.key === key)).toBe(false);
    // Back to 1 Mbit/s: a new crossing, told once more.
    await c.rentals.modify({ id: rental.rental.id, kind: 'bandwidth_change', summary: 'commit back to 1 Mbit/s', committedMbps: 1 });
    await poll();
    expect(inbox()).toHaveLength(2);

    const bandwidthMails = () => smtp.messages.filter((m) => m.subject.includes('Bandwidth at'));
    for (let i = 0; i < 100 && bandwidthMails().length < 4; i++) await sleep(200);
    await sleep(300);
    const got = bandwidthMails();
    expect(got).toHaveLength(4);
    const toCustomer = got.filter((m) => m.to[0] === 'tech@streamer.example');
    expect(toCustomer).toHaveLength(2);
    for (const m of toCustomer) {
      expect(m.subject).toMatch(/^Bandwidth at 1[1-2]\d % of the committed 1 Mbps$/);
      expect(m.text).toContain('Traffic of srv-stream');
      expect(m.text).toContain('(level 101 %)');
    }
    expect(got.filter((m) => m.to[0] === 'dc@dc.example').map((m) => m.subject)).toEqual([expect.stringMatching(/^\[Streamer\] Bandwidth at/), expect.stringMatching(/^\[Streamer\] Bandwidth at/)]);
  }, 90_000);
});
