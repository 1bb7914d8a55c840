// IPMI LAN message (IPMI 2.0 §13.8, Figure 13-4/13-5): the IPMB-like message carried as the
// "IPMI" payload of a session packet.
//   request : rsAddr, netFn<<2|rsLUN, chk1, rqAddr, rqSeq<<2|rqLUN, cmd, data..., chk2
//   response: rqAddr, netFn<<2|rqLUN, chk1, rsAddr, rqSeq<<2|rsLUN, cmd, cc, data..., chk2
// chk1 covers bytes 0-1, chk2 covers byte 3 to the end of data (2's complement, §13.8).
import { IpmiError, hex2 } from '../errors';
import { ByteReader, ByteWriter } from '../wire/bytes';
import { checksum, checksumOk } from '../wire/checksum';

export const BMC_SLAVE_ADDRESS = 0x20;
/** §5.5: software ID 40h ("remote console software 1") shifted into an 8-bit address */
export const REMOTE_CONSOLE_SWID = 0x81;

export interface IpmiRequestMessage {
  rsAddr: number;
  rsLun: number;
  netFn: number;
  rqAddr: number;
  rqSeq: number; // 6 bits
  rqLun: number;
  cmd: number;
  data: Uint8Array;
}

export interface IpmiResponseMessage {
  rqAddr: number;
  rqLun: number;
  netFn: number; // odd: request netFn + 1
  rsAddr: number;
  rqSeq: number;
  rsLun: number;
  cmd: number;
  completionCode: number;
  data: Uint8Array;
}

function frame(a0: number, netFnLun: number, a3: number, seqLun: number, cmd: number, body: Uint8Array): Uint8Array {
  const w = new ByteWriter(8 + body.length);
  w.u8(a0).u8(netFnLun);
  const head = w.toBytes();
  w.u8(checksum(head));
  w.u8(a3).u8(seqLun).u8(cmd).bytes(body);
  const all = w.toBytes();
  w.u8(checksum(all, 3));
  return w.toBytes();
}

export function encodeRequestMessage(m: IpmiRequestMessage): Uint8Array {
  return frame(m.rsAddr, ((m.netFn & 0x3f) << 2) | (m.rsLun & 3), m.rqAddr, ((m.rqSeq & 0x3f) << 2) | (m.rqLun & 3), m.cmd, m.data);
}

export function encodeResponseMessage(m: IpmiResponseMessage): Uint8Array {
  const body = new Uint8Array(1 + m.data.length);
  body[0] = m.completionCode;
  body.set(m.data, 1);
  return frame(m.rqAddr, ((m.netFn & 0x3f) << 2) | (m.rqLun & 3), m.rsAddr, ((m.rqSeq & 0x3f) << 2) | (m.rsLun & 3), m.cmd, body);
}

interface Framed { a0: number; netFn: number; lun0: number; a3: number; seq: number; lun1: number; cmd: number; body: Uint8Array }

function unframe(bytes: Uint8Array, what: string): Framed {
  if (bytes.length < 7) throw new IpmiError('malformed', `${what}: ${bytes.length} bytes is shorter than the 7-byte minimum`);
  if (!checksumOk(bytes, 0, 2)) throw new IpmiError('malformed', `${what}: header checksum ${hex2(bytes[2] as number)} does not verify`);
  if (!checksumOk(bytes, 3, bytes.length - 1)) throw new IpmiError('malformed', `${what}: data checksum ${hex2(bytes[bytes.length - 1] as number)} does not verify`);
  const r = new ByteReader(bytes, what);
  const a0 = r.u8();
  const nl = r.u8();
  r.skip(1);
  const a3 = r.u8();
  const sl = r.u8();
  const cmd = r.u8();
  const body = r.bytes(r.remaining - 1, 'data');
  return { a0, netFn: nl >> 2, lun0: nl & 3, a3, seq: sl >> 2, lun1: sl & 3, cmd, body };
}

export function decodeRequestMessage(bytes: Uint8Array): IpmiRequestMessage {
  const f = unframe(bytes, 'IPMI request');
  return { rsAddr: f.a0, netFn: f.netFn, rsLun: f.lun0, rqAddr: f.a3, rqSeq: f.seq, rqLun: f.lun1, cmd: f.cmd, data: f.body };
}

export function decodeResponseMessage(bytes: Uint8Array): IpmiResponseMessage {
  const f = unframe(bytes, 'IPMI response');
  if (f.body.length < 1) throw new IpmiError('malformed', 'IPMI response: no completion code');
  return {
    rqAddr: f.a0,
    netFn: f.netFn,
    rqLun: f.lun0,
    rsAddr: f.a3,
    rqSeq: f.seq,
    rsLun: f.lun1,
    cmd: f.cmd,
    completionCode: f.body[0] as number,
    data: f.body.slice(1),
  };
}
