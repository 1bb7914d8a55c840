// The one repository layer every synced table writes through: the row, its audit entry,
// its outbox entry and its search entry change in one SQLite transaction, and listeners
// hear of the change only after it has committed. Nothing writes a synced table around it.
import type { Database as Db, Statement } from 'better-sqlite3';
import type { Actor, AuditEntry, ChangeEvent, SyncedRow } from '../../shared/types';
import type { Clock } from '../core/clock';
import { Hlc } from './hlc';
import { uuidv7 } from './ids';

export interface WriteContext {
  actor: Actor;
  reason?: string;
}

type FieldSpec = string | { col: string; kind: 'json' | 'bool' };

export interface TableSpec<Row extends SyncedRow> {
  table: string;
  /** Object kind in audit, search and events ("device", "rack"). */
  kind: string;
  /** API field → column (snake_case); id, rev, updatedAt, deleted are implicit. */
  fields: { [K in Exclude<keyof Row, keyof SyncedRow>]: FieldSpec };
  /** Text that Ctrl+K finds this object by; null keeps it out of search. */
  search?: (row: Row) => { title: string; body: string } | null;
}

type Listener = (events: ChangeEvent[]) => void;

export class Store {
  readonly hlc: Hlc;
  private depth = 0;
  private pending: ChangeEvent[] = [];
  private listeners = new Set<Listener>();
  private stmtCache = new Map<string, Statement>();

  constructor(readonly db: Db, readonly clock: Clock, nodeId: string) {
    this.hlc = new Hlc(clock, nodeId);
  }

