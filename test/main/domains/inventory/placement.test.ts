import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from '../../helpers';
import { rackFixture } from './fixtures';

let t: TestCore;
beforeEach(() => { t = makeCore(); });
afterEach(() => t.close());

describe('rack placement', () => {
  it('puts two half-width devices side by side in one U, and refuses a third', async () => {
    const { api, rack } = await rackFixture(t);
    await api.inventory.create({ name: 'left', type: 'server', rackId: rack.id, position: 10, width: 'left' });
    await api.inventory.create({ name: 'right', type: 'server', rackId: rack.id, position: 10, width: 'right' });
    await expect(api.inventory.create({ name: 'full', type: 'server', rackId: rack.id, position: 10 })).rejects.toThrow(/left already occupies U10/);
    const elevation = await api.racks.elevation({ rackId: rack.id });
    expect(elevation!.devices.map((d) => `${d.name}:${d.position}:${d.width}`).sort()).toEqual(['left:10:left', 'right:10:right']);
    expect(elevation!.usedU).toBe(1);
  });

  it('refuses two devices in one U and face, naming the occupant and the units', async () => {
    const { api, rack } = await rackFixture(t);
    await api.inventory.create({ name: 'db-1', type: 'server', rackId: rack.id, position: 5, heightU: 2 });
    const err = await api.inventory.create({ name: 'db-2', type: 'server', rackId: rack.id, position: 6 }).catch((e: unknown) => e);
    expect(String(err)).toContain('db-1 already occupies U5–U6');
    expect((err as { code?: string }).code).toBe('CONFLICT');
  });

  it('lets a shallow rear device share a unit with a shallow front one', async () => {
    const { api, rack } = await rackFixture(t);
    await api.inventory.create({ name: 'patch', type: 'patch_panel', rackId: rack.id, position: 40, face: 'rear', fullDepth: false });
    await api.inventory.create({ name: 'shelf', type: 'other', rackId: rack.id, position: 40, face: 'front', fullDepth: false });
    await expect(api.inventory.create({ name: 'deep', type: 'server', rackId: rack.id, position: 40 })).rejects.toThrow(/already occupies U40/);
  });

  it('refuses a device past the top of its rack', async () => {
    const { api, rack } = await rackFixture(t, 42);
    await expect(api.inventory.create({ name: 'big', type: 'server', rackId: rack.id, position: 41, heightU: 4 })).rejects.toThrow('would reach U44, past the top of rack A01 (42U)');
  });

  it('checks moves the same way, ignoring the device itself', async () => {
    const { api, rack } = await rackFixture(t);
    const a = await api.inventory.create({ name: 'a', type: 'server', rackId: rack.id, position: 1, heightU: 2 });
    await api.inventory.create({ name: 'b', type: 'server', rackId: rack.id, position: 3 });
    await api.inventory.update({ id: a.id, patch: { position: 2 } }).catch(() => undefined);
    expect((await api.inventory.get({ id: a.id }))!.device.position).toBe(1);
    const moved = await api.inventory.update({ id: a.id, patch: { position: 10 } });
    expect(moved.position).toBe(10);
    expect(moved.siteId).not.toBeNull();
  });

  it('places VMs on a server host, never in a rack', async () => {
    const { api, rack } = await rackFixture(t);
    const host = await api.inventory.create({ name: 'hv-1', type: 'server', rackId: rack.id, position: 1 });
    const vm = await api.inventory.create({ name: 'vm-1', type: 'vm', hostId: host.id });
    expect(vm.rackId).toBeNull();
    expect((await api.inventory.get({ id: host.id }))!.vms.map((v) => v.name)).toEqual(['vm-1']);
    await expect(api.inventory.create({ name: 'vm-2', type: 'vm' })).rejects.toThrow(/needs the server it runs on/);
    await expect(api.inventory.remove({ id: host.id })).rejects.toThrow(/still runs 1 VM/);
  });
});
