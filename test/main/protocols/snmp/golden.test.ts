// Golden bytes (captured from Debian's snmptrap, see test/fixtures/snmp/README.md) and a
// table of malformed packets that must fail cleanly, gosnmp-style.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnmpClient, startTrapReceiver, type TrapEvent, type TrapReceiver } from '../../../../src-main/protocols/snmp';
import { readMessageHeader } from '../../../../src-main/protocols/snmp/ber';
import { waitFor } from './helpers/peers';
import { int, intValue, octets, oid, parse, tlv } from './helpers/tlv';

const fixture = (name: string) => Buffer.from(readFileSync(new URL(`../../../fixtures/snmp/${name}`, import.meta.url), 'utf8').trim(), 'hex');
const V2C = fixture('trap-v2c-linkdown.hex');
const V3 = fixture('trap-v3-authpriv-linkup.hex');
const RX_PORT = 26105;
const AGENT_PORT = 26106;

// name → bytes that are not a usable SNMP message header
const MALFORMED: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['lone SEQUENCE tag', Buffer.from([0x30])],
  ['indefinite length (X.690 §8.1.3.6, not allowed in SNMP)', Buffer.from('3080020101040170a700', 'hex')],
  ['5-byte long-form length', Buffer.from('3085000000000a020101', 'hex')],
  ['outer length beyond the datagram', Buffer.concat([Buffer.from([0x30, 0x7f]), V2C.subarray(2)])],
  ['not a SEQUENCE', Buffer.concat([Buffer.from([0x31]), V2C.subarray(1)])],
  ['version 2 (no such SNMP version)', Buffer.concat([V2C.subarray(0, 4), Buffer.from([0x02]), V2C.subarray(5)])],
  ['version is an OCTET STRING', Buffer.concat([V2C.subarray(0, 2), Buffer.from([0x04]), V2C.subarray(3)])],
  ['community tag replaced by INTEGER', Buffer.concat([V2C.subarray(0, 5), Buffer.from([0x02]), V2C.subarray(6)])],
  ['PDU tag outside A0-A8', Buffer.concat([V2C.subarray(0, 13), Buffer.from([0x30]), V2C.subarray(14)])],
  ['request-id of length 0', Buffer.from('300d020101040170a7060200020100', 'hex')],
  ['request-id of 6 bytes', Buffer.from('3013020101040170a70c0206010203040506020100', 'hex')],
  ['v3 msgGlobalData not a SEQUENCE', Buffer.concat([V3.subarray(0, 6), Buffer.from([0x04]), V3.subarray(7)])],
  ['trailing bytes after the message', Buffer.concat([V2C, Buffer.from([0x00, 0x00])])],
];
// net-snmp's own decoder accepts these four as a valid linkDown trap (found while writing
// this table): the receiver must drop them by its own header check.
const NET_SNMP_ACCEPTS = ['outer length beyond the datagram', 'not a SEQUENCE', 'version 2 (no such SNMP version)', 'version is an OCTET STRING'];

describe('message header (ber.ts) on golden bytes', () => {
  it('reads the v2c request-id at offset 15 and the PDU tag at 13', () => {
    expect(V2C.length).toBe(122);
    expect(V2C.subarray(15, 21).toString('hex')).toBe('0204675e8a11');
    expect(readMessageHeader(V2C)).toEqual({ version: 1, id: 0x675e8a11, pduType: 0xa7 });
  });

  it('reads the v3 msgID at offset 8, behind a long-form outer length', () => {
    expect(V3.subarray(0, 3).toString('hex')).toBe('3081d4');
    expect(readMessageHeader(V3)).toEqual({ version: 3, id: 0x0ca0a3db, pduType: null });
  });

  it.each(MALFORMED)('%s → null', (_name, buf) => {
    expect(readMessageHeader(buf)).toBeNull();
  });

  it('every truncation of the golden messages → null, never a throw', () => {
    for (const msg of [V2C, V3]) for (let n = 0; n < msg.length; n++) expect(readMessageHeader(msg.subarray(0, n))).toBeNull();
  });
});

