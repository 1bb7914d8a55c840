// One device's net-snmp session, promised, typed and guarded.
//
// - net-snmp handles timeout, retransmission (same request-id, so a late answer to the
//   first try still counts) and backoff; we add a hard deadline in case a callback never
//   comes (net-snmp drops a request whose answer made its decoder throw).
// - GetBulk max-repetitions is per device and adaptive (RFC 3416 §4.2.3): halved and
//   retried on tooBig; lowered after a response larger than `maxResponseBytes` (big UDP
//   datagrams fragment, and lost fragments look like a dead agent on real networks);
//   grown back by one after a run of clean responses.
// - SNMPv3: when the agent rebooted, its engineBoots/Time moved; net-snmp usually
//   resynchronises from the notInTimeWindow report, and if it still fails we start a
//   fresh session (rediscovery) once.
// - A datagram failing our own checks does not end a request at once (INTEGRITY_FAILURES).
// - SNMPv3 wrong privacy key/protocol: the agent cannot parse what it decrypts and drops
//   it without a report (Net-SNMP's own snmpget just says "Timeout"). When a v3 device
//   that never answered us times out, we send one unauthenticated discovery probe: if the
//   agent answers that, it is alive and ignoring our keys → `auth`, not "down".
import snmp, { type RawVarbind, type Session } from 'net-snmp';
import { classifyError, SnmpError } from './errors';
import type { UdpTransport, VirtualSocket } from './transport';
import type { Credentials, Varbind } from './types';
import { toNetSnmpUser } from './usm';
import { toVarbind } from './varbind';

export interface SessionPolicy {
  /** first-try timeout, ms */
  timeoutMs: number;
  /** retransmissions after the first try */
  retries: number;
  /** timeout multiplier per retransmission (≥ 1) */
  backoff: number;
  /** starting (and maximum) GetBulk max-repetitions */
  maxRepetitions: number;
  /** responses larger than this lower max-repetitions */
  maxResponseBytes: number;
}

export interface BulkResult {
  nonRepeaters: (Varbind | undefined)[];
  /** one list per repeater OID, in request order */
  columns: Varbind[][];
}

const CLEAN_RUN_TO_GROW = 50;

/** A received datagram failed OUR checks (digest, decryption, shape). RFC 3414 §3.2
 * says such a message is discarded, but net-snmp fails the request with it: one forged
 * or corrupted datagram carrying the right msgID would end a poll. So these are retried
 * (a fresh request) up to `retries` times. Reports *from the agent* (usmStatsWrongDigests…)
 * are not in this set: they are real answers and fail at once. */
const INTEGRITY_FAILURES = new Set(['authFailure', 'decrypt', 'invalidResponse']);

export class DeviceSession {
  /** current GetBulk max-repetitions for this device */
  maxRepetitions: number;
  /** PDUs sent by this wrapper (not counting net-snmp's retransmissions) */
  requests = 0;
  private session: Session;
  private sock: VirtualSocket;
  private cleanRun = 0;
  /** true once the agent gave this session any usable answer */
  private answered = false;
  private closed = false;

  constructor(
    /** "host:port" for messages */
    readonly label: string,
    private readonly address: string,
    private readonly port: number,
    private readonly credentials: Credentials,
    private readonly transport: UdpTransport,
    private readonly policy: SessionPolicy,
  ) {
    this.maxRepetitions = policy.maxRepetitions;
    [this.session, this.sock] = this.open();
  }

  /** Total time net-snmp may take for one request: every try with its backoff. */
  private lifetimeMs(): number {
    let t = 0;
    let step = this.policy.timeoutMs;
    for (let i = 0; i <= this.policy.retries; i++) {
      t += step;
      step *= Math.max(1, this.policy.backoff);
    }
    return t;
  }

  private open(): [Session, VirtualSocket] {
    let sock: VirtualSocket | undefined;
    const ttl = this.lifetimeMs() * 2 + 5_000; // v3 may spend a lifetime on discovery first
    const dgramModule = {
      createSocket: (type: 'udp4' | 'udp6') => (sock = this.transport.createSocket(type, ttl)),
    };
    const options = {
      port: this.port,
      timeout: this.policy.timeoutMs,
      retries: this.policy.retries,
      backoff: Math.max(1, this.policy.backoff),
      transport: this.address.includes(':') ? ('udp6' as const) : ('udp4' as const),
      dgramModule,
    };
    const c = this.credentials;
    const session =
      c.version === 'v2c'
        ? snmp.createSession(this.address, c.community, { ...options, version: snmp.Version2c })
        : snmp.createV3Session(this.address, toNetSnmpUser({ name: c.user, authProtocol: c.authProtocol, authKey: c.authKey, privProtocol: c.privProtocol, privKey: c.privKey }), { ...options, context: c.context ?? '' });
    // net-snmp emits 'error' for an undecodable datagram; without a listener EventEmitter
    // throws it out of the socket callback and the process dies. Decode failures are
    // already counted by the transport (or show up as the request's own timeout).
    session.on('error', () => {});
    if (!sock) throw new Error('net-snmp did not create its socket through dgramModule');
    return [session, sock];
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
  }

  async get(oids: string[]): Promise<Varbind[]> {
    const raw = await this.call<RawVarbind[]>((s, cb) => s.get(oids, cb));
    return raw.map(toVarbind);
  }

