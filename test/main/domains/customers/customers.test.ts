import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../../helpers';
import { ctx, fieldErrors, makeCustomer, makeServer } from './fixtures';

describe('customers', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  it('creates a profile with contacts by role and notes, through the router', async () => {
    const api = t.caller(actor('provisioning', 'pat'));
    const c = await api.customers.create({ name: 'Acme Hosting', company: 'Acme GmbH', email: 'Ops@Acme.example', billingAddress: { line1: 'Main St 1', city: 'Berlin', country: 'DE' } });
    expect(c.email).toBe('ops@acme.example');
    expect(c.status).toBe('active');
    await api.customers.addContact({ customerId: c.id, name: 'Bea Billing', email: 'bills@acme.example', roles: ['billing'] });
    await api.customers.addContact({ customerId: c.id, name: 'Ted Tech', email: 'noc@acme.example', roles: ['technical', 'emergency'] });
    await api.customers.addNote({ customerId: c.id, body: 'Prefers e-mail over phone.' });
    const p = (await api.customers.get({ id: c.id }))!;
    expect(p.contacts.map((k) => k.name)).toEqual(['Bea Billing', 'Ted Tech']);
    expect(p.notes[0]!.author).toBe('pat');
    expect(p.effects.canStartRental).toBe(true);
    expect(t.core.services.customers.recipients(c.id, ['technical'])).toEqual(['noc@acme.example']);
    // Nobody holds the abuse role: the account's own address gets it rather than nobody.
    expect(t.core.services.customers.recipients(c.id, ['abuse'])).toEqual(['ops@acme.example']);
  });

  it('refuses bad input with field errors', async () => {
    const api = t.caller();
    expect(await fieldErrors(api.customers.create({ name: 'X', email: 'not-an-email' }))).toEqual({ email: ['Not a valid e-mail address (expected name@example.com).'] });
    expect(await fieldErrors(api.customers.create({ name: '', email: 'a@b.example' }))).toEqual({ name: ['A name is required.'] });
    const c = await api.customers.create({ name: 'Acme', email: 'a@acme.example' });
    await expect(api.customers.create({ name: 'Acme 2', email: 'a@acme.example' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('exists already (Acme)') });
    expect(await fieldErrors(api.customers.create({ name: 'Acme 2', email: 'a@acme.example' }))).toEqual({ email: [expect.stringContaining('exists already')] });
    expect(await fieldErrors(api.customers.addContact({ customerId: c.id, name: 'N', email: 'n@acme.example', roles: [] }))).toEqual({ roles: ['Give the contact at least one role (billing, technical, abuse or emergency).'] });
    await expect(api.customers.addContact({ customerId: c.id, name: 'N', email: 'n@', roles: ['billing'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('edits and removes contacts; mail follows their roles', async () => {
    const api = t.caller(actor('billing', 'bill'));
    const c = await api.customers.create({ name: 'Acme', email: 'owner@acme.example' });
    const k = await api.customers.addContact({ customerId: c.id, name: 'Ted Tech', email: 'noc@acme.example', roles: ['technical'] });
    expect(t.core.services.customers.recipients(c.id, ['billing'])).toEqual(['owner@acme.example']);
    const edited = await api.customers.updateContact({ id: k.id, patch: { roles: ['technical', 'billing'] } });
    expect(edited).toMatchObject({ name: 'Ted Tech', email: 'noc@acme.example', roles: ['technical', 'billing'] });
    expect(t.core.services.customers.recipients(c.id, ['billing'])).toEqual(['noc@acme.example']);
    expect(await fieldErrors(api.customers.updateContact({ id: k.id, patch: { email: 'noc@' } }))).toEqual({ 'patch.email': ['Not a valid e-mail address (expected name@example.com).'] });
    await api.customers.removeContact({ id: k.id });
    expect((await api.customers.get({ id: c.id }))!.contacts).toEqual([]);
    expect(t.core.services.customers.recipients(c.id, ['technical'])).toEqual(['owner@acme.example']);
    await expect(t.caller(actor('viewer', 'vic')).customers.removeContact({ id: k.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a patch changes only what it names', async () => {
    const api = t.caller();
    const c = await api.customers.create({ name: 'Acme', company: 'Acme GmbH', phone: '+49 30 1234', email: 'a@acme.example' });
    const u = await api.customers.update({ id: c.id, patch: { name: 'Acme Cloud' } });
    expect(u).toMatchObject({ name: 'Acme Cloud', company: 'Acme GmbH', phone: '+49 30 1234' });
  });

  it('status effects are enforced: suspended and on-hold customers cannot start rentals; inactive needs rentals ended', async () => {
    const api = t.caller();
    const c = makeCustomer(t, { name: 'Late Payer' });
    const srv = makeServer(t);
    await api.customers.setStatus({ id: c.id, status: 'suspended', reason: 'invoice 2026-01 unpaid' });
    await expect(api.rentals.start({ customerId: c.id, deviceId: srv.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED', message: 'Late Payer is Suspended (invoice 2026-01 unpaid): a suspended customer cannot start a rental. Lift the suspension first.',
    });
    await api.customers.setStatus({ id: c.id, status: 'on_hold', reason: 'identity check' });
    await expect(api.rentals.start({ customerId: c.id, deviceId: srv.id })).rejects.toThrow(/on hold cannot start a rental/);
    await api.customers.setStatus({ id: c.id, status: 'active', reason: 'paid' });
    const { rental } = await api.rentals.start({ customerId: c.id, deviceId: srv.id });
    await expect(api.customers.setStatus({ id: c.id, status: 'inactive', reason: 'left us' })).rejects.toThrow('Late Payer still has 1 active rental. End or cancel it before making the account Inactive.');
    // Their server shows the suspension.
    await api.customers.setStatus({ id: c.id, status: 'suspended', reason: 'abuse' });
    const shown = await api.rentals.forDevice({ deviceId: srv.id });
    expect(shown.rental!.id).toBe(rental.id);
    expect(shown.banner).toMatch(/SUSPENDED/);
    // Suspended customers cannot order (upgrades, IPs) either.
    await expect(api.rentals.modify({ id: rental.id, kind: 'upgrade', summary: 'RAM 64 → 128 GB' })).rejects.toThrow(/cannot place an order/);
    const history = await api.customers.history({ id: c.id });
    expect(history.filter((h) => h.action === 'status').map((h) => h.reason)).toEqual(['abuse', 'paid', 'identity check', 'invoice 2026-01 unpaid']);
  });

  it('lists and searches customers by name, e-mail and by the server they rent', async () => {
    const api = t.caller();
    const a = makeCustomer(t, { name: 'Alpha Networks', email: 'noc@alpha.example' });
    makeCustomer(t, { name: 'Beta Cloud', email: 'ops@beta.example' });
    const srv = makeServer(t, 'available', 'fra-a01-s07');
    await api.rentals.start({ customerId: a.id, deviceId: srv.id });
    expect((await api.customers.list({ text: 'beta' })).rows.map((c) => c.name)).toEqual(['Beta Cloud']);
    expect((await api.customers.list({ text: 'alpha.example' })).rows.map((c) => c.name)).toEqual(['Alpha Networks']);
    const byServer = await api.customers.list({ text: 'a01-s07' });
    expect(byServer.rows.map((c) => [c.name, c.activeRentals])).toEqual([['Alpha Networks', 1]]);
    expect((await api.customers.list({ deviceId: srv.id })).total).toBe(1);
    // Ctrl+K finds the customer, and the rental under both names.
    const hits = await api.search.query({ text: 'fra-a01-s07' });
    expect(hits.map((h) => h.kind)).toEqual(expect.arrayContaining(['device', 'rental']));
    expect(hits.find((h) => h.kind === 'rental')!.title).toBe('fra-a01-s07 → Alpha Networks');
    expect((await api.search.query({ text: 'Alpha Net' })).map((h) => h.kind)).toEqual(expect.arrayContaining(['customer', 'rental']));
  });

  it('keeps an activity timeline from the audit trail and rental events', async () => {
    const api = t.caller(actor('provisioning', 'pat'));
    const c = await api.customers.create({ name: 'Acme', email: 'a@acme.example' });
    t.clock.advance(1000);
    await api.customers.addNote({ customerId: c.id, body: 'Called about renewal' });
    t.clock.advance(1000);
    const srv = makeServer(t, 'available', 'srv-tl');
    await api.rentals.start({ customerId: c.id, deviceId: srv.id, plan: 'Dedicated M' });
    t.clock.advance(1000);
    await api.customers.setStatus({ id: c.id, status: 'on_hold', reason: 'audit' });
    const tl = await api.customers.timeline({ id: c.id });
    expect(tl.map((e) => e.summary)).toEqual([
      'Profile: status active → on_hold; statusReason — → audit',
      expect.stringMatching(/^srv-tl: Rented to Acme on Dedicated M/),
      'Note added: Called about renewal',
      'Profile created',
    ]);
    expect(tl[0]!.actor).toBe('pat');
    expect(tl[0]!.reason).toBe('audit');
  });

  it('needs the right role', async () => {
    await expect(t.caller(actor('viewer')).customers.create({ name: 'X', email: 'x@x.example' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.caller(actor('technician')).customers.setStatus({ id: 'x', status: 'suspended', reason: 'why not' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const c = makeCustomer(t);
    await expect(t.caller(actor('viewer')).customers.addNote({ customerId: c.id, body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.caller(actor('viewer')).customers.get({ id: c.id }))!.customer.id).toBe(c.id);
    void ctx;
  });
});
