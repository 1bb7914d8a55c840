// RMCP+ Open Session Request / Response (IPMI 2.0 §13.17, §13.18).
//   request : tag, requested max privilege (0 = highest matching), reserved (2), console
//             session ID (4), auth payload (8), integrity payload (8), confidentiality payload (8)
//   response: tag, status, max privilege, reserved, console session ID (4), [BMC session ID (4),
//             auth (8), integrity (8), confidentiality (8)]  -- the bracketed part only on success
//   algorithm payload: type (0 auth / 1 integrity / 2 confidentiality), reserved (2), length 08h,
//             algorithm (bits 5:0), reserved (3)
import { IpmiError } from '../errors';
import { ByteReader, ByteWriter } from '../wire/bytes';

export interface Algorithms {
  auth: number;
  integrity: number;
  confidentiality: number;
}

export interface OpenSessionRequest extends Algorithms {
  tag: number;
  maxPrivilege: number;
  consoleSessionId: number;
}

export interface OpenSessionResponse {
  tag: number;
  status: number;
  maxPrivilege: number;
  consoleSessionId: number;
  /** present when status is 0 */
  accepted?: Algorithms & { bmcSessionId: number };
}

function writeAlg(w: ByteWriter, type: number, alg: number): void {
  w.u8(type).u16le(0).u8(8).u8(alg & 0x3f).fill(0, 3);
}

function readAlg(r: ByteReader, type: number): number {
  const t = r.u8('algorithm payload type');
  if (t !== type) throw new IpmiError('malformed', `open session: algorithm payload type ${t}, expected ${type}`);
  r.skip(2);
  const len = r.u8('algorithm payload length');
  if (len !== 8) throw new IpmiError('malformed', `open session: algorithm payload length ${len}, expected 8`);
  const alg = r.u8('algorithm') & 0x3f;
  r.skip(3);
  return alg;
}

function writeAlgs(w: ByteWriter, a: Algorithms): void {
  writeAlg(w, 0, a.auth);
  writeAlg(w, 1, a.integrity);
  writeAlg(w, 2, a.confidentiality);
}

function readAlgs(r: ByteReader): Algorithms {
  return { auth: readAlg(r, 0), integrity: readAlg(r, 1), confidentiality: readAlg(r, 2) };
}

export function encodeOpenSessionRequest(m: OpenSessionRequest): Uint8Array {
  const w = new ByteWriter(32);
  w.u8(m.tag).u8(m.maxPrivilege).u16le(0).u32le(m.consoleSessionId);
  writeAlgs(w, m);
  return w.toBytes();
}

export function decodeOpenSessionRequest(b: Uint8Array): OpenSessionRequest {
  const r = new ByteReader(b, 'open session request');
  const tag = r.u8('tag');
  const maxPrivilege = r.u8('max privilege') & 0x0f;
  r.skip(2);
  const consoleSessionId = r.u32le('console session ID');
  const algs = readAlgs(r);
  r.end();
  return { tag, maxPrivilege, consoleSessionId, ...algs };
}

export function encodeOpenSessionResponse(m: OpenSessionResponse): Uint8Array {
  const w = new ByteWriter(36);
  w.u8(m.tag).u8(m.status).u8(m.maxPrivilege).u8(0).u32le(m.consoleSessionId);
  if (m.accepted) {
    w.u32le(m.accepted.bmcSessionId);
    writeAlgs(w, m.accepted);
  }
  return w.toBytes();
}

export function decodeOpenSessionResponse(b: Uint8Array): OpenSessionResponse {
  const r = new ByteReader(b, 'open session response');
  const tag = r.u8('tag');
  const status = r.u8('status');
  if (status !== 0) {
    // error responses may stop after the status or the console session ID (§13.18)
    const maxPrivilege = r.remaining > 0 ? r.u8() & 0x0f : 0;
    if (r.remaining > 0) r.skip(1);
    const consoleSessionId = r.remaining >= 4 ? r.u32le() : 0;
    return { tag, status, maxPrivilege, consoleSessionId };
  }
  const maxPrivilege = r.u8('max privilege') & 0x0f;
  r.skip(1);
  const consoleSessionId = r.u32le('console session ID');
  const bmcSessionId = r.u32le('BMC session ID');
  const algs = readAlgs(r);
  r.end();
  return { tag, status, maxPrivilege, consoleSessionId, accepted: { bmcSessionId, ...algs } };
}