  /** GetBulk with this device's adaptive max-repetitions. `repeaters` must not be empty. */
  async getBulk(nonRepeaters: string[], repeaters: string[]): Promise<BulkResult> {
    if (repeaters.length === 0) throw new Error('getBulk needs at least one repeater');
    // bounded: each tooBig at least halves maxRepetitions until 1
    for (let attempt = 0; attempt < 40; attempt++) {
      const reps = this.maxRepetitions;
      try {
        const raw = await this.call<(RawVarbind | RawVarbind[])[]>((s, cb) =>
          s.getBulk([...nonRepeaters, ...repeaters], nonRepeaters.length, reps, cb),
        );
        this.adaptAfter(this.sock.takeLargestResponse());
        return splitBulk(raw, nonRepeaters.length, repeaters.length);
      } catch (err) {
        if (err instanceof SnmpError && err.reason === 'tooBig' && reps > 1) {
          this.maxRepetitions = Math.max(1, Math.floor(reps / 2));
          this.cleanRun = 0;
          continue;
        }
        throw err;
      }
    }
    throw new SnmpError('protocol', `${this.label}: tooBig even with max-repetitions 1`, 'tooBig', this.label);
  }

  private adaptAfter(bytes: number): void {
    if (bytes > this.policy.maxResponseBytes && this.maxRepetitions > 1) {
      const scaled = Math.floor((this.maxRepetitions * this.policy.maxResponseBytes) / bytes);
      this.maxRepetitions = Math.max(1, Math.min(this.maxRepetitions - 1, scaled));
      this.cleanRun = 0;
    } else if (++this.cleanRun >= CLEAN_RUN_TO_GROW && this.maxRepetitions < this.policy.maxRepetitions) {
      this.maxRepetitions++;
      this.cleanRun = 0;
    }
  }

  /** One net-snmp request → promise, with classification, hard deadline and v3 resync. */
  private async call<T>(op: (s: Session, cb: (err: Error | null, res?: T) => void) => void): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.callOnce(op);
      } catch (err) {
        if (!(err instanceof SnmpError) || this.closed) throw err;
        if (err.reason === 'usmStatsNotInTimeWindows' && attempt === 0) {
          // the agent restarted (engineBoots changed): rediscover with a fresh session, once
          this.session.close();
          [this.session, this.sock] = this.open();
          this.answered = false;
          continue;
        }
        if (INTEGRITY_FAILURES.has(err.reason) && attempt < this.policy.retries) continue;
        if (err.kind === 'timeout' && this.credentials.version === 'v3' && !this.answered && (await this.probeAlive())) {
          throw new SnmpError(
            'auth',
            `${this.label}: the agent answers SNMPv3 discovery but ignores our requests: the privacy key or protocol is probably wrong`,
            'silentDrop',
            this.label,
            { cause: err },
          );
        }
        throw err;
      }
    }
  }

  /** Does the agent answer an unauthenticated SNMPv3 message (engine discovery)? One try. */
  private async probeAlive(): Promise<boolean> {
    if (this.credentials.version !== 'v3') return false;
    let sock: VirtualSocket | undefined;
    const probe = snmp.createV3Session(this.address, toNetSnmpUser({ name: this.credentials.user }), {
      port: this.port,
      timeout: this.policy.timeoutMs,
      retries: 0,
      transport: this.address.includes(':') ? 'udp6' : 'udp4',
      dgramModule: { createSocket: (type) => (sock = this.transport.createSocket(type, this.policy.timeoutMs * 4 + 5_000)) },
    });
    probe.on('error', () => {});
    try {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.policy.timeoutMs * 2 + 1_000);
        probe.get(['1.3.6.1.2.1.1.3.0'], () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return (sock?.received ?? 0) > 0;
    } finally {
      probe.close();
    }
  }

  private callOnce<T>(op: (s: Session, cb: (err: Error | null, res?: T) => void) => void): Promise<T> {
    if (this.closed) return Promise.reject(new SnmpError('protocol', `${this.label}: session closed`, 'closed', this.label));
    this.requests++;
    const deadline = this.lifetimeMs() * (this.credentials.version === 'v3' && !this.answered ? 2 : 1) + 1_000;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(new SnmpError('timeout', `no usable answer from ${this.label}`, 'deadline', this.label));
      }, deadline);
      const cb = (err: Error | null, res?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(classifyError(err, this.label));
        else {
          this.answered = true;
          resolve(res as T);
        }
      };
      try {
        op(this.session, cb);
      } catch (err) {
        cb(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }
}

/** net-snmp's getBulk result → typed lists. Defensive: shapes come from the network. */
function splitBulk(raw: (RawVarbind | RawVarbind[])[], nNon: number, nRep: number): BulkResult {
  const nonRepeaters: (Varbind | undefined)[] = [];
  for (let i = 0; i < nNon; i++) {
    const r = raw[i];
    nonRepeaters.push(r && !Array.isArray(r) ? toVarbind(r) : undefined);
  }
  const columns: Varbind[][] = [];
  for (let i = 0; i < nRep; i++) {
    const r = raw[nNon + i];
    columns.push(Array.isArray(r) ? r.map(toVarbind) : []);
  }
  return { nonRepeaters, columns };
}
