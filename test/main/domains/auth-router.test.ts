// Local logins over the API (admins only): a customer login belongs to one existing customer,
// a staff login to none; refusals name the field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../helpers';
import { makeCustomer } from './customers/fixtures';

describe('auth.addUser', () => {
  let t: TestCore;
  beforeEach(() => { t = makeCore(); });
  afterEach(() => t.close());

  it('links a customer login to an existing customer and refuses any other link', async () => {
    const admin = t.caller(actor('admin'));
    const c = makeCustomer(t, { name: 'Blue Harbor' });
    await expect(admin.auth.addUser({ name: 'ghost', password: 'long enough pw', role: 'customer', customerId: 'no-such-customer' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'No customer with id no-such-customer.' });
    await expect(admin.auth.addUser({ name: 'tom', password: 'long enough pw', role: 'technician', customerId: c.id }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Only a customer login belongs to a customer; technician is a staff role.' });
    await expect(admin.auth.addUser({ name: 'nobody', password: 'long enough pw', role: 'customer' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(t.caller(actor('technician')).auth.addUser({ name: 'blue', password: 'long enough pw', role: 'customer', customerId: c.id }))
      .rejects.toMatchObject({ code: 'FORBIDDEN' });

    await admin.auth.addUser({ name: 'blue', password: 'long enough pw', role: 'customer', customerId: c.id });
    expect((await admin.auth.users()).map((u) => `${u.name}:${u.role}:${u.customerId}`)).toEqual([`blue:customer:${c.id}`]);
    expect(t.core.services.auth.login('blue', 'long enough pw')?.actor).toMatchObject({ role: 'customer', customerId: c.id });
  });
});
