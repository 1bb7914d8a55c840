// Session establishment (IPMI 2.0 §13.14 - §13.23):
//   1. Get Channel Authentication Capabilities (IPMI 1.5 wrapper): is RMCP+ there at all?
//   2. Get Channel Cipher Suites (short time limit: optional, some BMCs never answer it)
//   3. Open Session Request/Response, for each acceptable cipher suite in preference order,
//      until the BMC accepts one (a status such as "invalid authentication algorithm" means
//      "try the next suite")
//   4. RAKP 1 -> RAKP 2: check the BMC's HMAC, which proves the BMC knows the password. A
//      mismatch means the password (or KG) is wrong: fail at once with 'auth-failed' (not a
//      timeout), after telling the BMC with a RAKP 3 carrying status 0Fh.
//   5. RAKP 3 -> RAKP 4: check the integrity check value; derive SIK, K1, K2.
import { IpmiError } from '../errors';
import { getChannelAuthCapabilities, type ChannelAuthCapabilities } from '../commands/app/get-channel-auth-capabilities';
import { getChannelCipherSuites, parseCipherSuiteRecords, type CipherSuiteRecord } from '../commands/app/get-channel-cipher-suites';
import type { IpmiCommand } from '../commands/command';
import type { RmcpPacket } from '../rmcp/packet';
import { BMC_SLAVE_ADDRESS, REMOTE_CONSOLE_SWID, decodeResponseMessage, encodeRequestMessage } from '../rmcp/message';
import { encodeSession15 } from '../rmcp/session15';
import { PayloadType, encodeSession20 } from '../rmcp/session20';
import { completionCodeText, hex2 } from '../errors';
import { CIPHER_SUITES, ConfAlg, privilegeName, type CipherSuite, type CipherSuiteId } from './algorithms';
import { createAesCbc128, type Confidentiality } from './confidentiality';
import { createIntegrity, type Integrity } from './integrity';
import { deriveSessionKeys, macEqual, rakp2AuthCode, rakp3AuthCode, rakp4Icv, type RakpContext, type SessionKeys } from './keys';
import { decodeOpenSessionResponse, encodeOpenSessionRequest, type OpenSessionResponse } from './open-session';
import type { ResolvedTarget, ResolvedTuning, SecurityWarning } from './options';
import { decodeRakp2, decodeRakp4, encodeRakp1, encodeRakp3, type Rakp2, type Rakp4 } from './rakp';
import { RakpStatus, isAlgorithmRejection, rakpStatusText } from './status';

/** what the handshake needs from the session (kept narrow so it can be read on its own) */
export interface HandshakeIo {
  readonly target: ResolvedTarget;
  readonly tuning: ResolvedTuning;
  readonly bmc: string;
  random(n: number): Uint8Array;
  sendRaw(datagram: Uint8Array): void;
  nextRqSeq(): number;
  exchange<T>(what: string, build: () => Uint8Array, match: (p: RmcpPacket) => T | undefined, attempts: number, timeoutMs: number): Promise<T>;
}

export interface HandshakeResult {
  suite: CipherSuite;
  consoleSessionId: number;
  bmcSessionId: number;
  bmcGuid: Uint8Array;
  keys: SessionKeys | undefined;
  integrity: Integrity | undefined;
  confidentiality: Confidentiality | undefined;
  authCapabilities: ChannelAuthCapabilities;
  /** the cipher suites the BMC listed, when it answered Get Channel Cipher Suites */
  bmcCipherSuites: number[] | undefined;
  bmcWarnings: SecurityWarning[];
}

