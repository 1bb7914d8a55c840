// Session manager: one RMCP+ session per BMC and user (key "host:port+user"), shared by
// concurrent callers, opened once even when many callers ask at the same moment, closed after
// `idleTimeoutMs` without callers, and replaced when it is lost (a request timed out).
// Invariants:
//  - at most one live entry per key; a caller with other credentials for the same key never
//    gets the existing session: that one is retired (closed when its last caller is done);
//  - every session the manager opened is closed by close()/closeAll() or the idle timer;
//  - the idle timer runs only while nobody holds the session.
import { createHash } from 'node:crypto';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { IpmiError } from '../errors';
import type { CipherSuiteId } from '../session/algorithms';
import type { BmcTarget, SessionTuning } from '../session/options';
import { RmcpPlusSession } from '../session/session';

export interface ManagerOptions extends SessionTuning {
  /** close a session nobody has used for this long, default 60,000 ms */
  idleTimeoutMs?: number;
}

export interface SessionLease {
  readonly session: RmcpPlusSession;
  release(): void;
}

interface Entry {
  key: string;
  fingerprint: string;
  opening: Promise<RmcpPlusSession>;
  session: RmcpPlusSession | undefined;
  leases: number;
  idleTimer: TimerHandle | undefined;
  retired: boolean;
}

export function targetKey(t: BmcTarget): string {
  return `${t.host}:${t.port ?? 623}+${t.username}`;
}

function fingerprint(t: BmcTarget): string {
  const h = createHash('sha256');
  h.update(typeof t.password === 'string' ? Buffer.from(t.password) : t.password);
  h.update('\0').update(t.kg ?? new Uint8Array(0));
  h.update(`\0${t.privilege ?? ''}\0${(t.cipherSuites ?? []).join(',')}\0${t.allowInsecure?.cipherSuite0 ? 1 : 0}${t.allowInsecure?.anonymous ? 1 : 0}`);
  return h.digest('hex');
}

export class IpmiSessionManager {
  private readonly entries = new Map<string, Entry>();
  private readonly all = new Set<Entry>();
  private readonly suiteCache = new Map<string, CipherSuiteId>();
  private readonly clock: Clock;
  private readonly idleTimeoutMs: number;
  private closed = false;
  /** sessions opened since the manager was created (to see reuse at work) */
  opened = 0;

  constructor(private readonly options: ManagerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  }

  /** number of sessions open or opening */
  get size(): number {
    return this.all.size;
  }

  /** the cipher suite that worked last time for "host:port", if any */
  cachedSuite(host: string, port = 623): CipherSuiteId | undefined {
    return this.suiteCache.get(`${host}:${port}`);
  }

  async acquire(target: BmcTarget): Promise<SessionLease> {
    if (this.closed) throw new IpmiError('session-closed', 'the IPMI session manager is closed');
    const key = targetKey(target);
    const fp = fingerprint(target);
    let e = this.entries.get(key);
    if (e && e.fingerprint !== fp) {
      this.retire(e);
      e = undefined;
    }
    if (!e) e = this.openEntry(key, fp, target);
    const entry = e;
    entry.leases++;
    if (entry.idleTimer !== undefined) {
      this.clock.clearTimeout(entry.idleTimer);
      entry.idleTimer = undefined;
    }
    let session: RmcpPlusSession;
    try {
      session = await entry.opening;
    } catch (err) {
      entry.leases--;
      throw err;
    }
    let released = false;
    return {
      session,
      release: () => {
        if (released) return;
        released = true;
        entry.leases--;
        if (entry.leases === 0) this.onIdle(entry);
      },
    };
  }

  /** runs `fn` with the BMC's session, opening or reusing it */
  async use<T>(target: BmcTarget, fn: (s: RmcpPlusSession) => Promise<T>): Promise<T> {
    const lease = await this.acquire(target);
    try {
      return await fn(lease.session);
    } finally {
      lease.release();
    }
  }

  /** closes the session of one BMC and user, if open */
  async close(target: BmcTarget): Promise<void> {
    const e = this.entries.get(targetKey(target));
    if (e) await this.closeEntry(e);
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((e) => this.closeEntry(e)));
  }

  private openEntry(key: string, fp: string, target: BmcTarget): Entry {
    const port = target.port ?? 623;
    const cached = this.suiteCache.get(`${target.host}:${port}`);
    const wanted = target.cipherSuites;
    let suites = wanted;
    let probe = this.options.cipherSuiteProbeMs;
    if (cached !== undefined && (!wanted || wanted.includes(cached))) {
      // Known to work: try it first and skip the cipher suite probe (slow on silent BMCs).
      suites = [cached, ...(wanted ?? [17, 3]).filter((s) => s !== cached)] as CipherSuiteId[];
      probe = 0;
    }
    const entry: Entry = { key, fingerprint: fp, opening: Promise.resolve(undefined as unknown as RmcpPlusSession), session: undefined, leases: 0, idleTimer: undefined, retired: false };
    entry.opening = RmcpPlusSession.open({ ...this.options, ...target, ...(suites ? { cipherSuites: suites } : {}), ...(probe !== undefined ? { cipherSuiteProbeMs: probe } : {}) }).then(
      (s) => {
        entry.session = s;
        if (s.cipherSuite) this.suiteCache.set(`${target.host}:${port}`, s.cipherSuite.id);
        s.onClose(() => this.forget(entry));
        if (this.closed || entry.retired) void this.closeEntry(entry);
        return s;
      },
      (err: unknown) => {
        this.forget(entry);
        throw err;
      },
    );
    // an opening that fails with no caller left must not become an unhandled rejection
    entry.opening.catch(() => undefined);
    this.entries.set(key, entry);
    this.all.add(entry);
    this.opened++;
    return entry;
  }

  private onIdle(e: Entry): void {
    if (!this.all.has(e)) return; // lost or closed already
    if (e.retired || this.closed) {
      void this.closeEntry(e);
      return;
    }
    if (this.idleTimeoutMs <= 0) return;
    e.idleTimer = this.clock.setTimeout(() => {
      e.idleTimer = undefined;
      if (e.leases === 0) void this.closeEntry(e);
    }, this.idleTimeoutMs);
  }

  private retire(e: Entry): void {
    e.retired = true;
    if (this.entries.get(e.key) === e) this.entries.delete(e.key);
    if (e.leases === 0) void this.closeEntry(e);
  }

  private forget(e: Entry): void {
    if (this.entries.get(e.key) === e) this.entries.delete(e.key);
    if (e.idleTimer !== undefined) this.clock.clearTimeout(e.idleTimer);
    e.idleTimer = undefined;
    this.all.delete(e);
  }

  private async closeEntry(e: Entry): Promise<void> {
    this.forget(e);
    const s = await e.opening.catch(() => undefined);
    await s?.close();
  }
}
