// RMCP header (ASF 2.0 §3.2.2.1, used by IPMI 2.0 §13.1.3): 4 bytes in front of every
// IPMI-over-LAN and ASF datagram.
//   [0] version 06h   [1] reserved 00h   [2] sequence (FFh = no RMCP ACK wanted)
//   [3] class of message: bit 7 = ACK, bits 4:0 = 06h ASF, 07h IPMI, 08h OEM
import { IpmiError } from '../errors';
import { type ByteReader, type ByteWriter } from '../wire/bytes';

export const RMCP_VERSION = 0x06;
export const RMCP_SEQ_NO_ACK = 0xff;
export const RMCP_CLASS_ASF = 0x06;
export const RMCP_CLASS_IPMI = 0x07;
export const RMCP_ACK_BIT = 0x80;

export interface RmcpHeader {
  sequence: number;
  messageClass: number; // bits 4:0
  ack: boolean;
}

export function encodeRmcpHeader(w: ByteWriter, h: RmcpHeader): void {
  w.u8(RMCP_VERSION).u8(0).u8(h.sequence).u8((h.ack ? RMCP_ACK_BIT : 0) | (h.messageClass & 0x1f));
}

export function decodeRmcpHeader(r: ByteReader): RmcpHeader {
  const version = r.u8('RMCP version');
  if (version !== RMCP_VERSION) throw new IpmiError('malformed', `RMCP: unsupported version ${version}`);
  r.skip(1, 'RMCP reserved');
  const sequence = r.u8('RMCP sequence');
  const cls = r.u8('RMCP class');
  return { sequence, messageClass: cls & 0x1f, ack: (cls & RMCP_ACK_BIT) !== 0 };
}
