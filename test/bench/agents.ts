// Many simulated SNMP agents in one helper process, for the poller benchmark (snmp.bench.ts).
// Run: node --import tsx test/bench/agents.ts COUNT [PORT]  → prints "READY {json}" and serves
// until its stdin closes (the parent went away) or it gets SIGTERM.
//
// Agent d (0 ≤ d < COUNT) is a 48-port switch on agentAddress(d):PORT (127.1.x.y; Linux answers
// all of 127.0.0.0/8 on lo), one UDP socket each, so every agent has its own address as real
// switches do. It answers SNMP v2c (community "public") and v3 authPriv SHA/AES (user
// AGENT_V3.name, one engine ID per agent) Get, GetNext and GetBulk for the system group,
// ifNumber, the whole ifTable (22 columns) and ifXTable (19 columns), from canned rows whose
// counters move with time (a steady rate per port, Counter32 wrapping, Counter64 not).
// BER is this file's own minimal encoder/decoder; SNMPv3 reuses net-snmp's exported
// Authentication/Encryption helpers (key localisation, HMAC-SHA-96, AES-128-CFB).
// Anything that is not a well-formed request for this MIB is counted and dropped.
import dgram from 'node:dgram';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const AGENT_PORTS = 48;
export const AGENT_V3 = { name: 'benchuser', authKey: 'benchauth123', privKey: 'benchpriv123' } as const;
const COMMUNITY = 'public';

/** 127.1.1.1 … 127.1.8.250: 250 agents per /24, avoiding .0 and .255. */
export function agentAddress(d: number): string {
  return `127.1.${1 + Math.floor(d / 250)}.${1 + (d % 250)}`;
}

// ---- BER (X.690), just what SNMP needs ------------------------------------------------

const T = { INT: 0x02, OCTETS: 0x04, NULL: 0x05, OID: 0x06, SEQ: 0x30, COUNTER32: 0x41, GAUGE32: 0x42, TICKS: 0x43, COUNTER64: 0x46 } as const;
const NO_SUCH_OBJECT = Buffer.from([0x80, 0]);
const NO_SUCH_INSTANCE = Buffer.from([0x81, 0]);
const END_OF_MIB = Buffer.from([0x82, 0]);

function header(tag: number, len: number): Buffer {
  if (len < 0x80) return Buffer.from([tag, len]);
  if (len < 0x100) return Buffer.from([tag, 0x81, len]);
  if (len < 0x10000) return Buffer.from([tag, 0x82, len >> 8, len & 0xff]);
  return Buffer.from([tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff]);
}

function tlv(tag: number, parts: Buffer[]): Buffer {
  let len = 0;
  for (const p of parts) len += p.length;
  return Buffer.concat([header(tag, len), ...parts], len + (len < 0x80 ? 2 : len < 0x100 ? 3 : len < 0x10000 ? 4 : 5));
}

/** Signed INTEGER, minimal two's complement. */
function int(v: number): Buffer {
  const bytes: number[] = [];
  let x = BigInt(v);
  for (;;) {
    const b = Number(x & 0xffn);
    bytes.unshift(b);
    x >>= 8n;
    if ((x === 0n && !(b & 0x80)) || (x === -1n && b & 0x80)) break;
  }
  return tlv(T.INT, [Buffer.from(bytes)]);
}

