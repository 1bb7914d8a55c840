import { describe, expect, it } from 'vitest';
import { applyMigration, columns, dbAtVersion, SYNC_COLUMNS } from './helpers';

const ins = (db: ReturnType<typeof dbAtVersion>, id: string, key: string, status = 'used', vrf = '') =>
  db.prepare(`INSERT INTO ipam_addresses (id, updated_at, vrf, family, address, key, status) VALUES (?, 'h', ?, 4, 'x', ?, ?)`).run(id, vrf, key, status);
const blocks = (db: ReturnType<typeof dbAtVersion>) => db.prepare(`SELECT vrf, block, used FROM ipam_address_blocks ORDER BY vrf, block`).all();

describe('migration 0004 ipam', () => {
  it('creates VLANs, prefixes, addresses and ranges with the sync columns', () => {
    const db = dbAtVersion(3);
    applyMigration(db, 4);
    for (const table of ['ipam_vlans', 'ipam_prefixes', 'ipam_addresses', 'ipam_ranges']) {
      expect(columns(db, table)).toEqual(expect.arrayContaining([...SYNC_COLUMNS, 'demo']));
    }
    expect(columns(db, 'ipam_prefixes')).toEqual(expect.arrayContaining(['start_key', 'end_key', 'parent_id', 'zone', 'customer_id', 'justification']));
    expect(columns(db, 'ipam_addresses')).toEqual(expect.arrayContaining(['key', 'device_id', 'customer_id', 'rental_id', 'assigned_at', 'justification']));
    expect(columns(db, 'ipam_address_blocks')).toEqual(['vrf', 'block', 'used']);
  });

  it('allows one live row per address and VRF', () => {
    const db = dbAtVersion(4);
    ins(db, 'a1', '4cb00712d');
    expect(() => ins(db, 'a2', '4cb00712d')).toThrow(/UNIQUE/);
    ins(db, 'a3', '4cb00712d', 'used', 'blue');
    db.prepare(`UPDATE ipam_addresses SET deleted = 1 WHERE id = 'a1'`).run();
    ins(db, 'a4', '4cb00712d');
  });

  it('allows one live prefix per VRF, network and length, and checks the length per family', () => {
    const db = dbAtVersion(4);
    const p = (id: string, length: number, family = 4) => db.prepare(`INSERT INTO ipam_prefixes (id, updated_at, family, prefix, length, start_key, end_key, status, zone)
      VALUES (?, 'h', ?, 'x', ?, '4cb007100', '4cb0071ff', 'active', 'public')`).run(id, family, length);
    p('p1', 24);
    expect(() => p('p2', 24)).toThrow(/UNIQUE/);
    p('p3', 25);
    expect(() => p('p4', 33)).toThrow(/CHECK/);
    p('p5', 128, 6);
  });

  it('keeps the per-block counts of occupied addresses whoever writes the rows', () => {
    const db = dbAtVersion(4);
    ins(db, 'a1', '4cb007101');
    ins(db, 'a2', '4cb007102');
    ins(db, 'a3', '4cb007201', 'free');
    ins(db, 'a4', '4cb007103', 'used', 'blue');
    expect(blocks(db)).toEqual([{ vrf: '', block: '4cb0071', used: 2 }, { vrf: 'blue', block: '4cb0071', used: 1 }]);
    db.prepare(`UPDATE ipam_addresses SET status = 'free' WHERE id = 'a1'`).run();
    db.prepare(`UPDATE ipam_addresses SET status = 'reserved' WHERE id = 'a3'`).run();
    db.prepare(`UPDATE ipam_addresses SET deleted = 1 WHERE id = 'a2'`).run();
    db.prepare(`UPDATE ipam_addresses SET description = 'no effect' WHERE id = 'a4'`).run();
    db.prepare(`DELETE FROM ipam_addresses WHERE id = 'a4'`).run();
    expect(blocks(db)).toEqual([{ vrf: '', block: '4cb0071', used: 0 }, { vrf: '', block: '4cb0072', used: 1 }, { vrf: 'blue', block: '4cb0071', used: 0 }]);
  });
});
