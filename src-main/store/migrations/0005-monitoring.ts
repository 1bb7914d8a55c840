// Monitoring (issue 3): what is polled and how, the interfaces found, the alarms and their
// timelines. All synced (every client sees the same configuration and alarms). Time series
// are NOT here: they live in their own file (metrics.sqlite, src-main/metrics/db.ts),
// written in batches, never synced.
//  - snmp_credentials: v2c community / v3 user and keys; `secret` is sealed (core/secrets.ts),
//    `shared` = a group's credentials chosen by name, else one device's own.
//  - monitored_devices: one per inventory device that is polled (address, interval, parent).
//  - service_checks: ping / TCP connect / HTTP(S) per device, each with its own interval.
//  - interfaces: found by polls, linked to the device at the other end (switch port ↔ server).
//  - port_groups: a customer's set of ports sharing one committed rate.
//  - maintenance_windows: devices silenced between two times.
//  - alarms + alarm_events: every alarm and its timeline (raised, acked, cleared, …).
import type { Migration } from './types';

const synced = `id TEXT PRIMARY KEY, rev INTEGER, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0`;

export const migration0005: Migration = {
  version: 5,
  name: 'monitoring',
  up(db) {
    db.exec(`
      CREATE TABLE snmp_credentials (${synced},
        name TEXT NOT NULL,
        version TEXT NOT NULL CHECK (version IN ('v2c','v3')),
        user TEXT NOT NULL DEFAULT '',
        auth_protocol TEXT,
        priv_protocol TEXT,
        secret TEXT NOT NULL DEFAULT '',
        shared INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX snmp_credentials_group_name ON snmp_credentials(name) WHERE deleted = 0 AND shared = 1;

      CREATE TABLE monitored_devices (${synced},
        device_id TEXT NOT NULL REFERENCES devices(id),
        address TEXT NOT NULL,
        port INTEGER NOT NULL DEFAULT 161 CHECK (port BETWEEN 1 AND 65535),
        credential_id TEXT REFERENCES snmp_credentials(id),
        interval_s INTEGER NOT NULL DEFAULT 60 CHECK (interval_s >= 10),
        retry_interval_s INTEGER NOT NULL DEFAULT 20 CHECK (retry_interval_s >= 10),
        max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 10),
        parent_device_id TEXT REFERENCES devices(id),
        enabled INTEGER NOT NULL DEFAULT 1,
        host_resources INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX monitored_devices_device ON monitored_devices(device_id) WHERE deleted = 0;
      CREATE INDEX monitored_devices_address ON monitored_devices(address);
      CREATE INDEX monitored_devices_credential ON monitored_devices(credential_id);

      CREATE TABLE service_checks (${synced},
        device_id TEXT NOT NULL REFERENCES devices(id),
        kind TEXT NOT NULL CHECK (kind IN ('ping','tcp','http')),
        name TEXT NOT NULL,
        host TEXT NOT NULL DEFAULT '',
        port INTEGER CHECK (port IS NULL OR port BETWEEN 1 AND 65535),
        url TEXT NOT NULL DEFAULT '',
        expect_status INTEGER NOT NULL DEFAULT 0,
        expect_text TEXT NOT NULL DEFAULT '',
        interval_s INTEGER NOT NULL DEFAULT 60 CHECK (interval_s >= 10),
        timeout_ms INTEGER NOT NULL DEFAULT 5000,
        tls_verify INTEGER NOT NULL DEFAULT 1,
        enabled INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX service_checks_device ON service_checks(device_id);

      CREATE TABLE interfaces (${synced},
        device_id TEXT NOT NULL REFERENCES devices(id),
        if_index INTEGER NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        alias TEXT NOT NULL DEFAULT '',
        descr TEXT NOT NULL DEFAULT '',
        speed_mbps INTEGER NOT NULL DEFAULT 0,
        linked_device_id TEXT REFERENCES devices(id),
        committed_mbps REAL CHECK (committed_mbps IS NULL OR committed_mbps > 0),
        alarm_on_down INTEGER NOT NULL DEFAULT 0
      );
      CREATE UNIQUE INDEX interfaces_device_index ON interfaces(device_id, if_index) WHERE deleted = 0;
      CREATE INDEX interfaces_linked ON interfaces(linked_device_id);

      CREATE TABLE port_groups (${synced},
        name TEXT NOT NULL,
        customer_id TEXT,
        interface_ids TEXT NOT NULL DEFAULT '[]',
        committed_mbps REAL NOT NULL CHECK (committed_mbps > 0)
      );
      CREATE INDEX port_groups_customer ON port_groups(customer_id);

      CREATE TABLE maintenance_windows (${synced},
        name TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        ends_at INTEGER NOT NULL,
        device_ids TEXT NOT NULL DEFAULT '[]',
        reason TEXT NOT NULL DEFAULT '',
        created_by TEXT NOT NULL,
        CHECK (ends_at > starts_at)
      );
      CREATE INDEX maintenance_windows_end ON maintenance_windows(deleted, ends_at);

      -- One row per alarm, from raised to cleared. Not unique per key: the engine keeps
      -- one active alarm per subject (its invariant I1), and rows pulled by the sync must
      -- never be refused by a local index.
      CREATE TABLE alarms (${synced},
        key TEXT NOT NULL,
        device_id TEXT,
        subject_kind TEXT NOT NULL,
        label TEXT NOT NULL,
        state TEXT NOT NULL,
        problem TEXT,
        message TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        since INTEGER NOT NULL,
        last_change_at INTEGER NOT NULL,
        cleared_at INTEGER,
        ack_by TEXT,
        ack_at INTEGER,
        ack_comment TEXT,
        snoozed_until INTEGER,
        flapping INTEGER NOT NULL DEFAULT 0,
        maintenance INTEGER NOT NULL DEFAULT 0,
        affected TEXT NOT NULL DEFAULT '[]',
        level INTEGER
      );
      CREATE INDEX alarms_active ON alarms(deleted, cleared_at, since);
      CREATE INDEX alarms_key ON alarms(key, since);
      CREATE INDEX alarms_device ON alarms(device_id, since);
      CREATE INDEX alarms_since ON alarms(since);

      CREATE TABLE alarm_events (${synced},
        alarm_id TEXT NOT NULL REFERENCES alarms(id),
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        state TEXT,
        actor TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX alarm_events_alarm ON alarm_events(alarm_id, at);
    `);
  },
};
