// The local side of the sync's bookkeeping: which fields wait to be pushed, applying the
// server's rows (through Store.applyRemote, never around it), refused and parked changes,
// pull cursors and the shared-mode settings kept in the store's meta table.
import type { SyncedRow } from '../../shared/types';
import type { Repository, Store } from '../store/repository';
import type { SyncTable } from './tables';

/** Per row id, the columns with changes not pushed yet (pull and push refreshes keep them). */
export function pendingFields(store: Store, table: string, ids: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = store.prepare(`SELECT row_id, fields FROM outbox WHERE pushed_at IS NULL AND table_name = ? AND row_id IN (${chunk.map(() => '?').join(',')})`)
      .all(table, ...chunk) as Array<{ row_id: string; fields: string }>;
    for (const r of rows) {
      const set = out.get(r.row_id) ?? new Set<string>();
      try {
        for (const k of Object.keys(JSON.parse(r.fields) as object)) if (k !== 'id') set.add(k);
      } catch (_err) {
        // a malformed entry is refused by the push; nothing to keep here
      }
      set.add('updated_at');
      out.set(r.row_id, set);
    }
  }
  return out;
}

export interface ApplyOptions {
  audit: boolean;
  /** Who changed each row on the server (for the local audit entry). */
  by?: Map<string, string>;
}

/** Rows as the server has them (local column names, decoded) into the local cache. */
export function applyServerRows(store: Store, table: SyncTable, rows: Array<Record<string, unknown>>, opts: ApplyOptions): Array<{ id: string; reason: string }> {
  if (rows.length === 0) return [];
  const keep = pendingFields(store, table.name, rows.map((r) => String(r.id)));
  // A row with changes not pushed yet keeps their local values — carried in the row itself, so
  // that the upsert names every NOT NULL column (updated_at is always among the kept ones) —
  // and its rev (an empty keep set: the rev stays the base of those changes).
  const get = store.prepare(`SELECT * FROM ${table.name} WHERE id = ?`);
  const noColumns: ReadonlySet<string> = new Set();
  const merged = keep.size === 0 ? rows : rows.map((r) => {
    const kept = keep.get(String(r.id));
    const local = kept ? (get.get(String(r.id)) as Record<string, unknown> | undefined) : undefined;
    if (!kept || !local) return r;
    const out = { ...r };
    for (const c of kept) if (c in out && c in local) out[c] = local[c];
    return out;
  });
  const repo = table.repo as Repository<SyncedRow> | null;
  return store.applyRemote(table.name, merged, {
    keep: (id) => (keep.has(id) ? noColumns : null),
    kind: repo?.spec.kind,
    search: repo?.spec.search ? (r) => repo.spec.search!(repo.fromDb(r)) : undefined,
    shape: repo ? (r) => repo.fromDb(r) : undefined,
    audit: opts.audit,
    actorOf: (r) => opts.by?.get(String(r.id)) ?? 'sync',
    complete: table.columns.length === table.localColumns.length,
  });
}

/**
 * After a push, rows the server holds otherwise than this client pushed them (a field lost to a
 * later write, a conflict kept the server's side, others' changes not pulled yet, an insert's
 * defaults): rows equal to the cache only take their new rev, the others are applied. Columns
 * changed locally meanwhile (not pushed yet) are left out of the comparison and kept; such a
 * row takes the new rev only when it is in `advance` (the server's row is this client's own
 * write: the new rev is the true base of the change made meanwhile).
 */
