// BMCs and consoles (issue 4).
//  - bmc_configs (synced): a server's BMC — address, port, user, cipher suites, the explicit
//    "allow insecure" flag, console driver and ssh target, polling. No secret in it.
//  - bmc_secrets (local): the BMC password and Kg, sealed (core/secrets.ts) with this
//    machine's key or the desktop's safeStorage. Local because a sealed value opens only where
//    its key is; another client asks for the password again rather than syncing ciphertext
//    nobody else can open.
//  - bmc_readings (local): the latest poll per server — power, sensors, SEL, errors. Live
//    state, like the pollers' LiveBook: each client polls for itself, nothing to sync.
//  - bmc_events (local): what the poller saw change (power, sensors, SEL, reachability), for
//    the drawer; the alarms themselves go through the alarm engine (synced).
//  - console_logs (local): one row per console session; the output is in a file under the
//    data folder's console-logs/<deviceId>/, which is local too.
import type { Migration } from './types';

const synced = `id TEXT PRIMARY KEY, rev INTEGER, updated_at TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, demo INTEGER NOT NULL DEFAULT 0`;

export const migration0008: Migration = {
  version: 8,
  name: 'bmc',
  up(db) {
    db.exec(`
      CREATE TABLE bmc_configs (${synced},
        device_id TEXT NOT NULL REFERENCES devices(id),
        address TEXT NOT NULL,
        port INTEGER NOT NULL DEFAULT 623 CHECK (port BETWEEN 1 AND 65535),
        username TEXT NOT NULL DEFAULT '',
        privilege TEXT NOT NULL DEFAULT 'administrator' CHECK (privilege IN ('user','operator','administrator')),
        cipher_suites TEXT NOT NULL DEFAULT '[17,3]',
        allow_insecure INTEGER NOT NULL DEFAULT 0,
        console_driver TEXT NOT NULL DEFAULT 'sol' CHECK (console_driver IN ('sol','ipmitool','ssh')),
        ssh_target TEXT NOT NULL DEFAULT '',
        poll_enabled INTEGER NOT NULL DEFAULT 1,
        poll_interval_s INTEGER NOT NULL DEFAULT 60 CHECK (poll_interval_s >= 10)
      );
      CREATE UNIQUE INDEX bmc_configs_device ON bmc_configs(device_id) WHERE deleted = 0;
      CREATE INDEX bmc_configs_address ON bmc_configs(address, port);

      CREATE TABLE bmc_secrets (
        device_id TEXT PRIMARY KEY,
        password TEXT,
        kg TEXT,
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL
      );

      CREATE TABLE bmc_readings (
        device_id TEXT PRIMARY KEY,
        polled_at INTEGER NOT NULL,
        ok_at INTEGER,
        power_on INTEGER,
        sensors TEXT NOT NULL DEFAULT '[]',
        sel TEXT NOT NULL DEFAULT '[]',
        sel_count INTEGER NOT NULL DEFAULT 0,
        sel_mark TEXT,
        error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        warnings TEXT NOT NULL DEFAULT '[]'
      );

      CREATE TABLE bmc_events (
        id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('power','sensor','sel','reachability','action')),
        severity TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
        message TEXT NOT NULL
      );
      CREATE INDEX bmc_events_device ON bmc_events(device_id, at);

      CREATE TABLE console_logs (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL,
        driver TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        file TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        opened_by TEXT NOT NULL,
        participants TEXT NOT NULL DEFAULT '[]',
        bytes INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX console_logs_device ON console_logs(device_id, started_at);
    `);
  },
};
