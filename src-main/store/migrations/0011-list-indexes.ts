// Indexes that match every sort the inventory table and the ticket queue offer, tie-break
// included, and carry the filter columns, so a page is read from one index (no table
// rows, no sort) however deep the offset. Indexes only: no table or column changes.
import type { Migration } from './types';

// The filter columns of the inventory list, carried by each sort index.
const DEVICE_FILTERS = 'status, type, site_id, rack_id';
// Must be written exactly as tickets/repository.ts orders by priority, or SQLite cannot use it.
export const TICKET_PRIORITY_RANK = "CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END";

export const migration0011: Migration = {
  version: 11,
  name: 'list-indexes',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS devices_name;
      DROP INDEX IF EXISTS devices_status;
      DROP INDEX IF EXISTS devices_type;
      DROP INDEX IF EXISTS devices_serial;
      DROP INDEX IF EXISTS devices_asset;
      -- Each sort twice: the list breaks ties by id ascending in both directions, so a
      -- descending sort walks the second index (id DESC) backwards. name also carries the
      -- text-filter columns: the list reads every device from this index, not the table
      -- (domains/inventory/list-index.ts).
      CREATE INDEX devices_name ON devices(deleted, name COLLATE NOCASE, id, ${DEVICE_FILTERS}, serial, asset_tag, primary_ip);
      CREATE INDEX devices_name_desc ON devices(deleted, name COLLATE NOCASE, id DESC, ${DEVICE_FILTERS});
      CREATE INDEX devices_status ON devices(deleted, status, name, id, type, site_id, rack_id);
      CREATE INDEX devices_status_desc ON devices(deleted, status, name, id DESC, type, site_id, rack_id);
      CREATE INDEX devices_type ON devices(deleted, type, name, id, status, site_id, rack_id);
      CREATE INDEX devices_type_desc ON devices(deleted, type, name, id DESC, status, site_id, rack_id);
      CREATE INDEX devices_position ON devices(deleted, position, name, id, ${DEVICE_FILTERS});
      CREATE INDEX devices_position_desc ON devices(deleted, position, name, id DESC, ${DEVICE_FILTERS});
      CREATE INDEX devices_serial ON devices(deleted, serial, id, ${DEVICE_FILTERS});
      CREATE INDEX devices_serial_desc ON devices(deleted, serial, id DESC, ${DEVICE_FILTERS});
      CREATE INDEX devices_asset ON devices(deleted, asset_tag, id, ${DEVICE_FILTERS});
      CREATE INDEX devices_asset_desc ON devices(deleted, asset_tag, id DESC, ${DEVICE_FILTERS});
      CREATE INDEX devices_updated ON devices(deleted, updated_at, id, ${DEVICE_FILTERS});
      CREATE INDEX devices_updated_desc ON devices(deleted, updated_at, id DESC, ${DEVICE_FILTERS});
      -- the rack sort walks racks by name, then each rack's devices by position (sorted per rack name)
      -- (devices_rack stays as it is: other queries rely on its order of ties)
      CREATE INDEX devices_rack_sort ON devices(rack_id, position, id, deleted, status, type, site_id);
      CREATE INDEX devices_rack_sort_desc ON devices(rack_id, position, id DESC, deleted, status, type, site_id);
      CREATE INDEX racks_name ON racks(name, id);

      CREATE INDEX tickets_queue_priority ON tickets(deleted, queue_id, (${TICKET_PRIORITY_RANK}), number, status);
      CREATE INDEX tickets_queue_due ON tickets(deleted, queue_id, resolution_due, number, status);
      CREATE INDEX tickets_queue_updated ON tickets(deleted, queue_id, updated_at, number, status);
      CREATE INDEX tickets_priority ON tickets(deleted, (${TICKET_PRIORITY_RANK}), number, status);
      CREATE INDEX tickets_due ON tickets(deleted, resolution_due, number, status);
      CREATE INDEX tickets_updated ON tickets(deleted, updated_at, number, status);
      -- "Mine": one person's open tickets, in one queue or all, newest first
      CREATE INDEX tickets_queue_assignee ON tickets(deleted, queue_id, assignee, number, status);
      CREATE INDEX tickets_live_assignee ON tickets(deleted, assignee, number, status);
    `);
  },
};
