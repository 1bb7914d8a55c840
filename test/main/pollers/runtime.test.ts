// The pollers against real agents (Debian snmpd on loopback, started by the test):
// polls, interface discovery, rates into the time series, servers' resources, traps that
// change state at once, wrong credentials shown as authentication problems, a dead agent
// that blocks nobody, and nothing left running after stop.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import { SNMPD_USERS, sendTrap, snmpdMissing, startSnmpd, type SnmpdPeer } from '../../peers/snmpd';
import { actor, makeCore, until, type TestCore } from '../helpers';

// Ports 26300-26349 are this suite's.
const A = 26301;
const TRAPS = 26302;
const B = 26303;
const DEAD = 26309;
const missing = snmpdMissing();

let agentA: SnmpdPeer;
let agentB: SnmpdPeer;
let t: TestCore;

const handles = () => {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
};
let baseline: Record<string, number>;

/** ifIndex of an interface of this machine other than loopback (snmpd serves the host's own), or null */
function otherIfIndex(): number | null {
  for (const name of readdirSync('/sys/class/net')) {
    const idx = Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim());
    if (Number.isInteger(idx) && idx > 1) return idx;
  }
  return null;
}


describe.skipIf(missing)('pollers against real snmpd', () => {
  beforeAll(async () => {
    [agentA, agentB] = await Promise.all([startSnmpd({ port: A, trapPort: TRAPS }), startSnmpd({ port: B })]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([agentA?.stop(), agentB?.stop()]);
  });

  afterEach(async () => {
    await t.core.services.pollers.stop();
    t.close();
    // nothing left running: no sockets, no timers, no child processes
    await new Promise((r) => setTimeout(r, 50));
    const now = handles();
    for (const kind of ['UDPWRAP', 'TCPWRAP', 'ProcessWrap', 'Timeout']) expect(now[kind] ?? 0, kind).toBeLessThanOrEqual(baseline[kind] ?? 0);
  });

  function start(extra: Record<string, unknown> = {}) {
    baseline = handles();
    t = makeCore({ clock: systemClock, monitoring: { enabled: true, trapPort: TRAPS, snmpTimeoutMs: 400, snmpRetries: 0, ping: { count: 1, timeoutMs: 300 }, ...extra } });
  }

  it('polls a switch: system group, interfaces stored, rates into the time series, resources of a server', async () => {
    start({ trapPort: null });
    const c = t.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: A, community: SNMPD_USERS.community, name: 'sw-a', type: 'server', intervalS: 3600 });
    await until('pollers running', () => t.core.services.pollers.isRunning);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const live = await c.monitoring.live({ deviceId: sw.deviceId });
    expect(live.state).toMatchObject({ state: 'OK' });
    expect(live.sysName).toBe('snmpd-test');
    const detail = await c.monitoring.detail({ deviceId: sw.deviceId });
    expect(detail.interfaces.find((i) => i.ifIndex === 1)).toMatchObject({ name: 'lo' });
    await new Promise((r) => setTimeout(r, 1100));
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    t.core.services.metrics.flush();
    const lo = detail.interfaces.find((i) => i.ifIndex === 1)!;
    const graph = await c.monitoring.graph({ interfaceId: lo.id, range: 'day' });
    expect(graph.t).toHaveLength(1);
    // a rate from two polls (snmpd caches counters for a few seconds, so it may be 0)
    expect(typeof graph.inBps[0]).toBe('number');
    expect(graph.inBps[0]).toBeGreaterThanOrEqual(0);
    const res = await c.monitoring.resources({ deviceId: sw.deviceId });
    // snmpd fills hrProcessorLoad only after its first minute of load samples: cpu may still be null
    if (res.cpuPct !== null) expect(res.cpuPct).toBeLessThanOrEqual(100);
    expect(res.memPct).toBeGreaterThan(0);
    expect(res.memPct).toBeLessThanOrEqual(100);
  });

  it('a linkDown trap raises the port alarm at once, linkUp clears it (< 1 s each)', async () => {
    start();
    const c = t.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: A, community: 'public', name: 'sw-a', intervalS: 3600 });
    await until('trap receiver', () => t.core.services.pollers.status().trapPort);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const lo = (await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces.find((i) => i.ifIndex === 1)!;
    await c.monitoring.updateInterface({ id: lo.id, alarmOnDown: true });
    await until('config reload', () => t.core.services.pollers.status().scheduler.jobs === 1);
    await new Promise((r) => setTimeout(r, 300));

    const t0 = Date.now();
    await agentA.setIfOperStatus(1, 'down');
    const alarm = await until('linkDown alarm', () => t.core.services.alarms.active().find((a) => a.key === `if:${lo.id}`), 5000);
    const latency = Date.now() - t0;
    expect(alarm).toMatchObject({ state: 'CRITICAL', problem: 'trap', subjectKind: 'interface', audible: true });
    expect(latency).toBeLessThan(2500); // snmpd's monitor checks every second; the trap → alarm part is ms
    expect(t.core.services.alarms.timeline(alarm.id).map((e) => e.kind)).toEqual(['raised']); // the confirming poll adds nothing
    await agentA.clearIfOperStatus(1);
    await until('linkUp clears', () => !t.core.services.alarms.active().some((a) => a.key === `if:${lo.id}`), 5000);
    await until('the linkUp trap', () => t.core.services.pollers.status().traps.handled >= 2, 5000);
  });

  it('accepts SNMPv3 traps from configured users and drops those with a wrong key', async () => {
    const u = SNMPD_USERS.v3AuthPriv;
    start({ trapUsers: [{ name: u.name, authProtocol: 'sha', authKey: u.authKey, privProtocol: 'aes', privKey: u.privKey }] });
    const c = t.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: A, community: 'public', name: 'sw-a', intervalS: 3600 });
    await until('trap receiver', () => t.core.services.pollers.status().trapPort);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const lo = (await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces.find((i) => i.ifIndex === 1)!;
    await c.monitoring.updateInterface({ id: lo.id, alarmOnDown: true });
    await until('config reload', () => t.core.services.pollers.status().scheduler.jobs === 1);
    const linkDown = { port: TRAPS, version: 'v3' as const, trapOid: '1.3.6.1.6.3.1.1.5.3', varbinds: [['1.3.6.1.2.1.2.2.1.1.1', 'i', '1'] as [string, string, string]] };
    await sendTrap({ ...linkDown, v3: { user: u.name, authKey: 'wrong-auth-key', privKey: u.privKey } });
    await until('the forged trap counted', () => t.core.services.pollers.status().traps.received >= 1, 5000);
    await new Promise((r) => setTimeout(r, 300));
    // Any alarm of the port, cleared ones included: the agent's link is really up, so the poll
    // that follows a trap clears the trap's alarm again, sooner or later depending on the load.
    const ofPort = () => t.core.services.alarms.list({ limit: 50, offset: 0 }).find((a) => a.key === `if:${lo.id}`);
    expect(ofPort()).toBeUndefined();
    await sendTrap({ ...linkDown, v3: { user: u.name, authKey: u.authKey, privKey: u.privKey } });
    const alarm = await until('v3 linkDown alarm', ofPort, 5000);
    expect(alarm).toMatchObject({ problem: 'trap', subjectKind: 'interface' });
    expect(t.core.services.alarms.timeline(alarm.id).map((e) => e.kind)).toContain('raised');
  });

  it('garbage and traps from unknown agents are counted and dropped', async () => {
    start();
    await until('trap receiver', () => t.core.services.pollers.status().trapPort);
    const { createSocket } = await import('node:dgram');
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.send(Buffer.from('this is not snmp'), TRAPS, '127.0.0.1', () => r()));
    s.close();
    await sendTrap({ port: TRAPS, trapOid: '1.3.6.1.6.3.1.1.5.3', varbinds: [['1.3.6.1.2.1.2.2.1.1.7', 'i', '7']] });
    const st = await until('counted', () => { const x = t.core.services.pollers.status().traps; return x.dropped >= 1 && x.unknownSource >= 1 ? x : null; });
    expect(st.received).toBeGreaterThanOrEqual(2);
    expect(t.core.services.alarms.active()).toEqual([]);
  });

  it('a wrong community shows as an authentication problem, not down; so do wrong v3 keys', async () => {
    start({ trapPort: null });
    const c = t.caller(actor('technician'));
    const wrong = await c.monitoring.add({ address: '127.0.0.1', port: B, community: 'not-the-one', name: 'sw-b', intervalS: 3600, maxAttempts: 2 });
    const v3 = await c.monitoring.add({ address: '127.0.0.1', port: A, v3: { user: SNMPD_USERS.v3AuthPriv.name, authKey: 'wrong-key-123', privKey: SNMPD_USERS.v3AuthPriv.privKey }, name: 'sw-a-v3', intervalS: 3600, maxAttempts: 2 });
    await until('pollers running', () => t.core.services.pollers.isRunning);
    for (let i = 0; i < 2; i++) await Promise.all([c.monitoring.pollNow({ deviceId: wrong.deviceId }), c.monitoring.pollNow({ deviceId: v3.deviceId })]);
    const byDevice = Object.fromEntries(t.core.services.alarms.active().map((a) => [a.deviceId, a]));
    expect(byDevice[wrong.deviceId]).toMatchObject({ state: 'UNKNOWN', problem: 'auth', severity: 'unknown' });
    expect(byDevice[wrong.deviceId]!.message).toMatch(/wrong community/);
    expect(byDevice[v3.deviceId]).toMatchObject({ state: 'UNKNOWN', problem: 'auth' });
    expect(byDevice[v3.deviceId]!.message).toMatch(/authentication/i);
    // the right v3 keys work
    await c.monitoring.update({ deviceId: v3.deviceId, patch: { v3: { user: SNMPD_USERS.v3AuthPriv.name, authKey: SNMPD_USERS.v3AuthPriv.authKey, privKey: SNMPD_USERS.v3AuthPriv.privKey } } });
    await c.monitoring.pollNow({ deviceId: v3.deviceId });
    expect(t.core.services.alarms.active().some((a) => a.deviceId === v3.deviceId)).toBe(false);
  });

  it('a switch added by address and community: a port in use alarms when its link goes down, seen by the poll with no trap and no setting; an unused port does not', async () => {
    start({ trapPort: null });
    const c = t.caller(actor('technician'));
    const unused = otherIfIndex(); // a non-loopback interface of this machine, made "unused" (link down) before discovery
    if (unused !== null) await agentB.setIfOperStatus(unused, 'down');
    try {
      const sw = await c.monitoring.add({ address: '127.0.0.1', port: B, community: 'public', name: 'sw-new', intervalS: 3600 });
      await until('pollers running', () => t.core.services.pollers.isRunning);
      await c.monitoring.pollNow({ deviceId: sw.deviceId });
      const ifs = (await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces;
      const lo = ifs.find((i) => i.ifIndex === 1)!;
      expect(lo.alarmOnDown).toBe(true);
      if (unused !== null) expect(ifs.find((i) => i.ifIndex === unused)).toMatchObject({ alarmOnDown: false });
      expect(t.core.services.alarms.active()).toEqual([]);

      await agentB.setIfOperStatus(1, 'down'); // the link is pulled
      await c.monitoring.pollNow({ deviceId: sw.deviceId });
      const mine = t.core.services.alarms.active().filter((a) => a.deviceId === sw.deviceId);
      expect(mine).toHaveLength(1); // the unused port, down at every poll, stays silent
      expect(mine[0]).toMatchObject({ key: `if:${lo.id}`, state: 'CRITICAL', message: 'link down', audible: true });
    } finally {
      await agentB.clearIfOperStatus(1);
      if (unused !== null) await agentB.clearIfOperStatus(unused);
    }
  });

  it('shared mode: "poll now" on a device another client polls is refused; no interface rows, no live result', async () => {
    const foreign = new Set<string>();
    start({ trapPort: null, owns: (id: string) => !foreign.has(id) });
    const c = t.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: B, community: 'public', name: 'sw-theirs', intervalS: 3600 });
    foreign.add(sw.deviceId);
    await until('pollers running', () => t.core.services.pollers.isRunning);
    await expect(c.monitoring.pollNow({ deviceId: sw.deviceId })).rejects.toThrow(/Another client of the shared database polls this device/);
    expect((await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces).toEqual([]);
    expect(t.core.services.pollers.live.peek(sw.deviceId)).toBeUndefined();
    // once this client holds the device's shard, the same button polls
    foreign.delete(sw.deviceId);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    expect((await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces.length).toBeGreaterThan(0);
    expect(t.core.services.pollers.live.peek(sw.deviceId)?.sysName).toBe('snmpd-test');
  });

  it('a dead agent does not hold up a live one', async () => {
    start({ trapPort: null, snmpTimeoutMs: 1500 });
    const c = t.caller(actor('technician'));
    const dead = await c.monitoring.add({ address: '127.0.0.1', port: DEAD, community: 'public', name: 'dead', intervalS: 3600, maxAttempts: 1 });
    const live = await c.monitoring.add({ address: '127.0.0.1', port: A, community: 'public', name: 'live', intervalS: 3600 });
    await until('pollers running', () => t.core.services.pollers.isRunning);
    const t0 = Date.now();
    let liveDone = 0;
    await Promise.all([
      c.monitoring.pollNow({ deviceId: dead.deviceId }),
      c.monitoring.pollNow({ deviceId: live.deviceId }).then(() => { liveDone = Date.now() - t0; }),
    ]);
    const deadDone = Date.now() - t0;
    expect(liveDone).toBeLessThan(1000);
    expect(deadDone).toBeGreaterThanOrEqual(1500);
    // loopback answers ping, so a silent v2c agent is not DOWN: UNKNOWN, an SNMP problem (wrong community or agent stopped)
    expect(t.core.services.pollers.liveState(dead.deviceId)).toMatchObject({ state: 'UNKNOWN', problem: 'auth', lastOkAt: null });
    expect(t.core.services.pollers.liveState(dead.deviceId)!.message).toMatch(/SNMP is silent.*or the agent is stopped/);
    expect(t.core.services.alarms.active().find((a) => a.deviceId === dead.deviceId)).toMatchObject({ state: 'UNKNOWN', problem: 'auth' });
    expect(t.core.services.pollers.liveState(live.deviceId)).toMatchObject({ state: 'OK' });
  });
});
