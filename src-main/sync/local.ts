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
  const repo = table.repo as Repository<SyncedRow> | null;
  return store.applyRemote(table.name, rows, {
    keep: (id) => keep.get(id) ?? null,
    kind: repo?.spec.kind,
    search: repo?.spec.search ? (r) => repo.spec.search!(repo.fromDb(r)) : undefined,
    shape: repo ? (r) => repo.fromDb(r) : undefined,
    audit: opts.audit,
    actorOf: (r) => opts.by?.get(String(r.id)) ?? 'sync',
    complete: table.columns.length === table.localColumns.length,
  });
}

/**
 * After a push: rows the server holds exactly as the cache does only take their new rev;
 * the others (a field lost to a later write, a conflict kept the server's value) are applied.
 */
export function refreshAfterPush(store: Store, table: SyncTable, rows: Array<Record<string, unknown>>): void {
  if (rows.length === 0) return;
  const keep = pendingFields(store, table.name, rows.map((r) => String(r.id)));
  const get = store.prepare(`SELECT * FROM ${table.name} WHERE id = ?`);
  const same: Array<{ id: string; rev: number }> = [];
  const differ: Array<Record<string, unknown>> = [];
  for (const row of rows) {
    const local = get.get(String(row.id)) as Record<string, unknown> | undefined;
    const equal = local && table.columns.every((c) => c === 'rev' || c === 'updated_at' || local[c] === row[c] || (local[c] == null && row[c] == null));
    if (equal) same.push({ id: String(row.id), rev: Number(row.rev) });
    else differ.push(row);
  }
  store.setRemoteRevs(table.name, same, (id) => keep.has(id));
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
