// Classifies an incoming datagram: ASF (ping/pong), IPMI 1.5 wrapper, or IPMI 2.0 RMCP+.
// Decoding is total: it returns a packet or throws IpmiError('malformed').
import { IpmiError } from '../errors';
import { ByteReader } from '../wire/bytes';
import { decodeAsfBody, type AsfMessage } from './asf';
import { RMCP_CLASS_ASF, RMCP_CLASS_IPMI, decodeRmcpHeader } from './rmcp';
import { decodeSession15Body, type Session15Packet } from './session15';
import { AUTH_TYPE_RMCP_PLUS, decodeSession20Body, type DecodedSession20 } from './session20';

export type RmcpPacket =
  | { kind: 'asf'; asf: AsfMessage }
  | { kind: 'rmcp-ack'; sequence: number }
  | { kind: 'ipmi15'; packet: Session15Packet }
  | { kind: 'ipmi20'; packet: DecodedSession20 };

export function decodeRmcpPacket(datagram: Uint8Array, authCodeLength = 0): RmcpPacket {
  const r = new ByteReader(datagram, 'RMCP');
  const h = decodeRmcpHeader(r);
  if (h.ack) return { kind: 'rmcp-ack', sequence: h.sequence };
  if (h.messageClass === RMCP_CLASS_ASF) return { kind: 'asf', asf: decodeAsfBody(r) };
  if (h.messageClass !== RMCP_CLASS_IPMI) throw new IpmiError('malformed', `RMCP: unsupported class ${h.messageClass}`);
  const authType = datagram[r.offset];
  if (authType === AUTH_TYPE_RMCP_PLUS) return { kind: 'ipmi20', packet: decodeSession20Body(r, datagram, authCodeLength) };
  return { kind: 'ipmi15', packet: decodeSession15Body(r) };
}
