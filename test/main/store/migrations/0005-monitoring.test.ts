import { describe, expect, it } from 'vitest';
import { applyMigration, columns, dbAtVersion, SYNC_COLUMNS } from './helpers';

const TABLES = ['snmp_credentials', 'monitored_devices', 'service_checks', 'interfaces', 'port_groups', 'maintenance_windows', 'alarms', 'alarm_events'];

function withDevice(version: number) {
  const db = dbAtVersion(version);
  db.prepare(`INSERT INTO devices (id, updated_at, name, type, status) VALUES ('d1', 'h', 'sw1', 'switch', 'available')`).run();
  return db;
}

describe('migration 0005 monitoring', () => {
  it('creates the monitoring tables with the sync columns on a store at schema 4', () => {
    const db = dbAtVersion(4);
    applyMigration(db, 5);
    for (const table of TABLES) expect(columns(db, table)).toEqual(expect.arrayContaining([...SYNC_COLUMNS, 'demo']));
    expect(columns(db, 'monitored_devices')).toEqual(expect.arrayContaining(['device_id', 'address', 'port', 'credential_id', 'interval_s', 'parent_device_id']));
    expect(columns(db, 'alarms')).toEqual(expect.arrayContaining(['key', 'state', 'since', 'cleared_at', 'ack_by', 'ack_comment', 'snoozed_until', 'affected']));
  });

  it('refuses an interval under 10 s and a port out of range', () => {
    const db = withDevice(5);
    const insert = (interval: number, port = 161) => db.prepare(`INSERT INTO monitored_devices (id, updated_at, device_id, address, port, interval_s) VALUES (?, 'h', 'd1', '127.0.0.1', ?, ?)`).run(`m${interval}-${port}`, port, interval);
    expect(() => insert(5)).toThrow(/CHECK/);
    expect(() => insert(60, 70000)).toThrow(/CHECK/);
    insert(10);
  });

  it('allows one live monitoring row per device and ties it to a real device', () => {
    const db = withDevice(5);
    const insert = (id: string, device = 'd1') => db.prepare(`INSERT INTO monitored_devices (id, updated_at, device_id, address) VALUES (?, 'h', ?, '127.0.0.1')`).run(id, device);
    insert('m1');
    expect(() => insert('m2')).toThrow(/UNIQUE/);
    expect(() => insert('m3', 'nope')).toThrow(/FOREIGN KEY/);
    db.prepare(`UPDATE monitored_devices SET deleted = 1 WHERE id = 'm1'`).run();
    insert('m2');
  });

  it('keeps group credential names unique, maintenance windows ordered, events tied to alarms', () => {
    const db = withDevice(5);
    db.prepare(`INSERT INTO snmp_credentials (id, updated_at, name, version, shared) VALUES ('c1', 'h', 'core', 'v2c', 1)`).run();
    expect(() => db.prepare(`INSERT INTO snmp_credentials (id, updated_at, name, version, shared) VALUES ('c2', 'h', 'core', 'v2c', 1)`).run()).toThrow(/UNIQUE/);
    db.prepare(`INSERT INTO snmp_credentials (id, updated_at, name, version, shared) VALUES ('c3', 'h', 'core', 'v2c', 0)`).run();
    expect(() => db.prepare(`INSERT INTO snmp_credentials (id, updated_at, name, version) VALUES ('c4', 'h', 'x', 'v1')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO maintenance_windows (id, updated_at, name, starts_at, ends_at, created_by) VALUES ('w', 'h', 'n', 10, 5, 'a')`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO alarm_events (id, updated_at, alarm_id, at, kind, actor) VALUES ('e', 'h', 'nope', 1, 'raised', 'system')`).run()).toThrow(/FOREIGN KEY/);
  });
});
