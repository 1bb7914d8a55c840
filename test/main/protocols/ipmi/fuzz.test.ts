// Bounded, deterministic fuzzing: at least 100,000 mutated, truncated and oversized datagrams
// (seeded PRNG, so a failure reproduces) through every decoder. A decoder may return or throw
// an IpmiError; any other exception is a bug. The same datagrams then go through a live
// session's receive path, which must count and drop them and keep working.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IpmiError } from '../../../../src-main/protocols/ipmi/errors';
import { decodeRmcpPacket } from '../../../../src-main/protocols/ipmi/rmcp/packet';
import { decodeRequestMessage, decodeResponseMessage } from '../../../../src-main/protocols/ipmi/rmcp/message';
import { decodeAsf } from '../../../../src-main/protocols/ipmi/rmcp/asf';
import { decodeSession15 } from '../../../../src-main/protocols/ipmi/rmcp/session15';
import { decodeSession20 } from '../../../../src-main/protocols/ipmi/rmcp/session20';
import { decodeOpenSessionRequest, decodeOpenSessionResponse } from '../../../../src-main/protocols/ipmi/session/open-session';
import { decodeRakp1, decodeRakp2, decodeRakp3, decodeRakp4 } from '../../../../src-main/protocols/ipmi/session/rakp';
import { aesCbc128Decrypt } from '../../../../src-main/protocols/ipmi/session/confidentiality';
import { decodeSdr } from '../../../../src-main/protocols/ipmi/records/sdr';
import { decodeSelRecord } from '../../../../src-main/protocols/ipmi/records/sel';
import { decodeIdString } from '../../../../src-main/protocols/ipmi/records/id-string';
import { decodeSolPacket } from '../../../../src-main/protocols/ipmi/sol/payload';
import { parseCipherSuiteRecords } from '../../../../src-main/protocols/ipmi/commands/app/get-channel-cipher-suites';
import { decodeBootFlags } from '../../../../src-main/protocols/ipmi/commands/chassis/boot-flags';
import { fromHex } from '../../../../src-main/protocols/ipmi/wire/bytes';
import { CASES } from './helpers/command-cases';
import { ManualClock, MemoryNetwork, RmcpPlusSession } from '../../../../src-main/protocols/ipmi/index';
import { getChassisStatus } from '../../../../src-main/protocols/ipmi/commands/chassis/get-chassis-status';
import { FakeBmc } from './helpers/fake-bmc';

const ITERATIONS = 100_000;

/** mulberry32: small, fast, deterministic */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fixtures = join(__dirname, '../../../fixtures/ipmi');
const corpus: Uint8Array[] = readdirSync(fixtures).filter((f) => f.endsWith('.json')).flatMap((f) => (JSON.parse(readFileSync(join(fixtures, f), 'utf8')) as { datagrams: { hex: string }[] }).datagrams.map((d) => fromHex(d.hex)));
for (const k of CASES) {
  corpus.push(k.c.encodeRequest(k.req));
  corpus.push(k.c.encodeResponse(k.res));
}

