// Push: the oldest pending outbox entries, one batch per PostgreSQL transaction.
//  1. entries are checked (outboxEntrySchema, known table and columns); a malformed one is
//     refused locally and kept in sync_rejects; one for a table the shared database does not
//     have yet is parked there (re-queued when it appears) — the batch goes on without them;
//  2. in the transaction: the global write lock, then this client's row in noc_sync_clients —
//     entries at or below its last_seq were applied before (a replayed batch) and are skipped;
//  3. the rows are read (under the write lock: nobody else changes them before COMMIT), merged
//     field by field (merge.ts), written with one statement per table and set of columns
//     (jsonb_to_recordset; revs, audit rows and one NOTIFY by the triggers), conflicts
//     inserted, last_seq raised, COMMIT (synchronous, whatever the server's default: an
//     acknowledged push survives a crash);
//  4. the entries are marked pushed; rows the server now holds exactly as pushed only take their
//     new rev, the others are applied to the local cache as the server has them (local changes
//     made meanwhile are kept).
// Pusher overlaps the two processes: step 4 of one batch and step 1 of the next run here while
// PostgreSQL writes a batch (10,000 changes: test/bench/sync.bench.ts).
// A data error (privilege, constraint) rolls the batch back and retries it row by row with
// savepoints: the rows the server refuses are recorded, the others go through.
import type pg from 'pg';
import type { Store } from '../store/repository';
import { uuidv7 } from '../store/ids';
import { outboxEntrySchema } from '../../shared/schemas/sync';
import { fromPg, toPg } from './codec';
import { guardedGroups } from './guarded';
import { mergeChange, type MergeConflict, type MergeDecision, type ServerRow } from './merge';
import { WRITE_LOCK } from './migrations/0001-base';
import { isDataError, pgCode } from './pg';
import type { SyncPlan, SyncTable } from './tables';
import { SERVER_ONLY } from './tables';
import { recordReject, refreshAfterPush, type RejectRecord } from './local';

export interface PushOptions {
  client: pg.Client;
  store: Store;
  plan: SyncPlan;
  clientId: string;
  /** The login pushing (for conflicts' "incoming by"). */
  login: string;
  /** The person or host acting, kept in the server's audit next to the login. */
  actorName?: string;
  batchSize?: number;
  /** Tests: called after the batch is written and before COMMIT / after COMMIT, before the local bookkeeping. */
  hooks?: { beforeCommit?: () => Promise<void> | void; afterCommit?: () => Promise<void> | void };
}

export interface PushResult {
  entries: number;
  rows: number;
  replayed: number;
  refused: number;
  parked: number;
  conflicts: number;
  lost: number;
  /** Rows written per table. */
  tables: Record<string, number>;
}

interface Entry { seq: number; table: string; rowId: string; op: string; hlc: string; fields: Record<string, unknown> }

interface RowChange {
  table: SyncTable;
  id: string;
  insert: boolean;
  fields: Record<string, { value: unknown; hlc: string }>;
  entries: Entry[];
  baseRev: number;
  local: Record<string, unknown> | null;
}

export class ClientIdTakenError extends Error {}
export class OutboxBehindError extends Error {}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/**
 * Pushes batch after batch, overlapping the two sides: while PostgreSQL writes batch N, this
 * process finishes batch N-1 locally (marks it pushed, refreshes the cache) and prepares N+1
 * (reads, checks and coalesces its entries). Only reads and committed batches' bookkeeping
 * overlap, so a failure loses nothing: flush() (always, in a finally) finishes what committed.
 * A row in both N and N+1 waits for N's bookkeeping before N+1 is merged (its base rev).
 */
export class Pusher {
  private afterSeq = 0;
  private prepared: Prepared | null = null;
  private unfinished: { prep: Prepared; sent: Sent } | null = null;

  constructor(private readonly o: Omit<PushOptions, 'clientId'>) {}

