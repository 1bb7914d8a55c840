// racks.addRack through the router over a real SQLite store: a new site, room and rack in
// one transaction, or nothing when any part is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actor, makeCore, type TestCore } from '../../helpers';

let t: TestCore;
beforeEach(() => { t = makeCore(); });
afterEach(() => t.close());

const count = (table: string) => (t.core.services.store.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('racks.addRack', () => {
  it('makes the site, the room and the rack together, each audited, and shows them in the tree', async () => {
    const api = t.caller();
    const rack = await api.racks.addRack({ site: { name: 'Chicago DC3', code: 'ORD3' }, room: { name: 'Hall 1' }, rack: { name: 'ORD3-01', heightU: 48 } });
    expect(rack).toMatchObject({ name: 'ORD3-01', heightU: 48 });
    const tree = await api.racks.tree();
    expect(tree.map((n) => [n.site.code, n.rooms.map((r) => [r.room.name, r.racks.map((k) => k.name)])])).toEqual([['ORD3', [['Hall 1', ['ORD3-01']]]]]);
    const audited = t.core.services.store.prepare(`SELECT table_name FROM audit WHERE action = 'insert' ORDER BY id`).all() as Array<{ table_name: string }>;
    expect(audited.map((a) => a.table_name)).toEqual(['sites', 'rooms', 'racks']);

    // A second rack in the existing room: nothing new besides it.
    const siteId = tree[0]!.site.id, roomId = tree[0]!.rooms[0]!.room.id;
    await api.racks.addRack({ site: { id: siteId }, room: { id: roomId }, rack: { name: 'ORD3-02' } });
    expect([count('sites'), count('rooms'), count('racks')]).toEqual([1, 1, 2]);
  });

  it('writes nothing when a part is refused: zod on a field, a room of another site', async () => {
    const api = t.caller();
    const err = await api.racks.addRack({ site: { name: 'Chicago DC3', code: 'ORD3' }, room: { name: 'Hall 1' }, rack: { name: 'X', heightU: 70 } }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('BAD_REQUEST');
    expect(String(err)).toContain('taller than 60U');
    expect([count('sites'), count('rooms'), count('racks'), count('audit'), count('outbox')]).toEqual([0, 0, 0, 0, 0]);

    const other = await api.racks.addRack({ site: { name: 'Frankfurt', code: 'FRA9' }, room: { name: 'Hall A' }, rack: { name: 'FRA9-01' } });
    const otherRoom = (await api.racks.tree())[0]!.rooms[0]!.room.id;
    expect(other.roomId).toBe(otherRoom);
    const before = [count('sites'), count('rooms'), count('racks'), count('audit')];
    await expect(api.racks.addRack({ site: { name: 'Chicago DC3', code: 'ORD3' }, room: { id: otherRoom }, rack: { name: 'ORD3-01' } })).rejects.toThrow('That room is not at the chosen site.');
    expect([count('sites'), count('rooms'), count('racks'), count('audit')]).toEqual(before);
  });

  it('refuses a site code already in use, at its field, with the site named', async () => {
    const api = t.caller();
    await api.racks.addRack({ site: { name: 'Chicago DC3', code: 'ORD3' }, room: { name: 'Hall 1' }, rack: { name: 'ORD3-01' } });
    const before = [count('sites'), count('rooms'), count('racks'), count('audit')];
    const viaDialog = await api.racks.addRack({ site: { name: 'Chicago again', code: 'ORD3' }, room: { name: 'Hall 2' }, rack: { name: 'X-01' } }).catch((e: unknown) => e);
    expect(viaDialog).toMatchObject({ code: 'CONFLICT', message: 'Site code ORD3 is already used by Chicago DC3: pick another code, or add to that site.' });
    expect((viaDialog as { cause?: { field?: string } }).cause?.field).toBe('site.code');
    const direct = await api.racks.createSite({ name: 'Dup', code: 'ORD3', address: '' }).catch((e: unknown) => e);
    expect(direct).toMatchObject({ code: 'CONFLICT' });
    expect((direct as { cause?: { field?: string } }).cause?.field).toBe('code');
    expect([count('sites'), count('rooms'), count('racks'), count('audit')]).toEqual(before);
  });

  it('is for editors only', async () => {
    await expect(t.caller(actor('viewer')).racks.addRack({ site: { name: 'S', code: 'SS' }, room: { name: 'R' }, rack: { name: 'K' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
