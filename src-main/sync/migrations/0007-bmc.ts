// BMC settings of servers (the IPMI engineer's local migration 0008), column for column
// (drafted by `noc db draft-migration`). The BMC passwords are not here: they stay sealed in
// each machine's local bmc_secrets, which never syncs.
import { ref, syncedTable } from './helpers';
import type { PgMigration } from './types';

export const pgMigration0007: PgMigration = {
  version: 7,
  name: 'bmc',
  sql: `
${syncedTable('bmc_configs', `
  device_id text NOT NULL ${ref('devices')},
  address text NOT NULL,
  port bigint NOT NULL DEFAULT 623,
  username text NOT NULL DEFAULT '',
  privilege text NOT NULL DEFAULT 'administrator',
  cipher_suites text NOT NULL DEFAULT '[17,3]',
  allow_insecure bigint NOT NULL DEFAULT 0,
  console_driver text NOT NULL DEFAULT 'sol',
  ssh_target text NOT NULL DEFAULT '',
  poll_enabled bigint NOT NULL DEFAULT 1,
  poll_interval_s bigint NOT NULL DEFAULT 60`, { write: ['technician', 'provisioning'] })}
CREATE UNIQUE INDEX bmc_configs_device ON bmc_configs(device_id) WHERE deleted = 0;
`,
};
