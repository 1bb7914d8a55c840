// Shared mode for the rest of the app: connect (the switch from standalone uploads the store
// once, with progress), status, sync now, conflicts and refused changes for a person to
// resolve, logins on the shared database, live hints, and which devices this client polls.
import type { SyncConflict, SyncReject, SyncUser } from '../../../shared/sync-types';
import type { Clock } from '../../core/clock';
import { conflict as conflictError, invalid, precondition } from '../../core/errors';
import { Repository, type Store, type WriteContext } from '../../store/repository';
import { SyncEngine, type CycleReport, type SyncProgress, type SyncStatus } from '../../sync/engine';
import type { LiveMessage } from '../../sync/listener';
import { localCounts, readSettings } from '../../sync/local';
import { parsePgUrl, SyncError, withLogin } from '../../sync/pg';
import { DELETE_EDIT } from '../../sync/merge';
import { requeueReject } from '../../sync/queue';
import { Leadership } from '../../sync/leadership';
import { discoverRepositories } from '../../sync/tables';
import type { SyncedRow } from '../../../shared/types';
import { addUser, grantRole, listUsers, setEnabled, type NewUser } from '../../sync/users';
import { conflictTable } from './schema';
import { sealedRowsOf, teamKeyOnConnect } from '../../sync/team-key';
import type { Services } from '../../core/services';

/** How the person's choice is written: through the domain's own rules where it has them. */
export type ConflictResolver = (ctx: WriteContext, rowId: string, patch: Record<string, unknown>) => void;

export interface SyncServiceOptions {
  /** A PostgreSQL URL to use at start (CLI --pg, NOC_PG_URL); its password may come from PGPASSWORD. */
  pg?: string | null;
  /** Timers of the engine (tests give a system clock while the store's clock is fake). */
  timers?: Clock;
  batchSize?: number;
  pageSize?: number;
  safetyPollMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Poller leadership: how many shards, and whether a client that lost the shared database
   *  for two poll intervals polls everything itself (a wall host that must never go blind). */
  leadership?: { shards?: number; failOpen?: boolean };
}

export interface ConnectReport extends CycleReport {
  switched: boolean;
  url: string;
  login: string | null;
  role: string | null;
  message: string;
}

export class SyncService {
  readonly conflicts: Repository<SyncConflict>;
  private engine: SyncEngine | null = null;
  private resolvers = new Map<string, ConflictResolver>();
  private removers = new Map<string, (ctx: WriteContext, rowId: string) => void>();
  private statusListeners = new Set<(s: SyncStatus) => void>();
  private liveListeners = new Set<(m: LiveMessage) => void>();
  private offEngine: Array<() => void> = [];
  private leadership: Leadership | null = null;
  private pollIntervalMs = 60_000;

  constructor(private readonly store: Store, private readonly services: () => object, private readonly clock: Clock, private readonly opts: SyncServiceOptions = {}) {
    this.conflicts = new Repository(store, conflictTable);
  }

  /** A domain's own way of deleting a row, for a delete/edit conflict resolved as "keep it deleted". */
  registerRemover(table: string, remover: (ctx: WriteContext, rowId: string) => void): void {
    this.removers.set(table, remover);
  }

  /** A domain's own way of writing a person's choice (e.g. devices: placement and status rules). */
  registerResolver(table: string, resolver: ConflictResolver): void {
    this.resolvers.set(table, resolver);
  }

  mode(): 'standalone' | 'shared' {
    return readSettings(this.store) ? 'shared' : 'standalone';
  }

  status(): SyncStatus {
    if (this.engine) return this.engine.status();
    const settings = readSettings(this.store);
    return {
      mode: settings ? 'shared' : 'standalone', state: settings ? 'offline' : 'standalone', url: settings?.url ?? null, login: null, role: null,
      lastSyncAt: null, lastError: settings ? 'Not connected: log in to the shared database (Settings → Shared database), or start with --pg URL.' : null,
      errorCode: null, ...localCounts(this.store), localOnlyTables: [], progress: null,
    };
  }

