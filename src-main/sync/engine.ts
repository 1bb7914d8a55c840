// The sync engine of one client: connects (checking the schema and which database this
// store belongs to), pushes the outbox and pulls by cursor, listens for changes, and keeps
// going on the local cache when anything fails — offline, wrong password, newer schema —
// with the reason in its status and a retry with backoff. One cycle runs at a time.
//
// States: standalone (not configured) → connecting → online ⇄ offline (link lost, retrying)
//                                                     ↘ error (needs a person: login, schema)
import type pg from 'pg';
import type { Clock, TimerHandle } from '../core/clock';
import type { Store } from '../store/repository';
import { Listener, LIVE_CHANNEL, type ChangeNotice, type LiveMessage } from './listener';
import { applyServerRows, getCursor, localCounts, readSettings, writeSettings, type SharedSettings } from './local';
import { checkSchema } from './migrate';
import { connectPg, explainPgError, isConnectionError, parsePgUrl, SyncError, withoutPassword, type SyncErrorCode } from './pg';
import { pendingOnServer, pull, retryApplyFailures } from './pull';
import { ClientIdTakenError, OutboxBehindError, Pusher, decodeRow, type PushOptions } from './push';
import { discoverRepositories, localSyncedTables, makePlan, pgSyncedTables, type SyncPlan } from './tables';
import { coverUnqueuedRows, requeueParked } from './queue';

export type SyncState = 'standalone' | 'connecting' | 'online' | 'offline' | 'error';

export interface SyncProgress { phase: 'upload' | 'download'; done: number; total: number; table?: string }

export interface SyncStatus {
  mode: 'standalone' | 'shared';
  state: SyncState;
  url: string | null;
  login: string | null;
  role: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
  errorCode: SyncErrorCode | null;
  pending: number;
  refused: number;
  parked: number;
  applyFailed: number;
  conflicts: number;
  localOnlyTables: string[];
  progress: SyncProgress | null;
}

export interface CycleReport {
  pushed: number;
  pushedRows: Record<string, number>;
  replayed: number;
  refused: number;
  parked: number;
  conflicts: number;
  pulled: number;
  pulledRows: Record<string, number>;
}

export interface EngineOptions {
  store: Store;
  /** Where Repositories are found (the core's services). */
  services: object;
  /** Timers (debounce, reconnect backoff, safety poll). */
  clock: Clock;
  /** The PostgreSQL URL with the person's login (password may come from PGPASSWORD). */
  url: string;
  actorName?: string;
  batchSize?: number;
  pageSize?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** A pull every so often even without notifications (a missed one is caught up). */
  safetyPollMs?: number;
  hooks?: PushOptions['hooks'];
  /** Right after the login is known, before anything is pushed (the team key: sync/team-key.ts). */
  onConnected?: (client: pg.Client) => Promise<unknown>;
}

type StatusListener = (s: SyncStatus) => void;

