// Serial-over-LAN console (IPMI 2.0 §15 and §24): activates the SOL payload in an RMCP+
// session, then exchanges SOL packets. The console owns no terminal: bytes from the host go to
// the `onData` sink, bytes for the host go in through write() (pyghmi-style).
//
// Packet rules (§15.9 - §15.12) as implemented:
//  - our data packets carry sequence numbers 1..15 (cycling, never 0); one is in flight at a
//    time; it is retransmitted unchanged after `retryMs` without an ACK, at most `retries`
//    times, then the console fails;
//  - an ACK that accepts fewer characters than sent: the rest goes out again in a new packet;
//  - a NACK (e.g. "character transfer unavailable") pauses: the same packet is sent again later;
//  - every BMC packet with data (sequence != 0) is ACKed with its sequence and length; a
//    packet with the sequence just seen is a retransmission: ACKed again, not delivered again;
//  - status "SOL deactivating" from the BMC, or the session closing, closes the console.
import { IpmiError, isIpmiError } from '../errors';
import type { TimerHandle } from '../clock';
import { PAYLOAD_ALREADY_ACTIVE, activatePayload, solActivationAux, type ActivatePayloadResponse } from '../commands/app/activate-payload';
import { deactivatePayload } from '../commands/app/deactivate-payload';
import { PayloadType } from '../rmcp/session20';
import type { RmcpPlusSession } from '../session/session';
import { SolOp, SolStatus, decodeSolPacket, encodeSolPacket, type SolPacket } from './payload';

export interface SolOptions {
  /** bytes the host wrote to its serial port */
  onData: (bytes: Uint8Array) => void;
  /** deactivate an SOL instance left active (e.g. by a crashed client) and take it over */
  takeOver?: boolean;
  /** ACK wait before retransmitting, default 500 ms */
  retryMs?: number;
  /** retransmissions before giving up, default 6 */
  retries?: number;
  instance?: number;
}

export interface SolCounters {
  packetsSent: number;
  packetsReceived: number;
  retransmits: number;
  duplicates: number;
  nacks: number;
  bytesIn: number;
  bytesOut: number;
  malformed: number;
}

type Listener<T> = (arg: T) => void;

interface Outgoing {
  seq: number;
  data: Uint8Array;
  control: number;
  tries: number;
}

export class SolConsole {
  readonly counters: SolCounters = { packetsSent: 0, packetsReceived: 0, retransmits: 0, duplicates: 0, nacks: 0, bytesIn: 0, bytesOut: 0, malformed: 0 };
  private pending: Uint8Array[] = [];
  private pendingBreak = false;
  private inflight: Outgoing | undefined;
  private timer: TimerHandle | undefined;
  private nextSeq = 1;
  private lastInboundSeq = 0;
  private closed = false;
  private closeListeners: Listener<IpmiError | undefined>[] = [];
  private errorListeners: Listener<IpmiError>[] = [];
  private unsubscribeSession: () => void = () => undefined;
  private readonly retryMs: number;
  private readonly retries: number;
  private readonly instance: number;
  private readonly maxChunk: number;

  private constructor(private readonly session: RmcpPlusSession, private readonly opts: SolOptions, readonly activation: ActivatePayloadResponse) {
    this.retryMs = opts.retryMs ?? 500;
    this.retries = opts.retries ?? 6;
    this.instance = opts.instance ?? 1;
    // inbound payload size = what the BMC accepts from us, SOL header included
    this.maxChunk = Math.max(1, Math.min(255, (activation.inboundSize || 64) - 4));
  }

