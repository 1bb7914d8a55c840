// A shared UDP transport for many net-snmp sessions.
//
// Why: net-snmp opens one UDP socket per Session. A poller with a session per device
// would hold 2,000 sockets (past the default 1,024 file limit on many desktops, 256 on
// macOS) and hand every stray datagram straight to net-snmp's decoder. Instead each
// Session gets a *virtual* socket (net-snmp's `dgramModule` option) and all of them share
// a few real sockets. A response is routed by the request-id/msgID read from its header
// (ber.ts) before net-snmp sees it, which gives one place to:
//   * drop oversize, malformed and unsolicited datagrams, and count them;
//   * catch exceptions net-snmp throws while handling a datagram (it has a few — see
//     the fuzz test), which would otherwise escape from a socket callback and kill the
//     process.
// Invariants: a registration lives until its TTL (a request's whole life, retries
// included) so that late answers to a retried request still reach their session; once
// answered it lives ANSWERED_GRACE_MS more (duplicates, or a real answer behind a forged
// one, still reach net-snmp, which ignores what it no longer waits for); a closed
// virtual socket has no registrations and gets nothing.
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { RemoteInfo, Socket } from 'node:dgram';
import type { DgramLikeSocket, DgramModuleLike } from 'net-snmp';
import { readMessageHeader } from './ber';
import { systemClock, type Clock } from './clock';

export interface TransportStats {
  /** datagrams sent */
  sent: number;
  /** datagrams received on the shared sockets */
  received: number;
  /** handed to a session */
  delivered: number;
  /** valid header but no request waiting for that id (late duplicate, stray, spoof) */
  unmatched: number;
  /** larger than maxDatagramBytes */
  oversize: number;
  /** not an SNMP message header */
  malformed: number;
  /** the session's decoder threw while handling a datagram (caught here) */
  handlerErrors: number;
}

export interface UdpTransportOptions {
  /** Real sockets per address family (default 4). Sessions are spread over them. */
  sockets?: number;
  /** Datagrams larger than this are dropped (default 65,507, the UDP maximum). */
  maxDatagramBytes?: number;
  /** Receive buffer requested from the OS (default 4 MiB; capped by net.core.rmem_max). */
  recvBufferBytes?: number;
  clock?: Clock;
  onHandlerError?: (err: unknown) => void;
}

const ANSWERED_GRACE_MS = 2_000;

interface Pending {
  sock: VirtualSocket;
  address: string;
  port: number;
  expires: number;
}

export class UdpTransport implements DgramModuleLike {
  private readonly real: { udp4: Socket[]; udp6: Socket[] } = { udp4: [], udp6: [] };
  private readonly pending = new Map<number, Pending[]>();
  private readonly virtual = new Set<VirtualSocket>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly opts: Required<Omit<UdpTransportOptions, 'onHandlerError'>> & Pick<UdpTransportOptions, 'onHandlerError'>;
  private next = 0;
  private refs = 0;
  private closed = false;
  readonly stats: TransportStats = { sent: 0, received: 0, delivered: 0, unmatched: 0, oversize: 0, malformed: 0, handlerErrors: 0 };

  constructor(options: UdpTransportOptions = {}) {
    this.opts = {
      sockets: Math.max(1, options.sockets ?? 4),
      maxDatagramBytes: options.maxDatagramBytes ?? 65_507,
      recvBufferBytes: options.recvBufferBytes ?? 4 * 1024 * 1024,
      clock: options.clock ?? systemClock,
      onHandlerError: options.onHandlerError,
    };
    this.sweepTimer = setInterval(() => this.sweep(), 1000);
    this.sweepTimer.unref();
  }

  /** net-snmp's `dgramModule.createSocket`. `ttlMs` bounds how long an id stays routable. */
  createSocket(type: 'udp4' | 'udp6', ttlMs = 60_000): VirtualSocket {
    if (this.closed) throw new Error('UdpTransport is closed');
    const pool = this.real[type];
    if (pool.length < this.opts.sockets) pool.push(this.openReal(type));
    const real = pool[this.next++ % pool.length]!;
    const sock = new VirtualSocket(this, real, ttlMs);
    this.virtual.add(sock);
    return sock;
  }

  /** Virtual sockets (sessions) open right now. */
  socketCount(): number {
    return this.virtual.size;
  }

  /** Routable requests right now (for tests and stats). */
  pendingCount(): number {
    let n = 0;
    for (const list of this.pending.values()) n += list.length;
    return n;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    this.pending.clear();
    for (const s of [...this.virtual]) s.close();
    for (const s of [...this.real.udp4, ...this.real.udp6]) s.close();
    this.real.udp4 = [];
    this.real.udp6 = [];
  }

  // ---- used by VirtualSocket -------------------------------------------------------

  /** @internal */
  register(sock: VirtualSocket, id: number, address: string, port: number): void {
    const entry = { sock, address, port, expires: this.opts.clock.now() + sock.ttlMs };
    const list = this.pending.get(id);
    if (!list) this.pending.set(id, [entry]);
    else this.pending.set(id, [...list.filter((p) => p.sock !== sock), entry]);
  }

