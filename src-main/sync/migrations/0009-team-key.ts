// Secrets every client of a team can open (issue 6, see src-main/sync/team-key.ts):
//  - noc_team_keys: the team's 256-bit AES key(s), made by `noc db migrate` from Node's crypto
//    (never from PostgreSQL randomness, never in this SQL). Only the roles that need secrets
//    read it — admin, technician, provisioning; viewer, billing and customer logins are refused
//    by PostgreSQL itself. retired_at marks a rotated key (still readable: old values open).
//  - shared_secrets: sealed values ("s2.<keyId>.…") that sync, one row per purpose (a BMC's
//    password or Kg, a rental's root password), mirroring the local migration 0010. Read and
//    written only by the same three roles: other logins do not even receive the ciphertext.
import { syncedTable } from './helpers';
import type { PgMigration } from './types';

export const pgMigration0009: PgMigration = {
  version: 9,
  name: 'team-key',
  sql: `
CREATE TABLE noc_team_keys (
  key_id text PRIMARY KEY CHECK (key_id ~ '^[A-Za-z0-9_-]{1,40}$'),
  key bytea NOT NULL CHECK (octet_length(key) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL DEFAULT session_user,
  retired_at timestamptz
);
CREATE UNIQUE INDEX noc_team_keys_one_current ON noc_team_keys ((true)) WHERE retired_at IS NULL;
REVOKE ALL ON noc_team_keys FROM PUBLIC;
GRANT SELECT ON noc_team_keys TO noc_admin, noc_technician, noc_provisioning;

${syncedTable('shared_secrets', `
  purpose text NOT NULL,
  sealed text NOT NULL DEFAULT '',
  set_by text NOT NULL DEFAULT ''`, { write: ['technician', 'provisioning'] })}
CREATE UNIQUE INDEX shared_secrets_purpose ON shared_secrets(purpose) WHERE deleted = 0;
REVOKE SELECT ON shared_secrets FROM noc_staff;
GRANT SELECT ON shared_secrets TO noc_admin, noc_technician, noc_provisioning;
`,
};
