import { describe, expect, it } from 'vitest';
import { DEVICE_CHANGES_KEPT } from '../../../../src-main/store/migrations/0012-device-changes';
import { localSyncedTables } from '../../../../src-main/sync/tables';
import { applyMigration, columns, dbAtVersion } from './helpers';

const addDevice = (db: ReturnType<typeof dbAtVersion>, id: string) =>
  db.prepare(`INSERT INTO devices (id, updated_at, name, type, status) VALUES (?, 'h', ?, 'server', 'available')`).run(id, `srv-${id}`).lastInsertRowid;

describe('migration 0012 device changes', () => {
  it('adds the log on a store at schema 11 with rows, keeps the rows, and stays out of the sync', () => {
    const db = dbAtVersion(11);
    addDevice(db, 'd1');
    const before = columns(db, 'devices');
    applyMigration(db, 12);
    expect(columns(db, 'devices')).toEqual(before);
    expect(db.prepare(`SELECT name FROM devices`).pluck().all()).toEqual(['srv-d1']);
    expect(db.prepare(`SELECT count(*) FROM device_changes`).pluck().get()).toBe(0);
    expect(localSyncedTables(db).map((t) => t.name)).not.toContain('device_changes');
    db.close();
  });

  it('logs every insert, update and delete of a device and every rack renamed, nothing that rolled back or touched nothing', () => {
    const db = dbAtVersion(12);
    const log = () => db.prepare(`SELECT device_rowid FROM device_changes ORDER BY seq`).pluck().all();
    const a = addDevice(db, 'd1');
    const b = addDevice(db, 'd2');
    db.prepare(`UPDATE devices SET status = 'faulty' WHERE id = 'd2'`).run();
    db.prepare(`UPDATE devices SET name = 'none' WHERE id = 'nobody'`).run();
    expect(() => db.transaction(() => {
      db.prepare(`UPDATE devices SET name = 'srv3' WHERE id = 'd1'`).run();
      throw new Error('abandoned');
    })()).toThrow('abandoned');
    db.prepare(`DELETE FROM devices WHERE id = 'd1'`).run();
    expect(log()).toEqual([a, b, b, a]);
    db.prepare(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s1', 'h', 'Site', 'S1')`).run();
    db.prepare(`INSERT INTO rooms (id, updated_at, site_id, name) VALUES ('m1', 'h', 's1', 'Hall')`).run();
    db.prepare(`INSERT INTO racks (id, updated_at, room_id, name, height_u) VALUES ('r1', 'h', 'm1', 'A01', 42)`).run();
    db.prepare(`UPDATE racks SET height_u = 48 WHERE id = 'r1'`).run();
    db.prepare(`UPDATE racks SET name = 'A01' WHERE id = 'r1'`).run();
    expect(log()).toEqual([a, b, b, a]);
    db.prepare(`UPDATE racks SET name = 'B02' WHERE id = 'r1'`).run();
    expect(log()).toEqual([a, b, b, a, null]);
    db.close();
  });

  it(`keeps the newest ${DEVICE_CHANGES_KEPT.toLocaleString('en')} entries, numbered on without reuse`, () => {
    const db = dbAtVersion(12);
    const row = addDevice(db, 'd1');
    const update = db.prepare(`UPDATE devices SET rev = ? WHERE rowid = ?`);
    db.transaction(() => { for (let i = 0; i < DEVICE_CHANGES_KEPT + 499; i++) update.run(i, row); })();
    expect(db.prepare(`SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM device_changes`).get()).toEqual({ n: DEVICE_CHANGES_KEPT, lo: 501, hi: DEVICE_CHANGES_KEPT + 500 });
    db.prepare(`DELETE FROM device_changes`).run();
    addDevice(db, 'd2');
    expect(db.prepare(`SELECT seq FROM device_changes`).pluck().get()).toBe(DEVICE_CHANGES_KEPT + 501);
    db.close();
  });
});
