// Sites → rooms → racks → devices (servers, VMs, switches, PDUs, patch panels).
import type { Migration } from './types';

const synced = `id TEXT PRIMARY KEY, rev INTEGER, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0`;

export const migration0002: Migration = {
  version: 2,
  name: 'inventory',
  up(db) {
    db.exec(`
      CREATE TABLE sites (${synced}, name TEXT NOT NULL, code TEXT NOT NULL, address TEXT NOT NULL DEFAULT '');
      CREATE UNIQUE INDEX sites_code ON sites(code) WHERE deleted = 0;

      CREATE TABLE rooms (${synced}, site_id TEXT NOT NULL REFERENCES sites(id), name TEXT NOT NULL);
      CREATE INDEX rooms_site ON rooms(site_id);

      CREATE TABLE racks (${synced}, room_id TEXT NOT NULL REFERENCES rooms(id), name TEXT NOT NULL,
        height_u INTEGER NOT NULL CHECK (height_u BETWEEN 1 AND 60));
      CREATE INDEX racks_room ON racks(room_id);

      CREATE TABLE devices (${synced},
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        site_id TEXT REFERENCES sites(id),
        rack_id TEXT REFERENCES racks(id),
        position INTEGER,
        height_u INTEGER NOT NULL DEFAULT 1,
        face TEXT NOT NULL DEFAULT 'front',
        width TEXT NOT NULL DEFAULT 'full',
        full_depth INTEGER NOT NULL DEFAULT 1,
        host_id TEXT REFERENCES devices(id),
        os TEXT NOT NULL DEFAULT '',
        serial TEXT NOT NULL DEFAULT '',
        asset_tag TEXT NOT NULL DEFAULT '',
        mgmt_ip TEXT NOT NULL DEFAULT '',
        primary_ip TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        specs TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX devices_name ON devices(deleted, name COLLATE NOCASE);
      CREATE INDEX devices_status ON devices(deleted, status, name);
      CREATE INDEX devices_type ON devices(deleted, type, name);
      CREATE INDEX devices_site ON devices(site_id, name);
      CREATE INDEX devices_rack ON devices(rack_id, position);
      CREATE INDEX devices_host ON devices(host_id);
      CREATE INDEX devices_serial ON devices(serial);
      CREATE INDEX devices_asset ON devices(asset_tag);
    `);
  },
};
