import { describe, expect, it } from 'vitest';
import { applyMigration, columns, dbAtVersion, SYNC_COLUMNS } from './helpers';

describe('migration 0007 sync', () => {
  it('adds the sync bookkeeping and the walk-through tables to a store of schema 6', () => {
    const db = dbAtVersion(6);
    db.prepare(`INSERT INTO outbox (table_name, row_id, op, hlc, fields) VALUES ('devices', 'd1', 'update', 'h', '{"notes":"x"}')`).run();
    applyMigration(db, 7);
    expect(columns(db, 'sync_cursors')).toEqual(['table_name', 'rev']);
    expect(columns(db, 'sync_rejects')).toEqual(['id', 'at', 'kind', 'seq', 'table_name', 'row_id', 'op', 'hlc', 'fields', 'reason', 'status']);
    for (const t of ['sync_conflicts', 'walks', 'walk_racks', 'walk_checks', 'walk_tasks']) expect(columns(db, t)).toEqual(expect.arrayContaining([...SYNC_COLUMNS, 'demo']));
    // the pending-fields lookup of the pull uses the new partial index
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT fields FROM outbox WHERE pushed_at IS NULL AND table_name = 'devices' AND row_id IN ('d1')`).all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/outbox_pending_row/);
    expect(db.prepare(`SELECT count(*) AS n FROM outbox`).get()).toEqual({ n: 1 }); // nothing of the old outbox is lost
  });

  it('keeps rejects to known kinds and statuses, and walk racks tied to a real walk and rack', () => {
    const db = dbAtVersion(7);
    expect(() => db.prepare(`INSERT INTO sync_rejects (at, kind, table_name, row_id, op, fields, reason) VALUES ('t', 'lost', 'x', 'y', 'update', '{}', 'r')`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO sync_rejects (at, kind, table_name, row_id, op, fields, reason) VALUES ('t', 'refused', 'x', 'y', 'update', '{}', 'r')`).run();
    expect(() => db.prepare(`UPDATE sync_rejects SET status = 'forgotten'`).run()).toThrow(/CHECK/);
    db.prepare(`INSERT INTO walks (id, updated_at, name) VALUES ('w1', 'h', 'Night walk')`).run();
    expect(() => db.prepare(`INSERT INTO walk_racks (id, updated_at, walk_id, rack_id) VALUES ('wr1', 'h', 'w1', 'no-such-rack')`).run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare(`INSERT INTO walk_racks (id, updated_at, walk_id, rack_id) VALUES ('wr1', 'h', 'no-walk', 'x')`).run()).toThrow(/FOREIGN KEY/);
  });
});