  /** Activates SOL on an open session. Rejects with code 'sol' if another session holds it and `takeOver` is not set. */
  static async activate(session: RmcpPlusSession, opts: SolOptions): Promise<SolConsole> {
    const instance = opts.instance ?? 1;
    const suite = session.cipherSuite;
    const req = { payloadType: PayloadType.sol, instance, aux: solActivationAux(!!suite && suite.confidentiality !== 0, !!suite && suite.integrity !== 0) };
    let res: ActivatePayloadResponse;
    try {
      res = await session.call(activatePayload, req);
    } catch (e) {
      if (!isIpmiError(e, 'completion-code') || e.completionCode !== PAYLOAD_ALREADY_ACTIVE) throw e;
      if (!opts.takeOver) {
        throw new IpmiError('sol', `SOL is already active on BMC ${session.bmc} (another session holds it); take it over to deactivate that session's console`, { bmc: session.bmc, completionCode: PAYLOAD_ALREADY_ACTIVE });
      }
      await session.call(deactivatePayload, { payloadType: PayloadType.sol, instance }).catch((err: unknown) => {
        if (!isIpmiError(err, 'completion-code')) throw err;
      });
      res = await session.call(activatePayload, req);
    }
    const port = session.peer?.port;
    if (res.port !== 0 && port !== undefined && res.port !== port) {
      await session.call(deactivatePayload, { payloadType: PayloadType.sol, instance }).catch(() => undefined);
      throw new IpmiError('unsupported', `BMC ${session.bmc} serves SOL on UDP port ${res.port}, not the session's port ${port}; a separate SOL port is not supported`, { bmc: session.bmc });
    }
    const c = new SolConsole(session, opts, res);
    session.onPayload(PayloadType.sol, (p) => c.onPayload(p));
    c.unsubscribeSession = session.onClose((reason) => c.finish(reason ?? new IpmiError('session-closed', `session with BMC ${session.bmc} closed`, { bmc: session.bmc })));
    return c;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  on(event: 'close', fn: Listener<IpmiError | undefined>): void;
  on(event: 'error', fn: Listener<IpmiError>): void;
  on(event: 'close' | 'error', fn: Listener<IpmiError | undefined> | Listener<IpmiError>): void {
    if (event === 'close') this.closeListeners.push(fn as Listener<IpmiError | undefined>);
    else this.errorListeners.push(fn as Listener<IpmiError>);
  }

  /** bytes for the host's serial port (what a user types) */
  write(bytes: Uint8Array | string): void {
    if (this.closed) return;
    const b = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : Uint8Array.from(bytes);
    if (b.length === 0) return;
    this.pending.push(b);
    this.pump();
  }

  /** a serial BREAK (e.g. for SysRq or a boot loader) */
  sendBreak(): void {
    if (this.closed) return;
    this.pendingBreak = true;
    this.pump();
  }

  /** Deactivates SOL (the session stays open). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.finish(undefined);
    if (this.session.state === 'active') {
      await this.session.call(deactivatePayload, { payloadType: PayloadType.sol, instance: this.instance }).catch(() => undefined);
    }
  }

  private pump(): void {
    if (this.inflight || this.closed) return;
    if (this.pending.length === 0 && !this.pendingBreak) return;
    const data = this.take(this.maxChunk);
    const control = this.pendingBreak ? SolOp.generateBreak : 0;
    this.pendingBreak = false;
    const seq = this.nextSeq;
    this.nextSeq = (this.nextSeq % 15) + 1;
    this.inflight = { seq, data, control, tries: 0 };
    this.transmit(this.inflight);
  }

  private take(max: number): Uint8Array {
    const out: number[] = [];
    while (this.pending.length > 0 && out.length < max) {
      const head = this.pending[0] as Uint8Array;
      const n = Math.min(head.length, max - out.length);
      for (let i = 0; i < n; i++) out.push(head[i] as number);
      if (n === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(n);
    }
    return Uint8Array.from(out);
  }

  private transmit(o: Outgoing): void {
    this.send({ seq: o.seq, ackSeq: 0, acceptedCount: 0, control: o.control, data: o.data });
    this.timer = this.session.clock.setTimeout(() => this.onRetry(o), this.retryMs);
  }

  private onRetry(o: Outgoing): void {
    this.timer = undefined;
    if (this.inflight !== o || this.closed) return;
    if (o.tries >= this.retries) {
      this.fail(new IpmiError('sol', `BMC ${this.session.bmc} did not acknowledge SOL data after ${o.tries + 1} attempts`, { bmc: this.session.bmc }));
      return;
    }
    o.tries++;
    this.counters.retransmits++;
    this.transmit(o);
  }

  private send(p: SolPacket): void {
    this.counters.packetsSent++;
    this.counters.bytesOut += p.data.length;
    this.session.sendPayload(PayloadType.sol, encodeSolPacket(p));
  }

  private onPayload(bytes: Uint8Array): void {
    if (this.closed) return;
    let p: SolPacket;
    try {
      p = decodeSolPacket(bytes);
    } catch {
      this.counters.malformed++;
      return;
    }
    this.counters.packetsReceived++;
    if (p.ackSeq !== 0) this.onAck(p);
    if (p.seq !== 0) {
      const duplicate = p.seq === this.lastInboundSeq;
      this.send({ seq: 0, ackSeq: p.seq, acceptedCount: p.data.length, control: 0, data: new Uint8Array(0) });
      if (duplicate) this.counters.duplicates++;
      else {
        this.lastInboundSeq = p.seq;
        if (p.data.length > 0) {
          this.counters.bytesIn += p.data.length;
          this.opts.onData(p.data);
        }
      }
    }
    if (p.control & SolStatus.deactivating) this.finish(new IpmiError('sol', `BMC ${this.session.bmc} is deactivating SOL`, { bmc: this.session.bmc }));
  }

  private onAck(p: SolPacket): void {
    const o = this.inflight;
    if (!o || p.ackSeq !== o.seq) return;
    if (p.control & SolStatus.nack) {
      // not accepted (transfer unavailable / paused): keep the packet, the retry timer resends it
      this.counters.nacks++;
      return;
    }
    if (this.timer !== undefined) this.session.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.inflight = undefined;
    if (p.acceptedCount < o.data.length) this.pending.unshift(o.data.subarray(p.acceptedCount));
    this.pump();
  }

  private fail(err: IpmiError): void {
    for (const l of this.errorListeners) l(err);
    this.finish(err);
    if (this.session.state === 'active') {
      this.session.call(deactivatePayload, { payloadType: PayloadType.sol, instance: this.instance }).catch(() => undefined);
    }
  }

  private finish(reason: IpmiError | undefined): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.session.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.inflight = undefined;
    this.pending = [];
    this.session.onPayload(PayloadType.sol, undefined);
    this.unsubscribeSession();
    const ls = this.closeListeners;
    this.closeListeners = [];
    for (const l of ls) l(reason);
  }
}
