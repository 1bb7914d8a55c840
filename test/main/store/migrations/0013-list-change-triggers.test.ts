import { describe, expect, it } from 'vitest';
import { applyMigration, columns, dbAtVersion } from './helpers';

describe('migration 0013 list change triggers', () => {
  it('on a store at schema 12 with rows and a log, keeps both', () => {
    const db = dbAtVersion(12);
    db.prepare(`INSERT INTO devices (id, updated_at, name, type, status) VALUES ('d1', 'h', 'srv1', 'server', 'available')`).run();
    const before = columns(db, 'devices');
    applyMigration(db, 13);
    expect(columns(db, 'devices')).toEqual(before);
    expect(db.prepare(`SELECT name FROM devices`).pluck().all()).toEqual(['srv1']);
    expect(db.prepare(`SELECT count(*) FROM device_changes`).pluck().get()).toBe(1);
    db.close();
  });

  it('logs an update only when a column the list uses changes, and every rack added or removed', () => {
    const db = dbAtVersion(13);
    const log = () => db.prepare(`SELECT device_rowid FROM device_changes ORDER BY seq`).pluck().all();
    const d = db.prepare(`INSERT INTO devices (id, updated_at, name, type, status) VALUES ('d1', 'h', 'srv1', 'server', 'available')`).run().lastInsertRowid;
    db.prepare(`UPDATE devices SET rev = 7 WHERE id = 'd1'`).run(); // the sync's bookkeeping after a push
    db.prepare(`UPDATE devices SET os = 'Debian 12', notes = 'x' WHERE id = 'd1'`).run();
    expect(log()).toEqual([d]);
    for (const [col, value] of [['name', 'srv2'], ['type', 'switch'], ['status', 'faulty'], ['serial', 'S'], ['asset_tag', 'A'], ['primary_ip', '10.0.0.1'],
      ['position', 3], ['updated_at', 'h2'], ['deleted', 1]] as const) {
      db.prepare(`UPDATE devices SET ${col} = ? WHERE id = 'd1'`).run(value);
    }
    expect(log()).toHaveLength(10);
    db.prepare(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s1', 'h', 'Site', 'S1')`).run();
    db.prepare(`INSERT INTO rooms (id, updated_at, site_id, name) VALUES ('m1', 'h', 's1', 'Hall')`).run();
    db.prepare(`UPDATE devices SET site_id = 's1' WHERE id = 'd1'`).run();
    db.prepare(`INSERT INTO racks (id, updated_at, room_id, name, height_u) VALUES ('r1', 'h', 'm1', 'A01', 42)`).run();
    db.prepare(`UPDATE devices SET rack_id = 'r1' WHERE id = 'd1'`).run();
    db.prepare(`UPDATE devices SET rack_id = NULL WHERE id = 'd1'`).run();
    db.prepare(`UPDATE racks SET height_u = 48 WHERE id = 'r1'`).run();
    db.prepare(`DELETE FROM racks WHERE id = 'r1'`).run();
    expect(log().slice(10)).toEqual([d, null, d, d, null]);
    db.close();
  });
});
