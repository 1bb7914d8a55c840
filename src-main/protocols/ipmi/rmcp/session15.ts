// IPMI v1.5 session wrapper (IPMI 2.0 §13.6, Table 13-8), used only outside a session for
// Get Channel Authentication Capabilities, with authentication type NONE:
//   auth type (00h), session sequence (4, LE), session ID (4, LE), [auth code 16 if type != 0],
//   message length (1), IPMI message
// We never create 1.5 sessions (MD2/MD5/password auth are obsolete and insecure).
import { IpmiError } from '../errors';
import { ByteReader, ByteWriter } from '../wire/bytes';
import { RMCP_CLASS_IPMI, RMCP_SEQ_NO_ACK, decodeRmcpHeader, encodeRmcpHeader } from './rmcp';

export interface Session15Packet {
  authType: number;
  sequence: number;
  sessionId: number;
  authCode?: Uint8Array;
  message: Uint8Array;
}

export function encodeSession15(p: Session15Packet): Uint8Array {
  if (p.message.length > 255) throw new IpmiError('invalid-argument', 'IPMI 1.5 message longer than 255 bytes');
  const w = new ByteWriter(14 + p.message.length);
  encodeRmcpHeader(w, { sequence: RMCP_SEQ_NO_ACK, messageClass: RMCP_CLASS_IPMI, ack: false });
  w.u8(p.authType).u32le(p.sequence).u32le(p.sessionId);
  if (p.authType !== 0) w.bytes(p.authCode ?? new Uint8Array(16));
  w.u8(p.message.length).bytes(p.message);
  return w.toBytes();
}

/** reader positioned after the RMCP header */
export function decodeSession15Body(r: ByteReader): Session15Packet {
  const authType = r.u8('1.5 auth type');
  if (authType === 0x06) throw new IpmiError('malformed', 'IPMI 1.5: auth type 06h is an RMCP+ (2.0) packet');
  const sequence = r.u32le('1.5 session sequence');
  const sessionId = r.u32le('1.5 session ID');
  const authCode = authType !== 0 ? r.bytes(16, '1.5 auth code') : undefined;
  const len = r.u8('1.5 message length');
  const message = r.bytes(len, '1.5 message');
  // a trailing "legacy pad" byte is allowed (§13.6 note), nothing else
  if (r.remaining > 1) throw new IpmiError('malformed', `IPMI 1.5: ${r.remaining} trailing bytes`);
  return authCode ? { authType, sequence, sessionId, authCode, message } : { authType, sequence, sessionId, message };
}

export function decodeSession15(datagram: Uint8Array): Session15Packet {
  const r = new ByteReader(datagram, 'IPMI 1.5');
  const h = decodeRmcpHeader(r);
  if (h.messageClass !== RMCP_CLASS_IPMI) throw new IpmiError('malformed', 'IPMI 1.5: RMCP class is not IPMI');
  return decodeSession15Body(r);
}
