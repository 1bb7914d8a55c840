import { describe, expect, it } from 'vitest';
import { applyMigration, columns, dbAtVersion } from './helpers';

describe('migration 0001 core', () => {
  it('creates audit, outbox, meta and the trigram search index', () => {
    const db = dbAtVersion(0);
    applyMigration(db, 1);
    expect(columns(db, 'audit')).toEqual(['id', 'at', 'actor', 'action', 'table_name', 'row_id', 'before', 'after', 'reason']);
    expect(columns(db, 'outbox')).toEqual(['seq', 'table_name', 'row_id', 'op', 'hlc', 'fields', 'pushed_at']);
    db.prepare(`INSERT INTO search_docs (kind, row_id) VALUES ('device', 'x')`).run();
    db.prepare(`INSERT INTO search_index (rowid, title, body) VALUES (1, 'iad1-a01-s01', 'SN100')`).run();
    expect(db.prepare(`SELECT rowid FROM search_index WHERE search_index MATCH '"a01-s"'`).all()).toEqual([{ rowid: 1 }]);
  });

  it('refuses an outbox entry with an unknown operation', () => {
    const db = dbAtVersion(1);
    expect(() => db.prepare(`INSERT INTO outbox (table_name, row_id, op, hlc, fields) VALUES ('t', 'x', 'upsert', 'h', '{}')`).run()).toThrow(/CHECK/);
  });
});
