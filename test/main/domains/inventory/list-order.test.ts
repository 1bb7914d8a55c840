// The inventory list pages from memory (list-index.ts) along orders read from migration
// 0011's indexes (the rack sort in two runs), kept fresh through the change log of
// migrations 0012 and 0013. It must return exactly what the single query it replaced
// returned (for ASCII; beyond it, case is ignored too, tested apart): that query is the
// oracle (list-oracle.ts), compared page by page over the demo lab plus rows made to collide
// (empty serials, rack names repeated across sites, devices without a rack, VMs), enough
// look-alike names for broad text filters, and changes made every way a device can change.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceListInput } from '../../../../shared/schemas/inventory';
import { deviceInput } from '../../../../shared/schemas/inventory';
import { localActor } from '../../../../src-main/core/create-core';
import { makeCore, type TestCore } from '../../helpers';
import { oracle, type OracleQuery } from './list-oracle';

let t: TestCore;
let siteId = '';
let rackId = '';
const BULK = 2_100;

beforeAll(() => {
  t = makeCore();
  t.core.services.demo.load();
  const s = t.core.services;
  const ctx = { actor: localActor() };
  s.store.write(() => {
    const site = s.racks.createSite(ctx, { name: 'Order', code: 'ORD1', address: '' });
    siteId = site.id;
    const room = s.racks.createRoom(ctx, { siteId: site.id, name: 'Hall' });
    // Rack names repeat (as across sites), so the rack sort has ties between racks.
    const racks = Array.from({ length: 60 }, (_, i) => s.racks.createRack(ctx, { roomId: room.id, name: ['A01', 'B07', 'C02'][i % 3]!, heightU: 42 }));
    rackId = racks[4]!.id;
    for (let i = 0; i < BULK; i++) {
      const rack = i % 7 === 0 ? null : racks[i % racks.length]!;
      s.inventory.create(ctx, deviceInput.parse({
        name: `bulk-${String(i % 1500).padStart(4, '0')}`, // repeated names: ties on name
        type: i % 9 === 0 ? 'switch' : 'server',
        status: ['available', 'faulty', 'rented', 'staging'][i % 4],
        ...(rack ? { rackId: rack.id, position: Math.floor(i / racks.length) + 1 } : { siteId: site.id }),
        serial: i % 3 === 0 ? '' : `SN-${i % 700}`, // empty and repeated serials
        assetTag: i % 5 === 0 ? '' : `AT-${i}`,
        primaryIp: `10.9.${i >> 8}.${i & 255}`,
      }), {});
    }
  });
});
afterAll(() => t.close());

async function same(q: OracleQuery) {
  const got = await t.caller().inventory.list(q);
  const want = oracle(t.core.services.store, q);
  expect({ total: got.total, ids: got.rows.map((r) => r.id) }, JSON.stringify(q)).toEqual(want);
  return got;
}

const SORTS = ['name', 'type', 'status', 'rack', 'position', 'serial', 'assetTag', 'updatedAt'] as const;