  onStatus(fn: (s: SyncStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /** At start: a store already in shared mode reconnects when a URL with a login is known. */
  autoStart(): void {
    const url = this.opts.pg ?? process.env.NOC_PG_URL ?? null;
    if (!url) return;
    if (!readSettings(this.store)) return; // the switch from standalone is an explicit connect()
    this.startBackground(url);
  }

  /** Syncs in the background with this URL, (re)connecting by itself; a store in shared mode only. */
  startBackground(url: string): void {
    if (!readSettings(this.store)) throw new SyncError('not-shared', 'This store is standalone; connect it first (it uploads its data once).');
    parsePgUrl(url);
    this.useEngine(url).start();
  }

  /**
   * Connects to the shared database: the first time, this store's data is uploaded once
   * (progress through onProgress) and the database's rows are downloaded; afterwards it syncs
   * in the background. Throws a SyncError a person can act on; the store stays as it was.
   */
  async connect(url: string, login?: { user?: string; password?: string }, onProgress?: (p: SyncProgress) => void): Promise<ConnectReport> {
    const full = login?.user ? withLogin(url, login.user, login.password ?? '') : url;
    parsePgUrl(full);
    const switched = !readSettings(this.store);
    const engine = this.useEngine(full);
    let report: CycleReport;
    try {
      report = await engine.syncNow(onProgress);
    } catch (err) {
      await this.disconnect();
      throw err;
    }
    engine.start();
    const s = engine.status();
    const up = Object.entries(report.pushedRows).map(([t, n]) => `${n} ${t}`);
    const message = [
      switched ? `This store is now a copy of the shared database ${s.url} (as ${s.login}, ${s.role}).` : `Connected to ${s.url} as ${s.login} (${s.role}).`,
      report.pushed > 0 ? `Uploaded ${report.pushed} change${report.pushed === 1 ? '' : 's'}${up.length ? ` (${up.join(', ')})` : ''}.` : 'Nothing to upload.',
      report.pulled > 0 ? `Downloaded ${report.pulled} row${report.pulled === 1 ? '' : 's'} (${Object.entries(report.pulledRows).map(([t, n]) => `${n} ${t}`).join(', ')}).` : 'Nothing new to download.',
      report.refused > 0 ? `${report.refused} change(s) were refused by the server: see Conflicts.` : '',
      report.parked > 0 ? `${report.parked} change(s) wait until the shared database's schema has their table or column${s.localOnlyTables.length ? ` (${s.localOnlyTables.join(', ')})` : ''}: an admin runs \`noc db migrate\`.` : '',
      report.conflicts > 0 ? `${report.conflicts} conflict(s) to resolve: see Conflicts.` : '',
    ].filter(Boolean).join(' ');
    return { ...report, switched, url: s.url ?? '', login: s.login, role: s.role, message };
  }

  /** Stops syncing (the store stays in shared mode and works on its local copy). */
  async disconnect(): Promise<void> {
    // detach first (synchronously), so a connect() right after builds on a clean slate
    const engine = this.engine;
    const polling = this.stopPolling();
    this.engine = null;
    for (const off of this.offEngine.splice(0)) off();
    await polling;
    if (!engine) return;
    await engine.stop();
    if (this.store.db.open) this.emit(this.status());
  }

  async syncNow(onProgress?: (p: SyncProgress) => void): Promise<CycleReport> {
    if (!this.engine) {
      if (!readSettings(this.store)) throw new SyncError('not-shared', 'This store is standalone. Connect it to a shared database first (Settings → Shared database, or `noc db connect --pg URL`).');
      throw new SyncError('connection-lost', 'Not connected: log in to the shared database first.');
    }
    return this.engine.syncNow(onProgress);
  }

  /** Stops everything the sync started (timers, connections). */
  async stop(): Promise<void> {
    await this.disconnect();
  }

  private useEngine(url: string): SyncEngine {
    if (this.engine && this.engine.url === url) return this.engine;
    if (this.engine) void this.disconnect();
    const o = this.opts;
    const engine = new SyncEngine({
      store: this.store, services: this.services(), clock: o.timers ?? this.clock, url, batchSize: o.batchSize, pageSize: o.pageSize,
      safetyPollMs: o.safetyPollMs, reconnectMinMs: o.reconnectMinMs, reconnectMaxMs: o.reconnectMaxMs,
      onConnected: (client) => teamKeyOnConnect(client, sealedRowsOf(this.services() as Services)),
    });
    this.engine = engine;
    this.offEngine.push(engine.onStatus((s) => this.emit(s)));
    this.offEngine.push(engine.onLive((m) => {
      for (const fn of this.liveListeners) fn(m);
    }));
    return engine;
  }

  private emit(s: SyncStatus): void {
    for (const fn of this.statusListeners) fn(s);
  }

  /** The engine, for leadership and tests. */
  currentEngine(): SyncEngine | null {
    return this.engine;
  }

  // ---- live hints (poll results, alarm changes) to and from the other clients ----

  onLive(fn: (m: LiveMessage) => void): () => void {
    this.liveListeners.add(fn);
    return () => this.liveListeners.delete(fn);
  }

  async publishLive(kind: string, data: unknown): Promise<boolean> {
    return this.engine ? this.engine.publishLive(kind, data) : false;
  }

  // ---- poller leadership (src-main/sync/leadership.ts) ----

  /**
   * Whether this client polls the device. Standalone: always. Shared: when this client holds
   * the device's shard; the first call joins the pollers (rounds every interval/2). The
   * monitoring scheduler asks before each run (MonitoringConfig.owns).
   */
  ownsDevice(deviceId: string): boolean {
    if (this.mode() === 'standalone') return true;
    const failOpen = this.opts.leadership?.failOpen ?? false;
    if (!this.engine) return failOpen;
    if (!this.leadership) this.startPolling(this.pollIntervalMs);
    const l = this.leadership!;
    if (failOpen && l.silentForMs() > 2 * this.pollIntervalMs && this.engine.status().state !== 'online') return true;
    return l.ownsDevice(deviceId);
  }

  /** Joins the pollers with this poll interval (ms). */
  startPolling(intervalMs: number): Leadership | null {
    this.pollIntervalMs = intervalMs;
    if (!this.engine || this.mode() === 'standalone') return null;
    if (this.leadership) return this.leadership;
    const node = this.store.hlc.node;
    const clientKey = parseInt(node.slice(0, 7), 16) & 0x7fffffff || 1;
    this.leadership = new Leadership({
      url: this.engine.url, clock: this.opts.timers ?? this.clock, intervalMs, clientKey, shards: this.opts.leadership?.shards,
      onChange: () => this.emit(this.status()),
    });
    this.leadership.start();
    return this.leadership;
  }

  async stopPolling(): Promise<void> {
    const l = this.leadership;
    this.leadership = null;
    await l?.stop();
  }

  currentLeadership(): Leadership | null {
    return this.leadership;
  }

  // ---- conflicts ----

  listConflicts(status: 'open' | 'resolved' | 'all', limit: number): SyncConflict[] {
    const where = status === 'all' ? 'deleted = 0' : `deleted = 0 AND status = '${status === 'open' ? 'open' : 'resolved'}'`;
    return (this.store.prepare(`SELECT * FROM sync_conflicts WHERE ${where} ORDER BY detected_at DESC LIMIT ?`).all(limit) as Array<Record<string, unknown>>).map((r) => this.conflicts.fromDb(r));
  }

  /**
   * A person's decision: 'server' keeps what the server has (already in place), 'incoming'
   * writes the other side's value through the domain's rules. Both are recorded on the
   * conflict and sync like any change.
   */
  resolveConflict(ctx: WriteContext, id: string, choice: 'server' | 'incoming'): SyncConflict {
    return this.store.write(() => {
      const c = this.conflicts.find(id);
      if (!c) throw invalid(`No conflict with id ${id}.`);
      if (c.status !== 'open') throw conflictError(`This conflict was already resolved by ${c.resolvedBy} (${c.resolution}).`);
      const chosen = choice === 'server' ? c.serverValue : c.incomingValue;
      if (c.fieldGroup === DELETE_EDIT) this.writeDeleteEdit(ctx, c, choice);
      else if (choice === 'incoming') this.writeChoice(ctx, c, chosen);
      return this.conflicts.update(ctx, id, {
        status: 'resolved', resolution: choice, resolvedValue: chosen, resolvedBy: ctx.actor.name, resolvedAt: new Date(this.clock.now()).toISOString(),
      }, 'resolve');
    });
  }

  /**
   * A row deleted on one side and edited on the other (merge.ts, DELETE_EDIT): the server
   * kept its side. "Keep it deleted" drops the edit (it stays in this conflict's record and in
   * the audit of its resolution); "restore it" brings the row back with the edit applied
   * through the domain's rules. Which of 'server' / 'incoming' means which depends on the
   * side that deleted; the side the server kept needs no write.
   */
  private writeDeleteEdit(ctx: WriteContext, c: SyncConflict, choice: 'server' | 'incoming'): void {
    const serverDeleted = isDeletedValue(c.serverValue.deleted);
    const keepDeleted = serverDeleted === (choice === 'server');
    if (choice === 'server') return;
    const repo = discoverRepositories(this.services()).get(c.tableName);
    if (!repo) throw precondition(`This app cannot write ${c.tableName} rows; resolve it where that table is edited.`);
    const why = { ...ctx, reason: ctx.reason ?? `conflict resolved: ${keepDeleted ? 'kept deleted' : 'restored with the edit'}` };
    if (keepDeleted) {
      // the server kept the row alive with the other side's edit: the delete happens now
      if (!repo.find(c.rowId)) return;
      const remover = this.removers.get(c.tableName);
      if (remover) remover(why, c.rowId);
      else repo.remove(why, c.rowId);
      return;
    }
    let found: boolean;
    try {
      found = repo.restore(why, c.rowId);
    } catch (err) {
      // e.g. the same address or serial was entered again meanwhile (a unique index of live rows)
      if ((err as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw conflictError(`Restoring this ${repo.spec.kind} would clash with another one made meanwhile (${(err as Error).message}). Keep it deleted, or change or delete the other one first.`);
      throw err;
    }
    if (!found) throw precondition(`The ${repo.spec.kind} ${c.rowId} is not in this copy yet; sync, then resolve again.`);
    const edit = Object.fromEntries(Object.entries(c.incomingValue).filter(([k]) => k !== 'deleted'));
    const patch = apiPatch(repo, c.rowId, edit);
    if (Object.keys(patch).length === 0) return;
    const resolver = this.resolvers.get(c.tableName);
    if (resolver) resolver(why, c.rowId, patch);
    else repo.update(why, c.rowId, patch as never, 'resolve-conflict');
  }

  private writeChoice(ctx: WriteContext, c: SyncConflict, values: Record<string, unknown>): void {
    const repo = discoverRepositories(this.services()).get(c.tableName);
    if (!repo) throw precondition(`This app cannot write ${c.tableName} rows; resolve it where that table is edited.`);
    const current = repo.find(c.rowId);
    if (!current) throw precondition(`The ${repo.spec.kind} ${c.rowId} no longer exists (deleted); keep the server's side.`);
    const patch = apiPatch(repo, c.rowId, values);
    const resolver = this.resolvers.get(c.tableName);
    if (resolver) resolver({ ...ctx, reason: ctx.reason ?? `conflict resolved: ${c.fieldGroup}` }, c.rowId, patch);
    else repo.update({ ...ctx, reason: ctx.reason ?? `conflict resolved: ${c.fieldGroup}` }, c.rowId, patch as never, 'resolve-conflict');
  }

  // ---- refused and parked changes ----

  listRejects(): SyncReject[] {
    return (this.store.prepare(`SELECT * FROM sync_rejects WHERE status = 'open' ORDER BY id DESC LIMIT 1000`).all() as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as number, at: r.at as string, kind: r.kind as SyncReject['kind'], seq: (r.seq as number | null) ?? null, tableName: r.table_name as string,
      rowId: r.row_id as string, op: r.op as string, fields: parseObject(r.fields as string), reason: r.reason as string, status: r.status as SyncReject['status'],
    }));
  }

  /** Puts a refused change back in the queue (after an admin granted the right, say). */
  retryReject(id: number): void {
    if (!requeueReject(this.store, id)) throw invalid(`No open refused change with id ${id}.`);
    if (this.engine) void this.engine.syncNow().catch(() => undefined);
  }

  /** Drops a refused change: the row goes back to the server's version (or away, if the server never had it). */
  async discardReject(id: number): Promise<void> {
    const r = this.store.prepare(`SELECT * FROM sync_rejects WHERE id = ? AND status = 'open'`).get(id) as Record<string, unknown> | undefined;
    if (!r) throw invalid(`No open refused change with id ${id}.`);
    const engine = this.engine;
    if (!engine || !engine.connection()) throw precondition('Connect to the shared database first: the server\'s version of the row is needed to discard a local change.');
    const table = String(r.table_name);
    const rowId = String(r.row_id);
    const found = await engine.refreshRow(table, rowId);
    if (!found) {
      // The server never had it: the local row becomes a tombstone, not pushed (it never was).
      const local = this.store.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(rowId) as Record<string, unknown> | undefined;
      if (local) this.store.applyRemote(table, [{ ...local, deleted: 1 }], { audit: true, actorOf: () => 'discarded' });
    }
    this.store.prepare(`UPDATE sync_rejects SET status = 'discarded' WHERE id = ?`).run(id);
    this.emit(this.status());
  }

  // ---- logins on the shared database (admins) ----

  private adminConnection() {
    const c = this.engine?.connection();
    if (!c) throw new SyncError('connection-lost', 'Managing logins needs the shared database: connect first.');
    return c;
  }

  async users(): Promise<SyncUser[]> {
    return listUsers(this.adminConnection());
  }

  async addUser(u: NewUser): Promise<void> {
    await addUser(this.adminConnection(), u);
  }

  async grant(login: string, role: string): Promise<void> {
    await grantRole(this.adminConnection(), login, role);
  }

  async setEnabled(login: string, enabled: boolean): Promise<void> {
    await setEnabled(this.adminConnection(), login, enabled);
  }
}

/** Column values (as stored) → the API fields of the repository, for its update(). */
function apiPatch(repo: Repository<SyncedRow>, rowId: string, values: Record<string, unknown>): Record<string, unknown> {
  const dbRow = { ...(repo.store.prepare(`SELECT * FROM ${repo.spec.table} WHERE id = ?`).get(rowId) as Record<string, unknown>), ...values };
  const api = repo.fromDb(dbRow) as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(repo.spec.fields as Record<string, string | { col: string }>)) {
    const col = typeof f === 'string' ? f : f.col;
    if (col in values) patch[key] = api[key];
  }
  return patch;
}

function isDeletedValue(v: unknown): boolean {
  return v === 1 || v === '1' || v === true;
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch (_err) {
    return { text };
  }
}
