import { describe, expect, it } from 'vitest';
import { applyMigration, columns, dbAtVersion, SYNC_COLUMNS } from './helpers';

describe('migration 0002 inventory', () => {
  it('creates sites, rooms, racks and devices with the sync columns', () => {
    const db = dbAtVersion(1);
    applyMigration(db, 2);
    for (const table of ['sites', 'rooms', 'racks', 'devices']) {
      expect(columns(db, table)).toEqual(expect.arrayContaining([...SYNC_COLUMNS, 'demo']));
    }
    expect(columns(db, 'devices')).toEqual(expect.arrayContaining(['position', 'height_u', 'face', 'width', 'full_depth', 'host_id', 'serial', 'asset_tag', 'specs']));
  });

  it('keeps racks between 1 and 60 U and rooms tied to a real site', () => {
    const db = dbAtVersion(2);
    db.prepare(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s1', 'h', 'S', 'S1')`).run();
    db.prepare(`INSERT INTO rooms (id, updated_at, site_id, name) VALUES ('r1', 'h', 's1', 'R')`).run();
    expect(() => db.prepare(`INSERT INTO racks (id, updated_at, room_id, name, height_u) VALUES ('k1', 'h', 'r1', 'A', 61)`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO rooms (id, updated_at, site_id, name) VALUES ('r2', 'h', 'nope', 'R')`).run()).toThrow(/FOREIGN KEY/);
  });

  it('allows one live site per code', () => {
    const db = dbAtVersion(2);
    db.prepare(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s1', 'h', 'S', 'IAD1')`).run();
    expect(() => db.prepare(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s2', 'h', 'S', 'IAD1')`).run()).toThrow(/UNIQUE/);
    db.prepare(`UPDATE sites SET deleted = 1 WHERE id = 's1'`).run();
    db.prepare(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s2', 'h', 'S', 'IAD1')`).run();
  });
});
