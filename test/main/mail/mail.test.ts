// E-mail against a REAL SMTP server started by the test on loopback (test/peers/smtp.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core';
import { BACKOFF_MIN, MAX_ATTEMPTS } from '../../../src-main/mail/queue';
import { makeCore, type TestCore } from '../helpers';
import { startSmtp, unusedSmtpPort, type SmtpPeer } from '../../peers/smtp';
import { makeCustomer, makeServer } from '../domains/customers/fixtures';

const settings = (port: number) => ({ host: '127.0.0.1', port, secure: false, user: '', from: 'NOC <noc@dc.example>', publicUrl: 'https://noc.dc.example', staffEmails: ['staff@dc.example'] });

describe('mail', () => {
  let t: TestCore;
  let smtp: SmtpPeer | null = null;
  beforeEach(() => { t = makeCore(); });
  afterEach(async () => {
    t.close();
    await smtp?.stop();
    smtp = null;
  });

  it('sends the welcome e-mail of a new rental: server, IPs, how to reach it, a one-time link and never the password', async () => {
    smtp = await startSmtp();
    t.core.services.mail.settings.set(settings(smtp.port));
    const c = makeCustomer(t, { name: 'Acme', email: 'owner@acme.example' });
    await t.caller().customers.addContact({ customerId: c.id, name: 'Ops', email: 'ops@acme.example', roles: ['technical'] });
    const srv = makeServer(t, 'available', 'fra-s01');
    await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id, plan: 'Dedicated M', ips: ['203.0.113.10', '203.0.113.11'], rootPassword: 'S3cret-Root-Pass!' });
    // The queue's timer fires at once (FakeClock), the send itself is real network I/O.
    t.clock.advance(0);
    const [mail] = await smtp.waitFor(1);
    await t.core.services.mail.processDue();
    expect(mail!.to).toEqual(['ops@acme.example']);
    expect(mail!.from).toBe('noc@dc.example');
    expect(mail!.subject).toBe('Your server fra-s01 is ready');
    expect(mail!.text).toContain('203.0.113.10');
    expect(mail!.text).toContain('203.0.113.11');
    expect(mail!.text).toContain('ssh root@203.0.113.10');
    expect(mail!.text).toMatch(/https:\/\/noc\.dc\.example\/l\/p\/[A-Za-z0-9_-]{43}/);
    expect(mail!.raw).not.toContain('S3cret-Root-Pass!');
    expect(mail!.html).toContain('<a href="https://noc.dc.example/l/p/');
    const row = t.core.services.mail.list({ limit: 10, offset: 0 }).rows[0]!;
    expect(row).toMatchObject({ status: 'sent', attempts: 0, template: 'welcome', customerId: c.id });
  });

  it('keeps mail queued while no SMTP server is configured, then sends it', async () => {
    const c = makeCustomer(t, { email: 'a@acme.example' });
    t.core.services.notifications.emailCustomer(c.id, ['billing'], { subject: 'Hello', text: 'Hi', html: '<p>Hi</p>', template: 'test' });
    expect((await t.core.services.mail.processDue()).waiting).toMatch(/No SMTP server is configured/);
    expect(t.core.services.mail.status()).toMatchObject({ configured: false, pending: 1 });
    smtp = await startSmtp();
    await t.caller().notifications.setMailSettings(settings(smtp.port));
    const [m] = await smtp.waitFor(1);
    expect(m!.subject).toBe('Hello');
    expect(m!.to).toEqual(['a@acme.example']);
  });

  it('retries with backoff while the SMTP server is unreachable, and delivers everything once it is back', async () => {
    const port = await unusedSmtpPort();
    t.core.services.mail.settings.set(settings(port));
    const mail = t.core.services.mail;
    const a = mail.enqueue({ to: ['a@x.example'], subject: 'one', text: '1', template: 'test' });
    const b = mail.enqueue({ to: ['b@x.example'], subject: 'two', text: '2', template: 'test' });
    const first = await mail.processDue();
    expect(first).toMatchObject({ sent: 0, retrying: 1 });
    const failed = mail.get(a)!;
    expect(failed).toMatchObject({ status: 'retrying', attempts: 1, nextAttemptAt: new Date(t.clock.now() + BACKOFF_MIN[0]! * 60_000).toISOString() });
    expect(failed.lastError).toMatch(/ECONNREFUSED/);
    // The other one waits for the same retry instead of timing out on its own.
    expect(mail.get(b)).toMatchObject({ status: 'queued', nextAttemptAt: failed.nextAttemptAt });
    expect(mail.list({ limit: 10, offset: 0 }).counts).toEqual({ retrying: 1, queued: 1 });
    // One minute later the timer tries again: still down, now five minutes.
    t.clock.advance(60_000);
    await mail.processDue();
    expect(mail.get(a)).toMatchObject({ status: 'retrying', attempts: 2, nextAttemptAt: new Date(t.clock.now() + BACKOFF_MIN[1]! * 60_000).toISOString() });
    smtp = await startSmtp({ port });
    t.clock.advance(5 * 60_000);
    await mail.processDue();
    const got = await smtp.waitFor(2);
    expect(got.map((m) => m.subject).sort()).toEqual(['one', 'two']);
    expect(mail.get(a)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(mail.get(b)!.status).toBe('sent');
  });

  it('gives up after the last retry, keeps the message visible as failed, and sends it on a manual retry', async () => {
    const port = await unusedSmtpPort();
    t.core.services.mail.settings.set(settings(port));
    const mail = t.core.services.mail;
    const id = mail.enqueue({ to: ['a@x.example'], subject: 'stubborn', text: 'x', template: 'test' });
    const delays: number[] = [];
    for (let i = 0; i < 20 && mail.get(id)!.status !== 'failed'; i++) {
      await mail.processDue(); // joins a pass the timer may have started
      await mail.processDue();
      const m = mail.get(id)!;
      if (m.status === 'retrying') delays.push(Date.parse(m.nextAttemptAt) - t.clock.now());
      t.clock.advance(24 * 3_600_000);
    }
    expect(mail.get(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(delays).toEqual(BACKOFF_MIN.map((m) => m * 60_000));
    expect((await t.caller().notifications.mailQueue({ status: ['failed'] })).rows.map((r) => r.subject)).toEqual(['stubborn']);
    smtp = await startSmtp({ port });
    await t.caller().notifications.retryMail({ id });
    await mail.processDue();
    await smtp.waitFor(1);
    expect(mail.get(id)!.status).toBe('sent');
  });

  it('never sends one message twice when two processes share the store', async () => {
    smtp = await startSmtp();
    t.core.services.mail.settings.set(settings(smtp.port));
    const other = createCore({ dataDir: t.dir, clock: t.clock });
    try {
      const mail = t.core.services.mail;
      for (let i = 0; i < 8; i++) mail.enqueue({ to: [`u${i}@x.example`], subject: `m${i}`, text: 'x', template: 'test' });
      const [a, b] = await Promise.all([mail.processDue(), other.services.mail.processDue()]);
      expect(a.sent + b.sent).toBe(8);
      await smtp.waitFor(8);
      await new Promise((r) => setTimeout(r, 100));
      expect(smtp.messages.map((m) => m.subject).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    } finally {
      other.close();
    }
  });
});