describe('inventory list order is unchanged by the paging indexes', () => {
  it('gives the same rows in the same order for every sort, both directions, first, middle, last and past-the-end pages', async () => {
    const total = (await t.caller().inventory.list({ limit: 1 })).total;
    expect(total).toBeGreaterThan(BULK + 400);
    for (const sort of SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const offset of [0, 37, Math.floor(total / 2) - 13, total - 100, total - 41, total - 1, total + 5]) {
          const got = await same({ sort, dir, offset, limit: 100 });
          if (offset < total) expect(got.rows.length).toBe(Math.min(100, total - offset));
        }
      }
    }
  });

  it('gives the same rows for each filter and their combinations, at every sort', async () => {
    const filters: DeviceListInput[] = [
      { status: ['faulty'] }, { status: ['available', 'rented'] }, { type: ['switch'] }, { type: ['server', 'vm'] },
      { siteId }, { rackId }, { status: ['staging'], type: ['server'], siteId },
    ];
    for (const f of filters) {
      const n = (await t.caller().inventory.list({ ...f, limit: 1 })).total;
      expect(n, JSON.stringify(f)).toBeGreaterThan(0);
      for (const sort of SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          for (const offset of [0, Math.max(0, Math.floor(n / 2) - 3), Math.max(0, n - 7)]) await same({ ...f, sort, dir, offset, limit: 25 });
        }
      }
    }
  });

  it('gives the same rows for narrow, short and broad text filters, with filters and sorts', async () => {
    // narrow, one and two letters, broad, none,
    // a LIKE wildcard taken literally, a status word that is in the search entry but not in the four columns
    const texts = ['bulk-0042', 'SN-69', '10.9.3.', 'AT-77', 'u', 'bu', 'bulk', 'bulk-0', 'nothing-here', '%', '_', 'faulty', 'BULK-01'];
    for (const text of texts) {
      for (const sort of SORTS) {
        for (const dir of ['asc', 'desc'] as const) await same({ text, sort, dir, offset: 0, limit: 50 });
      }
      await same({ text, sort: 'serial', dir: 'desc', offset: 60, limit: 50 });
      await same({ text, status: ['faulty'], sort: 'rack', dir: 'asc', offset: 10, limit: 50 });
    }
    // many matches, deep pages and the far end
    for (const text of ['bulk', 'bulk-0', 'SN-', '10.9.']) {
      for (const sort of SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          for (const offset of [400, 1000, BULK - 30]) await same({ text, sort, dir, offset, limit: 50 });
        }
      }
      await same({ text, status: ['rented'], siteId, sort: 'serial', dir: 'desc', offset: 200, limit: 50 });
    }
    expect((await t.caller().inventory.list({ text: 'bulk', limit: 1 })).total).toBe(BULK);
    expect((await t.caller().inventory.list({ text: '%', limit: 1 })).total).toBe(0);
  });

  it('sees a rename and a delete at once (no stale search entry or index)', async () => {
    const api = t.caller();
    const d = (await api.inventory.list({ text: 'bulk-0042', limit: 1 })).rows[0]!;
    await api.inventory.update({ id: d.id, patch: { name: 'renamed-zz-unique' } });
    expect((await same({ text: 'renamed-zz', sort: 'name', dir: 'asc', offset: 0, limit: 10 })).rows.map((r) => r.id)).toEqual([d.id]);
    await same({ text: 'bulk-0042', sort: 'name', dir: 'asc', offset: 0, limit: 10 });
  });

  it('sees a write from another connection to the same file (a `noc` command beside the app) at once', async () => {
    const api = t.caller();
    expect((await api.inventory.list({ text: 'bulk-0043', limit: 10 })).total).toBe(2);
    const other = new Database(join(t.dir, 'noc.sqlite'));
    try {
      other.prepare(`UPDATE devices SET serial = 'ZZ-OTHER-1' WHERE name = 'bulk-0043'`).run();
      other.prepare(`UPDATE devices SET deleted = 1 WHERE name = 'bulk-0044'`).run();
    } finally {
      other.close();
    }
    await same({ text: 'zz-other', sort: 'name', dir: 'asc', offset: 0, limit: 10 });
    expect((await api.inventory.list({ text: 'zz-other', limit: 10 })).total).toBe(2);
    expect((await api.inventory.list({ text: 'bulk-0044', limit: 10 })).total).toBe(0);
  });

  it('ignores case beyond ASCII, and takes every character literally', async () => {
    const api = t.caller();
    const d = await api.inventory.create(deviceInput.parse({ name: 'Ébène-Ω7', type: 'server', status: 'staging', siteId }));
    expect((await api.inventory.list({ text: 'éBÈNE-ω', limit: 10 })).rows.map((r) => r.id)).toEqual([d.id]);
    // the separator between the four columns in memory matches nothing, even beside real text
    expect((await api.inventory.list({ text: 'ébène-ω7\u001f', limit: 10 })).total).toBe(0);
    expect((await api.inventory.list({ text: '-ω7', sort: 'rack', dir: 'desc', limit: 10 })).total).toBe(1);
    // a capital sigma at the end of the term is the same letter as inside a word
    const g = await api.inventory.create(deviceInput.parse({ name: 'ΣΤΑΣΗ-01', type: 'server', status: 'staging', siteId }));
    expect((await api.inventory.list({ text: 'ΣΤΑΣ', limit: 10 })).rows.map((r) => r.id)).toEqual([g.id]);
    expect((await api.inventory.list({ text: 'στασ', limit: 10 })).rows.map((r) => r.id)).toEqual([g.id]);
  });

  it('follows a rack renamed (rack sort), a pruned change log and a bulk change, still matching the oracle', async () => {
    const api = t.caller();
    const check = async () => {
      for (const dir of ['asc', 'desc'] as const) await same({ text: 'bulk-00', sort: 'rack', dir, offset: 0, limit: 50 });
      await same({ text: 'bulk', sort: 'name', dir: 'asc', offset: 300, limit: 50 });
    };
    await check();
    const db = t.core.services.store;
    // a rack renamed (as the sync applies it) moves its devices in the rack sort, though no device row changed
    db.prepare(`UPDATE racks SET name = 'ZZ9' WHERE id = (SELECT id FROM racks WHERE name = 'A01' LIMIT 1)`).run();
    await check();
    // a reader further behind than the log keeps: the entries it needed are gone
    db.prepare(`UPDATE devices SET name = 'pruned-0001' WHERE name = 'bulk-0001'`).run();
    db.prepare(`UPDATE devices SET asset_tag = 'AT-pruned' WHERE name = 'bulk-0002'`).run();
    db.prepare(`DELETE FROM device_changes WHERE seq < (SELECT max(seq) FROM device_changes)`).run();
    await check();
    expect((await api.inventory.list({ text: 'pruned-0001', limit: 5 })).total).toBeGreaterThan(0);
    // more changed rows than are worth patching one by one
    db.prepare(`UPDATE devices SET serial = 'SN-bulk-' || rowid WHERE name LIKE 'bulk-%'`).run();
    await check();
    await same({ text: 'sn-bulk-', sort: 'serial', dir: 'desc', offset: 100, limit: 50 });
  });

  it('keeps every order it holds right as devices change: each changed row moved to its new place', async () => {
    const api = t.caller();
    const every = async () => {
      for (const sort of SORTS) {
        for (const dir of ['asc', 'desc'] as const) {
          for (const offset of [0, 700, 1500]) await same({ text: 'bulk-', sort, dir, offset, limit: 60 });
          await same({ text: 'bulk-01', status: ['faulty', 'rented'], sort, dir, offset: 0, limit: 60 });
        }
      }
    };
    await every(); // every order now held
    const ids = (await api.inventory.list({ text: 'bulk-01', sort: 'name', dir: 'asc', limit: 12 })).rows.map((r) => r.id);
    const otherRack = (await api.inventory.list({ text: 'bulk-0999', limit: 1 })).rows[0]!.rackId!;
    const ctx = { actor: localActor() };
    const s = t.core.services;
    s.store.write(() => {
      s.inventory.update(ctx, { id: ids[0]!, patch: { name: 'aaa-bulk-first' } });
      s.inventory.update(ctx, { id: ids[1]!, patch: { name: 'zzz-bulk-last', serial: 'SN-0000' } });
      s.inventory.update(ctx, { id: ids[2]!, patch: { type: 'pdu', assetTag: 'AT-zz' } });
      s.inventory.update(ctx, { id: ids[3]!, patch: { rackId: otherRack, position: 40 } });
      s.inventory.update(ctx, { id: ids[4]!, patch: { rackId: null, position: null, siteId } });
      s.inventory.setStatus({ ...ctx, reason: 'moved in the status sort' }, ids[5]!, 'faulty');
      s.inventory.remove(ctx, ids[6]!);
      s.inventory.create(ctx, deviceInput.parse({ name: 'bulk-new-1', type: 'server', status: 'rented', siteId, serial: 'SN-new', assetTag: 'AT-new' }));
    });
    await every();
  });

  it('moves many changed rows at once into a held order, each past the others still out of place', async () => {
    const api = t.caller();
    const page = (offset: number) => same({ text: 'bulk', sort: 'name', dir: 'asc', offset, limit: 100 });
    for (let offset = 0; offset < 2200; offset += 100) await page(offset); // the name order is held
    // 40 devices from the middle swap ends: the first goes last, the last goes first
    const ids = (await api.inventory.list({ text: 'bulk-07', sort: 'name', dir: 'asc', limit: 40 })).rows.map((r) => r.id);
    const ctx = { actor: localActor() };
    const s = t.core.services;
    s.store.write(() => ids.forEach((id, i) => s.inventory.update(ctx, { id, patch: { name: `bulk-${String(1499 - i * 37).padStart(4, '0')}-moved` } })));
    for (let offset = 0; offset < 2200; offset += 100) await page(offset);
  });

  it('lists a device that reached the store before its rack (as the sync may) among those without one, then in its rack', async () => {
    const store = t.core.services.store;
    const check = async () => {
      const n = (await t.caller().inventory.list({ limit: 1 })).total;
      for (const dir of ['asc', 'desc'] as const) {
        for (let offset = 0; offset < n; offset += 250) await same({ sort: 'rack', dir, offset, limit: 250 });
        await same({ text: 'early-bird', sort: 'rack', dir, offset: 0, limit: 10 });
      }
    };
    await check(); // both rack orders now held
    const template = store.prepare(`SELECT * FROM devices WHERE rack_id IS NOT NULL AND deleted = 0 LIMIT 1`).get() as Record<string, unknown>;
    const rackRow = store.prepare(`SELECT * FROM racks WHERE id = ?`).get(template.rack_id) as Record<string, unknown>;
    const lateRack = '0190bbbb-0000-7000-8000-00000000late';
    expect(store.applyRemote('devices', [{ ...template, id: '0190bbbb-0000-7000-8000-0000000early', name: 'early-bird-1', rack_id: lateRack, position: 3, serial: 'SN-early', asset_tag: 'AT-early', primary_ip: '' }])).toEqual([]);
    await check(); // moved into the held orders
    store.prepare(`UPDATE racks SET name = 'B07x' WHERE id = ?`).run(template.rack_id);
    await check(); // the rack orders read again while the device still has no rack in the store
    expect(store.applyRemote('racks', [{ ...rackRow, id: lateRack, name: 'AAA-late-rack' }])).toEqual([]);
    await check(); // the rack arrived
    expect((await t.caller().inventory.list({ text: 'early-bird', limit: 1 })).rows[0]).toMatchObject({ rackName: 'AAA-late-rack' });
  });
});
