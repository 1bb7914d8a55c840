// A tombstone back to life, for a person's "restore it" of a delete/edit conflict (merge.ts,
// DELETE_EDIT). The Repository layer has no undelete, so this is the one write of a synced
// row outside it; it does the same things in the same transaction as Repository's writes —
// the row, an audit entry, an outbox entry ({deleted: 0}, so the restore syncs like any
// change), the search entry and a change event after commit.
import type { SyncedRow } from '../../shared/types';
import type { Repository, WriteContext } from '../store/repository';

/** Restores a deleted row (a live row is left as it is). False when there is no such row. */
export function restoreRow<Row extends SyncedRow>(repo: Repository<Row>, ctx: WriteContext, id: string): boolean {
  const store = repo.store;
  const table = repo.spec.table;
  return store.write(() => {
    const before = repo.get(id);
    if (!before) return false;
    if (!before.deleted) return true;
    const hlc = store.hlc.tick();
    store.prepare(`UPDATE ${table} SET deleted = 0, updated_at = ? WHERE id = ?`).run(hlc, id);
    const after = repo.get(id)!;
    store.audit(ctx, 'restore', table, id, before, after);
    store.prepare(`INSERT INTO outbox (table_name, row_id, op, hlc, fields) VALUES (?, ?, 'update', ?, ?)`).run(table, id, hlc, JSON.stringify({ deleted: 0 }));
    if (repo.spec.search) store.setSearchEntry(repo.spec.kind, id, repo.spec.search(after));
    store.recordChange({ table, id, op: 'update' });
    return true;
  });
}