describe('trap receiver on golden bytes', () => {
  let rx: TrapReceiver;
  const events: TrapEvent[] = [];
  let throwInHandler = false;
  const tx = dgram.createSocket('udp4');
  const send = (b: Buffer) => new Promise<void>((r) => tx.send(b, RX_PORT, '127.0.0.1', () => r()));

  beforeAll(async () => {
    rx = await startTrapReceiver({
      port: RX_PORT,
      users: [{ name: 'v3trap', authProtocol: 'sha', authKey: 'authpass123', privProtocol: 'aes', privKey: 'privpass123' }],
      onTrap: (e) => {
        events.push(e);
        if (throwInHandler) throw new Error('consumer bug');
      },
    });
  });
  afterAll(async () => {
    tx.close();
    await rx.close();
  });

  it('v2c linkDown → a typed event with every varbind', async () => {
    events.length = 0;
    await send(V2C);
    expect(await waitFor(() => events.length === 1, 3000)).toBe(true);
    expect(events[0]).toMatchObject({
      kind: 'linkDown', version: 'v2c', ifIndex: 2, uptime: 123456, trapOid: '1.3.6.1.6.3.1.1.5.3', inform: false,
      varbinds: [
        { oid: '1.3.6.1.2.1.1.3.0', type: 'TimeTicks', value: 123456 },
        { oid: '1.3.6.1.6.3.1.1.4.1.0', type: 'OID', value: '1.3.6.1.6.3.1.1.5.3' },
        { oid: '1.3.6.1.2.1.2.2.1.1.2', type: 'Integer', value: 2 },
        { oid: '1.3.6.1.2.1.2.2.1.7.2', type: 'Integer', value: 1 },
        { oid: '1.3.6.1.2.1.2.2.1.8.2', type: 'Integer', value: 2 },
      ],
    });
  });

  it('v3 authPriv linkUp → decrypted, authenticated, typed', async () => {
    events.length = 0;
    await send(V3);
    expect(await waitFor(() => events.length === 1, 3000)).toBe(true);
    expect(events[0]).toMatchObject({ kind: 'linkUp', version: 'v3', user: 'v3trap', ifIndex: 2, uptime: 123456 });
    expect(events[0]!.varbinds).toHaveLength(5);
  });

  it('the malformed table is dropped and counted, one by one, and the receiver still works', async () => {
    events.length = 0;
    const before = rx.counters();
    for (const [, buf] of MALFORMED.filter(([, b]) => b.length > 0)) await send(buf);
    const n = MALFORMED.filter(([, b]) => b.length > 0).length;
    expect(await waitFor(() => rx.counters().received - before.received === n, 3000)).toBe(true);
    const after = rx.counters();
    expect(after.dropped - before.dropped).toBe(n);
    expect(after.decodeErrors - before.decodeErrors).toBe(n);
    expect(NET_SNMP_ACCEPTS.every((name) => MALFORMED.some(([m]) => m === name))).toBe(true);
    expect(events).toEqual([]);
    await send(V2C);
    expect(await waitFor(() => events.length === 1, 3000)).toBe(true);
  });

  it('a throwing consumer is counted, and does not stop the receiver', async () => {
    events.length = 0;
    throwInHandler = true;
    const before = rx.counters().handlerErrors;
    await send(V2C);
    expect(await waitFor(() => rx.counters().handlerErrors === before + 1, 3000)).toBe(true);
    throwInHandler = false;
    await send(V2C);
    expect(await waitFor(() => events.length === 2, 3000)).toBe(true);
  });
});

describe('response decoding on hand-built golden answers', () => {
  // A scripted agent answering any GET with this varbind list (request-id copied in).
  const IFHC_IN = '1.3.6.1.2.1.31.1.1.1.6.1';
  const IFHC_OUT = '1.3.6.1.2.1.31.1.1.1.10.1';
  const IF_IN_ERR = '1.3.6.1.2.1.2.2.1.14.1';
  const IF_DESCR = '1.3.6.1.2.1.2.2.1.2.1';
  const vb = (o: string, value: Buffer) => tlv(0x30, oid(o), value);
  const varbinds = tlv(
    0x30,
    vb(IFHC_IN, tlv(0x46, [0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])), // Counter64 2^64-1, BER with its 0x00
    vb(IFHC_OUT, tlv(0x46, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe])), // 2^64-2, buggy agent: no leading 0x00
    vb(IF_IN_ERR, tlv(0x41, [0x00, 0xff, 0xff, 0xff, 0xff])), // Counter32 2^32-1
    vb(IF_DESCR, octets(Buffer.from([0xc3, 0x28, 0x01]))), // not UTF-8 → hex
  );
  let agent: dgram.Socket;

  beforeAll(async () => {
    agent = dgram.createSocket('udp4');
    agent.on('message', (req, from) => {
      const msg = parse(req)[0]!;
      const pdu = msg.children![2]!;
      const id = intValue(req, pdu.children![0]!);
      const res = tlv(0x30, int(1), octets('public'), tlv(0xa2, int(id), int(0), int(0), varbinds));
      agent.send(res, from.port, from.address);
    });
    await new Promise<void>((r) => agent.bind(AGENT_PORT, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => agent.close(() => r())));

  it('Counter64/Counter32 extremes become exact bigints, odd strings become hex', async () => {
    const c = createSnmpClient({ timeoutMs: 500, retries: 0 });
    try {
      const got = await c.get({ host: '127.0.0.1', port: AGENT_PORT, credentials: { version: 'v2c', community: 'public' } }, [IFHC_IN, IFHC_OUT, IF_IN_ERR, IF_DESCR]);
      expect(got).toEqual([
        { oid: IFHC_IN, type: 'Counter64', value: (1n << 64n) - 1n },
        { oid: IFHC_OUT, type: 'Counter64', value: (1n << 64n) - 2n },
        { oid: IF_IN_ERR, type: 'Counter32', value: 4294967295n },
        { oid: IF_DESCR, type: 'OctetString', value: '0xc32801', bytes: Buffer.from([0xc3, 0x28, 0x01]) },
      ]);
    } finally {
      await c.close();
    }
  });
});
