// Which client polls which devices, decided by PostgreSQL itself: devices fall into N shards
// (a hash of the device id); a client polls the devices of the shards whose session advisory
// lock it holds (pg_try_advisory_lock on a dedicated connection). Locks die with the session,
// so when a holder goes away its shards are free at once and another client takes them on its
// next round.
//
// Fairness: each poller also holds one "presence" lock; a round counts the present pollers
// (p), takes free shards up to ceil(N / p) and gives back what is above it; while a poller
// holds fewer than floor(N / p), the others shrink to the floor so it can take its share.
// A shard free for a whole interval is taken by anyone (a poller may be present but stuck).
//
// Timing (poll interval I): a round every I/2. A holder that loses its connection drops all
// its shards at once (it can no longer prove it holds them); the server ends a silent session
// after I (idle_session_timeout; the rounds keep a live one busy) or sooner by TCP keepalive,
// and the others take its shards on their next round: well within two poll intervals.
//
// Invariants: ownsDevice(id) is true only while the lock of shardOf(id) is held on a live
// connection; after stop() no lock, connection or timer remains.
import type pg from 'pg';
import type { Clock, TimerHandle } from '../core/clock';
import { connectPg } from './pg';

export const SHARD_LOCK_CLASS = 74101;
export const PRESENCE_LOCK_CLASS = 74102;

/** FNV-1a over the id's UTF-16 code units: stable across clients and versions. */
export function shardOf(deviceId: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    h ^= deviceId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

export interface LeadershipOptions {
  url: string;
  clock: Clock;
  /** The poll interval; a round runs every half of it. */
  intervalMs: number;
  shards?: number;
  /** Stable per client (e.g. from its node id), 0 … 2^31-1. */
  clientKey: number;
  onChange?: (owned: ReadonlySet<number>) => void;
  onError?: (err: unknown) => void;
}

export class Leadership {
  readonly shards: number;
  private conn: pg.Client | null = null;
  private owned = new Set<number>();
  private freeSince = new Map<number, number>();
  private timer: TimerHandle | null = null;
  private stopped = true;
  private round: Promise<void> | null = null;
  private lastOkAt = -Infinity;

  constructor(private readonly o: LeadershipOptions) {
    this.shards = o.shards ?? 64;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.round?.catch(() => undefined);
    await this.drop();
  }

  ownsDevice(deviceId: string): boolean {
    return this.owned.has(shardOf(deviceId, this.shards));
  }

  /** How long since the last successful round (Infinity: never). */
  silentForMs(): number {
    return this.o.clock.now() - this.lastOkAt;
  }

  ownedShards(): number[] {
    return [...this.owned].sort((a, b) => a - b);
  }

  /** One round now (tests call it; the timer calls it every interval/2). */
  async tick(): Promise<void> {
    if (this.round) return this.round;
    this.round = this.runRound().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => this.schedule(Math.max(50, Math.floor(this.o.intervalMs / 2))));
    }, ms);
  }

  private async runRound(): Promise<void> {
    try {
      const c = await this.connection();
      const r = await c.query(`SELECT classid::int AS cls, objid::int AS obj, pid, pid = pg_backend_pid() AS mine
        FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND classid IN ($1, $2)`, [SHARD_LOCK_CLASS, PRESENCE_LOCK_CLASS]);
      const rows = r.rows as Array<{ cls: number; obj: number; pid: number; mine: boolean }>;
      const pollers = new Set(rows.filter((x) => x.cls === PRESENCE_LOCK_CLASS).map((x) => x.pid));
      const present = Math.max(1, pollers.size);
      const heldByOthers = new Set(rows.filter((x) => x.cls === SHARD_LOCK_CLASS && !x.mine).map((x) => x.obj));
      const perPoller = new Map<number, number>([...pollers].map((pid) => [pid, 0]));
      for (const x of rows) if (x.cls === SHARD_LOCK_CLASS && !x.mine) perPoller.set(x.pid, (perPoller.get(x.pid) ?? 0) + 1);
      const lo = Math.floor(this.shards / present);
      const hi = Math.ceil(this.shards / present);
      const starving = [...perPoller.entries()].some(([pid, n]) => n < lo && rows.some((x) => x.pid === pid && !x.mine));
      const keep = starving ? Math.max(lo, 1) : hi;
      const now = this.o.clock.now();
      let changed = false;
      // give back what is above the share (highest shards first), so a newcomer gets some
      for (const s of [...this.owned].sort((a, b) => b - a)) {
        if (this.owned.size <= keep) break;
        await c.query(`SELECT pg_advisory_unlock($1, $2)`, [SHARD_LOCK_CLASS, s]);
        this.owned.delete(s);
        changed = true;
      }
      // while someone is below the floor, nobody takes more than the floor
      const cap = starving ? keep : hi;
      for (let s = 0; s < this.shards; s++) {
        if (this.owned.has(s)) continue;
        if (heldByOthers.has(s)) {
          this.freeSince.delete(s);
          continue;
        }
        if (!this.freeSince.has(s)) this.freeSince.set(s, now);
        const orphaned = now - this.freeSince.get(s)! >= this.o.intervalMs;
        if (this.owned.size >= cap && !orphaned) continue;
        const got = await c.query(`SELECT pg_try_advisory_lock($1, $2) AS ok`, [SHARD_LOCK_CLASS, s]);
        if (got.rows[0]?.ok === true) {
          this.owned.add(s);
          this.freeSince.delete(s);
          changed = true;
        }
      }
      this.lastOkAt = this.o.clock.now();
      if (changed) this.o.onChange?.(this.owned);
    } catch (err) {
      this.o.onError?.(err);
      await this.drop();
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.conn) return this.conn;
    const c = await connectPg(this.o.url, { appName: 'aedify-noc leadership', connectTimeoutMs: Math.min(8000, this.o.intervalMs) });
    // A session that goes silent (this client vanished without closing) ends after one
    // interval, which frees its shards; our rounds every interval/2 keep a live one busy.
    await c.query(`SELECT set_config('idle_session_timeout', $1, false)`, [String(Math.max(1000, this.o.intervalMs))]);
    await c.query(`SELECT pg_try_advisory_lock($1, $2)`, [PRESENCE_LOCK_CLASS, this.o.clientKey]);
    c.on('end', () => {
      if (this.conn === c) void this.drop();
    });
    this.conn = c;
    return c;
  }

  /** Without the connection we cannot prove we hold anything: stop polling at once. */
  private async drop(): Promise<void> {
    const c = this.conn;
    this.conn = null;
    const had = this.owned.size > 0;
    this.owned.clear();
    this.freeSince.clear();
    if (had) this.o.onChange?.(this.owned);
    if (c) await c.end().catch(() => undefined);
  }
}
