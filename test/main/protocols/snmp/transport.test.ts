// The shared UDP transport: routing by request-id, TTL with an injected clock, drops.
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { UdpTransport } from '../../../../src-main/protocols/snmp';
import { waitFor } from './helpers/peers';
import { int, intValue, octets, parse, tlv } from './helpers/tlv';

const ECHO_PORT = 26109;
const SILENT_PORT = 26104; // nothing listens there
const msg = (id: number, community = 'public') => tlv(0x30, int(1), octets(community), tlv(0xa0, int(id), int(0), int(0), tlv(0x30)));
const resp = (id: number) => tlv(0x30, int(1), octets('public'), tlv(0xa2, int(id), int(0), int(0), tlv(0x30)));

describe('UdpTransport', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const f of cleanup.splice(0)) f();
  });

  async function echoAgent(answer: (req: Buffer) => Buffer[]): Promise<void> {
    const s = dgram.createSocket('udp4');
    s.on('message', (req, from) => {
      for (const b of answer(req)) s.send(b, from.port, from.address);
    });
    await new Promise<void>((r) => s.bind(ECHO_PORT, '127.0.0.1', () => r()));
    cleanup.push(() => s.close());
  }

  it('routes each answer to the virtual socket that sent the request, and drops the rest', async () => {
    let now = 1_000;
    const t = new UdpTransport({ sockets: 1, clock: { now: () => now } });
    cleanup.push(() => t.close());
    await echoAgent((req) => {
      const id = intValue(req, parse(req)[0]!.children![2]!.children![0]!);
      return [Buffer.from('garbage'), resp(9999), resp(id)];
    });
    const a = t.createSocket('udp4', 5_000);
    const b = t.createSocket('udp4', 5_000);
    const got = { a: [] as number[], b: [] as number[] };
    a.on('message', (m) => got.a.push(m.length));
    b.on('message', (m) => got.b.push(m.length));
    const send = (s: typeof a, id: number) => new Promise<void>((r) => s.send(msg(id), 0, msg(id).length, ECHO_PORT, '127.0.0.1', () => r()));
    await send(a, 0x1234);
    await send(b, 0x2345);
    expect(await waitFor(() => t.stats.received === 6, 2000)).toBe(true);
    expect(got.a).toHaveLength(1);
    expect(got.b).toHaveLength(1);
    expect(t.stats).toMatchObject({ sent: 2, delivered: 2, malformed: 2, unmatched: 2 });

    // answered registrations live 2 s more (late duplicates), unanswered ones their TTL
    const c = t.createSocket('udp4', 5_000);
    c.send(msg(0x3456), 0, msg(0x3456).length, SILENT_PORT, '127.0.0.1'); // nobody answers
    expect(t.pendingCount()).toBe(3);
    now += 2_001;
    t.sweep();
    expect(t.pendingCount()).toBe(1);
    now += 3_000;
    t.sweep();
    expect(t.pendingCount()).toBe(0);
  });

  it('close() fails nothing silently: virtual sockets emit close and refuse sends', async () => {
    const t = new UdpTransport();
    const s = t.createSocket('udp4');
    let closed = false;
    s.on('close', () => (closed = true));
    t.close();
    expect(await waitFor(() => closed, 1000)).toBe(true);
    const err = await new Promise<Error | null>((r) => s.send(msg(1), 0, 10, ECHO_PORT, '127.0.0.1', (e) => r(e)));
    expect(err?.message).toMatch(/closed/);
    expect(t.socketCount()).toBe(0);
    expect(() => t.createSocket('udp4')).toThrow(/closed/);
  });
});