export function refreshAfterPush(store: Store, table: SyncTable, rows: Array<Record<string, unknown>>, opts: { advance?: ReadonlySet<string> } = {}): void {
  if (rows.length === 0) return;
  const ids = rows.map((r) => String(r.id));
  const keep = pendingFields(store, table.name, ids);
  const locals = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of store.prepare(`SELECT * FROM ${table.name} WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Array<Record<string, unknown>>) locals.set(String(r.id), r);
  }
  const same: Array<{ id: string; rev: number }> = [];
  const differ: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const id = String(row.id);
    const local = locals.get(id);
    const kept = keep.get(id);
    const equal = local && table.columns.every((c) => c === 'rev' || c === 'updated_at' || kept?.has(c) || local[c] === row[c] || (local[c] == null && row[c] == null));
    if (equal) same.push({ id, rev: Number(row.rev) });
    else differ.push(row);
  }
  store.setRemoteRevs(table.name, same, (id) => keep.has(id) && !opts.advance?.has(id));
  applyServerRows(store, table, differ, { audit: false });
}

export interface RejectRecord {
  kind: 'refused' | 'parked' | 'apply';
  seq: number | null;
  table: string;
  rowId: string;
  op: string;
  hlc: string;
  fields: string;
  reason: string;
  at: string;
}

export function recordReject(store: Store, r: RejectRecord): void {
  if (r.kind === 'apply') {
    // one open record per row that fails to apply locally; retried on every pull
    const open = store.prepare(`SELECT id FROM sync_rejects WHERE kind = 'apply' AND status = 'open' AND table_name = ? AND row_id = ?`).get(r.table, r.rowId) as { id: number } | undefined;
    if (open) {
      store.prepare(`UPDATE sync_rejects SET fields = ?, reason = ?, at = ? WHERE id = ?`).run(r.fields, r.reason, r.at, open.id);
      return;
    }
  }
  store.prepare(`INSERT INTO sync_rejects (at, kind, seq, table_name, row_id, op, hlc, fields, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(r.at, r.kind, r.seq, r.table, r.rowId, r.op, r.hlc, r.fields, r.reason);
}

export function getCursor(store: Store, table: string): number {
  const r = store.prepare(`SELECT rev FROM sync_cursors WHERE table_name = ?`).get(table) as { rev: number } | undefined;
  return r?.rev ?? 0;
}

export function setCursor(store: Store, table: string, rev: number): void {
  store.prepare(`INSERT INTO sync_cursors (table_name, rev) VALUES (?, ?) ON CONFLICT(table_name) DO UPDATE SET rev = excluded.rev WHERE excluded.rev > sync_cursors.rev`).run(table, rev);
}

// ---- shared-mode settings (meta table) ----

export interface SharedSettings {
  /** The PostgreSQL URL without its password. */
  url: string;
  dbId: string;
  since: string;
  /** Bumped when the server's record of this store's outbox must start over (restored backup). */
  generation: number;
}

export function readSettings(store: Store): SharedSettings | null {
  const get = (k: string) => (store.prepare(`SELECT value FROM meta WHERE key = ?`).get(k) as { value: string } | undefined)?.value;
  const url = get('sync.url');
  if (!url) return null;
  return { url, dbId: get('sync.db_id') ?? '', since: get('sync.since') ?? '', generation: Number(get('sync.generation') ?? 0) };
}

export function writeSettings(store: Store, s: SharedSettings | null): void {
  const set = (k: string, v: string) => store.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(k, v);
  store.write(() => {
    if (!s) {
      store.prepare(`DELETE FROM meta WHERE key IN ('sync.url', 'sync.db_id', 'sync.since', 'sync.generation')`).run();
      return;
    }
    set('sync.url', s.url);
    set('sync.db_id', s.dbId);
    set('sync.since', s.since);
    set('sync.generation', String(s.generation));
  });
}

export function nodeId(store: Store): string {
  return store.hlc.node;
}

/** Counts for the status bar and `noc sync status`. */
export function localCounts(store: Store): { pending: number; refused: number; parked: number; applyFailed: number; conflicts: number } {
  const n = (sql: string) => (store.prepare(sql).get() as { n: number }).n;
  return {
    pending: store.outboxPending(),
    refused: n(`SELECT count(*) AS n FROM sync_rejects WHERE status = 'open' AND kind = 'refused'`),
    parked: n(`SELECT count(*) AS n FROM sync_rejects WHERE status = 'open' AND kind = 'parked'`),
    applyFailed: n(`SELECT count(*) AS n FROM sync_rejects WHERE status = 'open' AND kind = 'apply'`),
    conflicts: n(`SELECT count(*) AS n FROM sync_conflicts WHERE status = 'open' AND deleted = 0`),
  };
}
