// Inputs on which net-snmp 3.x itself throws out of a socket callback (which would end
// the process), found by fuzzing (see fuzz.test.ts), pinned here as regression tests of
// the guards: the UdpTransport around sessions and the guarded socket in traps.ts.
import dgram from 'node:dgram';
import snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTrapReceiver, UdpTransport } from '../../../../src-main/protocols/snmp';
import { waitFor } from './helpers/peers';
import { int, intValue, octets, oid, parse, tlv } from './helpers/tlv';

const AGENT_PORT = 26107;
const RX_PORT = 26108;

describe('net-snmp Session: a GetBulk whose OIDs are all non-repeaters', () => {
  // getBulk's response handler computes `(i - nonRepeaters) % repeaters` with
  // repeaters = 0 when the answer has more varbinds than were asked for → NaN index →
  // TypeError thrown from the dgram 'message' callback. (This library never sends such a
  // request; the transport's guard would catch it anyway.)
  let agent: dgram.Socket;
  beforeAll(async () => {
    agent = dgram.createSocket('udp4');
    agent.on('message', (req, from) => {
      const pdu = parse(req)[0]!.children![2]!;
      const id = intValue(req, pdu.children![0]!);
      const vb = (o: string) => tlv(0x30, oid(o), int(1));
      // two varbinds for a one-OID request
      const res = tlv(0x30, int(1), octets('public'), tlv(0xa2, int(id), int(0), int(0), tlv(0x30, vb('1.3.6.1.2.1.1.7.0'), vb('1.3.6.1.2.1.1.8.0'))));
      agent.send(res, from.port, from.address);
    });
    await new Promise<void>((r) => agent.bind(AGENT_PORT, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => agent.close(() => r())));

  it('throws inside net-snmp; the transport catches and counts it', async () => {
    const caught: unknown[] = [];
    const transport = new UdpTransport({ onHandlerError: (e) => caught.push(e) });
    const session = snmp.createSession('127.0.0.1', 'public', { version: snmp.Version2c, port: AGENT_PORT, timeout: 300, retries: 0, dgramModule: transport });
    // no session.on('error') on purpose: net-snmp emits 'error' for undecodable answers,
    // which throws when nobody listens — the guard covers that path too
    let called = false;
    session.getBulk(['1.3.6.1.2.1.1.6'], 1, 10, () => (called = true));
    expect(await waitFor(() => transport.stats.handlerErrors === 1, 2000)).toBe(true);
    expect(String(caught[0])).toMatch(/TypeError/);
    // net-snmp had already forgotten the request: its callback never comes (our
    // DeviceSession has its own deadline for exactly this)
    await new Promise((r) => setTimeout(r, 400));
    expect(called).toBe(false);
    session.close();
    transport.close();
  });
});

describe('net-snmp Receiver: an inform it cannot echo back', () => {
  // Receiver.onMsg acknowledges an InformRequest by re-encoding it as a Response; a
  // varbind of a type net-snmp cannot encode (BIT STRING, tag 0x03) makes that throw
  // RequestInvalidError outside its try/catch.
  it('throws inside net-snmp; the receiver counts a decode error and keeps going', async () => {
    const events: string[] = [];
    const rx = await startTrapReceiver({ port: RX_PORT, onTrap: (e) => events.push(e.kind) });
    const tx = dgram.createSocket('udp4');
    try {
      const vb = (o: string, v: Buffer) => tlv(0x30, oid(o), v);
      const inform = tlv(0x30, int(1), octets('public'), tlv(0xa6, int(1234), int(0), int(0), tlv(0x30,
        vb('1.3.6.1.2.1.1.3.0', tlv(0x43, [0x01])),
        vb('1.3.6.1.6.3.1.1.4.1.0', oid('1.3.6.1.6.3.1.1.5.1')),
        vb('1.3.6.1.4.1.99.1', tlv(0x03, [0x00, 0xff])),
      )));
      const send = (b: Buffer) => new Promise((r) => tx.send(b, RX_PORT, '127.0.0.1', r));
      await send(inform);
      expect(await waitFor(() => rx.counters().decodeErrors === 1, 2000)).toBe(true);
      expect(rx.counters()).toMatchObject({ received: 1, dropped: 1, events: 0 });
      // still alive and receiving
      const trap = tlv(0x30, int(1), octets('public'), tlv(0xa7, int(5), int(0), int(0), tlv(0x30,
        vb('1.3.6.1.2.1.1.3.0', tlv(0x43, [0x01])),
        vb('1.3.6.1.6.3.1.1.4.1.0', oid('1.3.6.1.6.3.1.1.5.2')),
      )));
      await send(trap);
      expect(await waitFor(() => events.length === 1, 2000)).toBe(true);
      expect(events).toEqual(['warmStart']);
    } finally {
      tx.close();
      await rx.close();
    }
  });
});
