// Pull: per table (parents first), the rows with a rev above the local cursor, in pages;
// each page is applied to the local cache and the cursor moves past it, so an interrupted
// pull resumes where it stopped. Safe because the server draws revs under one write lock
// (migration 0001): once rev N is visible, no row below N can still appear.
import type pg from 'pg';
import type { Store } from '../store/repository';
import { applyServerRows, getCursor, recordReject, setCursor } from './local';
import { decodeRow } from './push';
import type { SyncPlan, SyncTable } from './tables';

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

export interface PullProgress { table: string; rows: number; total: number }

export interface PullResult { rows: number; tables: Record<string, number>; applyFailed: number }

export interface PullOptions {
  client: pg.Client;
  store: Store;
  plan: SyncPlan;
  pageSize?: number;
  /** Only these tables (from notifications); all when absent. */
  only?: ReadonlySet<string>;
  onProgress?: (p: PullProgress) => void;
  /** Rows written by this client's own pushes are skipped when the cache already has their rev. */
}

/** Rows waiting on the server for this client, per table (for a progress bar). */
export async function pendingOnServer(client: pg.Client, store: Store, plan: SyncPlan): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of plan.tables) {
    const r = await client.query(`SELECT count(*)::int AS n FROM ${q(t.name)} WHERE rev > $1`, [getCursor(store, t.name)]);
    out[t.name] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

export async function pull(o: PullOptions): Promise<PullResult> {
  const result: PullResult = { rows: 0, tables: {}, applyFailed: 0 };
  for (const table of o.plan.tables) {
    if (o.only && !o.only.has(table.name)) continue;
    const n = await pullTable(o, table, result);
    if (n > 0) result.tables[table.name] = n;
    result.rows += n;
  }
  return result;
}

async function pullTable(o: PullOptions, table: SyncTable, result: PullResult): Promise<number> {
  const pageSize = o.pageSize ?? 5000;
  const cols = table.columns.map(q).join(', ');
  let total = 0;
  let applied = 0;
  const initial = getCursor(o.store, table.name) === 0;
  const fetch = (after: number) => o.client.query(`SELECT ${cols}, changed_by FROM ${q(table.name)} WHERE rev > $1 ORDER BY rev LIMIT $2`, [after, pageSize]);
  let next: ReturnType<typeof fetch> | null = fetch(getCursor(o.store, table.name));
  // Bounded: a table of 10 million rows is 2,000 pages of 5,000.
  for (let page = 0; page < 100_000 && next; page++) {
    const r = await next;
    const raw = r.rows as Array<Record<string, unknown>>;
    if (raw.length === 0) break;
    const lastRev = Number(raw[raw.length - 1]!.rev);
    // the next page travels while this one is applied
    next = raw.length < pageSize ? null : fetch(lastRev);
    next?.catch(() => undefined);
    const by = new Map<string, string>();
    const rows: Array<Record<string, unknown>> = [];
    const ids = raw.map((x) => String(x.id));
    const localRevs = localRevsOf(o.store, table.name, ids);
    let maxHlc = '';
    for (const x of raw) {
      const row = decodeRow(table, x);
      const id = String(row.id);
      if (String(row.updated_at) > maxHlc) maxHlc = String(row.updated_at);
      // already applied (this client's own push brought it back with its rev)
      if ((localRevs.get(id) ?? -1) >= Number(row.rev)) continue;
      by.set(id, String(x.changed_by ?? ''));
      rows.push(row);
    }
    const failed = applyServerRows(o.store, table, rows, { audit: !initial, by });
    applied += rows.length - failed.length;
    if (failed.length > 0) noteApplyFailures(o.store, table, rows, failed);
    result.applyFailed += failed.length;
    // Causality: our next local stamp is later than anything we have seen.
    if (maxHlc) {
      try {
        o.store.hlc.observe(maxHlc);
      } catch (_err) {
        // a stamp written around the app (by hand in SQL) that is not an HLC: not ours to trust
      }
    }
    setCursor(o.store, table.name, lastRev);
    total += raw.length;
    o.onProgress?.({ table: table.name, rows: total, total: 0 });
  }
  return applied;
}

function localRevsOf(store: Store, table: string, ids: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = store.prepare(`SELECT id, rev FROM ${table} WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Array<{ id: string; rev: number | null }>;
    for (const r of rows) if (r.rev !== null) out.set(r.id, r.rev);
  }
  return out;
}

/** A row the cache could not take (e.g. a refused local row holds its unique value): kept and retried. */
function noteApplyFailures(store: Store, table: SyncTable, rows: Array<Record<string, unknown>>, failed: Array<{ id: string; reason: string }>): void {
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const at = new Date(store.clock.now()).toISOString();
  store.write(() => {
    for (const f of failed) {
      recordReject(store, { kind: 'apply', seq: null, table: table.name, rowId: f.id, op: 'update', hlc: String(byId.get(f.id)?.updated_at ?? ''), fields: JSON.stringify(byId.get(f.id) ?? {}), reason: `could not be applied to the local copy: ${f.reason}`, at });
    }
  });
}

/** Retries rows that failed to apply before; those that now fit are marked applied. */
export function retryApplyFailures(store: Store, plan: SyncPlan): number {
  const open = store.prepare(`SELECT id, table_name, row_id, fields FROM sync_rejects WHERE kind = 'apply' AND status = 'open' ORDER BY id LIMIT 1000`).all() as Array<{ id: number; table_name: string; row_id: string; fields: string }>;
  let fixed = 0;
  for (const r of open) {
    const table = plan.byName.get(r.table_name);
    if (!table) continue;
    const row = JSON.parse(r.fields) as Record<string, unknown>;
    const local = store.prepare(`SELECT rev FROM ${table.name} WHERE id = ?`).get(r.row_id) as { rev: number | null } | undefined;
    if (local && local.rev !== null && local.rev >= Number(row.rev)) {
      store.prepare(`UPDATE sync_rejects SET status = 'applied' WHERE id = ?`).run(r.id);
      continue;
    }
    const failed = applyServerRows(store, table, [row], { audit: true });
    if (failed.length === 0) {
      store.prepare(`UPDATE sync_rejects SET status = 'applied' WHERE id = ?`).run(r.id);
      fixed++;
    }
  }
  return fixed;
}
