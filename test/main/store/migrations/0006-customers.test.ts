// Migration 0006: the tables of issue 7, their constraints, and the upgrade of a store
// written at the schema before it (kept as a backup beside it).
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../../src-main/store/db';
import { migrations } from '../../../../src-main/store/migrations';
import { migration0006 } from '../../../../src-main/store/migrations/0006-customers';

describe('migration 0006-customers', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  const dir = () => { const d = mkdtempSync(join(tmpdir(), 'noc-mig6-')); dirs.push(d); return d; };

  it('is registered once, as version 6, after the versions before it', () => {
    const i = migrations.indexOf(migration0006);
    expect(migration0006.version).toBe(6);
    expect(i).toBeGreaterThan(0);
    expect(migrations.filter((m) => m.version === 6)).toHaveLength(1);
    expect(migrations.slice(0, i).every((m) => m.version < 6)).toBe(true);
  });

  it('upgrades a store from the schema before it, keeping a backup and the existing rows', () => {
    const file = join(dir(), 'noc.sqlite');
    const before = migrations.filter((m) => m.version < 6);
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.transaction(() => {
      for (const m of before) { m.up(old); old.pragma(`user_version = ${m.version}`); }
      old.prepare(`INSERT INTO devices (id, updated_at, name, type, status) VALUES ('d1', 'x', 'srv-old', 'server', 'available')`).run();
    })();
    old.close();
    let told: unknown = null;
    const db = openStore(file, { onMigrate: (info) => { told = info; } });
    try {
      expect(told).toMatchObject({ from: before.at(-1)!.version, backup: `${file}.schema-${before.at(-1)!.version}.bak` });
      expect(existsSync(`${file}.schema-${before.at(-1)!.version}.bak`)).toBe(true);
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name);
      for (const tname of ['customers', 'customer_contacts', 'customer_notes', 'rentals', 'rental_events', 'staging_templates', 'staging_runs', 'staging_results', 'ticket_queues', 'ticket_agents', 'tickets', 'ticket_messages', 'inbox_messages', 'announcements', 'cancellations', 'mail_queue', 'one_time_links', 'rental_secrets', 'bandwidth_levels', 'usage_p95']) {
        expect(tables).toContain(tname);
      }
      // Synced tables carry the sync columns.
      for (const tname of ['customers', 'rentals', 'tickets', 'staging_runs', 'inbox_messages', 'cancellations']) {
        const cols = (db.prepare(`PRAGMA table_info(${tname})`).all() as Array<{ name: string }>).map((c) => c.name);
        expect(cols).toEqual(expect.arrayContaining(['id', 'rev', 'updated_at', 'deleted', 'demo']));
      }
      expect((db.prepare(`SELECT name FROM devices WHERE id = 'd1'`).get() as { name: string }).name).toBe('srv-old');
    } finally {
      db.close();
    }
  });

  it('enforces its constraints in the database itself', () => {
    const db = openStore(join(dir(), 'noc.sqlite'));
    try {
      db.prepare(`INSERT INTO devices (id, updated_at, name, type, status) VALUES ('d1', 'x', 's', 'server', 'available')`).run();
      db.prepare(`INSERT INTO customers (id, updated_at, name, email, created_at) VALUES ('c1', 'x', 'C', 'c@x.example', 'x')`).run();
      const rental = db.prepare(`INSERT INTO rentals (id, updated_at, customer_id, device_id, status, starts_at, ends_at) VALUES (?, 'x', 'c1', 'd1', ?, ?, ?)`);
      rental.run('r1', 'active', '2026-01-01', null);
      expect(() => rental.run('r2', 'active', '2026-02-01', null)).toThrow(/UNIQUE/); // one active rental per server
      expect(() => rental.run('r3', 'ended', '2026-02-01', '2026-01-01')).toThrow(/CHECK/); // ends before it starts
      expect(() => rental.run('r4', 'paused', '2026-02-01', null)).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO rentals (id, updated_at, customer_id, device_id, status, starts_at) VALUES ('r5', 'x', 'nobody', 'd1', 'ended', '2026')`).run()).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare(`INSERT INTO customers (id, updated_at, name, email, created_at, status) VALUES ('c2', 'x', 'C', 'c@x.example', 'x', 'gone')`).run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
