// Monitoring (issue 3's tables), mirroring the local migration 0005 column for column (drafted
// by `noc db draft-migration`): what is polled and how, interfaces, port groups, maintenance
// windows, and the alarms with their history — so an alarm raised by the client that polls a
// device reaches every desk and wall through the same push, NOTIFY and pull as any row.
import { ref, syncedTable } from './helpers';
import type { PgMigration } from './types';

export const pgMigration0006: PgMigration = {
  version: 6,
  name: 'monitoring',
  sql: `
${syncedTable('snmp_credentials', `
  name text NOT NULL,
  version text NOT NULL,
  "user" text NOT NULL DEFAULT '',
  auth_protocol text,
  priv_protocol text,
  secret text NOT NULL DEFAULT '',
  shared bigint NOT NULL DEFAULT 0`, { write: ['technician', 'provisioning'] })}
CREATE UNIQUE INDEX snmp_credentials_group_name ON snmp_credentials(name) WHERE deleted = 0 AND shared = 1;

${syncedTable('monitored_devices', `
  device_id text NOT NULL ${ref('devices')},
  address text NOT NULL,
  port bigint NOT NULL DEFAULT 161,
  credential_id text ${ref('snmp_credentials')},
  interval_s bigint NOT NULL DEFAULT 60,
  retry_interval_s bigint NOT NULL DEFAULT 20,
  max_attempts bigint NOT NULL DEFAULT 3,
  parent_device_id text ${ref('devices')},
  enabled bigint NOT NULL DEFAULT 1,
  host_resources bigint NOT NULL DEFAULT 0`, { write: ['technician', 'provisioning'] })}
CREATE UNIQUE INDEX monitored_devices_device ON monitored_devices(device_id) WHERE deleted = 0;
CREATE INDEX monitored_devices_credential ON monitored_devices(credential_id);

${syncedTable('service_checks', `
  device_id text NOT NULL ${ref('devices')},
  kind text NOT NULL,
  name text NOT NULL,
  host text NOT NULL DEFAULT '',
  port bigint,
  url text NOT NULL DEFAULT '',
  expect_status bigint NOT NULL DEFAULT 0,
  expect_text text NOT NULL DEFAULT '',
  interval_s bigint NOT NULL DEFAULT 60,
  timeout_ms bigint NOT NULL DEFAULT 5000,
  tls_verify bigint NOT NULL DEFAULT 1,
  enabled bigint NOT NULL DEFAULT 1`, { write: ['technician', 'provisioning'] })}
CREATE INDEX service_checks_device ON service_checks(device_id);

${syncedTable('interfaces', `
  device_id text NOT NULL ${ref('devices')},
  if_index bigint NOT NULL,
  name text NOT NULL DEFAULT '',
  alias text NOT NULL DEFAULT '',
  descr text NOT NULL DEFAULT '',
  speed_mbps bigint NOT NULL DEFAULT 0,
  linked_device_id text ${ref('devices')},
  committed_mbps double precision,
  alarm_on_down bigint NOT NULL DEFAULT 0`, { write: ['technician', 'provisioning'] })}
CREATE UNIQUE INDEX interfaces_device_index ON interfaces(device_id, if_index) WHERE deleted = 0;
CREATE INDEX interfaces_linked ON interfaces(linked_device_id);

${syncedTable('port_groups', `
  name text NOT NULL,
  customer_id text,
  interface_ids text NOT NULL DEFAULT '[]',
  committed_mbps double precision NOT NULL`, { write: ['technician', 'provisioning'], customerOwned: 'customer_id' })}
CREATE INDEX port_groups_customer ON port_groups(customer_id);

${syncedTable('maintenance_windows', `
  name text NOT NULL,
  starts_at bigint NOT NULL,
  ends_at bigint NOT NULL,
  device_ids text NOT NULL DEFAULT '[]',
  reason text NOT NULL DEFAULT '',
  created_by text NOT NULL`, { write: ['technician', 'provisioning'] })}

${syncedTable('alarms', `
  key text NOT NULL,
  device_id text,
  subject_kind text NOT NULL,
  label text NOT NULL,
  state text NOT NULL,
  problem text,
  message text NOT NULL DEFAULT '',
  source text NOT NULL DEFAULT '',
  since bigint NOT NULL,
  last_change_at bigint NOT NULL,
  cleared_at bigint,
  ack_by text,
  ack_at bigint,
  ack_comment text,
  snoozed_until bigint,
  flapping bigint NOT NULL DEFAULT 0,
  maintenance bigint NOT NULL DEFAULT 0,
  affected text NOT NULL DEFAULT '[]',
  level bigint`, { write: ['technician', 'provisioning'] })}
CREATE INDEX alarms_device ON alarms(device_id, since);

${syncedTable('alarm_events', `
  alarm_id text NOT NULL ${ref('alarms')},
  at bigint NOT NULL,
  kind text NOT NULL,
  state text,
  actor text NOT NULL,
  detail text NOT NULL DEFAULT ''`, { write: ['technician', 'provisioning'] })}
CREATE INDEX alarm_events_alarm ON alarm_events(alarm_id, at);
`,
};