export class SyncEngine {
  private state: SyncState = 'connecting';
  private main: pg.Client | null = null;
  private listener: Listener | null = null;
  private plan: SyncPlan | null = null;
  private who: { login: string; role: string } | null = null;
  private lastSyncAt: string | null = null;
  private lastError: SyncError | null = null;
  private progress: SyncProgress | null = null;
  private running: Promise<CycleReport> | null = null;
  private again = false;
  private onlyTables: Set<string> | null = null;
  private timer: TimerHandle | null = null;
  private safety: TimerHandle | null = null;
  private attempts = 0;
  private stopped = true;
  private statusListeners = new Set<StatusListener>();
  private liveListeners = new Set<(m: LiveMessage) => void>();
  private offChange: (() => void) | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly o: EngineOptions) {}

  get url(): string {
    return this.o.url;
  }

  /** Connects in the background and keeps syncing until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.offChange = this.o.store.onChange(() => {
      if (this.state === 'online' && this.o.store.outboxPending() > 0) this.kick(15);
    });
    this.kick(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.offChange?.();
    this.offChange = null;
    this.clearTimer();
    if (this.safety !== null) this.o.clock.clearTimeout(this.safety);
    this.safety = null;
    await this.running?.catch(() => undefined);
    await this.connecting?.catch(() => undefined);
    await this.disconnect();
    this.setState(readSettings(this.o.store) ? 'offline' : 'standalone');
  }

  onStatus(fn: StatusListener): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  status(): SyncStatus {
    let settings: SharedSettings | null = null;
    let counts = { pending: 0, refused: 0, parked: 0, applyFailed: 0, conflicts: 0 };
    try {
      settings = readSettings(this.o.store);
      counts = localCounts(this.o.store);
    } catch (_err) {
      // the store is closing: the status is only informative
    }
    return {
      mode: settings ? 'shared' : 'standalone',
      state: this.state,
      url: settings?.url ?? safeShown(this.o.url),
      login: this.who?.login ?? null,
      role: this.who?.role ?? null,
      lastSyncAt: this.lastSyncAt,
      lastError: this.lastError?.message ?? null,
      errorCode: this.lastError?.code ?? null,
      ...counts,
      localOnlyTables: this.plan?.localOnly ?? [],
      progress: this.progress,
    };
  }

  /** The main connection while online (user administration, leadership setup). */
  connection(): pg.Client | null {
    return this.state === 'online' ? this.main : null;
  }

  currentPlan(): SyncPlan | null {
    return this.plan;
  }

  /** Connects if needed and runs one full cycle now; throws a SyncError a person can act on. */
  async syncNow(onProgress?: (p: SyncProgress) => void): Promise<CycleReport> {
    if (this.state !== 'online') await this.connect();
    return this.cycle(onProgress);
  }

  // ---- live hints (poll results, alarms) ----

  onLive(fn: (m: LiveMessage) => void): () => void {
    this.liveListeners.add(fn);
    return () => this.liveListeners.delete(fn);
  }

  /** A small hint to every other client (≤ 7,900 bytes as JSON); false when offline. */
  async publishLive(kind: string, data: unknown): Promise<boolean> {
    const payload = JSON.stringify({ kind, from: this.clientId(), data });
    if (Buffer.byteLength(payload) > 7900) throw new Error(`A live message must stay under 7,900 bytes (this one has ${Buffer.byteLength(payload)}); send ids and let clients read the rest.`);
    const c = this.connection();
    if (!c) return false;
    await c.query(`SELECT pg_notify($1, $2)`, [LIVE_CHANNEL, payload]);
    return true;
  }

  clientId(): string {
    const s = readSettings(this.o.store);
    return `${this.o.store.hlc.node}-g${s?.generation ?? 0}`;
  }

  // ---- connection ----

  private async connect(): Promise<void> {
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      this.setState('connecting');
      await this.disconnect();
      try {
        const main = await connectPg(this.o.url, { appName: 'aedify-noc sync' });
        this.main = main;
        main.on('end', () => {
          if (this.main === main) this.lost(new SyncError('connection-lost', `The connection to ${safeShown(this.o.url)} was lost. Working on the local copy meanwhile; it reconnects by itself.`));
        });
        const schema = await checkSchema(main);
        let settings = readSettings(this.o.store);
        if (settings && settings.dbId && settings.dbId !== schema.dbId) {
          throw new SyncError('other-database', `This local store is the copy of another shared database (id ${settings.dbId}); ${safeShown(this.o.url)} is ${schema.dbId}. Use a new --data folder for this database, or connect to the one this store belongs to.`);
        }
        const who = await main.query(`SELECT login, grp, customer_id FROM noc_whoami()`);
        this.who = { login: String(who.rows[0]?.login ?? ''), role: String(who.rows[0]?.grp ?? '') };
        await this.o.onConnected?.(main);
        this.plan = makePlan(localSyncedTables(this.o.store.db), await pgSyncedTables(main), discoverRepositories(this.o.services));
        if (!settings) {
          // Standalone → shared: from now on this store is a cache of that database. Rows that
          // never had an outbox entry get one, so the first push uploads everything.
          settings = { url: withoutPassword(parsePgUrl(this.o.url).url), dbId: schema.dbId, since: new Date(this.o.store.clock.now()).toISOString(), generation: 0 };
          coverUnqueuedRows(this.o.store, this.plan);
          writeSettings(this.o.store, settings);
        } else if (settings.url !== withoutPassword(parsePgUrl(this.o.url).url)) {
          writeSettings(this.o.store, { ...settings, url: withoutPassword(parsePgUrl(this.o.url).url) });
        }
        const listener = new Listener(this.o.url, {
          onChange: (n) => this.onNotice(n),
          onLive: (m) => {
            if (m.from !== this.clientId()) for (const fn of this.liveListeners) fn(m);
          },
          onLost: (err) => this.lost(err),
        });
        await listener.start();
        this.listener = listener;
        this.attempts = 0;
        this.lastError = null;
        this.setState('online');
        this.armSafetyPoll();
      } catch (err) {
        await this.disconnect();
        throw this.fail(err);
      }
    })();
    try {
      await this.connecting;
    } finally {
      this.connecting = null;
    }
  }

  private async disconnect(): Promise<void> {
    const main = this.main;
    const listener = this.listener;
    this.main = null;
    this.listener = null;
    await listener?.stop();
    if (main) await main.end().catch(() => undefined);
  }

  private lost(err: unknown): void {
    if (this.stopped && this.state !== 'online') return;
    this.fail(err);
    void this.disconnect();
    this.scheduleRetry();
  }

  /** Records why, sets the state, and returns the error to throw. */
  private fail(err: unknown): SyncError {
    let e: SyncError;
    if (err instanceof ClientIdTakenError) e = new SyncError('forbidden', err.message);
    else e = explainPgError(err, safeTarget(this.o.url));
    this.lastError = e;
    this.progress = null;
    this.setState(isConnectionError(e) ? 'offline' : 'error');
    return e;
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const slow = this.lastError && ['auth', 'schema-newer', 'schema-older', 'not-migrated', 'other-database', 'forbidden', 'no-database'].includes(this.lastError.code);
    const min = this.o.reconnectMinMs ?? 1000;
    const max = this.o.reconnectMaxMs ?? 30_000;
    const delay = slow ? Math.max(max, 60_000) : Math.min(max, min * 2 ** Math.min(this.attempts, 10));
    this.attempts++;
    this.kick(delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** A cycle soon (debounced): connects first if needed. */
  private kick(ms: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== null) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, ms);
  }

  private armSafetyPoll(): void {
    if (this.safety !== null) this.o.clock.clearTimeout(this.safety);
    this.safety = this.o.clock.setTimeout(() => {
      this.safety = null;
      if (this.stopped) return;
      this.kick(0);
      this.armSafetyPoll();
    }, this.o.safetyPollMs ?? 30_000);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.state !== 'online') await this.connect();
      await this.cycle();
    } catch (_err) {
      // fail() has recorded it; the app goes on with its local copy
      if (this.state !== 'online') this.scheduleRetry();
      else this.kick(Math.min(this.o.reconnectMaxMs ?? 30_000, 2000));
    }
  }

  private onNotice(n: ChangeNotice): void {
    if (!this.plan?.byName.has(n.table)) return;
    if (n.maxRev > 0 && n.maxRev <= getCursor(this.o.store, n.table)) return;
    (this.onlyTables ??= new Set()).add(n.table);
    this.kick(0);
  }

  // ---- one cycle: push everything, then pull ----

  private cycle(onProgress?: (p: SyncProgress) => void): Promise<CycleReport> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.runCycle(onProgress).finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick(0);
      }
    });
    this.running = run;
    return run;
  }

  private async runCycle(onProgress?: (p: SyncProgress) => void): Promise<CycleReport> {
    const main = this.main;
    const plan = this.plan;
    if (!main || !plan || this.state !== 'online') throw this.lastError ?? new SyncError('connection-lost', 'Not connected to the shared database.');
    const only = this.onlyTables;
    this.onlyTables = null;
    const report: CycleReport = { pushed: 0, pushedRows: {}, replayed: 0, refused: 0, parked: 0, conflicts: 0, pulled: 0, pulledRows: {} };
    const report$ = (p: SyncProgress) => {
      this.progress = p;
      onProgress?.(p);
      this.emit();
    };
    try {
      requeueParked(this.o.store, plan);
      const total = this.o.store.outboxPending();
      const pusher = new Pusher({ client: main, store: this.o.store, plan, login: this.who?.login ?? '', actorName: this.o.actorName, batchSize: this.o.batchSize, hooks: this.o.hooks });
      // Bounded: 10,000 batches of 2,000 is far beyond any outbox.
      try {
        for (let i = 0; i < 10_000; i++) {
          if (total > 0) report$({ phase: 'upload', done: report.pushed + report.replayed + report.refused + report.parked, total });
          let r;
          try {
            r = await pusher.next(this.clientId());
          } catch (err) {
            if (!(err instanceof OutboxBehindError)) throw err;
            // The store went back in time (restored backup): its new changes were never applied;
            // push them under a fresh client id instead of skipping them as replays.
            const s = readSettings(this.o.store)!;
            writeSettings(this.o.store, { ...s, generation: s.generation + 1 });
            continue;
          }
          if (!r) break;
          report.pushed += r.entries - r.replayed - r.refused - r.parked;
          report.replayed += r.replayed;
          report.refused += r.refused;
          report.parked += r.parked;
          report.conflicts += r.conflicts;
          for (const [t, n] of Object.entries(r.tables)) if (n > 0) report.pushedRows[t] = (report.pushedRows[t] ?? 0) + n;
        }
      } finally {
        pusher.flush(); // what committed is finished locally, whatever happened after
      }
      if (total > 0) report$({ phase: 'upload', done: total, total });
      const initial = plan.tables.every((t) => getCursor(this.o.store, t.name) === 0);
      const waiting = initial || onProgress ? await pendingOnServer(main, this.o.store, plan) : null;
      const downTotal = waiting ? Object.values(waiting).reduce((a, b) => a + b, 0) : 0;
      const perTable = new Map<string, number>();
      const pulled = await pull({
        client: main, store: this.o.store, plan, pageSize: this.o.pageSize, only: only ?? undefined,
        onProgress: waiting ? (p) => {
          perTable.set(p.table, p.rows);
          report$({ phase: 'download', done: [...perTable.values()].reduce((a, b) => a + b, 0), total: Math.max(downTotal, 1), table: p.table });
        } : undefined,
      });
      report.pulled = pulled.rows;
      report.pulledRows = pulled.tables;
      retryApplyFailures(this.o.store, plan);
      this.lastSyncAt = new Date(this.o.clock.now()).toISOString();
      this.progress = null;
      this.lastError = null;
      this.emit();
      return report;
    } catch (err) {
      this.progress = null;
      const e = this.fail(err);
      if (this.state !== 'online') {
        void this.disconnect();
        this.scheduleRetry();
      }
      throw e;
    }
  }

  /** The server's current row into the cache (discarding a refused local change). */
  async refreshRow(table: string, id: string): Promise<boolean> {
    const c = this.connection();
    const t = this.plan?.byName.get(table);
    if (!c || !t) throw new SyncError('connection-lost', 'Connect to the shared database first: the server\'s version of the row is needed.');
    const r = await c.query(`SELECT ${t.columns.map((x) => `"${x}"`).join(', ')} FROM "${table}" WHERE id = $1`, [id]);
    if (r.rows.length === 0) return false;
    applyServerRows(this.o.store, t, [decodeRow(t, r.rows[0] as Record<string, unknown>)], { audit: true });
    return true;
  }

  private setState(s: SyncState): void {
    if (this.state === s) return;
    this.state = s;
    this.emit();
  }

  private emit(): void {
    const s = this.status();
    for (const fn of this.statusListeners) fn(s);
  }
}

function safeTarget(url: string) {
  try {
    return parsePgUrl(url);
  } catch (_err) {
    return undefined;
  }
}

function safeShown(url: string): string {
  return safeTarget(url)?.shown ?? '(invalid URL)';
}

export type { SharedSettings };