  /** @internal */
  forget(sock: VirtualSocket): void {
    this.virtual.delete(sock);
    for (const [id, list] of this.pending) {
      const rest = list.filter((p) => p.sock !== sock);
      if (rest.length === 0) this.pending.delete(id);
      else if (rest.length !== list.length) this.pending.set(id, rest);
    }
  }

  /** @internal */
  ref(delta: 1 | -1): void {
    const before = this.refs;
    this.refs = Math.max(0, this.refs + delta);
    if ((before === 0) === (this.refs === 0)) return;
    for (const s of [...this.real.udp4, ...this.real.udp6]) {
      if (this.refs > 0) s.ref();
      else s.unref();
    }
  }

  /** @internal */
  countSent(): void {
    this.stats.sent++;
  }

  // ---- internals -----------------------------------------------------------------

  private openReal(type: 'udp4' | 'udp6'): Socket {
    const s = dgram.createSocket({ type });
    s.on('message', (buf, rinfo) => this.onMessage(buf, rinfo));
    // Async socket errors (ICMP-induced, buffer) are not fatal to a connectionless
    // socket; a listener must exist or Node turns them into an uncaught exception.
    s.on('error', (err) => this.opts.onHandlerError?.(err));
    s.on('listening', () => {
      try {
        s.setRecvBufferSize(this.opts.recvBufferBytes);
      } catch {
        /* the OS may refuse; the default buffer still works */
      }
    });
    s.bind(0);
    if (this.refs === 0) s.unref();
    return s;
  }

  private onMessage(buf: Buffer, rinfo: RemoteInfo): void {
    this.stats.received++;
    if (buf.length > this.opts.maxDatagramBytes) {
      this.stats.oversize++;
      return;
    }
    const header = readMessageHeader(buf);
    if (!header || header.id === null) {
      this.stats.malformed++;
      return;
    }
    const list = this.pending.get(header.id);
    // Prefer the exact peer; accept a lone match from another address/port, as
    // net-snmp itself does (multi-homed agents answer from another interface).
    const hit =
      list?.find((p) => p.port === rinfo.port && p.address === rinfo.address) ??
      (list?.length === 1 ? list[0] : undefined);
    if (!hit) {
      this.stats.unmatched++;
      return;
    }
    hit.expires = Math.min(hit.expires, this.opts.clock.now() + ANSWERED_GRACE_MS);
    try {
      hit.sock.deliver(buf, rinfo);
      this.stats.delivered++;
    } catch (err) {
      this.stats.handlerErrors++;
      this.opts.onHandlerError?.(err);
    }
  }

  /** Drop registrations past their TTL (runs every second; public for tests). */
  sweep(): void {
    const now = this.opts.clock.now();
    for (const [id, list] of this.pending) {
      if (list.length === 1) {
        if (list[0]!.expires <= now) this.pending.delete(id);
        continue;
      }
      const live = list.filter((p) => p.expires > now);
      if (live.length === 0) this.pending.delete(id);
      else if (live.length !== list.length) this.pending.set(id, live);
    }
  }
}

/** What a net-snmp Session sees as its dgram socket. */
export class VirtualSocket extends EventEmitter implements DgramLikeSocket {
  private refd = false;
  private isClosed = false;
  /** Largest datagram delivered since the last call to takeLargestResponse(). */
  private largest = 0;
  /** Datagrams delivered to this socket so far. */
  received = 0;

  constructor(
    private readonly transport: UdpTransport,
    private readonly real: Socket,
    readonly ttlMs: number,
  ) {
    super();
  }

  send(buf: Buffer, offset: number, length: number, port: number, address: string, cb?: (err: Error | null, bytes?: number) => void): void {
    if (this.isClosed) {
      queueMicrotask(() => cb?.(new Error('socket closed')));
      return;
    }
    const header = readMessageHeader(buf.subarray(offset, offset + length));
    if (header && header.id !== null) this.transport.register(this, header.id, address, port);
    this.transport.countSent();
    this.real.send(buf, offset, length, port, address, (err, bytes) => cb?.(err ?? null, bytes));
  }

  /** @internal called by the transport with a routed datagram */
  deliver(buf: Buffer, rinfo: RemoteInfo): void {
    if (this.isClosed) return;
    this.received++;
    if (buf.length > this.largest) this.largest = buf.length;
    this.emit('message', buf, rinfo);
  }

  takeLargestResponse(): number {
    const n = this.largest;
    this.largest = 0;
    return n;
  }

  bind(): this {
    return this; // the shared socket is bound by the transport
  }

  address(): { address: string; family: string; port: number } {
    return this.real.address();
  }

  ref(): this {
    if (!this.refd && !this.isClosed) {
      this.refd = true;
      this.transport.ref(1);
    }
    return this;
  }

  unref(): this {
    if (this.refd) {
      this.refd = false;
      this.transport.ref(-1);
    }
    return this;
  }

  close(cb?: () => void): this {
    if (this.isClosed) return this;
    this.unref();
    this.isClosed = true;
    this.transport.forget(this);
    // dgram emits 'close' asynchronously; net-snmp fails pending requests on it.
    setImmediate(() => {
      this.emit('close');
      cb?.();
    });
    return this;
  }
}