  prepare(sql: string): Statement {
    let s = this.stmtCache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmtCache.set(sql, s);
    }
    return s;
  }

  /** Runs fn in one transaction (nested calls join the outer one); events go out after commit. */
  write<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.depth++;
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (err) {
      this.pending = [];
      throw err;
    } finally {
      this.depth--;
    }
    const events = this.pending;
    this.pending = [];
    if (events.length > 0) for (const l of this.listeners) l(events);
    return result;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- Rows committed by another connection to this file (issue 5: the IPAM import worker) ----
  /**
   * Another connection (a worker thread with its own better-sqlite3 handle) has committed
   * these changes: listeners hear of them as of a local commit (live queries refresh, the
   * sync pushes the outbox), in batches so that no listener gets 100,000 ids at once, and
   * this store's hybrid logical clock moves past the other's last stamp, so that a later
   * local write to the same row is later than the imported one.
   */
  announceExternal(events: readonly ChangeEvent[], lastHlc: string | null, batch = 5000): void {
    if (lastHlc) this.hlc.observe(lastHlc);
    for (let i = 0; i < events.length; i += batch) {
      const slice = events.slice(i, i + batch);
      for (const l of this.listeners) l(slice);
    }
  }

  /** Called by repositories inside write(). */
  recordChange(e: ChangeEvent): void {
    this.pending.push(e);
  }

  audit(ctx: WriteContext, action: string, table: string, rowId: string, before: unknown, after: unknown): void {
    this.prepare(`INSERT INTO audit (at, actor, action, table_name, row_id, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      new Date(this.clock.now()).toISOString(), ctx.actor.name, action, table, rowId,
      before === null ? null : JSON.stringify(before), after === null ? null : JSON.stringify(after), ctx.reason ?? null,
    );
  }

  history(table: string, rowId: string, limit = 200): AuditEntry[] {
    const rows = this.prepare(`SELECT * FROM audit WHERE table_name = ? AND row_id = ? ORDER BY id DESC LIMIT ?`).all(table, rowId, limit) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as number, at: r.at as string, actor: r.actor as string, action: r.action as string,
      tableName: r.table_name as string, rowId: r.row_id as string,
      before: r.before ? JSON.parse(r.before as string) : null, after: r.after ? JSON.parse(r.after as string) : null,
      reason: (r.reason as string | null) ?? null,
    }));
  }

  setSearchEntry(kind: string, rowId: string, entry: { title: string; body: string } | null): void {
    const existing = this.prepare(`SELECT rowid FROM search_docs WHERE row_id = ?`).get(rowId) as { rowid: number } | undefined;
    if (existing) {
      this.prepare(`DELETE FROM search_index WHERE rowid = ?`).run(existing.rowid);
      if (!entry) {
        this.prepare(`DELETE FROM search_docs WHERE rowid = ?`).run(existing.rowid);
        return;
      }
      this.prepare(`INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)`).run(existing.rowid, entry.title, entry.body);
      return;
    }
    if (!entry) return;
    const info = this.prepare(`INSERT INTO search_docs (kind, row_id) VALUES (?, ?)`).run(kind, rowId);
    this.prepare(`INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)`).run(info.lastInsertRowid, entry.title, entry.body);
  }

  outboxPending(): number {
    return (this.prepare(`SELECT count(*) AS n FROM outbox WHERE pushed_at IS NULL`).get() as { n: number }).n;
  }

  // ---- Sync (issue 6): the one way rows from the shared PostgreSQL enter the local cache ----
  /**
   * Writes rows pulled from PostgreSQL (column names as keys, values as stored locally) into
   * `table`, in one transaction. Unlike a Repository write it adds NO outbox entry (the rows
   * come from the server; pushing them back would echo them), but it updates the search index
   * and tells change listeners after commit, exactly as a local write does, so the UI refreshes.
   * Columns listed by `opts.keep(id)` hold local changes not pushed yet: they are left as they
   * are, and so is that row's rev (it stays the base the pending change was made on).
   * `opts.audit` adds an audit entry per row (who changed it on the server). Foreign keys are
   * not checked here: the server checks them, and a page may hold a child before its parent.
   * Returns the ids that failed locally (e.g. a unique index held by a refused local row),
   * each with the reason; the other rows are applied.
   */
  applyRemote(table: string, rows: ReadonlyArray<Record<string, unknown>>, opts: RemoteApplyOptions = {}): Array<{ id: string; reason: string }> {
    const failed: Array<{ id: string; reason: string }> = [];
    if (rows.length === 0) return failed;
    const fkWasOn = this.depth === 0 && this.db.pragma('foreign_keys', { simple: true }) === 1;
    if (fkWasOn) this.db.pragma('foreign_keys = OFF');
    const upserts = new Map<string, Statement>();
    const getRow = this.prepare(`SELECT * FROM ${table} WHERE id = ?`);
    const applyOne = (row: Record<string, unknown>) => {
      const id = String(row.id);
      const keep = opts.keep?.(id) ?? null;
      const before = getRow.get(id) as Record<string, unknown> | undefined;
      const cols = before && keep ? Object.keys(row).filter((c) => !keep.has(c) && c !== 'rev') : Object.keys(row);
      const updates = cols.filter((c) => c !== 'id');
      // A row we hold is updated in place: an upsert would check NOT NULL on the columns
      // left out (the kept ones) before it ever reached its DO UPDATE.
      if (!before || updates.length > 0) {
        const key = `${before ? 'update' : 'insert'}:${cols.join(',')}`;
        let stmt = upserts.get(key);
        if (!stmt) {
          stmt = before
            ? this.prepare(`UPDATE ${table} SET ${updates.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)
            : this.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
              + (updates.length > 0 ? ` ON CONFLICT(id) DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}` : ' ON CONFLICT(id) DO NOTHING'));
          upserts.set(key, stmt);
        }
        if (before) stmt.run(...updates.map((c) => row[c]), id);
        else stmt.run(...cols.map((c) => row[c]));
      }
      // the stored row (kept columns, local-only columns) for search and audit
      const after = (keep || opts.audit || !opts.complete ? getRow.get(id) : { ...before, ...row }) as Record<string, unknown>;
      const deleted = after.deleted === 1;
      if (opts.audit) {
        const shape = opts.shape ?? ((r: Record<string, unknown>) => r);
        this.audit({ actor: { id: 'sync', name: opts.actorOf?.(after) ?? 'sync', role: 'viewer' } }, `sync:${before ? (deleted ? 'delete' : 'update') : 'insert'}`, table, id, before ? shape(before) : null, shape(after));
      }
      if (opts.kind && opts.search) this.setSearchEntry(opts.kind, id, deleted ? null : opts.search(after));
      this.recordChange({ table, id, op: deleted ? 'delete' : before ? 'update' : 'insert' });
    };
    try {
      this.write(() => {
        const mark = this.pending.length;
        try {
          // the whole page in one savepoint: the usual case, and the fast one
          this.db.transaction(() => { for (const row of rows) applyOne(row); })();
        } catch (_err) {
          // one row does not fit here: again row by row, so the others still apply
          this.pending.length = mark;
          for (const row of rows) {
            const at = this.pending.length;
            try {
              this.db.transaction(() => applyOne(row))();
            } catch (err) {
              this.pending.length = at;
              failed.push({ id: String(row.id), reason: err instanceof Error ? err.message : String(err) });
            }
          }
        }
      });
    } finally {
      if (fkWasOn) this.db.pragma('foreign_keys = ON');
    }
    return failed;
  }

  /**
   * After a push, the rows the server took exactly as this cache has them only need the rev
   * the server gave them (no search, audit or event: nothing a person sees changed). Rows
   * with local changes made meanwhile keep their rev (the base of those changes).
   */
  setRemoteRevs(table: string, revs: ReadonlyArray<{ id: string; rev: number }>, keep?: (id: string) => boolean): void {
    const stmt = this.prepare(`UPDATE ${table} SET rev = ? WHERE id = ?`);
    this.write(() => {
      for (const r of revs) if (!keep?.(r.id)) stmt.run(r.rev, r.id);
    });
  }
}

