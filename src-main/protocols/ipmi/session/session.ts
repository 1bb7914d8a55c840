// An RMCP+ session with one BMC (IPMI 2.0 §13): owns the transport, dispatches datagrams,
// runs the handshake (handshake.ts), then carries IPMI requests and other payloads (SOL).
//
// State machine: new -> opening -> active -> closing -> closed (any state -> closed on failure)
// Invariants:
//  - only `active` sends IPMI requests; at most one request is in flight (BMCs are not
//    required to handle more, and a queue keeps rqSeq matching unambiguous);
//  - every datagram sent in the session gets a new outbound sequence number (retransmissions
//    too: they are new packets for the integrity/replay checks) and keeps its rqSeq, so the
//    BMC can recognise a retried request (§6.12.12);
//  - an inbound datagram is used only if it comes from the BMC's address, carries our session
//    ID, verifies its AuthCode, and has a sequence number inside the window (in this order);
//    anything else is dropped and counted, never thrown;
//  - in `closed` no timer is pending and the transport is closed.
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock, type TimerHandle } from '../clock';
import { IpmiError, completionCodeText, hex2 } from '../errors';
import type { IpmiCommand } from '../commands/command';
import { getDeviceId } from '../commands/app/get-device-id';
import { closeSession } from '../commands/app/close-session';
import { decodeRmcpPacket, type RmcpPacket } from '../rmcp/packet';
import { BMC_SLAVE_ADDRESS, REMOTE_CONSOLE_SWID, decodeResponseMessage, encodeRequestMessage, type IpmiResponseMessage } from '../rmcp/message';
import { PayloadType, encodeSession20, type DecodedSession20 } from '../rmcp/session20';
import { formatPeer, samePeer, type DatagramTransport, type PeerAddress } from '../transport';
import { udpTransportFactory } from '../transport-udp';
import { privilegeName, type CipherSuite } from './algorithms';
import type { Confidentiality } from './confidentiality';
import { runHandshake, type HandshakeResult } from './handshake';
import type { Integrity } from './integrity';
import { resolveTarget, resolveTuning, type ResolvedTarget, type ResolvedTuning, type SecurityWarning, type SessionOptions } from './options';
import { SequenceWindow } from './sequence-window';

export type SessionState = 'new' | 'opening' | 'active' | 'closing' | 'closed';

export interface SessionCounters {
  sent: number;
  received: number;
  retransmits: number;
  timeouts: number;
  droppedWrongAddress: number;
  droppedMalformed: number;
  droppedWrongSession: number;
  droppedUnauthenticated: number;
  droppedBadIntegrity: number;
  droppedReplay: number;
  droppedOutOfWindow: number;
  droppedUnencrypted: number;
  droppedUnexpected: number;
}

export interface RawResponse {
  completionCode: number;
  data: Uint8Array;
}

export interface RequestOptions {
  rsAddr?: number;
  rsLun?: number;
  timeoutMs?: number;
  retries?: number;
}

interface PendingRequest {
  netFn: number;
  cmd: number;
  data: Uint8Array;
  rsAddr: number;
  rsLun: number;
  rqSeq: number;
  attempts: number;
  attemptsLeft: number;
  timeoutMs: number;
  timer: TimerHandle | undefined;
  resolve: (r: RawResponse) => void;
  reject: (e: IpmiError) => void;
}

/** a pre-session exchange: `match` returns a value for the datagram it was waiting for */
interface PendingExchange {
  match: (p: RmcpPacket) => boolean;
  cancel: (err: IpmiError) => void;
}

const newCounters = (): SessionCounters => ({
  sent: 0, received: 0, retransmits: 0, timeouts: 0, droppedWrongAddress: 0, droppedMalformed: 0, droppedWrongSession: 0,
  droppedUnauthenticated: 0, droppedBadIntegrity: 0, droppedReplay: 0, droppedOutOfWindow: 0, droppedUnencrypted: 0, droppedUnexpected: 0,
});

export class RmcpPlusSession {
  readonly target: ResolvedTarget;
  readonly tuning: ResolvedTuning;
  readonly clock: Clock;
  readonly counters: SessionCounters = newCounters();
  readonly random: (n: number) => Uint8Array;
  /** "host:port" for messages */
  readonly bmc: string;

