// SnmpClient: the poller-facing entry point. One DeviceSession per (host, port,
// credentials), reused across polls; all sessions share one UdpTransport. Every call is
// independent: the library never queues one device behind another — concurrency is the
// caller's (e.g. a pool of N pollDevice promises), and a dead agent only holds its own
// promise for timeout × retries.
import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { systemClock, type Clock } from './clock';
import { SnmpError } from './errors';
import { normaliseOid } from './oids';
import { pollWithSession } from './poll';
import { DeviceSession, type SessionPolicy } from './session';
import { UdpTransport, type TransportStats } from './transport';
import type { Credentials, PollResult, SnmpTarget, Varbind } from './types';
import { isException } from './varbind';
import { ColumnWalker } from './walker';

export interface SnmpClientOptions {
  /** Share a transport between clients; by default the client owns one. */
  transport?: UdpTransport;
  clock?: Clock;
  /** First-try timeout per request (default 2000 ms). */
  timeoutMs?: number;
  /** Retransmissions per request (default 2). */
  retries?: number;
  /** Timeout multiplier per retransmission (default 1.5). */
  backoff?: number;
  /** Starting/maximum GetBulk max-repetitions (default 10). */
  maxRepetitions?: number;
  /** A response above this lowers max-repetitions for that device (default 8192 bytes). */
  maxResponseBytes?: number;
  /** Walk limits (defaults 10,000 rows per column, 2,000 requests per walk). */
  maxRowsPerColumn?: number;
  maxRequestsPerWalk?: number;
  /** Fetch HOST-RESOURCES-MIB in pollDevice (default true). */
  hostResources?: boolean;
  /** Least recently used sessions beyond this are closed (default 20,000). */
  maxSessions?: number;
}

export interface SnmpClientStats {
  sessions: number;
  /** virtual sockets open on the transport (one per live session) */
  sockets: number;
  /** requests the transport is still routing answers for */
  pending: number;
  transport: TransportStats;
}

export class SnmpClient {
  private readonly sessions = new Map<string, Promise<DeviceSession>>();
  private readonly transport: UdpTransport;
  private readonly ownsTransport: boolean;
  private readonly clock: Clock;
  private readonly policy: SessionPolicy;
  private readonly limits: { maxRowsPerColumn: number; maxRequests: number };
  private readonly hostResources: boolean;
  private readonly maxSessions: number;
  private closed = false;

  constructor(opts: SnmpClientOptions = {}) {
    this.ownsTransport = !opts.transport;
    this.clock = opts.clock ?? systemClock;
    this.transport = opts.transport ?? new UdpTransport({ clock: this.clock });
    this.policy = {
      timeoutMs: opts.timeoutMs ?? 2000,
      retries: opts.retries ?? 2,
      backoff: opts.backoff ?? 1.5,
      maxRepetitions: Math.max(1, opts.maxRepetitions ?? 10),
      maxResponseBytes: opts.maxResponseBytes ?? 8192,
    };
    this.limits = { maxRowsPerColumn: opts.maxRowsPerColumn ?? 10_000, maxRequests: opts.maxRequestsPerWalk ?? 2_000 };
    this.hostResources = opts.hostResources ?? true;
    this.maxSessions = opts.maxSessions ?? 20_000;
  }

  /** System group + IF-MIB interface table + HOST-RESOURCES (when the agent has it). */
  async pollDevice(target: SnmpTarget): Promise<PollResult> {
    const s = await this.session(target);
    return pollWithSession(s, this.clock, { ...this.limits, hostResources: this.hostResources });
  }

  /** GET of explicit OIDs. Exceptions (noSuchObject…) come back as varbinds of that type. */
  async get(target: SnmpTarget, oids: string[]): Promise<Varbind[]> {
    const list = oids.map((o) => checkOid(o, target));
    const s = await this.session(target);
    return s.get(list);
  }

