import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KEY_FILE } from '../../../../src-main/core/secrets';
import { actor, makeCore, type TestCore } from '../../helpers';
import { fieldErrors, makeCustomer, makeServer } from '../customers/fixtures';

describe('rentals', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  it('starting a rental moves the server to Rented and records billing fields', async () => {
    const api = t.caller(actor('provisioning', 'pat'));
    const c = makeCustomer(t, { name: 'Acme' });
    const srv = makeServer(t, 'available', 'srv-1');
    const { rental, device } = await api.rentals.start({ customerId: c.id, deviceId: srv.id, plan: 'Dedicated L', monthlyPrice: 149.99, currency: 'EUR', committedMbps: 500, ips: ['203.0.113.10'] });
    expect(device.status).toBe('rented');
    expect(rental).toMatchObject({ status: 'active', monthlyPriceCents: 14999, currency: 'EUR', committedMbps: 500, ips: ['203.0.113.10'], endedAt: null });
    const history = await api.inventory.history({ id: srv.id });
    expect(history[0]).toMatchObject({ action: 'status', actor: 'pat', reason: 'rented to Acme' });
  });

  it('refuses Rented without an active rental, and leaving Rented while one is active', async () => {
    const api = t.caller();
    const srv = makeServer(t, 'available', 'srv-2');
    await expect(api.inventory.setStatus({ id: srv.id, status: 'rented', reason: 'sold it' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED', message: 'srv-2 becomes Rented only by starting a rental for a customer (Customers → Start rental), so billing knows who has it.',
    });
    const c = makeCustomer(t, { name: 'Acme' });
    await api.rentals.start({ customerId: c.id, deviceId: srv.id });
    await expect(api.inventory.setStatus({ id: srv.id, status: 'available', reason: 'free it' })).rejects.toThrow(/srv-2 is rented to Acme since 2026-01-01: end the rental/);
    // Maintenance while rented is fine, and back to Rented too (the rental is still active).
    await api.inventory.setStatus({ id: srv.id, status: 'maintenance', reason: 'disk swap' });
    expect((await api.inventory.setStatus({ id: srv.id, status: 'rented', reason: 'disk swapped' })).status).toBe('rented');
  });

  it('ends a rental through the path staff choose: wipe → Staging with a fresh QA run, or straight to Available', async () => {
    const api = t.caller();
    const c = makeCustomer(t);
    const a = makeServer(t, 'available', 'srv-a');
    const b = makeServer(t, 'available', 'srv-b');
    const ra = (await api.rentals.start({ customerId: c.id, deviceId: a.id })).rental;
    const rb = (await api.rentals.start({ customerId: c.id, deviceId: b.id })).rental;
    t.clock.advance(86_400_000);
    const ended = await api.rentals.end({ id: ra.id, path: 'wipe', reason: 'contract over' });
    expect(ended).toMatchObject({ status: 'ended', endPath: 'wipe', endReason: 'contract over', endedAt: '2026-01-02T00:00:00.000Z' });
    expect((await api.inventory.get({ id: a.id }))!.device.status).toBe('staging');
    const qa = await api.staging.view({ deviceId: a.id });
    expect(qa.run).not.toBeNull();
    expect(qa.openRequired.length).toBeGreaterThan(0);
    await api.rentals.end({ id: rb.id, path: 'available', reason: 'moved to a bigger box' });
    expect((await api.inventory.get({ id: b.id }))!.device.status).toBe('available');
    await expect(api.rentals.end({ id: rb.id, path: 'available', reason: 'again' })).rejects.toThrow(/ended on 2026-01-02 already/);
  });

  it('refuses overlapping rentals of one server and dates that end before they start', async () => {
    const api = t.caller();
    const c1 = makeCustomer(t, { name: 'First' });
    const c2 = makeCustomer(t, { name: 'Second' });
    const srv = makeServer(t, 'available', 'srv-o');
    expect(await fieldErrors(api.rentals.start({ customerId: c1.id, deviceId: srv.id, startsAt: '2026-01-10', endsAt: '2026-01-05' }))).toEqual({ endsAt: ['The end date must be after the start date.'] });
    expect(await fieldErrors(api.rentals.start({ customerId: c1.id, deviceId: srv.id, startsAt: 'yesterday' }))).toEqual({ startsAt: ['Not a date (expected YYYY-MM-DD or an ISO date-time).'] });
    const r1 = (await api.rentals.start({ customerId: c1.id, deviceId: srv.id, startsAt: '2025-12-01' })).rental;
    await expect(api.rentals.start({ customerId: c2.id, deviceId: srv.id })).rejects.toMatchObject({ code: 'CONFLICT', message: 'srv-o is already rented to First since 2025-12-01. End that rental first.' });
    await api.rentals.end({ id: r1.id, path: 'available', reason: 'done', endedAt: '2025-12-20' });
    // A backdated start inside First's rental overlaps it.
    await expect(api.rentals.start({ customerId: c2.id, deviceId: srv.id, startsAt: '2025-12-15' })).rejects.toMatchObject({
      code: 'CONFLICT', message: "A rental from 2025-12-15 would overlap First's rental of srv-o (2025-12-01 – 2025-12-20). Choose a start after it ended.",
    });
    // A backdated rental that ended before First's began does not overlap it (its own end counts).
    const earlier = (await api.rentals.start({ customerId: c2.id, deviceId: srv.id, startsAt: '2025-11-01', endsAt: '2025-12-01' })).rental;
    await api.rentals.end({ id: earlier.id, path: 'available', reason: 'entered afterwards', endedAt: '2025-12-01' });
    await expect(api.rentals.start({ customerId: c2.id, deviceId: srv.id, startsAt: '2025-11-15', endsAt: '2025-12-05' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^A rental from 2025-11-15 would overlap Second's rental of srv-o \(2025-11-01 – 2025-12-01\)/) });
    // A rental cannot start ahead: it would mark the server Rented before the customer has it.
    expect(await fieldErrors(api.rentals.start({ customerId: c2.id, deviceId: srv.id, startsAt: '2026-02-01' }))).toEqual({ startsAt: ['A rental cannot start in the future (2026-02-01): starting it marks srv-o Rented at once. Start it on its first day; until then srv-o stays Available (put the reservation in a customer note).'] });
    expect((await api.inventory.get({ id: srv.id }))!.device.status).toBe('available');
    const r2 = (await api.rentals.start({ customerId: c2.id, deviceId: srv.id, startsAt: '2025-12-20' })).rental;
    await expect(api.rentals.end({ id: r2.id, path: 'available', reason: 'oops', endedAt: '2025-12-19' })).rejects.toThrow('A rental cannot end (2025-12-19) before it started (2025-12-20).');
    // The database itself refuses a second active rental, whatever the code does.
    const store = t.core.services.store;
    expect(() => store.db.prepare(`UPDATE rentals SET status = 'active' WHERE id = ?`).run(r1.id)).toThrow(/UNIQUE/);
  });

  it('refuses to rent a server in Staging, and a switch', async () => {
    const api = t.caller();
    const c = makeCustomer(t);
    const srv = makeServer(t, 'staging', 'srv-new');
    await expect(api.rentals.start({ customerId: c.id, deviceId: srv.id })).rejects.toThrow('srv-new is still in Staging: finish its QA checklist and make it Available before renting it.');
    const sw = t.core.services.inventory.create({ actor: actor('admin') }, { name: 'sw-1', type: 'switch', status: 'available', heightU: 1, hostId: null, siteId: null, os: '', serial: '', assetTag: '', mgmtIp: '', primaryIp: '', notes: '', specs: { cpu: '', ramGb: 0, storage: '', gpu: '', nics: [] } });
    await expect(api.rentals.start({ customerId: c.id, deviceId: sw.id })).rejects.toThrow('sw-1 is a switch; only servers and VMs are rented.');
  });

  it('records modifications with before/after and keeps the complete history per customer and per server', async () => {
    const api = t.caller();
    const c = makeCustomer(t, { name: 'Acme' });
    const srv = makeServer(t, 'available', 'srv-h');
    const r = (await api.rentals.start({ customerId: c.id, deviceId: srv.id, plan: 'M', monthlyPrice: 100, ips: ['203.0.113.10'] })).rental;
    t.clock.advance(1000);
    await api.rentals.modify({ id: r.id, kind: 'upgrade', summary: 'RAM 64 → 128 GB', plan: 'L', monthlyPrice: 150 });
    t.clock.advance(1000);
    const m = await api.rentals.modify({ id: r.id, kind: 'add_ip', summary: 'Two more addresses', addIps: ['203.0.113.11', '203.0.113.12'] });
    expect(m.ips).toEqual(['203.0.113.10', '203.0.113.11', '203.0.113.12']);
    await expect(api.rentals.modify({ id: r.id, kind: 'remove_ip', summary: 'drop one', removeIps: ['198.51.100.1'] })).rejects.toThrow('Not on this rental: 198.51.100.1.');
    t.clock.advance(1000);
    await api.rentals.end({ id: r.id, path: 'wipe', reason: 'cancelled' });
    const other = makeCustomer(t, { name: 'Next' });
    // The wiped server must pass QA before the next rental; make it Available the honest way.
    const run = await api.staging.open({ deviceId: srv.id });
    // (No BMC or switch port here: those checks cannot run, so they pass by hand; the burn-in only on its result.)
    await api.staging.burnIn({ runId: run.run!.id, hours: 24, passed: true, tool: 'stress-ng' });
    for (const i of run.items.filter((x) => x.required && x.check !== 'burn-in')) {
      await api.staging.record({ runId: run.run!.id, itemKey: i.key, status: 'passed', note: 'checked by hand' });
    }
    await api.staging.release({ deviceId: srv.id });
    await api.rentals.start({ customerId: other.id, deviceId: srv.id });
    const byServer = await api.rentals.history({ deviceId: srv.id });
    expect(byServer.rentals.map((x) => [x.customerName, x.status])).toEqual([['Next', 'active'], ['Acme', 'ended']]);
    expect(byServer.events.map((e) => e.kind)).toEqual(['start', 'end', 'add_ip', 'upgrade', 'start']);
    const byCustomer = await api.rentals.history({ customerId: c.id });
    expect(byCustomer.events.find((e) => e.kind === 'upgrade')!.details).toEqual({ changes: { plan: { from: 'M', to: 'L' }, monthlyPriceCents: { from: 10000, to: 15000 } } });
  });

  it('keeps the root password sealed and shows it to staff only on an audited request', async () => {
    const api = t.caller(actor('technician', 'tom'));
    const c = makeCustomer(t);
    const srv = makeServer(t);
    const { rental } = await t.caller().rentals.start({ customerId: c.id, deviceId: srv.id, rootPassword: 'correct horse battery staple' });
    const row = t.core.services.store.db.prepare(`SELECT sealed FROM shared_secrets WHERE purpose = 'rental-root-password:' || ?`).get(rental.id) as { sealed: string };
    expect(row.sealed).not.toContain('horse');
    expect(row.sealed).toMatch(/^s1\./);
    expect(statSync(join(t.dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    // Sealed for this rental: copied to another rental's row it does not open.
    expect(() => t.core.services.secrets.open(row.sealed, 'rental-root-password:someone-else')).toThrow(/could not be opened/);
    // Nothing that lists or shows the rental carries it.
    expect(JSON.stringify(await api.rentals.get({ id: rental.id }))).not.toContain('horse');
    await expect(api.rentals.revealRootPassword({ id: rental.id, reason: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await api.rentals.revealRootPassword({ id: rental.id, reason: 'customer locked out, ticket T-000042' })).toEqual({ password: 'correct horse battery staple' });
    const audit = t.core.services.store.history('rentals', rental.id);
    expect(audit[0]).toMatchObject({ action: 'reveal-root-password', actor: 'tom', reason: 'customer locked out, ticket T-000042', before: null, after: null });
    // Staff see who read it, and why, in the customer's timeline.
    expect((await api.customers.timeline({ id: c.id }))[0]).toMatchObject({ summary: 'Root password of a rented server shown', actor: 'tom', reason: 'customer locked out, ticket T-000042' });
    await expect(t.caller(actor('billing')).rentals.revealRootPassword({ id: rental.id, reason: 'curious' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Generated when none is given: 20 characters.
    const srv2 = makeServer(t);
    const r2 = (await t.caller().rentals.start({ customerId: c.id, deviceId: srv2.id })).rental;
    expect((await api.rentals.revealRootPassword({ id: r2.id, reason: 'first login help' })).password).toMatch(/^[A-Za-z0-9]{20}$/);
  });
});
