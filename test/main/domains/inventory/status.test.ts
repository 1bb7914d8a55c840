import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../../helpers';

let t: TestCore;
beforeEach(() => { t = makeCore(); });
afterEach(() => t.close());

describe('device status lifecycle', () => {
  it('records who and why for every change', async () => {
    const api = t.caller(actor('technician', 'tom'));
    const d = await api.inventory.create({ name: 'srv', type: 'server' });
    expect(d.status).toBe('staging');
    await api.inventory.setStatus({ id: d.id, status: 'maintenance', reason: 'reseat DIMMs' });
    await api.inventory.setStatus({ id: d.id, status: 'faulty', reason: 'DIMM B2 dead' });
    const history = await api.inventory.history({ id: d.id });
    expect(history.slice(0, 2).map((h) => [h.action, h.actor, h.reason, (h.before as { status: string }).status, (h.after as { status: string }).status])).toEqual([
      ['status', 'tom', 'DIMM B2 dead', 'maintenance', 'faulty'],
      ['status', 'tom', 'reseat DIMMs', 'staging', 'maintenance'],
    ]);
  });

  it('refuses an illegal transition and says where the device can go', async () => {
    const api = t.caller();
    const d = await api.inventory.create({ name: 'srv', type: 'server' });
    const err = await api.inventory.setStatus({ id: d.id, status: 'rented', reason: 'skip QA' }).catch((e: unknown) => e);
    expect(String(err)).toContain('cannot go from staging to rented');
    expect(String(err)).toContain('available, maintenance, faulty, decommissioned');
    expect((err as { code: string }).code).toBe('PRECONDITION_FAILED');
    expect((await api.inventory.get({ id: d.id }))!.device.status).toBe('staging');
  });

  it('asks the guards other domains add, and names their reason', async () => {
    t.core.services.inventory.addStatusGuard((device, to) => (to === 'decommissioned' && device.name.startsWith('core-') ? 'Core switches are retired by the network team' : null));
    const api = t.caller();
    const d = await api.inventory.create({ name: 'core-sw', type: 'switch' });
    await expect(api.inventory.setStatus({ id: d.id, status: 'decommissioned', reason: 'old' })).rejects.toThrow('Core switches are retired by the network team');
    await api.inventory.setStatus({ id: d.id, status: 'faulty', reason: 'PSU dead' });
  });

  it('needs a reason, with the error on the reason field', async () => {
    const api = t.caller();
    const d = await api.inventory.create({ name: 'srv', type: 'server' });
    const err = (await api.inventory.setStatus({ id: d.id, status: 'faulty', reason: '' }).catch((e: unknown) => e)) as { code: string; cause: { issues: Array<{ path: string[] }> } };
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.cause.issues[0]!.path).toEqual(['reason']);
  });

  it('lets viewers look but not change', async () => {
    const d = await t.caller().inventory.create({ name: 'srv', type: 'server' });
    const viewer = t.caller(actor('viewer'));
    expect((await viewer.inventory.get({ id: d.id }))!.device.name).toBe('srv');
    await expect(viewer.inventory.setStatus({ id: d.id, status: 'faulty', reason: 'nope' })).rejects.toThrow(/needs one of the roles/);
    await expect(t.caller(actor('customer', 'c', 'cust-1')).inventory.list({})).rejects.toThrow(/needs one of the roles/);
  });
});
