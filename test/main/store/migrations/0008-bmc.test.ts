import { describe, expect, it } from 'vitest';
import { applyMigration, columns, dbAtVersion, SYNC_COLUMNS } from './helpers';

function withDevice(version: number) {
  const db = dbAtVersion(version);
  db.prepare(`INSERT INTO devices (id, updated_at, name, type, status) VALUES ('d1', 'h', 'srv1', 'server', 'available')`).run();
  return db;
}

describe('migration 0008 bmc', () => {
  it('creates bmc_configs (synced) and the local tables on a store at schema 7', () => {
    const db = withDevice(7);
    applyMigration(db, 8);
    expect(columns(db, 'bmc_configs')).toEqual(expect.arrayContaining([...SYNC_COLUMNS, 'demo', 'device_id', 'address', 'port', 'username', 'cipher_suites', 'allow_insecure', 'console_driver', 'ssh_target', 'poll_enabled', 'poll_interval_s']));
    // secrets, readings, events and console logs are local: no sync columns, so the sync leaves them alone
    for (const table of ['bmc_secrets', 'bmc_readings', 'bmc_events', 'console_logs']) {
      expect(columns(db, table), table).not.toContain('rev');
    }
    expect(columns(db, 'bmc_configs')).not.toContain('password');
    const row = db.prepare(`INSERT INTO bmc_configs (id, updated_at, device_id, address) VALUES ('b1', 'h', 'd1', '10.0.0.5') RETURNING *`).get() as Record<string, unknown>;
    expect(row).toMatchObject({ port: 623, username: '', privilege: 'administrator', cipher_suites: '[17,3]', allow_insecure: 0, console_driver: 'sol', poll_enabled: 1, poll_interval_s: 60 });
  });

  it('one live BMC per device, tied to a real device, with checked values', () => {
    const db = withDevice(8);
    const insert = (id: string, extra = '', device = 'd1') => db.prepare(`INSERT INTO bmc_configs (id, updated_at, device_id, address${extra ? `, ${extra.split('=')[0]}` : ''}) VALUES (?, 'h', ?, '10.0.0.5'${extra ? `, ${extra.split('=')[1]}` : ''})`).run(id, device);
    insert('b1');
    expect(() => insert('b2')).toThrow(/UNIQUE/);
    db.prepare(`UPDATE bmc_configs SET deleted = 1 WHERE id = 'b1'`).run();
    insert('b2');
    expect(() => insert('b3', '', 'nope')).toThrow(/FOREIGN KEY/);
    db.prepare(`DELETE FROM bmc_configs`).run();
    expect(() => insert('b4', 'port=70000')).toThrow(/CHECK/);
    expect(() => insert('b5', "console_driver='telnet'")).toThrow(/CHECK/);
    expect(() => insert('b6', 'poll_interval_s=5')).toThrow(/CHECK/);
    expect(() => insert('b7', "privilege='callback'")).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO bmc_events (device_id, at, kind, severity, message) VALUES ('d1', 1, 'weather', 'info', 'x')`).run()).toThrow(/CHECK/);
  });
});
