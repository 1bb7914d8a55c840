// A log of which devices changed: every insert, update and delete of a device row, whoever
// writes it (the repository layer, the sync's applyRemote, another connection such as the
// IPAM import worker or a `noc` command beside a running app) adds its rowid. Triggers, not
// code, so that no write path can miss it. The inventory list holds the devices in memory
// (domains/inventory/list-index.ts) and reads again only the rows named here since it last
// looked. A rack renamed is logged too, with no device (device_rowid NULL): it moves
// the devices in the list sorted by rack. The newest DEVICE_CHANGES_KEPT entries are kept; a
// reader further behind reads everything again.
// Local only: no synced columns, so it never syncs.
import type { Migration } from './types';

export const DEVICE_CHANGES_KEPT = 10_000;

/** A trigger's body: log `rowid` (NULL: no one device) and drop the entries past the newest kept. */
export const logDeviceChange = (rowid: string) => `INSERT INTO device_changes (device_rowid) VALUES (${rowid});
  DELETE FROM device_changes WHERE seq <= last_insert_rowid() - ${DEVICE_CHANGES_KEPT};`;

export const migration0012: Migration = {
  version: 12,
  name: 'device-changes',
  up(db) {
    db.exec(`
      CREATE TABLE device_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, device_rowid INTEGER);
      CREATE TRIGGER devices_log_insert AFTER INSERT ON devices BEGIN ${logDeviceChange('NEW.rowid')} END;
      CREATE TRIGGER devices_log_update AFTER UPDATE ON devices BEGIN ${logDeviceChange('NEW.rowid')} END;
      CREATE TRIGGER devices_log_delete AFTER DELETE ON devices BEGIN ${logDeviceChange('OLD.rowid')} END;
      CREATE TRIGGER racks_log_rename AFTER UPDATE OF name ON racks WHEN OLD.name IS NOT NEW.name BEGIN ${logDeviceChange('NULL')} END;
    `);
  },
};