  private _state: SessionState = 'new';
  private transport: DatagramTransport | undefined;
  private exchanges = new Set<PendingExchange>();
  private hs: HandshakeResult | undefined;
  private integrity: Integrity | undefined;
  private conf: Confidentiality | undefined;
  private window = new SequenceWindow();
  private outSeq = 0;
  private rqSeq = 0;
  private queue: PendingRequest[] = [];
  private inflight: PendingRequest | undefined;
  private keepAliveTimer: TimerHandle | undefined;
  private lastSendAt = 0;
  private closing: Promise<void> | undefined;
  private closeListeners: ((reason: IpmiError | undefined) => void)[] = [];
  private payloadHandlers = new Map<number, (payload: Uint8Array) => void>();
  private _privilege = 0;

  private constructor(private readonly options: SessionOptions) {
    this.target = resolveTarget(options);
    this.tuning = resolveTuning(options);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? ((n) => new Uint8Array(randomBytes(n)));
    this.bmc = formatPeer({ address: this.target.host, port: this.target.port });
  }

  /** Opens a session: resolves when it is active at the requested privilege, or rejects with an IpmiError. */
  static async open(options: SessionOptions): Promise<RmcpPlusSession> {
    const s = new RmcpPlusSession(options);
    await s.start();
    return s;
  }

  get state(): SessionState {
    return this._state;
  }

  get cipherSuite(): CipherSuite | undefined {
    return this.hs?.suite;
  }

  /** privilege level granted by Set Session Privilege Level */
  get privilege(): number {
    return this._privilege;
  }

  get bmcSessionId(): number {
    return this.hs?.bmcSessionId ?? 0;
  }

  get consoleSessionId(): number {
    return this.hs?.consoleSessionId ?? 0;
  }

  get handshake(): HandshakeResult | undefined {
    return this.hs;
  }

  /** what weakens this session (the caller's choices and what the BMC reported) */
  get warnings(): SecurityWarning[] {
    return [...this.target.warnings, ...(this.hs?.bmcWarnings ?? [])];
  }

  get peer(): PeerAddress | undefined {
    return this.transport?.peer;
  }

  onClose(listener: (reason: IpmiError | undefined) => void): () => void {
    this.closeListeners.push(listener);
    return () => void (this.closeListeners = this.closeListeners.filter((l) => l !== listener));
  }

  private async start(): Promise<void> {
    this._state = 'opening';
    const factory = this.options.transportFactory ?? udpTransportFactory;
    try {
      this.transport = await factory({ address: this.target.host, port: this.target.port });
    } catch (e) {
      this._state = 'closed';
      throw new IpmiError('invalid-argument', `cannot open a socket to BMC ${this.bmc}: ${(e as Error).message}`, { bmc: this.bmc, cause: e });
    }
    this.transport.onMessage((d, from) => this.onDatagram(d, from));
    this.transport.onError((e) => this.fail(new IpmiError('session-closed', `socket error talking to BMC ${this.bmc}: ${e.message}`, { bmc: this.bmc, cause: e })));
    try {
      this.hs = await runHandshake(this);
      this.integrity = this.hs.integrity;
      this.conf = this.hs.confidentiality;
      this._state = 'active';
      this.scheduleKeepAlive(this.tuning.keepAliveMs);
      const granted = await this.setPrivilege(this.target.privilege);
      if (granted < this.target.privilege) {
        throw new IpmiError('privilege', `BMC ${this.bmc} granted ${privilegeName(granted)} privilege, ${privilegeName(this.target.privilege)} was asked; use a user with that privilege or ask for less`, { bmc: this.bmc });
      }
    } catch (e) {
      const err = e instanceof IpmiError ? e : new IpmiError('session-closed', String(e), { bmc: this.bmc, cause: e });
      if (this._state === 'active') await this.close();
      else this.shutdown(undefined);
      throw err;
    }
  }

  private async setPrivilege(level: number): Promise<number> {
    const r = await this.request(0x06, 0x3b, Uint8Array.of(level));
    if (r.completionCode !== 0) {
      throw new IpmiError('privilege', `BMC ${this.bmc} refused ${privilegeName(level)} privilege: ${completionCodeText(r.completionCode)} (${hex2(r.completionCode)})`, { bmc: this.bmc, completionCode: r.completionCode });
    }
    this._privilege = (r.data[0] ?? 0) & 0x0f;
    return this._privilege;
  }

  // ---- datagram dispatch -------------------------------------------------------------

