// IP address management: VLANs, prefixes (a tree by parent_id), addresses and ranges.
// Addresses and prefix bounds are stored as fixed-width hex keys ('4' + 8 hex digits,
// '6' + 32), so "which prefix holds it", range scans and next-free are index seeks for
// both families. ipam_address_blocks is a local, derived count of occupied addresses per
// 256-address block (an IPv4 /24, an IPv6 /120), kept by triggers whoever writes the rows
// (the repository or the sync): next-free skips full blocks without reading their rows.
import type { Migration } from './types';

const synced = `id TEXT PRIMARY KEY, rev INTEGER, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0`;
const blockOf = (row: 'NEW' | 'OLD') => `substr(${row}.key, 1, length(${row}.key) - 2)`;
const occupied = (row: 'NEW' | 'OLD') => `${row}.deleted = 0 AND ${row}.status <> 'free'`;
const bump = `INSERT INTO ipam_address_blocks (vrf, block, used) VALUES (NEW.vrf, ${blockOf('NEW')}, 1)
    ON CONFLICT (vrf, block) DO UPDATE SET used = used + 1;`;
const drop = `UPDATE ipam_address_blocks SET used = used - 1 WHERE vrf = OLD.vrf AND block = ${blockOf('OLD')};`;

export const migration0004: Migration = {
  version: 4,
  name: 'ipam',
  up(db) {
    db.exec(`
      CREATE TABLE ipam_vlans (${synced},
        vid INTEGER NOT NULL CHECK (vid BETWEEN 1 AND 4094),
        name TEXT NOT NULL,
        site_id TEXT REFERENCES sites(id),
        vlan_group TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'active',
        role TEXT NOT NULL DEFAULT '',
        customer_id TEXT,
        description TEXT NOT NULL DEFAULT ''
      );
      CREATE UNIQUE INDEX ipam_vlans_vid ON ipam_vlans(ifnull(site_id, ''), vlan_group, vid) WHERE deleted = 0;
      CREATE INDEX ipam_vlans_by_vid ON ipam_vlans(vid) WHERE deleted = 0;

      CREATE TABLE ipam_prefixes (${synced},
        vrf TEXT NOT NULL DEFAULT '',
        family INTEGER NOT NULL CHECK (family IN (4, 6)),
        prefix TEXT NOT NULL,
        length INTEGER NOT NULL,
        start_key TEXT NOT NULL,
        end_key TEXT NOT NULL,
        parent_id TEXT REFERENCES ipam_prefixes(id),
        status TEXT NOT NULL,
        zone TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        is_pool INTEGER NOT NULL DEFAULT 0,
        site_id TEXT REFERENCES sites(id),
        vlan_id TEXT REFERENCES ipam_vlans(id),
        customer_id TEXT,
        rental_id TEXT,
        justification TEXT NOT NULL DEFAULT '',
        assigned_at TEXT,
        section TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        CHECK (length BETWEEN 0 AND (CASE family WHEN 4 THEN 32 ELSE 128 END))
      );
      -- one live prefix per (vrf, network, length); "which prefixes hold X" seeks this by start_key
      CREATE UNIQUE INDEX ipam_prefixes_key ON ipam_prefixes(vrf, start_key, length) WHERE deleted = 0;
      -- children of a prefix in order; end_key makes it covering for the allocator's obstacle list
      CREATE INDEX ipam_prefixes_parent ON ipam_prefixes(parent_id, vrf, start_key, end_key) WHERE deleted = 0;
      CREATE INDEX ipam_prefixes_customer ON ipam_prefixes(customer_id, vrf, start_key) WHERE deleted = 0 AND customer_id IS NOT NULL;

      CREATE TABLE ipam_addresses (${synced},
        vrf TEXT NOT NULL DEFAULT '',
        family INTEGER NOT NULL CHECK (family IN (4, 6)),
        address TEXT NOT NULL,
        key TEXT NOT NULL,
        mask_length INTEGER,
        status TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        dns_name TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        device_id TEXT REFERENCES devices(id),
        interface TEXT NOT NULL DEFAULT '',
        customer_id TEXT,
        rental_id TEXT,
        justification TEXT NOT NULL DEFAULT '',
        assigned_at TEXT,
        mac TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT ''
      );
      -- never the same address twice in a VRF: the last guard behind the allocation rules
      CREATE UNIQUE INDEX ipam_addresses_key ON ipam_addresses(vrf, key) WHERE deleted = 0;
      CREATE INDEX ipam_addresses_customer ON ipam_addresses(customer_id, vrf, key) WHERE deleted = 0 AND customer_id IS NOT NULL;
      CREATE INDEX ipam_addresses_device ON ipam_addresses(device_id) WHERE deleted = 0 AND device_id IS NOT NULL;

      CREATE TABLE ipam_ranges (${synced},
        vrf TEXT NOT NULL DEFAULT '',
        family INTEGER NOT NULL CHECK (family IN (4, 6)),
        start_address TEXT NOT NULL,
        end_address TEXT NOT NULL,
        start_key TEXT NOT NULL,
        end_key TEXT NOT NULL,
        status TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        customer_id TEXT,
        description TEXT NOT NULL DEFAULT '',
        CHECK (start_key <= end_key)
      );
      CREATE INDEX ipam_ranges_key ON ipam_ranges(vrf, start_key) WHERE deleted = 0;

      -- derived and local (not synced): occupied addresses per 256-address block
      CREATE TABLE ipam_address_blocks (
        vrf TEXT NOT NULL,
        block TEXT NOT NULL,
        used INTEGER NOT NULL,
        PRIMARY KEY (vrf, block)
      ) WITHOUT ROWID;
      CREATE TRIGGER ipam_addresses_block_ins AFTER INSERT ON ipam_addresses WHEN ${occupied('NEW')} BEGIN ${bump} END;
      CREATE TRIGGER ipam_addresses_block_old AFTER UPDATE OF deleted, status, key, vrf ON ipam_addresses WHEN ${occupied('OLD')} BEGIN ${drop} END;
      CREATE TRIGGER ipam_addresses_block_new AFTER UPDATE OF deleted, status, key, vrf ON ipam_addresses WHEN ${occupied('NEW')} BEGIN ${bump} END;
      CREATE TRIGGER ipam_addresses_block_del AFTER DELETE ON ipam_addresses WHEN ${occupied('OLD')} BEGIN ${drop} END;
    `);
  },
};
