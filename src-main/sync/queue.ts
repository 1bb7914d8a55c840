// Putting changes (back) into the outbox — only the sync does this outside the repository
// layer, and only for changes already made through it:
//  - coverUnqueuedRows: when a standalone store becomes shared, a row that has no outbox
//    entry (written before the outbox existed, or by a migration) gets an insert entry, so
//    the first push uploads every row exactly once;
//  - requeueParked: changes parked while the shared database lacked their table or column
//    go back in the queue (with their original HLC, so "later wins" still compares truly);
//  - requeueReject: a person's "retry" of a refused change (after an admin granted rights).
import type { Store } from '../store/repository';
import type { SyncPlan } from './tables';

export function coverUnqueuedRows(store: Store, plan: SyncPlan): number {
  let added = 0;
  store.write(() => {
    for (const t of plan.tables) {
      const rows = store.prepare(`SELECT * FROM ${t.name} t WHERE rev IS NULL AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.table_name = ? AND o.row_id = t.id)`).all(t.name) as Array<Record<string, unknown>>;
      for (const row of rows) {
        const fields: Record<string, unknown> = { id: row.id };
        for (const [k, v] of Object.entries(row)) if (k !== 'id' && k !== 'rev' && k !== 'updated_at' && t.columns.includes(k)) fields[k] = v;
        store.prepare(`INSERT INTO outbox (table_name, row_id, op, hlc, fields) VALUES (?, ?, 'insert', ?, ?)`).run(t.name, row.id, row.updated_at, JSON.stringify(fields));
        added++;
      }
    }
  });
  return added;
}

export function requeueParked(store: Store, plan: SyncPlan): number {
  const parked = store.prepare(`SELECT id, table_name, fields FROM sync_rejects WHERE kind = 'parked' AND status = 'open' ORDER BY id`).all() as Array<{ id: number; table_name: string; fields: string }>;
  const ready = parked.filter((p) => {
    const t = plan.byName.get(p.table_name);
    if (!t) return false;
    try {
      return Object.keys(JSON.parse(p.fields) as object).every((k) => k === 'id' || t.columns.includes(k));
    } catch (_err) {
      return true; // malformed: the push refuses it with the reason
    }
  });
  if (ready.length === 0) return 0;
  store.write(() => {
    for (const p of ready) requeueReject(store, p.id);
  });
  return ready.length;
}

/** The change of one refused or parked record back into the outbox. */
export function requeueReject(store: Store, id: number): boolean {
  return store.write(() => {
    const r = store.prepare(`SELECT * FROM sync_rejects WHERE id = ? AND status = 'open' AND kind IN ('refused', 'parked')`).get(id) as Record<string, unknown> | undefined;
    if (!r) return false;
    store.prepare(`INSERT INTO outbox (table_name, row_id, op, hlc, fields) VALUES (?, ?, ?, ?, ?)`).run(r.table_name, r.row_id, r.op, r.hlc, r.fields);
    store.prepare(`UPDATE sync_rejects SET status = 'retried' WHERE id = ?`).run(id);
    return true;
  });
}