export async function runHandshake(io: HandshakeIo): Promise<HandshakeResult> {
  const { target, tuning } = io;
  const attempts = tuning.retries + 1;
  const caps = await preSessionCall(io, getChannelAuthCapabilities, { channel: 0x0e, extended: true, privilege: target.privilege }, '15', attempts, tuning.timeoutMs);
  if (!caps.ipmi20) {
    throw new IpmiError('unsupported', `BMC ${io.bmc} does not offer IPMI 2.0 / RMCP+ sessions on this channel (IPMI 1.5 only, which this client refuses as insecure)`, { bmc: io.bmc });
  }
  const bmcWarnings = warningsFromCaps(caps);

  let bmcCipherSuites: number[] | undefined;
  let candidates = [...target.cipherSuites];
  if (candidates.length > 1 && tuning.cipherSuiteProbeMs > 0) {
    bmcCipherSuites = await probeCipherSuites(io);
    if (bmcCipherSuites) {
      const offered = bmcCipherSuites;
      candidates = candidates.filter((s) => offered.includes(s));
      if (candidates.length === 0) {
        throw new IpmiError('no-cipher-suite', `no usable cipher suite: BMC ${io.bmc} offers ${offered.join(', ') || 'none'}, this client accepts ${target.cipherSuites.join(', ')}; enable one of those on the BMC`, { bmc: io.bmc });
      }
    }
  }

  const rejections: string[] = [];
  for (const id of candidates) {
    const suite = CIPHER_SUITES[id];
    const consoleSessionId = randomSessionId(io);
    const open = await openSession(io, suite, consoleSessionId);
    if (open.status !== 0 || !open.accepted) {
      if (isAlgorithmRejection(open.status)) {
        rejections.push(`${id}: ${rakpStatusText(open.status)}`);
        continue;
      }
      throw rakpError(io, 'Open Session', open.status);
    }
    const a = open.accepted;
    if (a.auth !== suite.auth || a.integrity !== suite.integrity || a.confidentiality !== suite.confidentiality) {
      // A BMC may not substitute weaker algorithms for the ones we proposed (§13.18).
      throw new IpmiError('insecure-refused', `BMC ${io.bmc} answered cipher suite ${id} with other algorithms (auth ${a.auth}, integrity ${a.integrity}, confidentiality ${a.confidentiality}); refused`, { bmc: io.bmc });
    }
    const rakp = await rakpExchange(io, suite, consoleSessionId, a.bmcSessionId);
    return { ...rakp, suite, consoleSessionId, bmcSessionId: a.bmcSessionId, authCapabilities: caps, bmcCipherSuites, bmcWarnings };
  }
  throw new IpmiError('no-cipher-suite', `BMC ${io.bmc} accepted none of cipher suites ${candidates.join(', ')} (${rejections.join('; ')})`, { bmc: io.bmc });
}

function warningsFromCaps(caps: ChannelAuthCapabilities): SecurityWarning[] {
  const w: SecurityWarning[] = [];
  if (caps.anonymousLogin) w.push({ code: 'bmc-anonymous-login-enabled', message: 'the BMC allows anonymous login (null user name and password)' });
  if (caps.nullUsernames) w.push({ code: 'bmc-null-usernames-enabled', message: 'the BMC has users with a null user name' });
  if (caps.authTypes.none && caps.ipmi15) w.push({ code: 'bmc-ipmi15-auth-none-enabled', message: 'the BMC accepts IPMI 1.5 sessions without authentication' });
  if (caps.perMessageAuthDisabled) w.push({ code: 'bmc-per-message-auth-disabled', message: 'the BMC has per-message authentication disabled for IPMI 1.5' });
  return w;
}

