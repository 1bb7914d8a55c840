// Which tables sync, found rather than listed: a local table syncs when it has the synced
// columns (id, rev, updated_at, deleted — every domain's migration uses them), and the
// shared database has it when its table carries field_hlc (helpers.ts's syncedTable). The
// plan is their intersection, parents before children (from the local foreign keys), and
// for each table its Repository when one is reachable from the services (for search text
// and the API shape of rows), so IPAM, customers, tickets… sync without naming them here.
import type { Database as Db } from 'better-sqlite3';
import type pg from 'pg';
import type { SyncedRow } from '../../shared/types';
import { Repository } from '../store/repository';

export interface LocalTable { name: string; columns: string[]; parents: string[] }

export interface PgColumn { name: string; type: string; typname: string }

/** Columns only the server has (the merge's bookkeeping); never copied into the local cache. */
export const SERVER_ONLY = new Set(['field_hlc', 'field_rev', 'changed_by']);

export interface SyncTable {
  name: string;
  /** Columns both sides have, `id` first; `rev` included (the server's, pulled). */
  columns: string[];
  /** Every column the local table has (a change may name one the server lacks: parked). */
  localColumns: string[];
  pg: Map<string, PgColumn>;
  repo: Repository<SyncedRow> | null;
}

export interface SyncPlan {
  tables: SyncTable[];
  byName: Map<string, SyncTable>;
  /** Local synced tables the shared database does not have (yet): their changes wait. */
  localOnly: string[];
}

const REQUIRED = ['id', 'rev', 'updated_at', 'deleted'];

export function localSyncedTables(db: Db): LocalTable[] {
  const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);
  const tables: LocalTable[] = [];
  for (const name of names) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as Array<{ name: string }>).map((r) => r.name);
    if (!REQUIRED.every((c) => columns.includes(c))) continue;
    const parents = [...new Set((db.prepare(`SELECT "table" AS t FROM pragma_foreign_key_list(?)`).all(name) as Array<{ t: string }>).map((r) => r.t))].filter((t) => t !== name);
    tables.push({ name, columns, parents });
  }
  return topological(tables);
}

/** Parents first; a cycle (none today) falls back to name order for its members. */
function topological(tables: LocalTable[]): LocalTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const out: LocalTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: LocalTable) => {
    if (state.get(t.name)) return;
    state.set(t.name, 'visiting');
    for (const p of t.parents) {
      const parent = byName.get(p);
      if (parent && !state.get(p)) visit(parent);
    }
    state.set(t.name, 'done');
    out.push(t);
  };
  for (const t of tables) visit(t);
  return out;
}

export async function pgSyncedTables(client: pg.Client): Promise<Map<string, Map<string, PgColumn>>> {
  const r = await client.query(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, t.typname
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type t ON t.oid = a.atttypid
     WHERE n.nspname = current_schema() AND c.relkind = 'r'
       AND EXISTS (SELECT 1 FROM pg_attribute f WHERE f.attrelid = c.oid AND f.attname = 'field_hlc' AND NOT f.attisdropped)
       AND has_table_privilege(c.oid, 'SELECT')
     ORDER BY c.relname, a.attnum`);
  const out = new Map<string, Map<string, PgColumn>>();
  for (const row of r.rows as Array<{ table: string; column: string; type: string; typname: string }>) {
    let cols = out.get(row.table);
    if (!cols) out.set(row.table, (cols = new Map()));
    cols.set(row.column, { name: row.column, type: row.type, typname: row.typname });
  }
  return out;
}

export function makePlan(local: LocalTable[], remote: Map<string, Map<string, PgColumn>>, repos: Map<string, Repository<SyncedRow>>): SyncPlan {
  const tables: SyncTable[] = [];
  const localOnly: string[] = [];
  for (const t of local) {
    const pgCols = remote.get(t.name);
    if (!pgCols) {
      localOnly.push(t.name);
      continue;
    }
    const columns = ['id', ...t.columns.filter((c) => c !== 'id' && pgCols.has(c) && !SERVER_ONLY.has(c))];
    tables.push({ name: t.name, columns, localColumns: t.columns, pg: pgCols, repo: repos.get(t.name) ?? null });
  }
  return { tables, byName: new Map(tables.map((t) => [t.name, t])), localOnly };
}

/**
 * Every Repository reachable from the services object (a bounded walk over their fields):
 * each domain keeps its repositories there, so a new domain's tables are found without a
 * registration call. Explicit ones (extra) win.
 */
export function discoverRepositories(root: object, extra: Iterable<Repository<SyncedRow>> = []): Map<string, Repository<SyncedRow>> {
  const found = new Map<string, Repository<SyncedRow>>();
  const seen = new Set<object>();
  const queue: Array<{ value: object; depth: number }> = [{ value: root, depth: 0 }];
  let visited = 0;
  while (queue.length > 0 && visited < 5000) {
    const { value, depth } = queue.shift()!;
    if (seen.has(value)) continue;
    seen.add(value);
    visited++;
    if (value instanceof Repository) {
      const repo = value as Repository<SyncedRow>;
      if (!found.has(repo.spec.table)) found.set(repo.spec.table, repo);
      continue;
    }
    if (depth >= 4 || ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set || value instanceof Promise) continue;
    for (const key of Object.keys(value)) {
      let child: unknown;
      try {
        child = (value as Record<string, unknown>)[key];
      } catch (_err) {
        continue;
      }
      if (child && typeof child === 'object' && !seen.has(child)) queue.push({ value: child, depth: depth + 1 });
    }
  }
  for (const repo of extra) found.set(repo.spec.table, repo);
  return found;
}