  /** Sends the next batch under this client id; its result (counts final), or null when none is left. */
  async next(clientId: string): Promise<PushResult | null> {
    const o = { ...this.o, clientId };
    let prep = this.prepared ?? prepareBatch(o, this.afterSeq);
    this.prepared = null;
    if (!prep) {
      this.flush();
      return null;
    }
    const before = this.unfinished;
    if (before && prep.changes.some((ch) => before.sent.touched.has(`${ch.table.name}\u0000${ch.id}`))) {
      this.flush();
      prep = { ...prep, changes: coalesce(prep.entries, o.store, o.plan) };
    }
    const current = prep;
    const idle: Idle = {
      run: () => {
        this.flush();
        this.prepared = prepareBatch(o, current.last);
      },
      error: null,
    };
    let sent: Sent;
    try {
      sent = await sendBatch(o, current, idle);
    } catch (err) {
      // the batch did not commit: it is prepared again from its first entry next time
      this.prepared = null;
      this.afterSeq = current.first - 1;
      this.flush();
      throw idle.error ?? err;
    }
    if (idle.error) throw idle.error;
    if (idle.run) idle.run(); // nothing was written (all replays or no-ops): no overlap happened
    this.unfinished = { prep: current, sent };
    this.afterSeq = current.last;
    return sent.result;
  }

  /** The local bookkeeping of the batch that committed last (idempotent). */
  flush(): void {
    const u = this.unfinished;
    this.unfinished = null;
    if (u) finishBatch(this.o.store, this.o.plan, u.prep, u.sent);
  }
}

interface Prepared {
  first: number;
  last: number;
  count: number;
  /** Checked entries (to coalesce again when some turn out to be replays). */
  entries: Entry[];
  rejects: RejectRecord[];
  changes: RowChange[];
}

interface Sent {
  result: PushResult;
  written: WriteOutcome;
  /** table + id of every row the batch wrote (a next batch touching one waits for this one's bookkeeping). */
  touched: Set<string>;
}

/** Runs once, while the batch's first big statement is on the server. */
interface Idle { run: (() => void) | null; error: unknown }

function runIdle(idle: Idle | undefined): void {
  const fn = idle?.run;
  if (!idle || !fn) return;
  idle.run = null;
  try {
    fn();
  } catch (err) {
    idle.error = err;
  }
}

/** Reads the next entries after `afterSeq`, checks each and coalesces them (no writes). */
function prepareBatch(o: PushOptions, afterSeq: number): Prepared | null {
  const raw = o.store.prepare(`SELECT seq, table_name, row_id, op, hlc, fields FROM outbox WHERE pushed_at IS NULL AND seq > ? ORDER BY seq LIMIT ?`).all(afterSeq, o.batchSize ?? 2000) as Array<Record<string, unknown>>;
  if (raw.length === 0) return null;
  const at = new Date(o.store.clock.now()).toISOString();
  const entries: Entry[] = [];
  const rejects: RejectRecord[] = [];
  for (const r of raw) {
    const checked = checkEntry(r, o.plan);
    if (checked.ok) entries.push(checked.entry);
    else rejects.push({ kind: checked.park ? 'parked' : 'refused', seq: Number(r.seq), table: String(r.table_name), rowId: String(r.row_id), op: String(r.op), hlc: String(r.hlc ?? ''), fields: String(r.fields ?? ''), reason: checked.reason, at });
  }
  return { first: raw[0]!.seq as number, last: raw[raw.length - 1]!.seq as number, count: raw.length, entries, rejects, changes: coalesce(entries, o.store, o.plan) };
}

