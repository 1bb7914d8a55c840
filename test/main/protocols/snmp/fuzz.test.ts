// Bounded, seeded fuzzing of both network parsers:
//  1. responses: a proxy in front of the real snmpd answers every request with mutated
//     copies of snmpd's real answer (bit flips, truncation, bad lengths, splices, garbage,
//     oversize), sometimes followed by the real one; the client polls through it.
//  2. traps: mutated copies of the golden snmptrap captures, straight at the receiver.
// The process must not crash, every request must settle with a typed result, drops must
// be counted, and real polls/traps must still work afterwards.
// Replay a failure with SNMP_FUZZ_SEED=<seed printed below>.
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnmpClient, SnmpError, startTrapReceiver, UdpTransport, type SnmpTarget, type TrapReceiver } from '../../../../src-main/protocols/snmp';
import { sendTrap, snmpdMissing, startSnmpd, type SnmpdPeer } from '../../../peers/snmpd';
import { mutate, prng, type Mutation } from './helpers/fuzz';
import { isRunning, skipNote, waitFor } from './helpers/peers';
import { startUdpProxy, type UdpProxy } from './helpers/udp-proxy';

const SEED = Number(process.env.SNMP_FUZZ_SEED ?? 0x5eed5);
const AGENT_PORT = 26130;
const PROXY_PORT = 26131;
const TRAP_PORT = 26132;
const RESPONSE_PACKETS = 6_000;
const TRAP_PACKETS = 5_000;
const TIME_BUDGET_MS = 10_000;
const missing = snmpdMissing();

const fixture = (name: string) => Buffer.from(readFileSync(new URL(`../../../fixtures/snmp/${name}`, import.meta.url), 'utf8').trim(), 'hex');

