// ASF 2.0 §3.2.4.2 Presence Ping / §3.2.4.3 Presence Pong, carried in RMCP class 06h.
// IPMI 2.0 §13.2.3: a BMC answers a Presence Ping with a Pong whose "supported entities"
// byte has bit 7 set when IPMI is supported, and whose "supported interactions" byte has
// bit 5 set when RMCP+ security extensions are supported.
//   ASF message: IANA 4542 (4 bytes, big-endian), type, tag, reserved, data length, data
import { IpmiError } from '../errors';
import { ByteReader, ByteWriter } from '../wire/bytes';
import { RMCP_CLASS_ASF, decodeRmcpHeader, encodeRmcpHeader } from './rmcp';

export const ASF_IANA = 4542;
export const ASF_TYPE_PING = 0x80;
export const ASF_TYPE_PONG = 0x40;

export interface AsfPing {
  tag: number;
}

export interface AsfPong {
  tag: number;
  /** IANA enterprise number of the OEM (4542 when none) */
  iana: number;
  oem: number;
  ipmiSupported: boolean;
  asfVersion: number;
  rmcpSecurityExtensions: boolean;
}

export function encodePing(p: AsfPing, rmcpSequence = 0xff): Uint8Array {
  const w = new ByteWriter(12);
  encodeRmcpHeader(w, { sequence: rmcpSequence, messageClass: RMCP_CLASS_ASF, ack: false });
  w.u32be(ASF_IANA).u8(ASF_TYPE_PING).u8(p.tag).u8(0).u8(0);
  return w.toBytes();
}

export function encodePong(p: AsfPong, rmcpSequence = 0xff): Uint8Array {
  const w = new ByteWriter(28);
  encodeRmcpHeader(w, { sequence: rmcpSequence, messageClass: RMCP_CLASS_ASF, ack: false });
  w.u32be(ASF_IANA).u8(ASF_TYPE_PONG).u8(p.tag).u8(0).u8(16);
  w.u32be(p.iana).u32be(p.oem);
  w.u8((p.ipmiSupported ? 0x80 : 0) | (p.asfVersion & 0x0f));
  w.u8(p.rmcpSecurityExtensions ? 0x20 : 0);
  w.fill(0, 6);
  return w.toBytes();
}

export type AsfMessage = { type: 'ping'; ping: AsfPing } | { type: 'pong'; pong: AsfPong } | { type: 'other'; asfType: number };

/** decodes an ASF message that follows an RMCP header (reader positioned after it) */
export function decodeAsfBody(r: ByteReader): AsfMessage {
  const iana = r.u32be('ASF IANA');
  if (iana !== ASF_IANA) throw new IpmiError('malformed', `ASF: unexpected IANA ${iana}`);
  const type = r.u8('ASF type');
  const tag = r.u8('ASF tag');
  r.skip(1);
  const len = r.u8('ASF data length');
  const data = new ByteReader(r.bytes(len, 'ASF data'), 'ASF data');
  if (type === ASF_TYPE_PING) return { type: 'ping', ping: { tag } };
  if (type !== ASF_TYPE_PONG) return { type: 'other', asfType: type };
  const oemIana = data.u32be('pong IANA');
  const oem = data.u32be('pong OEM');
  const entities = data.u8('pong supported entities');
  const interactions = data.u8('pong supported interactions');
  return {
    type: 'pong',
    pong: { tag, iana: oemIana, oem, ipmiSupported: (entities & 0x80) !== 0, asfVersion: entities & 0x0f, rmcpSecurityExtensions: (interactions & 0x20) !== 0 },
  };
}

export function decodeAsf(datagram: Uint8Array): AsfMessage {
  const r = new ByteReader(datagram, 'ASF');
  const h = decodeRmcpHeader(r);
  if (h.messageClass !== RMCP_CLASS_ASF) throw new IpmiError('malformed', `ASF: RMCP class ${h.messageClass} is not ASF`);
  return decodeAsfBody(r);
}
