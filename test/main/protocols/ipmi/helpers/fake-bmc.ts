// An in-memory BMC for state-machine tests: the BMC side of RMCP+ built from the library's own
// encoders (each command codec works in both directions for this). It is a peer, not the thing
// under test: what it proves about interoperability is proven again against ipmi_sim (suite 3)
// and, for suite 17, against ipmitool -C 17 talking to it over UDP (suite17-ipmitool.test.ts).
import { getChannelAuthCapabilities } from '../../../../../src-main/protocols/ipmi/commands/app/get-channel-auth-capabilities';
import { getDeviceId } from '../../../../../src-main/protocols/ipmi/commands/app/get-device-id';
import { getChassisStatus } from '../../../../../src-main/protocols/ipmi/commands/chassis/get-chassis-status';
import { chassisControl } from '../../../../../src-main/protocols/ipmi/commands/chassis/chassis-control';
import { activatePayload } from '../../../../../src-main/protocols/ipmi/commands/app/activate-payload';
import { decodeRmcpPacket } from '../../../../../src-main/protocols/ipmi/rmcp/packet';
import { decodeRequestMessage, encodeResponseMessage } from '../../../../../src-main/protocols/ipmi/rmcp/message';
import { encodeSession15 } from '../../../../../src-main/protocols/ipmi/rmcp/session15';
import { PayloadType, encodeSession20, type DecodedSession20 } from '../../../../../src-main/protocols/ipmi/rmcp/session20';
import { CIPHER_SUITES, suiteFor, type CipherSuite, type CipherSuiteId } from '../../../../../src-main/protocols/ipmi/session/algorithms';
import { createAesCbc128, type Confidentiality } from '../../../../../src-main/protocols/ipmi/session/confidentiality';
import { createIntegrity, type Integrity } from '../../../../../src-main/protocols/ipmi/session/integrity';
import { deriveSessionKeys, macEqual, rakp2AuthCode, rakp3AuthCode, rakp4Icv, type RakpContext } from '../../../../../src-main/protocols/ipmi/session/keys';
import { decodeOpenSessionRequest, encodeOpenSessionResponse } from '../../../../../src-main/protocols/ipmi/session/open-session';
import { decodeRakp1, decodeRakp3, encodeRakp2, encodeRakp4 } from '../../../../../src-main/protocols/ipmi/session/rakp';
import type { MemoryEndpoint, MemoryNetwork } from '../../../../../src-main/protocols/ipmi/transport-memory';
import type { PeerAddress } from '../../../../../src-main/protocols/ipmi/transport';
import { SolStatus, decodeSolPacket, encodeSolPacket, type SolPacket } from '../../../../../src-main/protocols/ipmi/sol/payload';
import { getChannelCipherSuites } from '../../../../../src-main/protocols/ipmi/commands/app/get-channel-cipher-suites';

interface BmcSession {
  sidc: number;
  sidm: number;
  suite: CipherSuite;
  ctx?: RakpContext;
  integrity?: Integrity;
  conf?: Confidentiality;
  outSeq: number;
  client: PeerAddress;
  active: boolean;
}

export interface FakeBmcOptions {
  address?: string;
  port?: number;
  users?: Record<string, string>;
  suites?: CipherSuiteId[];
  /** answer Get Channel Cipher Suites with these suite ids (plus two OEM records, so the list
   *  takes two 16-byte pages); undefined: never answer it, as ipmi_sim does */
  listCipherSuites?: number[];
}

/** SOL misbehaviour on demand: each count is used up by one packet */
export interface FakeSolFaults {
  /** accept only half of the next data packets' characters */
  partialAck: number;
  /** NACK the next data packets (nothing accepted) */
  nack: number;
  /** send the next output packets twice with the same SOL sequence number */
  repeatOutput: number;
  /** never ACK (nor accept) data */
  neverAck: boolean;
}

export class FakeBmc {
  readonly endpoint: MemoryEndpoint;
  readonly address: PeerAddress;
  /** when true the BMC receives but never answers */
  silent = false;
  /** drop this many incoming in-session requests without answering (to force retransmission) */
  dropRequests = 0;
  powerOn = true;
  /** commands received in sessions, "netFn:cmd" */
  readonly log: string[] = [];
  readonly sessions = new Map<number, BmcSession>();
  /** SOL data the "host" received */
  solReceived = '';
  readonly sol: FakeSolFaults = { partialAck: 0, nack: 0, repeatOutput: 0, neverAck: false };
  /** SOL sequence numbers the console acknowledged, in order */
  readonly solAcksReceived: number[] = [];
  /** cipher suite of each Open Session request (-1: algorithms of no known suite) */
  readonly openSessionSuites: number[] = [];
  private readonly listCipherSuites: number[] | undefined;
  /** Get Channel Cipher Suites pages answered */
  pagesServed = 0;
  private nextSid = 0x1000;
  private readonly users: Record<string, string>;
  private readonly suites: CipherSuiteId[];

