// RAKP messages 1-4 (IPMI 2.0 §13.20 - §13.23).
//   RAKP 1: tag, reserved (3), BMC session ID (4), console random Rm (16), requested role
//           (bits 3:0 privilege, bit 4 name-only lookup), reserved (2), name length, name (0-16)
//   RAKP 2: tag, status, reserved (2), console session ID (4), BMC random Rc (16), BMC GUID (16),
//           key exchange auth code (20 SHA1 / 32 SHA256 / 0 none)
//   RAKP 3: tag, status, reserved (2), BMC session ID (4), key exchange auth code
//   RAKP 4: tag, status, reserved (2), console session ID (4), integrity check value (12/16/0)
// On a non-zero status, messages 2-4 may stop after the session ID (§13.21 note).
import { IpmiError } from '../errors';
import { ByteReader, ByteWriter } from '../wire/bytes';

export interface Rakp1 {
  tag: number;
  bmcSessionId: number;
  consoleRandom: Uint8Array;
  role: number;
  username: Uint8Array;
}

export interface Rakp2 {
  tag: number;
  status: number;
  consoleSessionId: number;
  bmcRandom: Uint8Array;
  bmcGuid: Uint8Array;
  authCode: Uint8Array;
}

export interface Rakp3 {
  tag: number;
  status: number;
  bmcSessionId: number;
  authCode: Uint8Array;
}

export interface Rakp4 {
  tag: number;
  status: number;
  consoleSessionId: number;
  icv: Uint8Array;
}

export function encodeRakp1(m: Rakp1): Uint8Array {
  if (m.consoleRandom.length !== 16) throw new IpmiError('invalid-argument', 'RAKP 1: Rm must be 16 bytes');
  if (m.username.length > 16) throw new IpmiError('invalid-argument', 'RAKP 1: user name longer than 16 bytes');
  const w = new ByteWriter(44);
  w.u8(m.tag).fill(0, 3).u32le(m.bmcSessionId).bytes(m.consoleRandom).u8(m.role).u16le(0).u8(m.username.length).bytes(m.username);
  return w.toBytes();
}

export function decodeRakp1(b: Uint8Array): Rakp1 {
  const r = new ByteReader(b, 'RAKP 1');
  const tag = r.u8('tag');
  r.skip(3);
  const bmcSessionId = r.u32le('BMC session ID');
  const consoleRandom = r.bytes(16, 'Rm');
  const role = r.u8('role');
  r.skip(2);
  const len = r.u8('user name length');
  if (len > 16) throw new IpmiError('malformed', `RAKP 1: user name length ${len} > 16`);
  const username = r.bytes(len, 'user name');
  r.end();
  return { tag, bmcSessionId, consoleRandom, role, username };
}

export function encodeRakp2(m: Rakp2): Uint8Array {
  const w = new ByteWriter(72);
  w.u8(m.tag).u8(m.status).u16le(0).u32le(m.consoleSessionId);
  if (m.status === 0) w.bytes(m.bmcRandom).bytes(m.bmcGuid).bytes(m.authCode);
  return w.toBytes();
}

const EMPTY = new Uint8Array(0);

export function decodeRakp2(b: Uint8Array): Rakp2 {
  const r = new ByteReader(b, 'RAKP 2');
  const tag = r.u8('tag');
  const status = r.u8('status');
  if (status !== 0) {
    if (r.remaining >= 6) r.skip(2);
    const consoleSessionId = r.remaining >= 4 ? r.u32le() : 0;
    return { tag, status, consoleSessionId, bmcRandom: EMPTY, bmcGuid: EMPTY, authCode: EMPTY };
  }
  r.skip(2);
  const consoleSessionId = r.u32le('console session ID');
  const bmcRandom = r.bytes(16, 'Rc');
  const bmcGuid = r.bytes(16, 'GUID');
  const authCode = r.rest();
  if (authCode.length > 64) throw new IpmiError('malformed', `RAKP 2: auth code of ${authCode.length} bytes`);
  return { tag, status, consoleSessionId, bmcRandom, bmcGuid, authCode };
}

export function encodeRakp3(m: Rakp3): Uint8Array {
  const w = new ByteWriter(40);
  w.u8(m.tag).u8(m.status).u16le(0).u32le(m.bmcSessionId).bytes(m.authCode);
  return w.toBytes();
}

export function decodeRakp3(b: Uint8Array): Rakp3 {
  const r = new ByteReader(b, 'RAKP 3');
  const tag = r.u8('tag');
  const status = r.u8('status');
  r.skip(2);
  const bmcSessionId = r.u32le('BMC session ID');
  const authCode = r.rest();
  if (authCode.length > 64) throw new IpmiError('malformed', `RAKP 3: auth code of ${authCode.length} bytes`);
  return { tag, status, bmcSessionId, authCode };
}

export function encodeRakp4(m: Rakp4): Uint8Array {
  const w = new ByteWriter(24);
  w.u8(m.tag).u8(m.status).u16le(0).u32le(m.consoleSessionId);
  if (m.status === 0) w.bytes(m.icv);
  return w.toBytes();
}

export function decodeRakp4(b: Uint8Array): Rakp4 {
  const r = new ByteReader(b, 'RAKP 4');
  const tag = r.u8('tag');
  const status = r.u8('status');
  if (status !== 0) {
    if (r.remaining >= 6) r.skip(2);
    const consoleSessionId = r.remaining >= 4 ? r.u32le() : 0;
    return { tag, status, consoleSessionId, icv: EMPTY };
  }
  r.skip(2);
  const consoleSessionId = r.u32le('console session ID');
  const icv = r.rest();
  if (icv.length > 32) throw new IpmiError('malformed', `RAKP 4: integrity check value of ${icv.length} bytes`);
  return { tag, status, consoleSessionId, icv };
}
