// RAKP key exchange computations (IPMI 2.0 §13.31 RAKP-HMAC-SHA1, and the RAKP-HMAC-SHA256
// variant of errata/§13.28.1b): pure functions shared by the console side (our session) and
// the BMC side (the in-memory test BMC). Multi-byte session IDs are little-endian, as on the
// wire. All HMACs are keyed with Kuid (the user's password, up to 20 bytes; zero padding to
// 20 bytes does not change an HMAC whose key is shorter than the hash block).
//
//   RAKP 2 key exchange auth code = HMAC_Kuid(SIDm | SIDc | Rm | Rc | GUIDc | ROLEm | ULENGTHm | UNAMEm)
//   RAKP 3 key exchange auth code = HMAC_Kuid(Rc | SIDm | ROLEm | ULENGTHm | UNAMEm)
//   SIK  = HMAC_KG(Rm | Rc | ROLEm | ULENGTHm | UNAMEm), KG = Kuid when no BMC key is set
//   RAKP 4 integrity check value = HMAC_SIK(Rm | SIDc | GUIDc), truncated to 12 (SHA1) / 16 (SHA256)
//   K1 = HMAC_SIK(20 bytes of 01h), K2 = HMAC_SIK(20 bytes of 02h)  (§13.32; 20 bytes for SHA256 too)
// Naming follows the spec: "m" is the remote console (us), "c" the managed system (BMC).
import { createHmac } from 'node:crypto';
import { ByteWriter } from '../wire/bytes';
import type { HashName } from './algorithms';

export interface RakpContext {
  /** remote console session ID (ours) */
  sidm: number;
  /** managed system session ID (the BMC's) */
  sidc: number;
  /** remote console random number, 16 bytes */
  rm: Uint8Array;
  /** managed system random number, 16 bytes */
  rc: Uint8Array;
  /** managed system GUID, 16 bytes */
  guid: Uint8Array;
  /** requested maximum privilege byte of RAKP 1, including the name-only lookup bit 4 */
  role: number;
  username: Uint8Array;
}

export function hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(hash, key).update(data).digest());
}

export function rakp2AuthCode(hash: HashName, kuid: Uint8Array, c: RakpContext): Uint8Array {
  const w = new ByteWriter(58 + c.username.length);
  w.u32le(c.sidm).u32le(c.sidc).bytes(c.rm).bytes(c.rc).bytes(c.guid).u8(c.role).u8(c.username.length).bytes(c.username);
  return hmac(hash, kuid, w.toBytes());
}

export function rakp3AuthCode(hash: HashName, kuid: Uint8Array, c: Pick<RakpContext, 'rc' | 'sidm' | 'role' | 'username'>): Uint8Array {
  const w = new ByteWriter(22 + c.username.length);
  w.bytes(c.rc).u32le(c.sidm).u8(c.role).u8(c.username.length).bytes(c.username);
  return hmac(hash, kuid, w.toBytes());
}

export function sessionIntegrityKey(hash: HashName, kgOrKuid: Uint8Array, c: Pick<RakpContext, 'rm' | 'rc' | 'role' | 'username'>): Uint8Array {
  const w = new ByteWriter(34 + c.username.length);
  w.bytes(c.rm).bytes(c.rc).u8(c.role).u8(c.username.length).bytes(c.username);
  return hmac(hash, kgOrKuid, w.toBytes());
}

export function rakp4Icv(hash: HashName, sik: Uint8Array, c: Pick<RakpContext, 'rm' | 'sidc' | 'guid'>, length: number): Uint8Array {
  const w = new ByteWriter(36);
  w.bytes(c.rm).u32le(c.sidc).bytes(c.guid);
  return hmac(hash, sik, w.toBytes()).slice(0, length);
}

const CONST1 = new Uint8Array(20).fill(0x01);
const CONST2 = new Uint8Array(20).fill(0x02);

export function deriveK1(hash: HashName, sik: Uint8Array): Uint8Array {
  return hmac(hash, sik, CONST1);
}

export function deriveK2(hash: HashName, sik: Uint8Array): Uint8Array {
  return hmac(hash, sik, CONST2);
}

export interface SessionKeys {
  sik: Uint8Array;
  k1: Uint8Array;
  k2: Uint8Array;
}

export function deriveSessionKeys(hash: HashName, kgOrKuid: Uint8Array, c: RakpContext): SessionKeys {
  const sik = sessionIntegrityKey(hash, kgOrKuid, c);
  return { sik, k1: deriveK1(hash, sik), k2: deriveK2(hash, sik) };
}

/** constant-time comparison of MACs (a timing leak would let an attacker forge a code byte by byte) */
export function macEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
