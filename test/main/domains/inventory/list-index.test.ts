// The in-memory list's edges that the order tests (list-order, list-random) do not reach:
// rowids set by hand far from the others, a list inside a write that rolls back, the page
// and its rows read in one snapshot, and warming a store that is already closed.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceListInput } from '../../../../shared/schemas/inventory';
import { localActor } from '../../../../src-main/core/create-core';
import { DeviceListIndex, type ListOrder } from '../../../../src-main/domains/inventory/list-index';
import { makeCore, type TestCore } from '../../helpers';

let t: TestCore | null = null;
afterEach(() => { t?.close(); t = null; });

describe('inventory list in memory', () => {
  it('pages right when a rowid was set far past the others (written by hand), before and after it appears', async () => {
    t = makeCore();
    t.core.services.demo.load();
    const api = t.caller();
    const before = await api.inventory.list({ sort: 'name', dir: 'asc', limit: 5 });
    const insert = (rowid: number, id: string) => t!.core.services.store.prepare(`INSERT INTO devices (rowid, id, updated_at, name, type, status) VALUES (?, ?, 'x', ?, 'server', 'available')`).run(rowid, id, `000-${id}`);
    insert(-5, 'low-rowid');
    expect((await api.inventory.list({ text: '000-', limit: 5 })).rows.map((r) => r.id)).toEqual(['low-rowid']);
    insert(2 ** 40, 'far-rowid');
    const after = await api.inventory.list({ sort: 'name', dir: 'asc', limit: 5 });
    expect(after.total).toBe(before.total + 2);
    expect(after.rows.slice(0, 2).map((r) => r.id)).toEqual(['far-rowid', 'low-rowid']);
    expect((await api.inventory.list({ text: '000-', limit: 5 })).rows.map((r) => r.id).sort()).toEqual(['far-rowid', 'low-rowid']);
    // and read whole from the start, as a host warms it
    t.core.services.store.prepare(`DELETE FROM device_changes`).run();
    t.core.services.inventory.warmListIndex();
    expect((await api.inventory.list({ text: 'FAR-row', status: ['available'], limit: 5 })).rows.map((r) => r.id)).toEqual(['far-rowid']);
    expect((await api.inventory.list({ text: 'low-row', limit: 5 })).total).toBe(1);
  });

  it('forgets what it read inside a write that then rolled back', async () => {
    t = makeCore();
    t.core.services.demo.load();
    const s = t.core.services;
    const ctx = { actor: localActor() };
    const [a, b] = (await t.caller().inventory.list({ sort: 'name', dir: 'asc', limit: 2 })).rows;
    expect(() => s.store.write(() => {
      s.inventory.update(ctx, { id: a!.id, patch: { name: 'rolled-back-name' } });
      expect(s.inventory.list(deviceListInput.parse({ text: 'rolled-back' })).total).toBe(1); // seen inside the write
      throw new Error('abandoned');
    })).toThrow('abandoned');
    // one committed write takes the change log back to the same entry number as inside the rolled-back write
    s.store.write(() => s.inventory.update(ctx, { id: b!.id, patch: { assetTag: 'AT-after' } }));
    expect(s.inventory.list(deviceListInput.parse({ text: 'rolled-back' })).total).toBe(0);
    expect(s.inventory.list(deviceListInput.parse({ text: 'at-after' })).rows.map((r) => r.id)).toEqual([b!.id]);
  });

  it('reads the page and its rows in one snapshot, though another connection commits in between', () => {
    t = makeCore();
    t.core.services.demo.load();
    const store = t.core.services.store;
    const index = new DeviceListIndex(store);
    const read = () => store.prepare(`SELECT rowid FROM devices WHERE deleted = 0 ORDER BY name, id`).pluck().all() as number[];
    const byName: ListOrder = { all: read, complete: read, first: (a, b) => read().find((r) => r === a || r === b)!, byRackName: false };
    const other = new Database(join(t.dir, 'noc.sqlite'));
    try {
      const { rows, total } = index.page(deviceListInput.parse({ status: ['faulty'], limit: 5 }), byName, (rowids) => {
        other.prepare(`UPDATE devices SET status = 'available' WHERE rowid IN (${rowids.join(',')})`).run();
        return store.prepare(`SELECT status FROM devices WHERE rowid IN (${rowids.join(',')})`).pluck().all();
      });
      expect(total).toBeGreaterThan(5);
      expect(rows).toEqual(['faulty', 'faulty', 'faulty', 'faulty', 'faulty']);
    } finally {
      other.close();
    }
  });

  it('warming a closed store does nothing (a host closed before its timer ran)', () => {
    t = makeCore();
    const inventory = t.core.services.inventory;
    t.close();
    t = null;
    expect(() => inventory.warmListIndex()).not.toThrow();
  });
});