/** How Store.applyRemote treats a batch of rows from the server (see there). */
export interface RemoteApplyOptions {
  /** Columns of this row with local changes not pushed yet (null: none). */
  keep?: (id: string) => ReadonlySet<string> | null;
  /** Object kind and search text, as the table's Repository spec gives them (from a stored row). */
  kind?: string;
  search?: (dbRow: Record<string, unknown>) => { title: string; body: string } | null;
  audit?: boolean;
  /** The row as the API shows it (Repository.fromDb), for the audit entry's before/after. */
  shape?: (dbRow: Record<string, unknown>) => unknown;
  /** Who changed the row on the server, for the audit entry. */
  actorOf?: (dbRow: Record<string, unknown>) => string;
  /** The rows carry every column of the local table (no read-back needed for search). */
  complete?: boolean;
}

function colOf(f: FieldSpec): string {
  return typeof f === 'string' ? f : f.col;
}

export class Repository<Row extends SyncedRow> {
  private readonly fieldEntries: Array<[string, FieldSpec]>;

  constructor(readonly store: Store, readonly spec: TableSpec<Row>) {
    this.fieldEntries = Object.entries(spec.fields) as Array<[string, FieldSpec]>;
  }

  fromDb(r: Record<string, unknown>): Row {
    const out: Record<string, unknown> = { id: r.id, rev: r.rev ?? null, updatedAt: r.updated_at, deleted: r.deleted === 1 };
    for (const [key, f] of this.fieldEntries) {
      const v = r[colOf(f)];
      if (typeof f === 'string') out[key] = v;
      else if (f.kind === 'bool') out[key] = v === 1;
      else out[key] = typeof v === 'string' ? JSON.parse(v) : v;
    }
    return out as unknown as Row;
  }

  private toDb(key: string, value: unknown): unknown {
    const f = (this.spec.fields as Record<string, FieldSpec>)[key];
    if (f === undefined) throw new Error(`${this.spec.table} has no field ${key}`);
    if (typeof f === 'string') return value;
    if (f.kind === 'bool') return value ? 1 : 0;
    return JSON.stringify(value);
  }

