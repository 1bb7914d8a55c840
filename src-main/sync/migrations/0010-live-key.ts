// The live key (issue 6, see src-main/sync/live-key.ts): live poll results on `noc_live` are
// sealed with it, because PostgreSQL cannot restrict LISTEN by GRANT. Made by `noc db migrate`
// from Node's crypto (never in this SQL). Every staff group reads it — a wall on a viewer's
// login shows live results — and no customer login: PostgreSQL refuses them (42501). Granted
// group by group, not to noc_staff, so a group added later gets it only by a decision.
// retired_at marks a rotated key (still readable: messages in flight open).
import type { PgMigration } from './types';

export const pgMigration0010: PgMigration = {
  version: 10,
  name: 'live-key',
  sql: `
CREATE TABLE noc_live_keys (
  key_id text PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9_-]{1,40}$'),
  key bytea NOT NULL CHECK (octet_length(key) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL DEFAULT session_user,
  retired_at timestamptz
);
CREATE UNIQUE INDEX noc_live_keys_one_current ON noc_live_keys ((true)) WHERE retired_at IS NULL;
REVOKE ALL ON noc_live_keys FROM PUBLIC;
GRANT SELECT ON noc_live_keys TO noc_admin, noc_technician, noc_provisioning, noc_billing, noc_viewer;
`,
};