/** Unsigned application types (Counter32, Gauge32, TimeTicks, Counter64). */
function unsigned(tag: number, v: bigint): Buffer {
  const bytes: number[] = [];
  let x = v;
  do {
    bytes.unshift(Number(x & 0xffn));
    x >>= 8n;
  } while (x > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(tag, [Buffer.from(bytes)]);
}

const octets = (s: string | Buffer): Buffer => tlv(T.OCTETS, [typeof s === 'string' ? Buffer.from(s) : s]);

function encodeOid(arcs: number[]): Buffer {
  const out: number[] = [];
  const sub = (n: number) => {
    const b = [n & 0x7f];
    for (n = Math.floor(n / 128); n > 0; n = Math.floor(n / 128)) b.unshift((n & 0x7f) | 0x80);
    out.push(...b);
  };
  sub((arcs[0] ?? 0) * 40 + (arcs[1] ?? 0));
  for (let i = 2; i < arcs.length; i++) sub(arcs[i]!);
  return tlv(T.OID, [Buffer.from(out)]);
}

interface Tlv { tag: number; start: number; end: number }

class BadPacket extends Error {}

/** One TLV at `off`, bounds-checked against `limit`. */
function read(buf: Buffer, off: number, limit: number, tag?: number): Tlv {
  if (off + 2 > limit) throw new BadPacket('short');
  const t = buf[off]!;
  let len = buf[off + 1]!;
  let p = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3 || p + n > limit) throw new BadPacket('length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (p + len > limit) throw new BadPacket('overrun');
  if (tag !== undefined && t !== tag) throw new BadPacket(`tag ${t}`);
  return { tag: t, start: p, end: p + len };
}

function readInt(buf: Buffer, t: Tlv): number {
  if (t.tag !== T.INT || t.end - t.start < 1 || t.end - t.start > 5) throw new BadPacket('int');
  let v = buf[t.start]! & 0x80 ? -1 : 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i]!;
  return v;
}

function readOid(buf: Buffer, t: Tlv): number[] {
  if (t.tag !== T.OID || t.end - t.start < 1 || t.end - t.start > 256) throw new BadPacket('oid');
  const arcs: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (buf[i]! & 0x7f);
    if (!(buf[i]! & 0x80)) {
      if (arcs.length === 0) arcs.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      v = 0;
    }
  }
  return arcs;
}

