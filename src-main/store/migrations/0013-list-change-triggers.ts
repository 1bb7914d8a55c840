// Migration 0012's change log, narrowed and widened to what the inventory list pages by:
// - an update logs a device only when a column the list filters, searches or sorts by
//   changes (the sync's bookkeeping of `rev` after a push no longer has every device
//   logged, and the list's orders read again);
// - a rack added or removed is logged (with no device) as a rename already is: a device
//   that reached this store before its rack (the sync's pages do not wait for parents)
//   sorts among the devices without a rack until the rack arrives.
import { logDeviceChange } from './0012-device-changes';
import type { Migration } from './types';

/** The device columns the inventory list filters, searches or sorts by (a page's rows are read afresh). */
export const LISTED_DEVICE_COLUMNS = 'name, type, status, site_id, rack_id, position, serial, asset_tag, primary_ip, updated_at, deleted';

export const migration0013: Migration = {
  version: 13,
  name: 'list-change-triggers',
  up(db) {
    db.exec(`
      DROP TRIGGER devices_log_update;
      CREATE TRIGGER devices_log_update AFTER UPDATE OF ${LISTED_DEVICE_COLUMNS} ON devices BEGIN ${logDeviceChange('NEW.rowid')} END;
      CREATE TRIGGER racks_log_insert AFTER INSERT ON racks BEGIN ${logDeviceChange('NULL')} END;
      CREATE TRIGGER racks_log_delete AFTER DELETE ON racks BEGIN ${logDeviceChange('NULL')} END;
    `);
  },
};
