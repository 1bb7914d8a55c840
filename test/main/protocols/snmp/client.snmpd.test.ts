// The client against the REAL Net-SNMP agent (Debian snmpd) on 127.0.0.1:26101.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterRate, createSnmpClient, interfaceRates, SnmpError, type SnmpClient, type SnmpTarget } from '../../../../src-main/protocols/snmp';
import { SNMPD_USERS, snmpdMissing, startSnmpd, type SnmpdPeer } from '../../../peers/snmpd';
import { isRunning, skipNote, sleep } from './helpers/peers';
import { intValue, parse } from './helpers/tlv';
import { startUdpProxy } from './helpers/udp-proxy';

const PORT = 26101;
const DEAD_PORT = 26102; // nothing listens here
const PROXY_PORT = 26103;
const UNHEARD_TRAP_PORT = 26115; // the agent's coldStart goes here; with trapPort the agent also has a noAuthNoPriv user
const OPS = { name: 'ops256', authProtocol: 'SHA-256', authKey: 'opsauth-123', privProtocol: 'AES', privKey: 'opspriv-123' };
const missing = snmpdMissing();

const v2c = (port = PORT, community = 'public'): SnmpTarget => ({ host: '127.0.0.1', port, credentials: { version: 'v2c', community } });
const v3 = (over: Partial<{ user: string; authKey: string; privKey: string | undefined }> = {}): SnmpTarget => ({
  host: '127.0.0.1',
  port: PORT,
  credentials: { version: 'v3', user: 'v3user', authProtocol: 'sha', authKey: 'authpass123', privProtocol: 'aes', privKey: 'privpass123', ...over },
});

async function failure(p: Promise<unknown>): Promise<SnmpError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SnmpError);
    return err as SnmpError;
  }
  throw new Error('expected the request to fail');
}