/** The batch's one PostgreSQL transaction. */
async function sendBatch(o: PushOptions, prep: Prepared, idle: Idle): Promise<Sent> {
  const result: PushResult = { entries: prep.count, rows: 0, replayed: 0, refused: 0, parked: 0, conflicts: 0, lost: 0, tables: {} };
  for (const r of prep.rejects) result[r.kind === 'parked' ? 'parked' : 'refused']++;
  const c = o.client;
  let written: WriteOutcome = emptyOutcome();
  let changes = prep.changes;
  await c.query('BEGIN');
  try {
    await c.query(`SET LOCAL synchronous_commit = on`);
    await c.query(`SELECT set_config('noc.actor', $1, true), pg_advisory_xact_lock($2, $3)`, [o.actorName ?? '', ...WRITE_LOCK]);
    await c.query(`INSERT INTO noc_sync_clients (client_id, app) VALUES ($1, 'aedify-noc') ON CONFLICT (client_id) DO NOTHING`, [o.clientId]);
    const reg = await c.query(`SELECT last_seq, last_hlc FROM noc_sync_clients WHERE client_id = $1 FOR UPDATE`, [o.clientId]);
    if (reg.rowCount === 0) throw new ClientIdTakenError(`This store's sync id (${o.clientId}) is registered to another login on the shared database.`);
    const lastSeq = Number(reg.rows[0].last_seq);
    const lastHlc = String(reg.rows[0].last_hlc ?? '');
    const fresh: Entry[] = [];
    for (const e of prep.entries) {
      if (e.seq > lastSeq) fresh.push(e);
      else if (e.hlc <= lastHlc) result.replayed++;
      // A change made after the last one the server applied, with a lower number: this store
      // was restored from a backup (its numbering went back). Never skip such a change.
      else throw new OutboxBehindError(`The local outbox numbering is behind the shared database's record of this store (restored from a backup?).`);
    }
    if (fresh.length !== prep.entries.length) changes = coalesce(fresh, o.store, o.plan);
    result.rows = changes.length;
    for (const ch of changes) result.tables[ch.table.name] = (result.tables[ch.table.name] ?? 0) + 1;
    try {
      await c.query('SAVEPOINT batch');
      written = await writeRows(c, o, changes, false, idle);
      await c.query('RELEASE SAVEPOINT batch');
    } catch (err) {
      if (!isDataError(err)) throw err;
      // Something in the batch is refused: again, row by row, keeping what goes through.
      await c.query('ROLLBACK TO SAVEPOINT batch');
      written = await writeRows(c, o, changes, true, idle);
    }
    const maxHlc = fresh.reduce((h, e) => (e.hlc > h ? e.hlc : h), lastHlc);
    await c.query(`UPDATE noc_sync_clients SET last_seq = greatest(last_seq, $2), last_hlc = $3, last_push = now() WHERE client_id = $1`, [o.clientId, prep.last, maxHlc]);
    await o.hooks?.beforeCommit?.();
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  await o.hooks?.afterCommit?.();
  for (const refused of written.refusedRows) {
    result.refused += refused.change.entries.length;
    result.tables[refused.change.table.name] = (result.tables[refused.change.table.name] ?? 0) - 1;
  }
  result.conflicts = written.conflicts;
  result.lost = written.lost;
  return { result, written, touched: new Set(changes.map((ch) => `${ch.table.name}\u0000${ch.id}`)) };
}

/** After COMMIT: rejects kept with their reason, the entries marked pushed, the cache refreshed. */
function finishBatch(store: Store, plan: SyncPlan, prep: Prepared, sent: Sent): void {
  for (const r of prep.rejects) recordReject(store, r);
  const at = new Date(store.clock.now()).toISOString();
  for (const refused of sent.written.refusedRows) {
    for (const e of refused.change.entries) {
      recordReject(store, { kind: 'refused', seq: e.seq, table: e.table, rowId: e.rowId, op: e.op, hlc: e.hlc, fields: JSON.stringify(e.fields), reason: refused.reason, at });
    }
  }
  store.prepare(`UPDATE outbox SET pushed_at = ? WHERE seq BETWEEN ? AND ? AND pushed_at IS NULL`).run(at, prep.first, prep.last);
  // rows exactly as pushed: the new rev, also under a change made meanwhile (its true base now)
  for (const [tableName, revs] of sent.written.exact) if (revs.length > 0) store.setRemoteRevs(tableName, revs);
  for (const [tableName, rows] of sent.written.serverRows) {
    const table = plan.byName.get(tableName);
    if (table) refreshAfterPush(store, table, [...rows.values()], { advance: sent.written.advance.get(tableName) });
  }
}

type Checked = { ok: true; entry: Entry } | { ok: false; park: boolean; reason: string };

function checkEntry(r: Record<string, unknown>, plan: SyncPlan): Checked {
  const parsed = outboxEntrySchema.safeParse(r);
  if (!parsed.success) return { ok: false, park: false, reason: `malformed change: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  const e = parsed.data;
  const table = plan.byName.get(e.table_name);
  if (!table) {
    if (plan.localOnly.includes(e.table_name)) return { ok: false, park: true, reason: `the shared database has no table ${e.table_name} yet (its schema is older than this app's domain); kept until it has` };
    return { ok: false, park: false, reason: `malformed change: ${e.table_name} is not a synced table` };
  }
  let fields: unknown;
  try {
    fields = JSON.parse(e.fields);
  } catch (_err) {
    return { ok: false, park: false, reason: 'malformed change: its fields are not JSON' };
  }
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) return { ok: false, park: false, reason: 'malformed change: its fields are not an object' };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
    if (k === 'id') {
      if (v !== e.row_id) return { ok: false, park: false, reason: `malformed change: id ${String(v)} differs from the row ${e.row_id}` };
      continue;
    }
    if (k === 'rev' || k === 'updated_at' || SERVER_ONLY.has(k)) return { ok: false, park: false, reason: `malformed change: ${k} is set by the sync, not by a change` };
    if (!table.columns.includes(k)) {
      if (table.localColumns.includes(k)) return { ok: false, park: true, reason: `the shared database's ${e.table_name} has no column ${k} yet (its schema is older); kept until it has` };
      return { ok: false, park: false, reason: `malformed change: ${e.table_name} has no column ${k}` };
    }
    if (v !== null && typeof v === 'object') return { ok: false, park: false, reason: `malformed change: ${k} holds an object, not a stored value` };
    out[k] = v;
  }
  return { ok: true, entry: { seq: e.seq, table: e.table_name, rowId: e.row_id, op: e.op, hlc: e.hlc, fields: out } };
}