describe.skipIf(!!missing)(skipNote(`SNMP fuzz (seed ${SEED})`, missing), () => {
  let agent: SnmpdPeer;
  beforeAll(async () => {
    console.info(`SNMP fuzz seed ${SEED} (set SNMP_FUZZ_SEED to replay)`);
    agent = await startSnmpd({ port: AGENT_PORT });
  });
  afterAll(async () => {
    await agent?.stop();
    expect(isRunning(agent.pid)).toBe(false);
  });

  it(`survives ${RESPONSE_PACKETS} mutated responses and still polls`, async () => {
    const rnd = prng(SEED);
    const kinds = new Map<Mutation | 'original', number>();
    let mutated = 0;
    const proxy: UdpProxy = await startUdpProxy(PROXY_PORT, AGENT_PORT, {
      onResponse(res) {
        const out: Buffer[] = [];
        for (let k = 0; k < 3; k++) {
          // keep the header (and so the request-id) intact 70% of the time, so that the
          // mutation reaches net-snmp's full decoder and our varbind handling
          const { buf, kind } = mutate(res, rnd, rnd() < 0.7 ? 24 : 0);
          out.push(buf);
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          mutated++;
        }
        if (rnd() < 0.35) {
          out.push(res);
          kinds.set('original', (kinds.get('original') ?? 0) + 1);
        }
        return out;
      },
    });
    const thrown: unknown[] = [];
    // a 32 KiB ceiling (instead of the UDP maximum) so that the oversize drop is exercised
    const transport = new UdpTransport({ maxDatagramBytes: 32 * 1024, onHandlerError: (e) => thrown.push(e) });
    const client = createSnmpClient({ transport, timeoutMs: 150, retries: 0, maxRepetitions: 10 });
    const viaProxy: SnmpTarget[] = [
      { host: '127.0.0.1', port: PROXY_PORT, credentials: { version: 'v2c', community: 'public' } },
      { host: '127.0.0.1', port: PROXY_PORT, credentials: { version: 'v3', user: 'v3user', authKey: 'authpass123', privKey: 'privpass123' } },
    ];
    const outcomes = new Map<string, number>();
    const note = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    const t0 = Date.now();
    try {
      // 48 workers, each running polls/walks/gets back to back until enough packets
      const worker = async (w: number) => {
        for (let i = 0; mutated < RESPONSE_PACKETS && Date.now() - t0 < TIME_BUDGET_MS; i++) {
          const t = viaProxy[(w + i) % 2]!;
          const kind = (w + i) % 3;
          const op = kind === 0 ? client.pollDevice(t) : kind === 1 ? client.walk(t, '1.3.6.1.2.1.2.2.1') : client.get(t, ['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.3.0']);
          await op.then(
            () => note('ok'),
            (e: unknown) => note(e instanceof SnmpError ? `${e.kind}/${e.reason}` : `untyped ${String(e)}`),
          );
          // a fresh session now and then, so that v3 discovery and first contact get fuzzed too
          if (w === 0 && i % 10 === 9) for (const t2 of viaProxy) await client.forget(t2);
        }
      };
      await Promise.all(Array.from({ length: 48 }, (_, w) => worker(w)));
      const stats = client.stats().transport;
      console.info('fuzz responses', { mutated, kinds: Object.fromEntries(kinds), outcomes: Object.fromEntries(outcomes), stats, thrownByNetSnmp: summarise(thrown) });
      expect(mutated).toBeGreaterThanOrEqual(3_000);
      expect([...outcomes.keys()].filter((k) => k.startsWith('untyped'))).toEqual([]);
      expect(stats.malformed + stats.unmatched + stats.oversize).toBeGreaterThan(0);
      expect(stats.oversize).toBeGreaterThan(0);
      expect(stats.received).toBe(stats.delivered + stats.malformed + stats.unmatched + stats.oversize + stats.handlerErrors);

      // the same client, straight to the agent: still polls
      const direct = await client.pollDevice({ host: '127.0.0.1', port: AGENT_PORT, credentials: { version: 'v2c', community: 'public' } });
      expect(direct.system.sysName).toBe('snmpd-test');
      const direct3 = await client.pollDevice({ host: '127.0.0.1', port: AGENT_PORT, credentials: viaProxy[1]!.credentials });
      expect(direct3.interfaces.length).toBeGreaterThan(0);
    } finally {
      await client.close();
      transport.close();
      await proxy.close();
    }
  });

  it(`survives ${TRAP_PACKETS} mutated traps, counts every one, and still receives`, async () => {
    const rnd = prng(SEED ^ 0xa5a5);
    const seeds = [fixture('trap-v2c-linkdown.hex'), fixture('trap-v3-authpriv-linkup.hex')];
    const errors = new Map<string, number>();
    let events = 0;
    const rx: TrapReceiver = await startTrapReceiver({
      port: TRAP_PORT,
      users: [{ name: 'v3trap', authKey: 'authpass123', privKey: 'privpass123' }],
      onTrap: () => events++,
      onError: (e) => {
        const key = e.name === 'Error' ? e.message.replace(/\d+/g, 'N').slice(0, 60) : e.name;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      },
    });
    const tx = dgram.createSocket('udp4');
    let sent = 0;
    try {
      const t0 = Date.now();
      while (sent < TRAP_PACKETS && Date.now() - t0 < TIME_BUDGET_MS) {
        // batches, waiting for the receiver to catch up, so the kernel drops nothing
        for (let i = 0; i < 50; i++) {
          const { buf } = mutate(seeds[sent % seeds.length]!, rnd);
          await new Promise((r) => tx.send(buf, TRAP_PORT, '127.0.0.1', r));
          sent++;
        }
        if (!(await waitFor(() => rx.counters().received === sent, 3000, 2))) {
          throw new Error(`receiver saw ${rx.counters().received} of ${sent} datagrams`);
        }
      }
      const c = rx.counters();
      console.info('fuzz traps', { sent, counters: c, errors: Object.fromEntries(errors) });
      expect(sent).toBeGreaterThanOrEqual(2_000);
      expect(c.received).toBe(sent);
      expect(c.received).toBe(c.events + c.dropped + c.reports);
      expect(c.decodeErrors).toBeGreaterThan(sent / 4);
      expect(c.oversize).toBeGreaterThan(0);
      expect(c.events).toBe(events);

      const before = events;
      await sendTrap({ port: TRAP_PORT, trapOid: '1.3.6.1.6.3.1.1.5.3', varbinds: [['1.3.6.1.2.1.2.2.1.1.1', 'i', '1']] });
      expect(await waitFor(() => events === before + 1, 3000)).toBe(true);
    } finally {
      tx.close();
      await rx.close();
    }
  });
});

function summarise(errs: unknown[]): Record<string, number> {
  const m: Record<string, number> = {};
  for (const e of errs) {
    const k = e instanceof Error ? `${e.name}: ${e.message.slice(0, 70)}` : String(e);
    m[k] = (m[k] ?? 0) + 1;
  }
  return m;
}
