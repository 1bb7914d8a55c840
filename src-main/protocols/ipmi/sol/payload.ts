// SOL payload packets (IPMI 2.0 §15.9, Tables 15-2 and 15-3), payload type 01h:
//   [0] packet sequence number (3:0; 1-15, 0 = ACK-only packet without data)
//   [1] packet ACK/NACK sequence number (3:0; 0 = this packet acknowledges nothing)
//   [2] accepted character count (of the packet being ACKed)
//   [3] console -> BMC "operation": bit 6 NACK, 5 ring/WOR, 4 generate break, 3 deassert CTS
//       (pause), 2 deassert DCD/DSR, 1 flush inbound, 0 flush outbound
//       BMC -> console "status": bit 6 NACK, 5 character transfer unavailable, 4 SOL
//       deactivating, 3 transmit overrun (characters dropped), 2 break detected
//   [4..] character data
import { ByteReader, ByteWriter } from '../wire/bytes';

export const SolOp = { nack: 0x40, ring: 0x20, generateBreak: 0x10, pauseCts: 0x08, dropDcdDsr: 0x04, flushInbound: 0x02, flushOutbound: 0x01 } as const;
export const SolStatus = { nack: 0x40, transferUnavailable: 0x20, deactivating: 0x10, overrun: 0x08, breakDetected: 0x04 } as const;

export interface SolPacket {
  seq: number;
  ackSeq: number;
  acceptedCount: number;
  /** operation (console -> BMC) or status (BMC -> console) bits */
  control: number;
  data: Uint8Array;
}

export function encodeSolPacket(p: SolPacket): Uint8Array {
  return new ByteWriter(4 + p.data.length).u8(p.seq & 0x0f).u8(p.ackSeq & 0x0f).u8(p.acceptedCount).u8(p.control).bytes(p.data).toBytes();
}

export function decodeSolPacket(b: Uint8Array): SolPacket {
  const r = new ByteReader(b, 'SOL packet');
  return { seq: r.u8('sequence') & 0x0f, ackSeq: r.u8('ack sequence') & 0x0f, acceptedCount: r.u8('accepted count'), control: r.u8('operation/status'), data: r.rest() };
}