function randomSessionId(io: HandshakeIo): number {
  for (let i = 0; i < 8; i++) {
    const b = io.random(4);
    const id = ((b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0;
    if (id !== 0) return id;
  }
  return 0x4e4f4301; // a random source that only gives zeros; any non-zero ID will do
}

function rakpError(io: HandshakeIo, step: string, status: number): IpmiError {
  const user = new TextDecoder().decode(io.target.username);
  const details = { bmc: io.bmc, rakpStatus: status };
  if (status === RakpStatus.unauthorizedName) {
    return new IpmiError('auth-failed', `authentication failed at BMC ${io.bmc}: user '${user}' is unknown to the BMC (${step}: ${rakpStatusText(status)})`, details);
  }
  if (status === RakpStatus.invalidRole || status === RakpStatus.unauthorizedRole || status === RakpStatus.insufficientResourcesForRole) {
    return new IpmiError('privilege', `BMC ${io.bmc} refused ${privilegeName(io.target.privilege)} privilege for user '${user}' (${step}: ${rakpStatusText(status)}); ask for a lower privilege`, details);
  }
  if (status === RakpStatus.invalidIntegrityCheckValue) {
    return new IpmiError('auth-failed', `authentication failed at BMC ${io.bmc}: the BMC rejected our key exchange code (${step}); check the password and BMC key (KG)`, details);
  }
  if (status === RakpStatus.insufficientResources) {
    return new IpmiError('rakp-status', `BMC ${io.bmc} has no free session (${step}: ${rakpStatusText(status)}); close other sessions or wait for them to time out`, details);
  }
  return new IpmiError('rakp-status', `BMC ${io.bmc} refused the session at ${step}: ${rakpStatusText(status)} (status ${hex2(status)})`, details);
}

/** an IPMI request outside a session: 1.5 wrapper (Get Channel Auth Caps) or 2.0 unauthenticated */
async function preSessionCall<Req, Res>(io: HandshakeIo, c: IpmiCommand<Req, Res>, req: Req, format: '15' | '20', attempts: number, timeoutMs: number): Promise<Res> {
  const rqSeq = io.nextRqSeq();
  const msg = encodeRequestMessage({ rsAddr: BMC_SLAVE_ADDRESS, rsLun: 0, netFn: c.netFn, rqAddr: REMOTE_CONSOLE_SWID, rqSeq, rqLun: 0, cmd: c.cmd, data: c.encodeRequest(req) });
  const datagram = format === '15'
    ? encodeSession15({ authType: 0, sequence: 0, sessionId: 0, message: msg })
    : encodeSession20({ payloadType: PayloadType.ipmi, encrypted: false, authenticated: false, sessionId: 0, sequence: 0, payload: msg });
  const r = await io.exchange(c.name, () => datagram, (p) => {
    let bytes: Uint8Array | undefined;
    if (p.kind === 'ipmi15' && p.packet.sessionId === 0) bytes = p.packet.message;
    else if (p.kind === 'ipmi20' && p.packet.payloadType === PayloadType.ipmi && p.packet.sessionId === 0 && !p.packet.authenticated) bytes = p.packet.payload;
    if (!bytes) return undefined;
    const m = decodeResponseMessage(bytes);
    if (m.netFn !== (c.netFn | 1) || m.cmd !== c.cmd || m.rqSeq !== rqSeq) return undefined;
    return m;
  }, attempts, timeoutMs);
  if (r.completionCode !== 0) {
    throw new IpmiError('completion-code', `${c.name} failed on BMC ${io.bmc}: ${completionCodeText(r.completionCode)} (${hex2(r.completionCode)})`, { bmc: io.bmc, completionCode: r.completionCode });
  }
  return c.decodeResponse(r.data);
}

/** Lists the BMC's cipher suites; undefined when the BMC does not answer in the short time limit. */
async function probeCipherSuites(io: HandshakeIo): Promise<number[] | undefined> {
  const chunks: Uint8Array[] = [];
  try {
    for (let index = 0; index < 64; index++) {
      const r = await preSessionCall(io, getChannelCipherSuites, { channel: 0x0e, payloadType: 0, listByCipherSuite: true, index }, '20', 1, io.tuning.cipherSuiteProbeMs);
      chunks.push(r.data);
      if (r.data.length < 16) break;
    }
  } catch {
    return undefined; // silent (ipmi_sim) or unsupported: fall back to trying suites in order
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  let records: CipherSuiteRecord[];
  try {
    records = parseCipherSuiteRecords(all);
  } catch {
    return undefined;
  }
  return records.filter((r) => r.oemIana === undefined).map((r) => r.id);
}

function openSession(io: HandshakeIo, suite: CipherSuite, consoleSessionId: number): Promise<OpenSessionResponse> {
  const tag = io.random(1)[0] ?? 0;
  // Maximum privilege 0 = "the highest level matching the proposed algorithms", as ipmitool
  // does; the level we want is asked in RAKP 1 and set with Set Session Privilege Level.
  const payload = encodeOpenSessionRequest({ tag, maxPrivilege: 0, consoleSessionId, auth: suite.auth, integrity: suite.integrity, confidentiality: suite.confidentiality });
  const datagram = encodeSession20({ payloadType: PayloadType.openSessionRequest, encrypted: false, authenticated: false, sessionId: 0, sequence: 0, payload });
  return io.exchange(`Open Session (cipher suite ${suite.id})`, () => datagram, (p) => {
    if (p.kind !== 'ipmi20' || p.packet.payloadType !== PayloadType.openSessionResponse) return undefined;
    const r = decodeOpenSessionResponse(p.packet.payload);
    if (r.tag !== tag) return undefined;
    if (r.status === 0 && r.consoleSessionId !== consoleSessionId) return undefined;
    return r;
  }, io.tuning.retries + 1, io.tuning.timeoutMs);
}

async function rakpExchange(io: HandshakeIo, suite: CipherSuite, sidm: number, sidc: number): Promise<Pick<HandshakeResult, 'keys' | 'integrity' | 'confidentiality' | 'bmcGuid'>> {
  const { target, tuning } = io;
  const attempts = tuning.retries + 1;
  const rm = io.random(16).slice(0, 16);
  const role = (tuning.nameOnlyLookup ? 0x10 : 0) | target.privilege;
  const tag1 = io.random(1)[0] ?? 0;
  const rakp1 = encodeSession20({
    payloadType: PayloadType.rakp1, encrypted: false, authenticated: false, sessionId: 0, sequence: 0,
    payload: encodeRakp1({ tag: tag1, bmcSessionId: sidc, consoleRandom: rm, role, username: target.username }),
  });
  const r2: Rakp2 = await io.exchange('RAKP 1', () => rakp1, (p) => {
    if (p.kind !== 'ipmi20' || p.packet.payloadType !== PayloadType.rakp2) return undefined;
    const m = decodeRakp2(p.packet.payload);
    if (m.tag !== tag1 || (m.status === 0 && m.consoleSessionId !== sidm)) return undefined;
    return m;
  }, attempts, tuning.timeoutMs);
  if (r2.status !== 0) throw rakpError(io, 'RAKP 2', r2.status);

  const ctx: RakpContext = { sidm, sidc, rm, rc: r2.bmcRandom, guid: r2.bmcGuid, role, username: target.username };
  const hash = suite.authHash;
  const tag3 = (tag1 + 1) & 0xff;
  const sendRakp3 = (status: number, authCode: Uint8Array): Uint8Array => encodeSession20({
    payloadType: PayloadType.rakp3, encrypted: false, authenticated: false, sessionId: 0, sequence: 0,
    payload: encodeRakp3({ tag: tag3, status, bmcSessionId: sidc, authCode }),
  });
  if (hash) {
    const expected = rakp2AuthCode(hash, target.kuid, ctx);
    if (!macEqual(expected, r2.authCode)) {
      // Tell the BMC, so it frees the half-open session at once (§13.22).
      io.sendRaw(sendRakp3(RakpStatus.invalidIntegrityCheckValue, new Uint8Array(0)));
      const user = new TextDecoder().decode(target.username);
      throw new IpmiError('auth-failed', `authentication failed at BMC ${io.bmc} for user '${user}': the BMC's RAKP 2 code does not match this password${target.kg ? ' and BMC key (KG)' : ''}; check the password`, { bmc: io.bmc });
    }
  } else if (r2.authCode.length !== 0) {
    throw new IpmiError('malformed', `BMC ${io.bmc} sent a RAKP 2 auth code for RAKP-none`, { bmc: io.bmc });
  }

  const rakp3 = sendRakp3(0, hash ? rakp3AuthCode(hash, target.kuid, ctx) : new Uint8Array(0));
  const r4: Rakp4 = await io.exchange('RAKP 3', () => rakp3, (p) => {
    if (p.kind !== 'ipmi20' || p.packet.payloadType !== PayloadType.rakp4) return undefined;
    const m = decodeRakp4(p.packet.payload);
    if (m.tag !== tag3 || (m.status === 0 && m.consoleSessionId !== sidm)) return undefined;
    return m;
  }, attempts, tuning.timeoutMs);
  if (r4.status !== 0) throw rakpError(io, 'RAKP 4', r4.status);

  if (!hash) return { keys: undefined, integrity: undefined, confidentiality: undefined, bmcGuid: r2.bmcGuid };
  const keys = deriveSessionKeys(hash, target.kg ?? target.kuid, ctx);
  const icv = rakp4Icv(hash, keys.sik, ctx, suite.icvLength);
  if (!macEqual(icv, r4.icv)) {
    throw new IpmiError('auth-failed', `authentication failed at BMC ${io.bmc}: RAKP 4 integrity check value does not verify (wrong BMC key KG?)`, { bmc: io.bmc });
  }
  return {
    keys,
    integrity: createIntegrity(suite, keys.k1),
    confidentiality: suite.confidentiality === ConfAlg.aesCbc128 ? createAesCbc128(keys.k2) : undefined,
    bmcGuid: r2.bmcGuid,
  };
}

export type { CipherSuiteId };
