// The offline rack walk-through (issue 6), mirroring the local store's migration 0007.
// Technicians walk racks; provisioning and admins may too.
import { ref, syncedTable } from './helpers';
import type { PgMigration } from './types';

const walkers = { write: ['technician', 'provisioning'] as Array<'technician' | 'provisioning'> };

export const pgMigration0003: PgMigration = {
  version: 3,
  name: 'walks',
  sql: `
${syncedTable('walks', `
  name text NOT NULL,
  status text NOT NULL DEFAULT 'planned',
  created_by text NOT NULL DEFAULT '',
  started_at text NOT NULL DEFAULT '',
  finished_at text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT ''`, walkers)}

${syncedTable('walk_racks', `
  walk_id text NOT NULL ${ref('walks')},
  rack_id text NOT NULL ${ref('racks')},
  ord integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'pending',
  current_u integer,
  checklist text NOT NULL DEFAULT '[]',
  notes text NOT NULL DEFAULT '',
  photos text NOT NULL DEFAULT '[]',
  finished_at text NOT NULL DEFAULT ''`, walkers)}
CREATE INDEX walk_racks_walk ON walk_racks (walk_id);

${syncedTable('walk_checks', `
  walk_id text NOT NULL ${ref('walks')},
  walk_rack_id text NOT NULL ${ref('walk_racks')},
  rack_id text NOT NULL,
  u integer NOT NULL,
  device_id text,
  expected text NOT NULL DEFAULT '{}',
  result text NOT NULL,
  scanned text NOT NULL DEFAULT '',
  found_device_id text,
  note text NOT NULL DEFAULT '',
  checked_by text NOT NULL DEFAULT '',
  checked_at text NOT NULL DEFAULT ''`, walkers)}
CREATE INDEX walk_checks_rack ON walk_checks (walk_rack_id, u);

${syncedTable('walk_tasks', `
  walk_id text NOT NULL ${ref('walks')},
  check_id text,
  rack_id text,
  device_id text,
  kind text NOT NULL,
  title text NOT NULL,
  detail text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'open',
  ticket_id text`, walkers)}
`,
};