  /** All varbinds under `oid` (GetBulk walk). A scalar/instance OID falls back to GET. */
  async walk(target: SnmpTarget, oid: string): Promise<{ varbinds: Varbind[]; warnings: string[] }> {
    const base = checkOid(oid, target);
    const s = await this.session(target);
    const w = new ColumnWalker(s, this.limits);
    w.add(base);
    await w.run();
    const rows = w.rows(base);
    if (rows.length > 0) return { varbinds: rows, warnings: w.warnings };
    const [vb] = await s.get([base]);
    return { varbinds: vb && !isException(vb) ? [vb] : [], warnings: w.warnings };
  }

  /** Close and drop the session for this target (e.g. after its credentials changed). */
  async forget(target: SnmpTarget): Promise<void> {
    const key = sessionKey(target);
    const p = this.sessions.get(key);
    this.sessions.delete(key);
    if (p) (await p.catch(() => null))?.close();
  }

  stats(): SnmpClientStats {
    return {
      sessions: this.sessions.size,
      sockets: this.transport.socketCount(),
      pending: this.transport.pendingCount(),
      transport: { ...this.transport.stats },
    };
  }

  /** Fails every request in flight and releases the sockets. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of await Promise.allSettled(all)) if (s.status === 'fulfilled') s.value.close();
    if (this.ownsTransport) {
      // let the sessions' 'close' events (setImmediate) fail their pending requests first
      await new Promise((r) => setImmediate(r));
      this.transport.close();
    }
  }

  private session(target: SnmpTarget): Promise<DeviceSession> {
    if (this.closed) return Promise.reject(new SnmpError('config', 'SNMP client is closed', 'closed'));
    const key = sessionKey(target);
    const hit = this.sessions.get(key);
    if (hit) {
      // refresh LRU position
      this.sessions.delete(key);
      this.sessions.set(key, hit);
      return hit;
    }
    const p = this.openSession(target);
    this.sessions.set(key, p);
    p.catch(() => this.sessions.get(key) === p && this.sessions.delete(key));
    if (this.sessions.size > this.maxSessions) {
      const [oldestKey, oldest] = this.sessions.entries().next().value as [string, Promise<DeviceSession>];
      this.sessions.delete(oldestKey);
      oldest.then((s) => s.close(), () => {});
    }
    return p;
  }

  private async openSession(target: SnmpTarget): Promise<DeviceSession> {
    const port = target.port ?? 161;
    const label = `${target.host}:${port}`;
    validateTarget(target, label);
    let address = target.host;
    if (!isIP(address)) {
      try {
        address = (await lookup(target.host)).address;
      } catch (err) {
        throw new SnmpError('config', `${label}: cannot resolve host name`, 'dns', label, { cause: err });
      }
    }
    return new DeviceSession(label, address, port, target.credentials, this.transport, this.policy);
  }
}

export function createSnmpClient(opts?: SnmpClientOptions): SnmpClient {
  return new SnmpClient(opts);
}

function checkOid(oid: string, target: SnmpTarget): string {
  const o = normaliseOid(oid);
  if (!o) throw new SnmpError('config', `not a numeric OID: "${oid}"`, 'badOid', `${target.host}:${target.port ?? 161}`);
  return o;
}

function validateTarget(t: SnmpTarget, label: string): void {
  const port = t.port ?? 161;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SnmpError('config', `${label}: bad UDP port`, 'badPort', label);
  const c = t.credentials as Credentials | { version: string };
  if (c.version === 'v2c') return;
  if (c.version === 'v3') {
    const v3 = c as Extract<Credentials, { version: 'v3' }>;
    if (!v3.user) throw new SnmpError('config', `${label}: SNMPv3 needs a user name`, 'badCredentials', label);
    if (v3.privKey && !v3.authKey) throw new SnmpError('config', `${label}: SNMPv3 privacy needs authentication too (authPriv)`, 'badCredentials', label);
    return;
  }
  // SNMPv1 has no GetBulk and no 64-bit counters; the poller never falls back to it.
  throw new SnmpError('config', `${label}: SNMP version "${c.version}" is not supported (use v2c or v3)`, 'badVersion', label);
}

/** Session identity. Secrets enter only through a hash, so keys never sit in a map key. */
function sessionKey(t: SnmpTarget): string {
  const h = createHash('sha256').update(JSON.stringify(t.credentials)).digest('base64url').slice(0, 22);
  return `${t.host}|${t.port ?? 161}|${h}`;
}