  private onDatagram(data: Uint8Array, from: PeerAddress): void {
    if (this._state === 'closed' || !this.transport) return;
    if (!samePeer(from, this.transport.peer)) {
      this.counters.droppedWrongAddress++;
      return;
    }
    this.counters.received++;
    let pkt: RmcpPacket;
    try {
      pkt = decodeRmcpPacket(data, this.integrity?.authCodeLength ?? 0);
    } catch {
      this.counters.droppedMalformed++;
      return;
    }
    for (const x of this.exchanges) {
      try {
        if (x.match(pkt)) return;
      } catch {
        this.counters.droppedMalformed++;
        return;
      }
    }
    if ((this._state === 'active' || this._state === 'closing') && pkt.kind === 'ipmi20' && this.hs) {
      this.onSessionPacket(pkt.packet);
      return;
    }
    this.counters.droppedUnexpected++;
  }

  private onSessionPacket(p: DecodedSession20): void {
    const hs = this.hs;
    if (!hs || p.sessionId !== hs.consoleSessionId) {
      this.counters.droppedWrongSession++;
      return;
    }
    if (this.integrity) {
      if (!p.authenticated || !p.trailer) {
        this.counters.droppedUnauthenticated++;
        return;
      }
      if (!this.integrity.verify(p.trailer.covered, p.trailer.authCode)) {
        this.counters.droppedBadIntegrity++;
        return;
      }
    }
    const verdict = this.window.check(p.sequence);
    if (verdict === 'replay') {
      this.counters.droppedReplay++;
      return;
    }
    if (verdict === 'out-of-window') {
      this.counters.droppedOutOfWindow++;
      return;
    }
    let payload = p.payload;
    if (this.conf) {
      if (!p.encrypted) {
        this.counters.droppedUnencrypted++;
        return;
      }
      try {
        payload = this.conf.decrypt(p.payload);
      } catch {
        this.counters.droppedMalformed++;
        return;
      }
    } else if (p.encrypted) {
      this.counters.droppedMalformed++;
      return;
    }
    this.window.accept(p.sequence);
    if (p.payloadType === PayloadType.ipmi) this.onIpmiResponse(payload);
    else {
      const h = this.payloadHandlers.get(p.payloadType);
      if (h) h(payload);
      else this.counters.droppedUnexpected++;
    }
  }

  private onIpmiResponse(bytes: Uint8Array): void {
    let m: IpmiResponseMessage;
    try {
      m = decodeResponseMessage(bytes);
    } catch {
      this.counters.droppedMalformed++;
      return;
    }
    const q = this.inflight;
    if (!q || m.netFn !== (q.netFn | 1) || m.cmd !== q.cmd || m.rqSeq !== q.rqSeq) {
      this.counters.droppedUnexpected++; // e.g. the second answer to a retransmitted request
      return;
    }
    if (q.timer !== undefined) this.clock.clearTimeout(q.timer);
    this.inflight = undefined;
    q.resolve({ completionCode: m.completionCode, data: m.data });
    this.pump();
  }

  // ---- pre-session exchanges (used by the handshake) -----------------------------------

  /** send a pre-session datagram (no session ID, no integrity) */
  sendRaw(datagram: Uint8Array): void {
    if (!this.transport) return;
    this.transport.send(datagram);
    this.counters.sent++;
    this.lastSendAt = this.clock.now();
  }

