// IP address management (issue 5's tables), mirroring the local migration 0004 column for
// column (drafted by `noc db draft-migration`). Addresses and prefixes assigned to a customer
// are theirs to read (FORCE ROW LEVEL SECURITY); technicians and provisioning write.
// The local derived table ipam_address_blocks is not synced (each cache keeps its own by trigger).
import { ref, syncedTable } from './helpers';
import type { PgMigration } from './types';

export const pgMigration0005: PgMigration = {
  version: 5,
  name: 'ipam',
  sql: `
${syncedTable('ipam_vlans', `
  vid bigint NOT NULL,
  name text NOT NULL,
  site_id text ${ref('sites')},
  vlan_group text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active',
  role text NOT NULL DEFAULT '',
  customer_id text,
  description text NOT NULL DEFAULT ''`, { write: ['technician', 'provisioning'] })}
CREATE UNIQUE INDEX ipam_vlans_vid ON ipam_vlans(coalesce(site_id, ''), vlan_group, vid) WHERE deleted = 0;

${syncedTable('ipam_prefixes', `
  vrf text NOT NULL DEFAULT '',
  family bigint NOT NULL,
  prefix text NOT NULL,
  length bigint NOT NULL,
  start_key text NOT NULL,
  end_key text NOT NULL,
  parent_id text ${ref('ipam_prefixes')},
  status text NOT NULL,
  zone text NOT NULL,
  role text NOT NULL DEFAULT '',
  is_pool bigint NOT NULL DEFAULT 0,
  site_id text ${ref('sites')},
  vlan_id text ${ref('ipam_vlans')},
  customer_id text,
  rental_id text,
  justification text NOT NULL DEFAULT '',
  assigned_at text,
  section text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT ''`, { write: ['technician', 'provisioning'], customerOwned: 'customer_id' })}
CREATE UNIQUE INDEX ipam_prefixes_key ON ipam_prefixes(vrf, start_key, length) WHERE deleted = 0;
CREATE INDEX ipam_prefixes_parent ON ipam_prefixes(parent_id, vrf, start_key) WHERE deleted = 0;
CREATE INDEX ipam_prefixes_customer ON ipam_prefixes(customer_id, vrf, start_key) WHERE deleted = 0 AND customer_id IS NOT NULL;

${syncedTable('ipam_addresses', `
  vrf text NOT NULL DEFAULT '',
  family bigint NOT NULL,
  address text NOT NULL,
  key text NOT NULL,
  mask_length bigint,
  status text NOT NULL,
  role text NOT NULL DEFAULT '',
  dns_name text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  device_id text ${ref('devices')},
  interface text NOT NULL DEFAULT '',
  customer_id text,
  rental_id text,
  justification text NOT NULL DEFAULT '',
  assigned_at text,
  mac text NOT NULL DEFAULT '',
  notes text NOT NULL DEFAULT ''`, { write: ['technician', 'provisioning'], customerOwned: 'customer_id' })}
CREATE UNIQUE INDEX ipam_addresses_key ON ipam_addresses(vrf, key) WHERE deleted = 0;
CREATE INDEX ipam_addresses_customer ON ipam_addresses(customer_id, vrf, key) WHERE deleted = 0 AND customer_id IS NOT NULL;
CREATE INDEX ipam_addresses_device ON ipam_addresses(device_id) WHERE deleted = 0 AND device_id IS NOT NULL;

${syncedTable('ipam_ranges', `
  vrf text NOT NULL DEFAULT '',
  family bigint NOT NULL,
  start_address text NOT NULL,
  end_address text NOT NULL,
  start_key text NOT NULL,
  end_key text NOT NULL,
  status text NOT NULL,
  role text NOT NULL DEFAULT '',
  customer_id text,
  description text NOT NULL DEFAULT ''`, { write: ['technician', 'provisioning'] })}
`,
};