  get(id: string): Row | null {
    const r = this.store.prepare(`SELECT * FROM ${this.spec.table} WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    return r ? this.fromDb(r) : null;
  }

  /** Rows of a query over this table (SELECT * or the table's columns), mapped to the API shape. */
  select(sql: string, ...args: unknown[]): Row[] {
    return (this.store.prepare(sql).all(...args) as Record<string, unknown>[]).map((r) => this.fromDb(r));
  }

  /** Live (not deleted) row or null. */
  find(id: string): Row | null {
    const row = this.get(id);
    return row && !row.deleted ? row : null;
  }

  insert(ctx: WriteContext, data: Omit<Row, keyof SyncedRow>, id: string = uuidv7(this.store.clock.now())): Row {
    return this.store.write(() => {
      const hlc = this.store.hlc.tick();
      const cols = ['id', 'updated_at', 'deleted'];
      const vals: unknown[] = [id, hlc, 0];
      const fields: Record<string, unknown> = {};
      for (const [key, f] of this.fieldEntries) {
        const value = (data as Record<string, unknown>)[key];
        if (value === undefined) continue;
        cols.push(colOf(f));
        const dbValue = this.toDb(key, value);
        vals.push(dbValue);
        fields[colOf(f)] = dbValue;
      }
      this.store.prepare(`INSERT INTO ${this.spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...vals);
      const row = this.get(id)!;
      this.after(ctx, 'insert', null, row, { id, ...fields }, hlc);
      return row;
    });
  }

  update(ctx: WriteContext, id: string, patch: Partial<Omit<Row, keyof SyncedRow>>, action = 'update'): Row {
    return this.store.write(() => {
      const before = this.find(id);
      if (!before) throw new NotFoundError(this.spec.kind, id);
      const sets: string[] = [];
      const vals: unknown[] = [];
      const fields: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(patch)) {
        if (value === undefined) continue;
        if (JSON.stringify((before as Record<string, unknown>)[key]) === JSON.stringify(value)) continue;
        const col = colOf((this.spec.fields as Record<string, FieldSpec>)[key] ?? key);
        const dbValue = this.toDb(key, value);
        sets.push(`${col} = ?`);
        vals.push(dbValue);
        fields[col] = dbValue;
      }
      if (sets.length === 0) return before;
      const hlc = this.store.hlc.tick();
      this.store.prepare(`UPDATE ${this.spec.table} SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`).run(...vals, hlc, id);
      const after = this.get(id)!;
      this.after(ctx, action, before, after, fields, hlc);
      return after;
    });
  }

  /** Tombstone: the row stays for sync and history, marked deleted. */
  remove(ctx: WriteContext, id: string): void {
    this.store.write(() => {
      const before = this.find(id);
      if (!before) throw new NotFoundError(this.spec.kind, id);
      const hlc = this.store.hlc.tick();
      this.store.prepare(`UPDATE ${this.spec.table} SET deleted = 1, updated_at = ? WHERE id = ?`).run(hlc, id);
      this.after(ctx, 'delete', before, null, { deleted: 1 }, hlc);
    });
  }

  /**
   * A tombstone back to life (a person's "restore it" of a delete/edit conflict). A live row
   * is left as it is; false when there is no such row. Syncs as {deleted: 0}.
   */
  restore(ctx: WriteContext, id: string): boolean {
    return this.store.write(() => {
      const before = this.get(id);
      if (!before) return false;
      if (!before.deleted) return true;
      const hlc = this.store.hlc.tick();
      this.store.prepare(`UPDATE ${this.spec.table} SET deleted = 0, updated_at = ? WHERE id = ?`).run(hlc, id);
      this.after(ctx, 'restore', before, this.get(id)!, { deleted: 0 }, hlc);
      return true;
    });
  }

  history(id: string): AuditEntry[] {
    return this.store.history(this.spec.table, id);
  }

  private after(ctx: WriteContext, action: string, before: Row | null, after: Row | null, fields: Record<string, unknown>, hlc: string): void {
    const rowId = (after ?? before)!.id;
    const op = action === 'insert' ? 'insert' : action === 'delete' ? 'delete' : 'update';
    this.store.audit(ctx, action, this.spec.table, rowId, before, after);
    this.store.prepare(`INSERT INTO outbox (table_name, row_id, op, hlc, fields) VALUES (?, ?, ?, ?, ?)`).run(this.spec.table, rowId, op, hlc, JSON.stringify(fields));
    if (this.spec.search) this.store.setSearchEntry(this.spec.kind, rowId, after ? this.spec.search(after) : null);
    this.store.recordChange({ table: this.spec.table, id: rowId, op });
  }
}

export class NotFoundError extends Error {
  constructor(readonly kind: string, readonly id: string) {
    super(`No ${kind} with id ${id} (it may have been deleted).`);
    this.name = 'NotFoundError';
  }
}