  constructor(private readonly net: MemoryNetwork, opts: FakeBmcOptions = {}) {
    this.address = { address: opts.address ?? '127.0.0.9', port: opts.port ?? 623 };
    this.users = opts.users ?? { admin: 'secret' };
    this.suites = opts.suites ?? [17, 3];
    this.listCipherSuites = opts.listCipherSuites;
    this.endpoint = net.endpoint(this.address);
    this.endpoint.onMessage((d, from) => this.onDatagram(d, from));
  }

  get activeSessions(): number {
    return [...this.sessions.values()].filter((s) => s.active).length;
  }

  close(): void {
    this.endpoint.close();
  }

  /** send a datagram in session `sidc` (used to forge replays and SOL output) */
  sendInSession(sidc: number, payloadType: number, plain: Uint8Array, seqOverride?: number): Uint8Array {
    const s = this.sessions.get(sidc);
    if (!s) throw new Error('no such session');
    const payload = s.conf ? s.conf.encrypt(plain) : plain;
    const sequence = seqOverride ?? ++s.outSeq;
    const dgram = encodeSession20({ payloadType, encrypted: !!s.conf, authenticated: !!s.integrity, sessionId: s.sidm, sequence, payload }, s.integrity ? (c) => (s.integrity as Integrity).compute(c) : undefined);
    this.endpoint.send(dgram, s.client);
    return dgram;
  }