  /**
   * Sends `build()` and waits for a datagram `match` accepts, retransmitting on timeout.
   * `match` returns undefined for datagrams it does not want (they fall through to counters).
   */
  exchange<T>(what: string, build: () => Uint8Array, match: (p: RmcpPacket) => T | undefined, attempts: number, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      let left = attempts;
      const x: PendingExchange = {
        match: (p) => {
          const v = match(p);
          if (v === undefined) return false;
          done();
          resolve(v);
          return true;
        },
        cancel: (err) => {
          done();
          reject(err);
        },
      };
      const done = (): void => {
        if (timer !== undefined) this.clock.clearTimeout(timer);
        this.exchanges.delete(x);
      };
      const send = (): void => {
        if (this._state === 'closed') {
          done();
          reject(new IpmiError('session-closed', `session with BMC ${this.bmc} closed during ${what}`, { bmc: this.bmc }));
          return;
        }
        left--;
        this.sendRaw(build());
        timer = this.clock.setTimeout(() => {
          if (left > 0) {
            this.counters.retransmits++;
            send();
            return;
          }
          this.counters.timeouts++;
          done();
          reject(new IpmiError('timeout', `BMC ${this.bmc} did not answer ${what} after ${attempts} attempt(s) of ${timeoutMs} ms; check the address and port, that the BMC is reachable and IPMI over LAN is enabled`, { bmc: this.bmc }));
        }, timeoutMs);
      };
      this.exchanges.add(x);
      send();
    });
  }

  nextRqSeq(): number {
    this.rqSeq = (this.rqSeq + 1) & 0x3f;
    return this.rqSeq;
  }

  // ---- requests in the session --------------------------------------------------------

  /** Sends an IPMI request in the session; resolves with the completion code and data. */
  request(netFn: number, cmd: number, data: Uint8Array = new Uint8Array(0), opts: RequestOptions = {}): Promise<RawResponse> {
    if (this._state !== 'active') {
      return Promise.reject(new IpmiError('session-closed', `session with BMC ${this.bmc} is ${this._state}`, { bmc: this.bmc }));
    }
    return this.enqueue(netFn, cmd, data, opts);
  }

  private enqueue(netFn: number, cmd: number, data: Uint8Array, opts: RequestOptions): Promise<RawResponse> {
    const attempts = (opts.retries ?? this.tuning.retries) + 1;
    return new Promise<RawResponse>((resolve, reject) => {
      this.queue.push({
        netFn, cmd, data,
        rsAddr: opts.rsAddr ?? BMC_SLAVE_ADDRESS,
        rsLun: opts.rsLun ?? 0,
        rqSeq: 0,
        attempts,
        attemptsLeft: attempts,
        timeoutMs: opts.timeoutMs ?? this.tuning.timeoutMs,
        timer: undefined,
        resolve, reject,
      });
      this.pump();
    });
  }

  /** Sends a command and decodes its response; a non-zero completion code rejects with code 'completion-code'. */
  async call<Req, Res>(command: IpmiCommand<Req, Res>, req: Req, opts: RequestOptions = {}): Promise<Res> {
    if (command.privilege > this._privilege && this._state === 'active') {
      throw new IpmiError('privilege', `${command.name} needs ${privilegeName(command.privilege)} privilege; the session with BMC ${this.bmc} has ${privilegeName(this._privilege)}`, { bmc: this.bmc });
    }
    const r = await this.request(command.netFn, command.cmd, command.encodeRequest(req), opts);
    if (r.completionCode !== 0) {
      throw new IpmiError('completion-code', `${command.name} failed on BMC ${this.bmc}: ${completionCodeText(r.completionCode)} (${hex2(r.completionCode)})`, { bmc: this.bmc, completionCode: r.completionCode });
    }
    return command.decodeResponse(r.data);
  }

  private pump(): void {
    if (this.inflight || this._state === 'closed') return;
    const next = this.queue.shift();
    if (!next) return;
    next.rqSeq = this.nextRqSeq();
    this.inflight = next;
    this.transmit(next);
  }

  private transmit(q: PendingRequest): void {
    q.attemptsLeft--;
    const msg = encodeRequestMessage({ rsAddr: q.rsAddr, rsLun: q.rsLun, netFn: q.netFn, rqAddr: REMOTE_CONSOLE_SWID, rqSeq: q.rqSeq, rqLun: 0, cmd: q.cmd, data: q.data });
    this.sendPayload(PayloadType.ipmi, msg);
    q.timer = this.clock.setTimeout(() => this.onRequestTimeout(q), q.timeoutMs);
  }

  private onRequestTimeout(q: PendingRequest): void {
    if (this.inflight !== q) return;
    if (q.attemptsLeft > 0) {
      this.counters.retransmits++;
      this.transmit(q);
      return;
    }
    this.counters.timeouts++;
    this.inflight = undefined;
    const err = new IpmiError('timeout', `BMC ${this.bmc} did not answer request netFn ${hex2(q.netFn)} cmd ${hex2(q.cmd)} after ${q.attempts} attempt(s) of ${q.timeoutMs} ms; the session is considered lost`, { bmc: this.bmc });
    q.reject(err);
    // A session that stops answering is dead (BMC reset, session timed out on its side, network
    // gone): fail it so the session manager opens a fresh one next time.
    if (this._state === 'active') this.fail(err);
    else this.pump();
  }

  /** Sends a payload in the session (authenticated and encrypted as negotiated). */
  sendPayload(payloadType: number, plain: Uint8Array): void {
    const hs = this.hs;
    if (!hs || !this.transport || this._state === 'closed') return;
    const payload = this.conf ? this.conf.encrypt(plain, this.random(16)) : plain;
    this.outSeq = (this.outSeq + 1) >>> 0;
    const dgram = encodeSession20(
      { payloadType, encrypted: !!this.conf, authenticated: !!this.integrity, sessionId: hs.bmcSessionId, sequence: this.outSeq, payload },
      this.integrity ? (c) => (this.integrity as Integrity).compute(c) : undefined,
    );
    this.sendRaw(dgram);
  }

  /** Receives payloads of one type (e.g. SOL, 01h) that arrive in the session. */
  onPayload(payloadType: number, handler: ((payload: Uint8Array) => void) | undefined): void {
    if (handler) this.payloadHandlers.set(payloadType, handler);
    else this.payloadHandlers.delete(payloadType);
  }

  // ---- keep-alive -----------------------------------------------------------------------

  private scheduleKeepAlive(ms: number): void {
    if (this.tuning.keepAliveMs <= 0 || this._state !== 'active') return;
    this.keepAliveTimer = this.clock.setTimeout(() => this.onKeepAlive(), ms);
  }

  private onKeepAlive(): void {
    this.keepAliveTimer = undefined;
    if (this._state !== 'active') return;
    const idle = this.clock.now() - this.lastSendAt;
    if (idle < this.tuning.keepAliveMs || this.inflight || this.queue.length > 0) {
      this.scheduleKeepAlive(Math.max(1, this.tuning.keepAliveMs - idle));
      return;
    }
    // Get Device ID is the cheapest command every BMC answers at User privilege.
    this.request(getDeviceId.netFn, getDeviceId.cmd).then(
      () => undefined,
      () => undefined, // a keep-alive that times out fails the session (onRequestTimeout)
    );
    this.scheduleKeepAlive(this.tuning.keepAliveMs);
  }

  // ---- closing ------------------------------------------------------------------------

  /** Closes the session on the BMC (Close Session, one attempt) and locally. Idempotent. */
  close(): Promise<void> {
    if (this._state === 'closed') return Promise.resolve();
    if (this.closing) return this.closing;
    const wasActive = this._state === 'active';
    this._state = 'closing';
    this.closing = (async () => {
      this.rejectPending(new IpmiError('session-closed', `session with BMC ${this.bmc} was closed`, { bmc: this.bmc }));
      if (wasActive && this.hs) {
        const bmcSessionId = this.hs.bmcSessionId;
        await this.enqueue(closeSession.netFn, closeSession.cmd, closeSession.encodeRequest({ sessionId: bmcSessionId }), { retries: 0 }).catch(() => undefined);
      }
      this.shutdown(undefined);
    })();
    return this.closing;
  }

  /** Fails the session: everything pending rejects with `err`, the BMC gets one Close Session datagram. */
  private fail(err: IpmiError): void {
    if (this._state === 'closed') return;
    if (this.hs && (this._state === 'active' || this._state === 'closing')) {
      try {
        const msg = encodeRequestMessage({ rsAddr: BMC_SLAVE_ADDRESS, rsLun: 0, netFn: 0x06, rqAddr: REMOTE_CONSOLE_SWID, rqSeq: this.nextRqSeq(), rqLun: 0, cmd: closeSession.cmd, data: closeSession.encodeRequest({ sessionId: this.hs.bmcSessionId }) });
        this.sendPayload(PayloadType.ipmi, msg);
      } catch {
        // best effort only
      }
    }
    this.rejectPending(err);
    this.shutdown(err);
  }

  private rejectPending(err: IpmiError): void {
    const all = [...(this.inflight ? [this.inflight] : []), ...this.queue];
    this.inflight = undefined;
    this.queue = [];
    for (const q of all) {
      if (q.timer !== undefined) this.clock.clearTimeout(q.timer);
      q.reject(err);
    }
  }

  private shutdown(reason: IpmiError | undefined): void {
    if (this._state === 'closed') return;
    this._state = 'closed';
    if (this.keepAliveTimer !== undefined) this.clock.clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
    this.rejectPending(reason ?? new IpmiError('session-closed', `session with BMC ${this.bmc} was closed`, { bmc: this.bmc }));
    const closedErr = reason ?? new IpmiError('session-closed', `session with BMC ${this.bmc} was closed`, { bmc: this.bmc });
    for (const x of [...this.exchanges]) x.cancel(closedErr);
    this.transport?.close();
    this.payloadHandlers.clear();
    const listeners = this.closeListeners;
    this.closeListeners = [];
    for (const l of listeners) l(reason);
  }
}