function cmp(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

// ---- the MIB of one 48-port switch ------------------------------------------------------

type Value = (d: number, i: number, t: number) => Buffer;
interface Entry { oid: number[]; enc: Buffer; value: Value }

const IF = [1, 3, 6, 1, 2, 1, 2, 2, 1];
const IFX = [1, 3, 6, 1, 2, 1, 31, 1, 1, 1];
const SYS = [1, 3, 6, 1, 2, 1, 1];
const M32 = 1n << 32n;

/** bytes/s of port i on agent d: up to 900 Mbit/s, steady, different per port. */
const rate = (d: number, i: number) => ((d * 7 + i * 13) % 900) * 125_000;
const octetsAt = (d: number, i: number, t: number, out: boolean) => BigInt(Math.floor(1e9 + (out ? rate(d, i) / 2 : rate(d, i)) * t));
const pktsAt = (d: number, i: number, t: number, out: boolean) => octetsAt(d, i, t, out) / 800n;
const c32 = (f: (d: number, i: number, t: number) => bigint): Value => (d, i, t) => unsigned(T.COUNTER32, f(d, i, t) % M32);
const c64 = (f: (d: number, i: number, t: number) => bigint): Value => (d, i, t) => unsigned(T.COUNTER64, f(d, i, t));
const fixedInt = (v: number): Value => { const b = int(v); return () => b; };
const zero32 = c32(() => 0n);
const operUp = (i: number) => i <= 44; // ports 45-48 have no link

function buildMib(): Entry[] {
  const e: Entry[] = [];
  const add = (oid: number[], value: Value) => e.push({ oid, enc: encodeOid(oid), value });
  add([...SYS, 1, 0], (d) => octets(`Bench switch ${d}, 48 x 10GE, simulated by test/bench/agents.ts`));
  add([...SYS, 2, 0], () => encodeOid([1, 3, 6, 1, 4, 1, 8072, 3, 2, 10]));
  add([...SYS, 3, 0], (_d, _i, t) => unsigned(T.TICKS, BigInt(Math.floor(t * 100) + 100_000)));
  add([...SYS, 4, 0], () => octets('noc@example.net'));
  add([...SYS, 5, 0], (d) => octets(`bench-sw-${d}`));
  add([...SYS, 6, 0], (d) => octets(`rack ${Math.floor(d / 40)}`));
  add([...SYS, 7, 0], fixedInt(6));
  add([1, 3, 6, 1, 2, 1, 2, 1, 0], fixedInt(AGENT_PORTS));
  const ifCols: Array<[number, Value]> = [
    [1, (_d, i) => int(i)],
    [2, (_d, i) => octets(`TenGigabitEthernet1/0/${i}`)],
    [3, fixedInt(6)],
    [4, fixedInt(9216)],
    [5, () => unsigned(T.GAUGE32, 4_294_967_295n)],
    [6, (d, i) => octets(Buffer.from([0x02, 0, d >> 8, d & 0xff, 0, i]))],
    [7, fixedInt(1)],
    [8, (_d, i) => int(operUp(i) ? 1 : 2)],
    [9, () => unsigned(T.TICKS, 100n)],
    [10, c32((d, i, t) => octetsAt(d, i, t, false))],
    [11, c32((d, i, t) => pktsAt(d, i, t, false))],
    [12, zero32], [13, zero32], [14, zero32], [15, zero32],
    [16, c32((d, i, t) => octetsAt(d, i, t, true))],
    [17, c32((d, i, t) => pktsAt(d, i, t, true))],
    [18, zero32], [19, zero32], [20, zero32],
    [21, () => unsigned(T.GAUGE32, 0n)],
    [22, () => encodeOid([0, 0])],
  ];
  const ifxCols: Array<[number, Value]> = [
    [1, (_d, i) => octets(`Te1/0/${i}`)],
    [2, zero32], [3, zero32], [4, zero32], [5, zero32],
    [6, c64((d, i, t) => octetsAt(d, i, t, false))],
    [7, c64((d, i, t) => pktsAt(d, i, t, false))],
    [8, c64(() => 0n)], [9, c64(() => 0n)],
    [10, c64((d, i, t) => octetsAt(d, i, t, true))],
    [11, c64((d, i, t) => pktsAt(d, i, t, true))],
    [12, c64(() => 0n)], [13, c64(() => 0n)],
    [14, fixedInt(1)],
    [15, () => unsigned(T.GAUGE32, 10_000n)],
    [16, fixedInt(2)],
    [17, fixedInt(1)],
    [18, (d, i) => octets(i === 1 ? `uplink of bench-sw-${d}` : i <= 44 ? `server ${d}-${i}` : '')],
    [19, () => unsigned(T.TICKS, 0n)],
  ];
  for (const [c, v] of ifCols) for (let i = 1; i <= AGENT_PORTS; i++) add([...IF, c, i], v);
  for (const [c, v] of ifxCols) for (let i = 1; i <= AGENT_PORTS; i++) add([...IFX, c, i], v);
  return e.sort((a, b) => cmp(a.oid, b.oid));
}

const MIB = buildMib();

/** Index of the first entry after `oid` (MIB.length when none). */
function nextIndex(oid: number[]): number {
  let lo = 0;
  let hi = MIB.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(MIB[mid]!.oid, oid) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function exact(oid: number[]): Entry | undefined {
  const i = nextIndex(oid) - 1;
  const e = MIB[i];
  return e && cmp(e.oid, oid) === 0 ? e : undefined;
}

const MAX_RESPONSE = 60_000; // stay under the UDP maximum; GetBulk returns what fits (RFC 3416 §4.2.3)

/** Answer one PDU (GetRequest A0, GetNext A1, GetBulk A5) with a Response PDU (A2). */
function answerPdu(buf: Buffer, pdu: Tlv, d: number, t: number): Buffer | null {
  if (pdu.tag !== 0xa0 && pdu.tag !== 0xa1 && pdu.tag !== 0xa5) return null;
  const idT = read(buf, pdu.start, pdu.end);
  const reqId = readInt(buf, idT);
  const aT = read(buf, idT.end, pdu.end);
  const bT = read(buf, aT.end, pdu.end);
  const list = read(buf, bT.end, pdu.end, T.SEQ);
  const oids: number[][] = [];
  for (let off = list.start; off < list.end && oids.length < 128;) {
    const vb = read(buf, off, list.end, T.SEQ);
    oids.push(readOid(buf, read(buf, vb.start, vb.end)));
    off = vb.end;
  }
  const out: Buffer[] = [];
  let size = 0;
  const push = (oidEnc: Buffer, value: Buffer) => {
    const vb = tlv(T.SEQ, [oidEnc, value]);
    size += vb.length;
    out.push(vb);
  };
  const next = (oid: number[]): number[] => {
    const e = MIB[nextIndex(oid)];
    if (!e) {
      push(encodeOid(oid), END_OF_MIB);
      return oid;
    }
    push(e.enc, e.value(d, e.oid[e.oid.length - 1]!, t));
    return e.oid;
  };
  if (pdu.tag === 0xa0) {
    for (const oid of oids) {
      const e = exact(oid);
      push(e ? e.enc : encodeOid(oid), e ? e.value(d, e.oid[e.oid.length - 1]!, t) : exact(oid.slice(0, -1)) ? NO_SUCH_INSTANCE : NO_SUCH_OBJECT);
    }
  } else if (pdu.tag === 0xa1) {
    for (const oid of oids) next(oid);
  } else {
    const n = Math.max(0, Math.min(readInt(buf, aT), oids.length));
    const reps = Math.max(0, Math.min(readInt(buf, bT), 100));
    for (let i = 0; i < n; i++) next(oids[i]!);
    const last = oids.slice(n);
    for (let r = 0; r < reps && last.length > 0 && size < MAX_RESPONSE; r++) {
      for (let j = 0; j < last.length; j++) last[j] = next(last[j]!);
    }
  }
  return tlv(0xa2, [int(reqId), int(0), int(0), tlv(T.SEQ, out)]);
}

// ---- SNMPv3 (USM, RFC 3414), authPriv SHA/AES only ------------------------------------

interface UsmHelpers {
  Authentication: {
    isAuthentic(msg: Buffer, authProtocol: number, password: string, engineID: Buffer, digestInMessage: Buffer): boolean;
    calculateDigest(msg: Buffer, authProtocol: number, password: string, engineID: Buffer): Buffer;
  };
  Encryption: {
    encryptPdu(privProtocol: number, scopedPdu: Buffer, password: string, authProtocol: number, engine: UsmEngine): { encryptedPdu: Buffer; msgPrivacyParameters: Buffer };
    decryptPdu(privProtocol: number, encrypted: Buffer, privParameters: Buffer, password: string, authProtocol: number, engine: UsmEngine): Buffer;
  };
  AuthProtocols: { sha: number };
  PrivProtocols: { aes: number };
}
interface UsmEngine { engineID: Buffer; engineBoots: number; engineTime: number }

// net-snmp exports these helpers but its typings (src-main/protocols/snmp/net-snmp.d.ts) do not declare them
const usm = createRequire(import.meta.url)('net-snmp') as UsmHelpers;
const SHA = usm.AuthProtocols.sha;
const AES = usm.PrivProtocols.aes;
const BOOTS = 1;
const UNKNOWN_ENGINE_IDS = encodeOid([1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0]);
const V3_VERSION = int(3);
const SEC_MODEL_USM = int(3);

/** RFC 3411 §5 engine ID: enterprise 8072 (Net-SNMP) with the format bit, then text. */
const engineIdOf = (d: number) => Buffer.concat([Buffer.from([0x80, 0, 0x1f, 0x88, 4]), Buffer.from(`bench-${d}`)]);

function answerV3(buf: Buffer, msg: Tlv, verEnd: number, d: number, t: number, startedAt: number, stats: Stats): Buffer | null {
  const global = read(buf, verEnd, msg.end, T.SEQ);
  const msgIdT = read(buf, global.start, global.end);
  const msgId = readInt(buf, msgIdT);
  const maxT = read(buf, msgIdT.end, global.end);
  const flagsT = read(buf, maxT.end, global.end, T.OCTETS);
  const flags = buf[flagsT.start] ?? 0;
  const secOctets = read(buf, global.end, msg.end, T.OCTETS);
  const sec = read(buf, secOctets.start, secOctets.end, T.SEQ);
  const engT = read(buf, sec.start, sec.end, T.OCTETS);
  const bootsT = read(buf, engT.end, sec.end);
  const timeT = read(buf, bootsT.end, sec.end);
  const userT = read(buf, timeT.end, sec.end, T.OCTETS);
  const authT = read(buf, userT.end, sec.end, T.OCTETS);
  const privT = read(buf, authT.end, sec.end, T.OCTETS);
  const engineID = engineIdOf(d);
  const engine: UsmEngine = { engineID, engineBoots: BOOTS, engineTime: Math.floor((Date.now() - startedAt) / 1000) };

  if (engT.end === engT.start) {
    // discovery (RFC 3414 §4): report usmStatsUnknownEngineIDs with our engine ID, boots and time
    const scoped = read(buf, secOctets.end, msg.end, T.SEQ);
    const ctxEng = read(buf, scoped.start, scoped.end, T.OCTETS);
    const ctxName = read(buf, ctxEng.end, scoped.end, T.OCTETS);
    const pdu = read(buf, ctxName.end, scoped.end);
    const reqId = readInt(buf, read(buf, pdu.start, pdu.end));
    stats.discoveries++;
    const report = tlv(0xa8, [int(reqId), int(0), int(0), tlv(T.SEQ, [tlv(T.SEQ, [UNKNOWN_ENGINE_IDS, unsigned(T.COUNTER32, BigInt(stats.discoveries))])])]);
    const secParams = tlv(T.SEQ, [octets(engineID), int(engine.engineBoots), int(engine.engineTime), octets(''), octets(''), octets('')]);
    return tlv(T.SEQ, [V3_VERSION, tlv(T.SEQ, [int(msgId), int(65507), octets(Buffer.from([0])), SEC_MODEL_USM]), octets(secParams), tlv(T.SEQ, [octets(engineID), octets(''), report])]);
  }
  if ((flags & 3) !== 3 || buf.subarray(userT.start, userT.end).toString() !== AGENT_V3.name || !buf.subarray(engT.start, engT.end).equals(engineID)) {
    stats.refused++;
    return null; // bench agents serve authPriv for their one user only; a real agent would send a report
  }
  // the digest is computed with the field zeroed; isAuthentic zeroes and restores it in place
  if (!usm.Authentication.isAuthentic(buf, SHA, AGENT_V3.authKey, engineID, buf.subarray(authT.start, authT.end))) {
    stats.refused++;
    return null;
  }
  const encrypted = read(buf, secOctets.end, msg.end, T.OCTETS);
  const msgEngine: UsmEngine = { engineID, engineBoots: readInt(buf, bootsT), engineTime: readInt(buf, timeT) };
  const plain = usm.Encryption.decryptPdu(AES, buf.subarray(encrypted.start, encrypted.end), buf.subarray(privT.start, privT.end), AGENT_V3.privKey, SHA, msgEngine);
  const scoped = read(plain, 0, plain.length, T.SEQ);
  const ctxEng = read(plain, scoped.start, scoped.end, T.OCTETS);
  const ctxName = read(plain, ctxEng.end, scoped.end, T.OCTETS);
  const pdu = read(plain, ctxName.end, scoped.end);
  const resp = answerPdu(plain, pdu, d, t);
  if (!resp) return null;
  const { encryptedPdu, msgPrivacyParameters } = usm.Encryption.encryptPdu(AES, tlv(T.SEQ, [octets(engineID), octets(plain.subarray(ctxName.start, ctxName.end)), resp]), AGENT_V3.privKey, SHA, engine);
  // build with a zero digest, then sign the whole message and write the digest in place
  const authField = Buffer.alloc(12);
  const head = [V3_VERSION, tlv(T.SEQ, [int(msgId), int(65507), octets(Buffer.from([3])), SEC_MODEL_USM])];
  const secParams = tlv(T.SEQ, [octets(engineID), int(engine.engineBoots), int(engine.engineTime), octets(AGENT_V3.name), octets(authField), octets(msgPrivacyParameters)]);
  const out = tlv(T.SEQ, [...head, octets(secParams), octets(encryptedPdu)]);
  const at = out.indexOf(secParams) + secParams.indexOf(Buffer.concat([Buffer.from([T.OCTETS, 12]), authField])) + 2;
  usm.Authentication.calculateDigest(out, SHA, AGENT_V3.authKey, engineID).copy(out, at);
  return out;
}

// ---- the process --------------------------------------------------------------------------

interface Stats { requests: number; answered: number; dropped: number; discoveries: number; refused: number }

/** Decode, answer, or count as dropped. Never throws. */
function handle(buf: Buffer, d: number, startedAt: number, stats: Stats): Buffer | null {
  stats.requests++;
  try {
    const t = (Date.now() - startedAt) / 1000;
    const msg = read(buf, 0, buf.length, T.SEQ);
    const verT = read(buf, msg.start, msg.end);
    const version = readInt(buf, verT);
    if (version === 3) return answerV3(buf, msg, verT.end, d, t, startedAt, stats);
    if (version !== 1) return null; // v2c only: the poller never uses v1
    const comm = read(buf, verT.end, msg.end, T.OCTETS);
    if (buf.subarray(comm.start, comm.end).toString() !== COMMUNITY) return null; // silent, as RFC 3584 agents are
    const resp = answerPdu(buf, read(buf, comm.end, msg.end), d, t);
    return resp && tlv(T.SEQ, [int(1), octets(COMMUNITY), resp]);
  } catch (err) {
    if (!(err instanceof BadPacket)) throw err;
    return null;
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  const port = Number(process.argv[3] ?? 26401);
  if (!Number.isInteger(count) || count < 1 || count > 2000) throw new Error(`agents: COUNT must be 1-2000 (got ${process.argv[2]})`);
  const startedAt = Date.now() - 3_600_000; // agents have been up an hour
  const stats: Stats = { requests: 0, answered: 0, dropped: 0, discoveries: 0, refused: 0 };
  const sockets: dgram.Socket[] = [];
  await Promise.all(Array.from({ length: count }, (_, d) => new Promise<void>((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.on('message', (buf, rinfo) => {
      const out = handle(buf, d, startedAt, stats);
      if (!out) return void stats.dropped++;
      stats.answered++;
      s.send(out, rinfo.port, rinfo.address);
    });
    s.once('error', reject);
    s.bind(port, agentAddress(d), () => {
      s.setRecvBufferSize(1 << 20);
      resolve();
    });
    sockets.push(s);
  })));
  const stop = () => {
    for (const s of sockets) s.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  // the parent asks for the counters with a line on stdin; stdin closing means it is gone
  process.stdin.on('data', () => process.stdout.write(`STATS ${JSON.stringify(stats)}\n`));
  process.stdin.on('end', stop);
  process.stdout.write(`READY ${JSON.stringify({ count, port, first: agentAddress(0), last: agentAddress(count - 1), oids: MIB.length })}\n`);
}

// imported by the bench for agentAddress/AGENT_V3: serve only when run as the helper
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) await main();