  private onDatagram(d: Uint8Array, from: PeerAddress): void {
    if (this.silent) return;
    const anyActive = [...this.sessions.values()].find((s) => s.active && s.client.port === from.port);
    const p = decodeRmcpPacket(d, anyActive?.suite.authCodeLength ?? 0);
    if (p.kind === 'ipmi15') {
      const req = decodeRequestMessage(p.packet.message);
      const data = getChannelAuthCapabilities.encodeResponse({
        channel: 1, extendedData: true, authTypes: { none: false, md2: false, md5: false, straightPassword: false, oem: false },
        kgNonZero: false, perMessageAuthDisabled: false, userLevelAuthDisabled: false, nonNullUsernames: true, nullUsernames: false, anonymousLogin: false,
        ipmi20: true, ipmi15: false, oemId: 0, oemAux: 0,
      });
      const msg = encodeResponseMessage({ rqAddr: req.rqAddr, rqLun: 0, netFn: req.netFn | 1, rsAddr: 0x20, rqSeq: req.rqSeq, rsLun: 0, cmd: req.cmd, completionCode: 0, data });
      this.endpoint.send(encodeSession15({ authType: 0, sequence: 0, sessionId: 0, message: msg }), from);
      return;
    }
    if (p.kind !== 'ipmi20') return;
    const pk = p.packet;
    const reply = (payloadType: number, payload: Uint8Array): void => this.endpoint.send(encodeSession20({ payloadType, encrypted: false, authenticated: false, sessionId: 0, sequence: 0, payload }), from);
    switch (pk.payloadType) {
      case PayloadType.openSessionRequest: {
        const q = decodeOpenSessionRequest(pk.payload);
        const suite = suiteFor(q.auth, q.integrity, q.confidentiality);
        this.openSessionSuites.push(suite?.id ?? -1);
        if (!suite || !this.suites.includes(suite.id)) {
          reply(PayloadType.openSessionResponse, encodeOpenSessionResponse({ tag: q.tag, status: 0x04, maxPrivilege: 0, consoleSessionId: q.consoleSessionId }));
          return;
        }
        const sidc = this.nextSid++;
        this.sessions.set(sidc, { sidc, sidm: q.consoleSessionId, suite, outSeq: 0, client: from, active: false });
        reply(PayloadType.openSessionResponse, encodeOpenSessionResponse({ tag: q.tag, status: 0, maxPrivilege: 4, consoleSessionId: q.consoleSessionId, accepted: { bmcSessionId: sidc, auth: q.auth, integrity: q.integrity, confidentiality: q.confidentiality } }));
        return;
      }
      case PayloadType.rakp1: {
        const m = decodeRakp1(pk.payload);
        const s = this.sessions.get(m.bmcSessionId);
        if (!s) return;
        const user = new TextDecoder().decode(m.username);
        const password = this.users[user];
        if (password === undefined) {
          reply(PayloadType.rakp2, encodeRakp2({ tag: m.tag, status: 0x0d, consoleSessionId: s.sidm, bmcRandom: new Uint8Array(0), bmcGuid: new Uint8Array(0), authCode: new Uint8Array(0) }));
          return;
        }
        s.ctx = { sidm: s.sidm, sidc: s.sidc, rm: m.consoleRandom, rc: Uint8Array.from({ length: 16 }, (_, i) => i * 7), guid: Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i), role: m.role, username: m.username };
        const hash = s.suite.authHash;
        const authCode = hash ? rakp2AuthCode(hash, new TextEncoder().encode(password), s.ctx) : new Uint8Array(0);
        reply(PayloadType.rakp2, encodeRakp2({ tag: m.tag, status: 0, consoleSessionId: s.sidm, bmcRandom: s.ctx.rc, bmcGuid: s.ctx.guid, authCode }));
        return;
      }
      case PayloadType.rakp3: {
        const m = decodeRakp3(pk.payload);
        const s = this.sessions.get(m.bmcSessionId);
        if (!s?.ctx) return;
        if (m.status !== 0) {
          this.sessions.delete(s.sidc);
          return;
        }
        const hash = s.suite.authHash;
        const password = new TextEncoder().encode(this.users[new TextDecoder().decode(s.ctx.username)] ?? '');
        if (hash && !macEqual(rakp3AuthCode(hash, password, s.ctx), m.authCode)) {
          reply(PayloadType.rakp4, encodeRakp4({ tag: m.tag, status: 0x0f, consoleSessionId: s.sidm, icv: new Uint8Array(0) }));
          return;
        }
        let icv: Uint8Array = new Uint8Array(0);
        if (hash) {
          const keys = deriveSessionKeys(hash, password, s.ctx);
          icv = rakp4Icv(hash, keys.sik, s.ctx, s.suite.icvLength);
          s.integrity = createIntegrity(s.suite, keys.k1);
          s.conf = createAesCbc128(keys.k2);
        }
        s.active = true;
        reply(PayloadType.rakp4, encodeRakp4({ tag: m.tag, status: 0, consoleSessionId: s.sidm, icv }));
        return;
      }
      case PayloadType.ipmi:
        if (pk.sessionId === 0) this.onPreSessionRequest(pk.payload, reply);
        else this.onSessionPacket(pk, from);
        return;
      default:
        this.onSessionPacket(pk, from);
    }
  }

  private onSessionPacket(pk: DecodedSession20, from: PeerAddress): void {
    const s = this.sessions.get(pk.sessionId);
    if (!s?.active) return;
    if (s.integrity && !(pk.trailer && s.integrity.verify(pk.trailer.covered, pk.trailer.authCode))) return;
    const plain = s.conf ? s.conf.decrypt(pk.payload) : pk.payload;
    s.client = from;
    if (pk.payloadType === PayloadType.sol) {
      const sp = decodeSolPacket(plain);
      if (sp.seq === 0 && sp.ackSeq !== 0) this.solAcksReceived.push(sp.ackSeq);
      if (sp.seq !== 0) this.onSolData(s, sp);
      return;
    }
    const req = decodeRequestMessage(plain);
    this.log.push(`${req.netFn.toString(16)}:${req.cmd.toString(16)}`);
    if (this.dropRequests > 0) {
      this.dropRequests--;
      return;
    }
    let cc = 0;
    let data: Uint8Array = new Uint8Array(0);
    const key = `${req.netFn}:${req.cmd}`;
    if (key === '6:59') data = Uint8Array.of(req.data[0] ?? 0); // Set Session Privilege Level
    else if (key === '6:1') data = getDeviceId.encodeResponse({ deviceId: 0x20, deviceRevision: 1, providesDeviceSdrs: false, firmwareMajor: 1, firmwareMinor: 2, updateInProgress: false, ipmiVersion: '2.0', ipmiVersionByte: 0x02, additionalSupport: 0, manufacturerId: 4753, productId: 1 });
    else if (key === '0:1') data = getChassisStatus.encodeResponse({ powerOn: this.powerOn, powerOverload: false, interlock: false, powerFault: false, powerControlFault: false, restorePolicy: 'always-off', lastPowerEvent: { acFailed: false, overload: false, interlock: false, fault: false, viaIpmi: false }, intrusion: false, frontPanelLockout: false, driveFault: false, coolingFault: false, identify: undefined });
    else if (key === '0:2') {
      const a = chassisControl.decodeRequest(req.data).action;
      this.powerOn = a === 'powerUp' || a === 'powerCycle' || a === 'hardReset' ? true : a === 'powerDown' || a === 'softShutdown' ? false : this.powerOn;
    } else if (key === '6:72') data = activatePayload.encodeResponse({ aux: new Uint8Array(4), inboundSize: 12, outboundSize: 64, port: this.address.port, vlan: 0xffff });
    else if (key === '6:73') data = new Uint8Array(0);
    else if (key === '6:60') s.active = false; // Close Session
    else cc = 0xc1;
    const msg = encodeResponseMessage({ rqAddr: req.rqAddr, rqLun: 0, netFn: req.netFn | 1, rsAddr: 0x20, rqSeq: req.rqSeq, rsLun: 0, cmd: req.cmd, completionCode: cc, data });
    this.sendInSession(s.sidc, PayloadType.ipmi, msg);
  }

  private onSolData(s: BmcSession, sp: SolPacket): void {
    const ack = (accepted: number, control = 0) => this.sendInSession(s.sidc, PayloadType.sol, encodeSolPacket({ seq: 0, ackSeq: sp.seq, acceptedCount: accepted, control, data: new Uint8Array(0) }));
    if (this.sol.neverAck) return;
    if (this.sol.nack > 0) {
      this.sol.nack--;
      ack(0, SolStatus.nack);
      return;
    }
    let accepted = sp.data.length;
    if (this.sol.partialAck > 0 && accepted > 1) {
      this.sol.partialAck--;
      accepted = Math.floor(accepted / 2);
    }
    const took = sp.data.subarray(0, accepted);
    this.solReceived += new TextDecoder().decode(took);
    // ACK it and echo the accepted characters back, as a terminal would
    ack(accepted);
    if (took.length === 0) return;
    const echo = encodeSolPacket({ seq: (sp.seq % 15) + 1, ackSeq: 0, acceptedCount: 0, control: 0, data: took });
    this.sendInSession(s.sidc, PayloadType.sol, echo);
    if (this.sol.repeatOutput > 0) {
      this.sol.repeatOutput--;
      this.sendInSession(s.sidc, PayloadType.sol, echo);
    }
  }

  /** commands outside a session: only Get Channel Cipher Suites, when configured to answer */
  private onPreSessionRequest(payload: Uint8Array, reply: (payloadType: number, payload: Uint8Array) => void): void {
    const req = decodeRequestMessage(payload);
    if (req.netFn !== getChannelCipherSuites.netFn || req.cmd !== getChannelCipherSuites.cmd || !this.listCipherSuites) return;
    const q = getChannelCipherSuites.decodeRequest(req.data);
    const records: number[] = [];
    for (const id of this.listCipherSuites) {
      const k = (CIPHER_SUITES as Partial<Record<number, CipherSuite>>)[id];
      // suite 1 (RAKP-HMAC-SHA1, no integrity, no confidentiality) is not one this library knows
      records.push(0xc0, id, k?.auth ?? 1, 0x40 | (k?.integrity ?? 0), 0x80 | (k?.confidentiality ?? 0));
    }
    // two OEM suites (IANA 4753) that a client must skip
    records.push(0xc1, 0x80, 0x91, 0x12, 0x00, 0x01, 0x41, 0x81, 0xc1, 0x81, 0x91, 0x12, 0x00, 0x03, 0x44, 0x81);
    const data = Uint8Array.from(records.slice(q.index * 16, q.index * 16 + 16));
    const msg = encodeResponseMessage({ rqAddr: req.rqAddr, rqLun: 0, netFn: req.netFn | 1, rsAddr: 0x20, rqSeq: req.rqSeq, rsLun: 0, cmd: req.cmd, completionCode: 0, data: getChannelCipherSuites.encodeResponse({ channel: 1, data }) });
    this.pagesServed++;
    reply(PayloadType.ipmi, msg);
  }
}

export { CIPHER_SUITES };
