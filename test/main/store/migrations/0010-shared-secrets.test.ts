import { describe, expect, it } from 'vitest';
import { localSyncedTables } from '../../../../src-main/sync/tables';
import { applyMigration, columns, dbAtVersion, SYNC_COLUMNS } from './helpers';

describe('migration 0010 shared-secrets', () => {
  it('creates shared_secrets as a synced table on a store at schema 8, leaving the local secret tables and their rows', () => {
    const db = dbAtVersion(8);
    db.prepare(`INSERT INTO bmc_secrets (device_id, password, kg, set_at, set_by) VALUES ('d1', 's1.x', NULL, 't', 'tom')`).run();
    applyMigration(db, 10);
    expect(columns(db, 'shared_secrets')).toEqual([...SYNC_COLUMNS, 'demo', 'purpose', 'sealed', 'set_by']);
    expect(localSyncedTables(db).map((t) => t.name)).toContain('shared_secrets');
    // moved by core/shared-secrets.ts through the repository layer (outbox), not by the migration
    expect(db.prepare(`SELECT count(*) AS n FROM bmc_secrets`).get()).toEqual({ n: 1 });
    expect(db.prepare(`SELECT count(*) AS n FROM shared_secrets`).get()).toEqual({ n: 0 });
  });

  it('one live row per purpose; a tombstone does not block the purpose', () => {
    const db = dbAtVersion(10);
    const insert = (id: string, purpose: string) => db.prepare(`INSERT INTO shared_secrets (id, updated_at, purpose, sealed) VALUES (?, 'h', ?, 's2.k.x')`).run(id, purpose);
    insert('a', 'bmc:d1:password');
    expect(() => insert('b', 'bmc:d1:password')).toThrow(/UNIQUE/);
    db.prepare(`UPDATE shared_secrets SET deleted = 1 WHERE id = 'a'`).run();
    insert('b', 'bmc:d1:password');
    expect(() => db.prepare(`INSERT INTO shared_secrets (id, updated_at, sealed) VALUES ('c', 'h', '')`).run()).toThrow(/NOT NULL/);
    expect(db.prepare(`SELECT sealed, set_by, deleted FROM shared_secrets WHERE id = 'b'`).get()).toEqual({ sealed: 's2.k.x', set_by: '', deleted: 0 });
  });
});