describe.skipIf(!!missing)(skipNote('SNMP client against snmpd', missing), () => {
  let agent: SnmpdPeer;
  let client: SnmpClient;

  beforeAll(async () => {
    agent = await startSnmpd({ port: PORT, trapPort: UNHEARD_TRAP_PORT, v3User: OPS });
    client = createSnmpClient({ timeoutMs: 300, retries: 1, backoff: 1.5 });
  });

  afterAll(async () => {
    await client?.close();
    expect(client.stats()).toMatchObject({ sessions: 0, sockets: 0, pending: 0 });
    await agent?.stop();
    expect(isRunning(agent.pid)).toBe(false);
  });

  it('polls the system group, the interface table with 64-bit counters as bigint, and HOST-RESOURCES (v2c)', async () => {
    const r = await client.pollDevice(v2c());
    expect(r.target).toBe(`127.0.0.1:${PORT}`);
    expect(r.system.sysName).toBe('snmpd-test');
    expect(r.system.sysObjectID).toMatch(/^1\.3\.6\.1\.4\.1\.8072\./);
    expect(r.system.sysUpTime).toBeGreaterThan(0);
    const lo = r.interfaces.find((i) => i.ifDescr === 'lo');
    expect(lo).toMatchObject({ ifIndex: 1, ifName: 'lo', ifAdminStatus: 1 });
    expect(typeof lo?.ifHCInOctets).toBe('bigint');
    expect(typeof lo?.ifInErrors).toBe('bigint');
    expect(typeof lo?.ifHighSpeed).toBe('number');
    // snmpd.conf overrides ifAlias.2
    expect(r.interfaces.find((i) => i.ifIndex === 2)?.ifAlias).toBe('uplink-to-core');
    expect(r.interfaces.map((i) => i.ifIndex)).toEqual([...r.interfaces.map((i) => i.ifIndex)].sort((a, b) => a - b));
    expect(r.hostResources.storage.some((s) => s.kind === 'ram')).toBe(true);
    expect(r.hostResources.memory?.totalBytes).toBeGreaterThan(0);
    expect(r.warnings).toEqual([]);
  });

  it('polls over SNMPv3 authPriv (SHA/AES) and authNoPriv', async () => {
    const a = await client.pollDevice(v3());
    expect(a.system.sysName).toBe('snmpd-test');
    expect(a.interfaces.length).toBeGreaterThan(0);
    const u = SNMPD_USERS.v3AuthNoPriv;
    const b = await client.pollDevice({ host: '127.0.0.1', port: PORT, credentials: { version: 'v3', user: u.name, authKey: u.authKey } });
    expect(b.system.sysName).toBe('snmpd-test');
  });

  it('polls with an extra v3 user (SHA-256/AES) and with noAuthNoPriv', async () => {
    const a = await client.pollDevice({ host: '127.0.0.1', port: PORT, credentials: { version: 'v3', user: OPS.name, authProtocol: 'sha256', authKey: OPS.authKey, privProtocol: 'aes', privKey: OPS.privKey } });
    expect(a.system.sysName).toBe('snmpd-test');
    const b = await client.get({ host: '127.0.0.1', port: PORT, credentials: { version: 'v3', user: 'internalUser' } }, ['1.3.6.1.2.1.1.5.0']);
    expect(b[0]?.value).toBe('snmpd-test');
  });

  it('reuses one session per device across polls', async () => {
    const before = client.stats().sessions;
    await client.pollDevice(v2c());
    await client.pollDevice(v2c());
    expect(client.stats().sessions).toBe(before);
  });

  it('wrong community (v2c) is indistinguishable from silence: a timeout', async () => {
    const t0 = Date.now();
    const e = await failure(client.pollDevice(v2c(PORT, 'not-the-community')));
    expect(e.kind).toBe('timeout');
    // 300 ms + 450 ms (one retry with backoff 1.5)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
  });

  it('wrong v3 auth key → auth error (usmStatsWrongDigests), not down', async () => {
    const e = await failure(client.pollDevice(v3({ authKey: 'wrong-auth-key' })));
    expect(e).toMatchObject({ kind: 'auth', reason: 'usmStatsWrongDigests' });
  });

  it('unknown v3 user → auth error (usmStatsUnknownUserNames)', async () => {
    const e = await failure(client.pollDevice(v3({ user: 'nobody-here' })));
    expect(e).toMatchObject({ kind: 'auth', reason: 'usmStatsUnknownUserNames' });
  });

  it('wrong v3 privacy key → auth error, although snmpd drops such requests silently', async () => {
    // snmpd cannot parse what it decrypts and sends no report (Net-SNMP's own snmpget
    // says "Timeout"); the client's discovery probe shows the agent is alive.
    const e = await failure(client.pollDevice(v3({ privKey: 'wrong-priv-key' })));
    expect(e).toMatchObject({ kind: 'auth', reason: 'silentDrop' });
  });

  it('a dead v3 agent is still a timeout (the probe gets no answer either)', async () => {
    const e = await failure(client.pollDevice({ ...v3(), port: DEAD_PORT }));
    expect(e.kind).toBe('timeout');
  });

  it('sees an interface pulled down as ifOperStatus=2, and up again as 1', async () => {
    await agent.setIfOperStatus(2, 'up');
    expect((await client.pollDevice(v2c())).interfaces.find((i) => i.ifIndex === 2)?.ifOperStatus).toBe(1);
    await agent.setIfOperStatus(2, 'down');
    expect((await client.pollDevice(v2c())).interfaces.find((i) => i.ifIndex === 2)?.ifOperStatus).toBe(2);
    await agent.clearIfOperStatus(2);
  });

  it('a dead agent does not delay the others', async () => {
    const slow = createSnmpClient({ timeoutMs: 1000, retries: 1 });
    try {
      const t0 = Date.now();
      const dead = slow.pollDevice(v2c(DEAD_PORT)).then(
        () => -1,
        (e: SnmpError) => (e.kind === 'timeout' ? Date.now() - t0 : -2),
      );
      const live = await Promise.all(Array.from({ length: 20 }, () => slow.pollDevice(v2c()).then(() => Date.now() - t0)));
      expect(Math.max(...live)).toBeLessThan(1500); // generous for a loaded CI machine
      expect(await dead).toBeGreaterThanOrEqual(2000); // 1000 + 1500
    } finally {
      await slow.close();
    }
  });

  it('walk and get for the CLI', async () => {
    const w = await client.walk(v2c(), '.1.3.6.1.2.1.1');
    expect(w.varbinds.find((v) => v.oid === '1.3.6.1.2.1.1.5.0')).toMatchObject({ type: 'OctetString', value: 'snmpd-test' });
    expect(w.varbinds.every((v) => v.oid.startsWith('1.3.6.1.2.1.1.'))).toBe(true);
    // a scalar instance is walked as a GET
    expect((await client.walk(v2c(), '1.3.6.1.2.1.1.5.0')).varbinds).toHaveLength(1);
    const g = await client.get(v3(), ['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.3.0', '1.3.6.1.2.1.1.99.0']);
    expect(g.map((v) => v.type)).toEqual(['OctetString', 'TimeTicks', 'NoSuchObject']);
    await expect(client.get(v2c(), ['not.an.oid'])).rejects.toMatchObject({ kind: 'config' });
  });

  it('refuses SNMPv1 and explains why', async () => {
    const t = { host: '127.0.0.1', port: PORT, credentials: { version: 'v1', community: 'public' } } as unknown as SnmpTarget;
    await expect(client.pollDevice(t)).rejects.toMatchObject({ kind: 'config', reason: 'badVersion' });
  });

  it('computes rates from two real polls (lo carries our own SNMP traffic)', async () => {
    const a = await client.pollDevice(v2c());
    const lo = (r: typeof a) => r.interfaces.find((i) => i.ifIndex === 1)!;
    // snmpd caches interface counters for a few seconds: poll until lo's counter moves
    let b = a;
    for (let i = 0; i < 20 && lo(b).ifHCInOctets === lo(a).ifHCInOctets; i++) {
      await sleep(500);
      b = await client.pollDevice(v2c());
    }
    const sample = (r: typeof a) => ({ value: lo(r).ifHCInOctets!, uptime: r.system.sysUpTime, at: r.polledAt });
    // no speed ceiling: snmpd says lo is 10 Mbit/s, and lo also carries every other test's
    // loopback traffic, released in bursts by snmpd's counter cache
    const r = counterRate(sample(a), sample(b), { speedBps: 0 });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.bitsPerSecond).toBeGreaterThan(0);
      // the time base is the agent's sysUpTime, which agrees with our clock
      expect(Math.abs(r.seconds - (b.polledAt - a.polledAt) / 1000)).toBeLessThan(2);
    }
    expect(interfaceRates(a, b).map((x) => x.ifIndex)).toEqual(b.interfaces.map((x) => x.ifIndex));
  });

  it('halves max-repetitions on tooBig and retries; lowers it after oversize answers', async () => {
    // A proxy that answers tooBig (patched error-status of snmpd's real answer) whenever
    // a GetBulk asks for more than 3 repetitions, and records what it was asked.
    const asked: number[] = [];
    const proxy = await startUdpProxy(PROXY_PORT, PORT, {
      onResponse(res, req) {
        const r = req && parse(req)[0]?.children?.[2]; // v2c: version, community, PDU
        if (!req || !r || r.tag !== 0xa5) return [res];
        const maxRep = intValue(req, r.children![2]!);
        asked.push(maxRep);
        if (maxRep <= 3) return [res];
        const pdu = parse(res)[0]!.children![2]!;
        const status = pdu.children![1]!;
        const out = Buffer.from(res);
        out[status.start] = 1; // tooBig (RFC 3416 §4.2.3)
        return [out];
      },
    });
    const c = createSnmpClient({ timeoutMs: 500, retries: 1, maxRepetitions: 10 });
    try {
      const r = await c.pollDevice(v2c(PROXY_PORT));
      expect(r.system.sysName).toBe('snmpd-test');
      expect(r.interfaces.length).toBeGreaterThan(0);
      expect(asked.slice(0, 3)).toEqual([10, 5, 2]);
      expect(asked.slice(3).every((n) => n === 2)).toBe(true);

      // Oversize: answers above 600 bytes lower max-repetitions for this device.
      asked.length = 0;
      const small = createSnmpClient({ timeoutMs: 500, retries: 1, maxRepetitions: 3, maxResponseBytes: 600 });
      try {
        await small.pollDevice(v2c(PROXY_PORT));
        expect(asked[0]).toBe(3);
        expect(Math.min(...asked)).toBeLessThan(3);
      } finally {
        await small.close();
      }
    } finally {
      await c.close();
      await proxy.close();
    }
  });
});