function mutate(rand: () => number, seed: Uint8Array): Uint8Array {
  const r = rand();
  const b = Uint8Array.from(seed);
  if (r < 0.3) {
    for (let i = 0, n = 1 + Math.floor(rand() * 4); i < n && b.length; i++) {
      const j = Math.floor(rand() * b.length);
      b[j] = (b[j] as number) ^ (1 << Math.floor(rand() * 8));
    }
    return b;
  }
  if (r < 0.5) {
    for (let i = 0, n = 1 + Math.floor(rand() * 6); i < n && b.length; i++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    return b;
  }
  if (r < 0.7) return b.subarray(0, Math.floor(rand() * b.length));
  if (r < 0.85) {
    const extra = Math.floor(rand() * (rand() < 0.002 ? 70_000 : 64));
    const out = new Uint8Array(b.length + extra);
    out.set(b);
    for (let i = b.length; i < out.length; i++) out[i] = Math.floor(rand() * 256);
    return out;
  }
  const out = new Uint8Array(Math.floor(rand() * 80));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(rand() * 256);
  return out;
}

const k2 = new Uint8Array(20).fill(7);
const DECODERS: [string, (b: Uint8Array) => unknown][] = [
  ['rmcp', (b) => decodeRmcpPacket(b)],
  ['rmcp sha1-96', (b) => decodeRmcpPacket(b, 12)],
  ['rmcp sha256-128', (b) => decodeRmcpPacket(b, 16)],
  ['asf', decodeAsf],
  ['session15', decodeSession15],
  ['session20', (b) => decodeSession20(b, 12)],
  ['request message', decodeRequestMessage],
  ['response message', decodeResponseMessage],
  ['open session request', decodeOpenSessionRequest],
  ['open session response', decodeOpenSessionResponse],
  ['rakp1', decodeRakp1],
  ['rakp2', decodeRakp2],
  ['rakp3', decodeRakp3],
  ['rakp4', decodeRakp4],
  ['aes', (b) => aesCbc128Decrypt(k2, b)],
  ['sdr', decodeSdr],
  ['sel', decodeSelRecord],
  ['id string', (b) => decodeIdString(b[0] ?? 0, b.subarray(1))],
  ['sol', decodeSolPacket],
  ['cipher suite records', parseCipherSuiteRecords],
  ['boot flags', decodeBootFlags],
  ...CASES.flatMap((k): [string, (b: Uint8Array) => unknown][] => [[`${k.c.name} request`, (b) => k.c.decodeRequest(b)], [`${k.c.name} response`, (b) => k.c.decodeResponse(b)]]),
];

describe('fuzz', () => {
  it(`${ITERATIONS} mutated datagrams through ${DECODERS.length} decoders: only IpmiError, never a crash`, () => {
    const rand = prng(0x1b3c5d7f);
    const stats = { ok: 0, malformed: 0 };
    // stack traces are most of the cost of a thrown error; none are needed to count them
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
    for (let i = 0; i < ITERATIONS; i++) {
      const input = mutate(rand, corpus[Math.floor(rand() * corpus.length)] as Uint8Array);
      for (const [name, decode] of DECODERS) {
        try {
          decode(input);
          stats.ok++;
        } catch (e) {
          if (!(e instanceof IpmiError)) throw new Error(`decoder '${name}' threw ${String(e)} on iteration ${i}: ${Buffer.from(input.subarray(0, 64)).toString('hex')}`);
          stats.malformed++;
        }
      }
    }
    } finally {
      Error.stackTraceLimit = limit;
    }
    expect(stats.ok).toBeGreaterThan(0);
    expect(stats.malformed).toBeGreaterThan(ITERATIONS);
  });

  it('20,000 mutated datagrams into a live suite-17 session: counted, dropped, session unharmed', async () => {
    const net = new MemoryNetwork();
    const clock = new ManualClock();
    const bmc = new FakeBmc(net);
    const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
    const opening = RmcpPlusSession.open({ host: bmc.address.address, port: 623, username: 'admin', password: 'secret', clock, transportFactory: net.factory(), cipherSuiteProbeMs: 0, keepAliveMs: 0 });
    for (let i = 0; i < 10; i++) await flush();
    const s = await opening;
    const rand = prng(0x5eed);
    const local = { address: '127.0.0.1', port: 40_000 };
    const before = s.counters.received;
    for (let i = 0; i < 20_000; i++) net.inject(mutate(rand, corpus[Math.floor(rand() * corpus.length)] as Uint8Array), bmc.address, local);
    await flush();
    const c = s.counters;
    const dropped = c.droppedMalformed + c.droppedWrongSession + c.droppedUnauthenticated + c.droppedBadIntegrity + c.droppedReplay + c.droppedOutOfWindow + c.droppedUnencrypted + c.droppedUnexpected;
    expect(c.received - before).toBe(20_000);
    expect(dropped).toBe(20_000);
    const status = s.call(getChassisStatus, undefined);
    for (let i = 0; i < 5; i++) await flush();
    expect((await status).powerOn).toBe(true);
    const closing = s.close();
    for (let i = 0; i < 5; i++) await flush();
    await closing;
    bmc.close();
    expect(net.openEndpoints).toBe(0);
    expect(clock.pending).toBe(0);
  });
});
