// IPMI v2.0 RMCP+ session wrapper (IPMI 2.0 §13.6, Table 13-8), stateless framing only:
//   [0] auth type = 06h (RMCP+)
//   [1] payload type: bit 7 encrypted, bit 6 authenticated, bits 5:0 type (§13.27.3)
//   [2..7] only for payload type 02h (OEM explicit): OEM IANA (4), OEM payload ID (2)
//   session ID (4, LE), session sequence number (4, LE), payload length (2, LE), payload
//   then, when authenticated: integrity pad (FFh...), pad length, next header (07h), AuthCode
// The integrity pad makes the bytes from auth type through next header a multiple of 4; the
// AuthCode is the integrity algorithm's MAC over exactly those bytes (§13.28.4).
import { IpmiError } from '../errors';
import { ByteReader, ByteWriter } from '../wire/bytes';
import { RMCP_CLASS_IPMI, RMCP_SEQ_NO_ACK, decodeRmcpHeader, encodeRmcpHeader } from './rmcp';

export const AUTH_TYPE_RMCP_PLUS = 0x06;
const NEXT_HEADER = 0x07;

// §13.27.3 Table 13-16, payload types
export const PayloadType = {
  ipmi: 0x00,
  sol: 0x01,
  oemExplicit: 0x02,
  openSessionRequest: 0x10,
  openSessionResponse: 0x11,
  rakp1: 0x12,
  rakp2: 0x13,
  rakp3: 0x14,
  rakp4: 0x15,
} as const;

export interface Session20Packet {
  payloadType: number;
  encrypted: boolean;
  authenticated: boolean;
  oem?: { iana: number; payloadId: number };
  sessionId: number;
  sequence: number;
  /** the payload as carried (still encrypted when `encrypted`) */
  payload: Uint8Array;
}

export interface DecodedSession20 extends Session20Packet {
  /** present when authenticated: the bytes the AuthCode covers and the AuthCode itself */
  trailer?: { padLength: number; nextHeader: number; covered: Uint8Array; authCode: Uint8Array };
}

/** `authCode` computes the MAC over the covered bytes; required when `authenticated` */
export function encodeSession20(p: Session20Packet, authCode?: (covered: Uint8Array) => Uint8Array): Uint8Array {
  if (p.payload.length > 0xffff) throw new IpmiError('invalid-argument', 'RMCP+ payload longer than 65535 bytes');
  const w = new ByteWriter(32 + p.payload.length);
  encodeRmcpHeader(w, { sequence: RMCP_SEQ_NO_ACK, messageClass: RMCP_CLASS_IPMI, ack: false });
  w.u8(AUTH_TYPE_RMCP_PLUS);
  w.u8((p.encrypted ? 0x80 : 0) | (p.authenticated ? 0x40 : 0) | (p.payloadType & 0x3f));
  if ((p.payloadType & 0x3f) === PayloadType.oemExplicit) {
    w.u32le(p.oem?.iana ?? 0).u16le(p.oem?.payloadId ?? 0);
  }
  w.u32le(p.sessionId).u32le(p.sequence).u16le(p.payload.length).bytes(p.payload);
  if (!p.authenticated) return w.toBytes();
  if (!authCode) throw new IpmiError('invalid-argument', 'authenticated RMCP+ packet needs an integrity algorithm');
  const coveredSoFar = w.length - 4; // from auth type, excluding the RMCP header
  const pad = (4 - ((coveredSoFar + 2) % 4)) % 4;
  w.fill(0xff, pad).u8(pad).u8(NEXT_HEADER);
  const all = w.toBytes();
  w.bytes(authCode(all.subarray(4)));
  return w.toBytes();
}

/**
 * Decodes the session wrapper; `authCodeLength` is the negotiated integrity algorithm's MAC
 * length, needed to find the trailer of authenticated packets (0 before a session exists).
 */
export function decodeSession20Body(r: ByteReader, datagram: Uint8Array, authCodeLength: number): DecodedSession20 {
  const start = r.offset;
  const authType = r.u8('auth type');
  if (authType !== AUTH_TYPE_RMCP_PLUS) throw new IpmiError('malformed', `RMCP+: auth type ${authType} is not 06h`);
  const pt = r.u8('payload type');
  const payloadType = pt & 0x3f;
  const encrypted = (pt & 0x80) !== 0;
  const authenticated = (pt & 0x40) !== 0;
  let oem: Session20Packet['oem'];
  if (payloadType === PayloadType.oemExplicit) oem = { iana: r.u32le('OEM IANA'), payloadId: r.u16le('OEM payload ID') };
  const sessionId = r.u32le('session ID');
  const sequence = r.u32le('session sequence');
  const len = r.u16le('payload length');
  const payload = r.bytes(len, 'payload');
  const base = { payloadType, encrypted, authenticated, sessionId, sequence, payload, ...(oem ? { oem } : {}) };
  if (!authenticated) {
    if (r.remaining !== 0) throw new IpmiError('malformed', `RMCP+: ${r.remaining} trailing bytes after an unauthenticated payload`);
    return base;
  }
  if (authCodeLength <= 0) throw new IpmiError('malformed', 'RMCP+: authenticated packet outside an authenticated session');
  const trailerLen = r.remaining;
  if (trailerLen < 2 + authCodeLength) throw new IpmiError('malformed', `RMCP+: integrity trailer of ${trailerLen} bytes is too short`);
  const padLength = trailerLen - 2 - authCodeLength;
  r.skip(padLength, 'integrity pad');
  const declaredPad = r.u8('pad length');
  const nextHeader = r.u8('next header');
  if (declaredPad !== padLength) throw new IpmiError('malformed', `RMCP+: pad length byte ${declaredPad} but ${padLength} pad bytes`);
  if (nextHeader !== NEXT_HEADER) throw new IpmiError('malformed', `RMCP+: next header ${nextHeader} is not 07h`);
  const coveredEnd = r.offset;
  const authCode = r.bytes(authCodeLength, 'auth code');
  return { ...base, trailer: { padLength, nextHeader, covered: datagram.slice(start, coveredEnd), authCode } };
}

export function decodeSession20(datagram: Uint8Array, authCodeLength = 0): DecodedSession20 {
  const r = new ByteReader(datagram, 'RMCP+');
  const h = decodeRmcpHeader(r);
  if (h.messageClass !== RMCP_CLASS_IPMI) throw new IpmiError('malformed', 'RMCP+: RMCP class is not IPMI');
  return decodeSession20Body(r, datagram, authCodeLength);
}
