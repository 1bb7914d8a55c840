// Sites → rooms → racks → devices, mirroring the local store's migration 0002 column for
// column (same names, same meaning), with the sync machinery of helpers.ts.
// Who writes: sites and rooms are the admins' (a new building is not a floor decision);
// racks and devices: admins, technicians and provisioning. Everybody on the staff reads.
import { ref, syncedTable } from './helpers';
import type { PgMigration } from './types';

export const pgMigration0002: PgMigration = {
  version: 2,
  name: 'inventory',
  sql: `
${syncedTable('sites', `
  name text NOT NULL,
  code text NOT NULL,
  address text NOT NULL DEFAULT ''`, { write: [] })}
CREATE UNIQUE INDEX sites_code ON sites (code) WHERE deleted = 0;

${syncedTable('rooms', `
  site_id text NOT NULL ${ref('sites')},
  name text NOT NULL`, { write: [] })}
CREATE INDEX rooms_site ON rooms (site_id);

${syncedTable('racks', `
  room_id text NOT NULL ${ref('rooms')},
  name text NOT NULL,
  height_u integer NOT NULL CHECK (height_u BETWEEN 1 AND 60)`, { write: ['technician', 'provisioning'] })}
CREATE INDEX racks_room ON racks (room_id);

${syncedTable('devices', `
  name text NOT NULL,
  type text NOT NULL,
  status text NOT NULL,
  site_id text ${ref('sites')},
  rack_id text ${ref('racks')},
  position integer,
  height_u integer NOT NULL DEFAULT 1,
  face text NOT NULL DEFAULT 'front',
  width text NOT NULL DEFAULT 'full',
  full_depth integer NOT NULL DEFAULT 1,
  host_id text ${ref('devices')},
  os text NOT NULL DEFAULT '',
  serial text NOT NULL DEFAULT '',
  asset_tag text NOT NULL DEFAULT '',
  mgmt_ip text NOT NULL DEFAULT '',
  primary_ip text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT '',
  specs text NOT NULL DEFAULT '{}'`, { write: ['technician', 'provisioning'] })}
CREATE INDEX devices_rack ON devices (rack_id, position);
CREATE INDEX devices_host ON devices (host_id);
CREATE INDEX devices_serial ON devices (serial);
`,
};