/** Successive changes of one row become one (the later value of a field wins: same client). */
function coalesce(entries: Entry[], store: Store, plan: SyncPlan): RowChange[] {
  const byKey = new Map<string, RowChange>();
  for (const e of entries) {
    const key = `${e.table}\u0000${e.rowId}`;
    let ch = byKey.get(key);
    if (!ch) {
      ch = { table: plan.byName.get(e.table)!, id: e.rowId, insert: e.op === 'insert', fields: {}, entries: [], baseRev: 0, local: null };
      byKey.set(key, ch);
    }
    ch.entries.push(e);
    for (const [k, v] of Object.entries(e.fields)) ch.fields[k] = { value: v, hlc: e.hlc };
  }
  const changes = [...byKey.values()];
  // The row's local rev is the server state this change was made on (pull leaves the rev
  // of a row with pending changes alone): the base of the conflict check.
  const byTable = new Map<string, RowChange[]>();
  for (const ch of changes) {
    const list = byTable.get(ch.table.name);
    if (list) list.push(ch);
    else byTable.set(ch.table.name, [ch]);
  }
  // (The whole local row is read later, only for the rows that may conflict: loadLocal.)
  for (const [table, list] of byTable) {
    const revs = localRows(store, table, list.map((ch) => ch.id), 'id, rev');
    for (const ch of list) ch.baseRev = Number(revs.get(ch.id)?.rev ?? 0);
  }
  return changes;
}

/** Local rows (or some columns) of these ids, read in chunks (one statement per 500, not one per row). */
function localRows(store: Store, table: string, ids: readonly string[], cols = '*'): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of store.prepare(`SELECT ${cols} FROM ${table} WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as Array<Record<string, unknown>>) out.set(String(r.id), r);
  }
  return out;
}

interface WriteOutcome {
  /** Per table, the rows as the server has them after the batch (to refresh the local cache). */
  serverRows: Map<string, Map<string, Record<string, unknown>>>;
  conflicts: number;
  lost: number;
  refusedRows: Array<{ change: RowChange; reason: string }>;
  /**
   * Per table, the rows whose server state after the batch is exactly the pushing client's
   * (inserted, or the server had nothing newer than the client's base): the new rev is the
   * base of any change made meanwhile (else the client's next push would meet its own write
   * as a concurrent one).
   */
  advance: Map<string, Set<string>>;
  /** Per table, rows the server now holds exactly as this client pushed them: only their new rev is news. */
  exact: Map<string, Array<{ id: string; rev: number }>>;
}

const emptyOutcome = (): WriteOutcome => ({ serverRows: new Map(), conflicts: 0, lost: 0, refusedRows: [], advance: new Map(), exact: new Map() });

async function writeRows(c: pg.Client, o: PushOptions, changes: RowChange[], oneByOne: boolean, idle?: Idle): Promise<WriteOutcome> {
  const out = emptyOutcome();
  if (!oneByOne) {
    await writeGroup(c, o, changes, out, idle);
    return out;
  }
  for (const ch of changes) {
    await c.query('SAVEPOINT one_row');
    const partial = emptyOutcome();
    try {
      await writeGroup(c, o, [ch], partial);
      await c.query('RELEASE SAVEPOINT one_row');
      for (const [t, rows] of partial.serverRows) {
        const into = out.serverRows.get(t) ?? new Map<string, Record<string, unknown>>();
        for (const [id, row] of rows) into.set(id, row);
        out.serverRows.set(t, into);
      }
      for (const [t, ids] of partial.advance) {
        const into = out.advance.get(t) ?? new Set<string>();
        for (const id of ids) into.add(id);
        out.advance.set(t, into);
      }
      for (const [t, revs] of partial.exact) out.exact.set(t, [...(out.exact.get(t) ?? []), ...revs]);
      out.conflicts += partial.conflicts;
      out.lost += partial.lost;
    } catch (err) {
      if (!isDataError(err)) throw err;
      await c.query('ROLLBACK TO SAVEPOINT one_row');
      out.refusedRows.push({ change: ch, reason: refusalReason(err, ch) });
    }
  }
  return out;
}

function refusalReason(err: unknown, ch: RowChange): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (pgCode(err) === '42501') return `refused by the shared database: ${msg} (your role may not change ${ch.table.name})`;
  if (pgCode(err) === '23505') return `refused by the shared database: ${msg} (another row already has this value)`;
  return `refused by the shared database: ${msg}`;
}

/** Locks, merges and writes a set of row changes, table by table in plan order. */
async function writeGroup(c: pg.Client, o: PushOptions, changes: RowChange[], out: WriteOutcome, idle?: Idle): Promise<void> {
  const byTable = new Map<string, RowChange[]>();
  for (const ch of changes) {
    const list = byTable.get(ch.table.name) ?? [];
    list.push(ch);
    byTable.set(ch.table.name, list);
  }
  const conflicts: Array<{ ch: RowChange; conflict: MergeConflict }> = [];
  for (const table of o.plan.tables) {
    const list = byTable.get(table.name);
    if (!list) continue;
    // What the merge reads; a row the server changed since this client's base (a conflict is
    // possible) is read whole, and so is this client's own row for it (loadLocal).
    const current = await readRows(c, table, list.map((ch) => ch.id), mergeColumns(table, list));
    const busy = list.filter((ch) => {
      const s = current.get(ch.id);
      return s && (s.merge.rev > ch.baseRev || isDeleted(s.merge.values.deleted));
    });
    if (busy.length > 0) {
      for (const [id, row] of await readRows(c, table, busy.map((ch) => ch.id), table.columns)) current.set(id, row);
      const local = localRows(o.store, table.name, busy.map((ch) => ch.id));
      for (const ch of busy) ch.local = local.get(ch.id) ?? null;
    }
    const rowsOut = out.serverRows.get(table.name) ?? new Map<string, Record<string, unknown>>();
    out.serverRows.set(table.name, rowsOut);
    const advance = out.advance.get(table.name) ?? new Set<string>();
    out.advance.set(table.name, advance);
    const exact = new Set<string>();
    const refetch: string[] = [];
    const inserts: Array<{ ch: RowChange; d: MergeDecision }> = [];
    const updates: Array<{ ch: RowChange; d: MergeDecision }> = [];
    for (const ch of list) {
      const server = current.get(ch.id) ?? null;
      const d = mergeChange(server ? server.merge : null, { id: ch.id, insert: ch.insert, fields: ch.fields, baseRev: ch.baseRev, local: ch.local }, guardedGroups(table.name));
      out.lost += d.lost.length;
      for (const conflict of d.conflicts) conflicts.push({ ch, conflict });
      const clean = d.conflicts.length === 0 && d.lost.length === 0;
      // nothing new on the server since the base, all of it applied: the server's row is ours
      const ours = clean && server !== null && server.merge.rev <= ch.baseRev;
      if (d.action === 'insert') {
        advance.add(ch.id);
        inserts.push({ ch, d });
      } else if (d.action === 'update') {
        updates.push({ ch, d });
        if (ours && Object.keys(d.set).every((k) => PLAIN.has(table.pg.get(k)?.typname ?? ''))) {
          advance.add(ch.id);
          exact.add(ch.id);
        } else refetch.push(ch.id);
      } else if (d.action === 'none') {
        if (!ours) refetch.push(ch.id);
      } else {
        const e = new Error(`the row ${ch.id} of ${table.name} is not on the shared database (its creation was refused or is not visible to you)`) as Error & { code: string };
        e.code = 'P0002';
        throw e;
      }
    }
    for (const row of await writeInserts(c, table, inserts, idle)) rowsOut.set(String(row.id), row);
    const revs = await writeUpdates(c, table, updates, idle);
    out.exact.set(table.name, [...(out.exact.get(table.name) ?? []), ...revs.filter((r) => exact.has(r.id))]);
    // the rows the server holds otherwise than this client: whole, as they are after the writes
    if (refetch.length > 0) for (const [id, row] of await readRows(c, table, refetch, table.columns)) rowsOut.set(id, row.local);
  }
  if (conflicts.length > 0) {
    const table = o.plan.byName.get('sync_conflicts');
    if (!table) throw new Error('the shared database has no sync_conflicts table');
    const rows = conflicts.map(({ ch, conflict }) => conflictRow(o, ch, conflict));
    const list = rows.map((fields) => ({ ch: { id: String(fields.id) } as RowChange, d: { action: 'insert', set: fields, fieldHlc: Object.fromEntries(Object.keys(fields).map((k) => [k, String(fields.updated_at)])), updatedAt: String(fields.updated_at), conflicts: [], lost: [] } as MergeDecision }));
    const rowsOut = out.serverRows.get('sync_conflicts') ?? new Map<string, Record<string, unknown>>();
    out.serverRows.set('sync_conflicts', rowsOut);
    for (const row of await writeInserts(c, table, list)) rowsOut.set(String(row.id), row);
    out.conflicts += conflicts.length;
  }
}

function conflictRow(o: PushOptions, ch: RowChange, k: MergeConflict): Record<string, unknown> {
  const hlc = o.store.hlc.tick();
  return {
    id: uuidv7(o.store.clock.now()),
    table_name: ch.table.name,
    row_id: ch.id,
    field_group: k.group,
    fields: JSON.stringify(k.columns),
    server_value: JSON.stringify(k.serverValue),
    server_hlc: k.serverHlc,
    server_by: k.serverBy,
    incoming_value: JSON.stringify(k.incomingValue),
    incoming_hlc: k.incomingHlc,
    incoming_by: o.actorName ? `${o.login} (${o.actorName})` : o.login,
    base_rev: ch.baseRev,
    detected_at: new Date(o.store.clock.now()).toISOString(),
    status: 'open',
    updated_at: hlc,
  };
}

interface LockedRow { merge: ServerRow; local: Record<string, unknown> }

/**
 * The rows as the server has them now. No FOR UPDATE: the push holds the global write lock
 * (WRITE_LOCK), and every write of a synced table takes it in noc_stamp before it can change
 * a row, so nothing changes these rows before this transaction ends — and locking 2,000
 * tuples would only dirty their pages once more.
 */
async function readRows(c: pg.Client, table: SyncTable, ids: string[], columns: readonly string[]): Promise<Map<string, LockedRow>> {
  const r = await c.query(`SELECT ${columns.map(q).join(', ')}, field_hlc, field_rev, changed_by FROM ${q(table.name)} WHERE id = ANY($1::text[])`, [ids]);
  const out = new Map<string, LockedRow>();
  for (const row of r.rows as Array<Record<string, unknown>>) {
    const local = decodeRow(table, row, columns);
    out.set(String(row.id), {
      local,
      merge: {
        values: local,
        rev: Number(row.rev),
        updatedAt: String(row.updated_at),
        fieldHlc: (row.field_hlc ?? {}) as Record<string, string>,
        fieldRev: (row.field_rev ?? {}) as Record<string, number>,
        changedBy: String(row.changed_by ?? ''),
      },
    });
  }
  return out;
}

export function decodeRow(table: SyncTable, row: Record<string, unknown>, columns: readonly string[] = table.columns): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const col of columns) out[col] = fromPg(table.pg.get(col), row[col]);
  return out;
}

/** The columns the merge reads: the sync's own, those the batch changes, the guarded groups'. */
function mergeColumns(table: SyncTable, list: RowChange[]): string[] {
  const want = new Set(['id', 'rev', 'updated_at', 'deleted']);
  for (const ch of list) for (const k of Object.keys(ch.fields)) want.add(k);
  for (const g of guardedGroups(table.name)) for (const k of g.columns) want.add(k);
  return table.columns.filter((k) => want.has(k));
}

const isDeleted = (v: unknown) => v === 1 || v === '1' || v === true;

function recordsetDef(table: SyncTable, cols: string[]): string {
  return cols.map((c) => `${q(c)} ${table.pg.get(c)!.type}`).join(', ');
}

function groupByColumns(items: Array<{ ch: RowChange; d: MergeDecision }>): Map<string, Array<{ ch: RowChange; d: MergeDecision }>> {
  const groups = new Map<string, Array<{ ch: RowChange; d: MergeDecision }>>();
  for (const it of items) {
    const key = Object.keys(it.d.set).sort().join(',');
    const g = groups.get(key) ?? [];
    g.push(it);
    groups.set(key, g);
  }
  return groups;
}

async function writeInserts(c: pg.Client, table: SyncTable, items: Array<{ ch: RowChange; d: MergeDecision }>, idle?: Idle): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (const [key, group] of groupByColumns(items)) {
    const dataCols = key ? key.split(',').filter((k) => k !== 'updated_at' && k !== 'id') : [];
    const records = group.map(({ ch, d }) => {
      const rec: Record<string, unknown> = { id: ch.id, updated_at: d.updatedAt, field_hlc: d.fieldHlc };
      for (const col of dataCols) rec[col] = toPg(table.pg.get(col), d.set[col]);
      return rec;
    });
    const all = ['id', 'updated_at', ...dataCols];
    const def = `${recordsetDef(table, all)}, "field_hlc" jsonb`;
    const sent = c.query(
      `INSERT INTO ${q(table.name)} (${[...all, 'field_hlc'].map(q).join(', ')})
       SELECT ${[...all, 'field_hlc'].map((k) => `x.${q(k)}`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${def})
       RETURNING ${table.columns.map(q).join(', ')}`,
      [JSON.stringify(records)]);
    runIdle(idle);
    const r = await sent;
    for (const row of r.rows as Array<Record<string, unknown>>) out.push(decodeRow(table, row));
  }
  return out;
}

/** Column types whose value comes back from PostgreSQL as it went in (text, numbers). */
const PLAIN = new Set(['text', 'varchar', 'int2', 'int4', 'int8', 'float4', 'float8']);

/** The updates, one statement per set of columns; each row's new rev back (the rest is known). */
async function writeUpdates(c: pg.Client, table: SyncTable, items: Array<{ ch: RowChange; d: MergeDecision }>, idle?: Idle): Promise<Array<{ id: string; rev: number }>> {
  const out: Array<{ id: string; rev: number }> = [];
  let named = '';
  for (const [key, group] of groupByColumns(items)) {
    const dataCols = key.split(',').filter(Boolean);
    const records = group.map(({ ch, d }) => {
      const rec: Record<string, unknown> = { id: ch.id, updated_at: d.updatedAt, field_hlc: d.fieldHlc };
      for (const col of dataCols) rec[col] = toPg(table.pg.get(col), d.set[col]);
      return rec;
    });
    const def = `${recordsetDef(table, ['id', 'updated_at', ...dataCols])}, "field_hlc" jsonb`;
    const sets = [...dataCols.map((k) => `${q(k)} = x.${q(k)}`), `"updated_at" = greatest(t."updated_at", x."updated_at")`, `"field_hlc" = t."field_hlc" || x."field_hlc"`];
    // the stamp trigger records these columns as changed at each row's new rev (see noc_stamp)
    if (named !== dataCols.join(',')) {
      named = dataCols.join(',');
      await c.query(`SELECT set_config('noc.cols', $1, true)`, [named]);
    }
    const sent = c.query(
      `UPDATE ${q(table.name)} AS t SET ${sets.join(', ')}
         FROM jsonb_to_recordset($1::jsonb) AS x(${def})
        WHERE t.id = x.id
       RETURNING t."id", t."rev"`,
      [JSON.stringify(records)]);
    runIdle(idle);
    const r = await sent;
    for (const row of r.rows as Array<{ id: string; rev: unknown }>) out.push({ id: row.id, rev: Number(row.rev) });
  }
  if (named) await c.query(`SELECT set_config('noc.cols', '', true)`);
  return out;
}
