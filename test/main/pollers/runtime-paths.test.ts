// The pollers on the user's paths against real agents (snmpd, snmpsim, started here):
// a server plugged into a switch port is UNREACHABLE inside the switch's one alarm when the
// switch dies; coldStart/warmStart traps bring a down device back at once with a restart
// warning; errors and discards become per-port series and live rates.
//
// Loopback always answers ping, and a host that answers ping while SNMP is silent is (by
// design, snmp-job.ts) an SNMP problem, not a down host. A dead switch answers neither, so
// the network is made to lose every ping: fping is replaced by a script that prints fping's
// "all lost" line for each target. It stands in for the wire, not for what is tested here.
// Ports 26210-26219 are this file's.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import { sendTrap, snmpdMissing, startSnmpd, type SnmpdPeer } from '../../peers/snmpd';
import { snmpsimMissing, startSnmpsim, type SnmpsimPeer } from '../../peers/snmpsim';
import { actor, makeCore, until, type TestCore } from '../helpers';

const SW = 26210;
const SRV = 26211;
const TRAPS = 26212;
const SIM = 26213;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


let dir: string;
let lostPing: string;
let t: TestCore | null = null;
const agents: SnmpdPeer[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'noc-paths-'));
  lostPing = join(dir, 'fping-all-lost');
  writeFileSync(lostPing, '#!/bin/sh\nfor a in "$@"; do case "$a" in *.*.*.*) echo "$a : -" >&2;; esac; done\nexit 1\n');
  chmodSync(lostPing, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await t?.core.services.pollers.stop();
  t?.close();
  t = null;
  await Promise.all(agents.splice(0).map((a) => a.stop()));
});

function start(extra: Record<string, unknown> = {}): TestCore {
  t = makeCore({ clock: systemClock, monitoring: { enabled: true, trapPort: null, snmpTimeoutMs: 400, snmpRetries: 0, ping: { count: 1, timeoutMs: 300, fping: lostPing }, ...extra } });
  return t;
}

describe.skipIf(!!snmpdMissing())('pollers against real snmpd: parents and restarts', () => {
  it('a server plugged into a switch port (no parent set): the switch dies → one alarm, the server UNREACHABLE inside it', async () => {
    const [swAgent, srvAgent] = await Promise.all([startSnmpd({ port: SW }), startSnmpd({ port: SRV })]);
    agents.push(swAgent, srvAgent);
    const tc = start();
    const c = tc.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: SW, community: 'public', name: 'sw-rack1', type: 'switch', intervalS: 3600, maxAttempts: 1 });
    const srv = await c.monitoring.add({ address: '127.0.0.1', port: SRV, community: 'public', name: 'srv-web1', type: 'server', intervalS: 3600, maxAttempts: 1 });
    expect(srv.parentDeviceId).toBeNull();
    await until('pollers running', () => tc.core.services.pollers.isRunning);
    await Promise.all([c.monitoring.pollNow({ deviceId: sw.deviceId }), c.monitoring.pollNow({ deviceId: srv.deviceId })]);
    expect(tc.core.services.pollers.liveState(srv.deviceId)).toMatchObject({ state: 'OK' });
    // "srv-web1 plugs into this port": the port editor's one action
    const port = (await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces.find((i) => i.ifIndex === 1)!;
    await c.monitoring.updateInterface({ id: port.id, linkedDeviceId: srv.deviceId });
    expect((await c.monitoring.detail({ deviceId: srv.deviceId })).uplinks.map((u) => u.switchName)).toEqual(['sw-rack1']);
    await sleep(400); // the pollers read the new configuration (200 ms debounce)

    // the switch dies; the server behind it is cut off with it
    await Promise.all([swAgent.stop(), srvAgent.stop()]);
    await c.monitoring.pollNow({ deviceId: srv.deviceId }); // the server's failure seen first: folded in afterwards
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const mine = tc.core.services.alarms.active().filter((a) => a.deviceId === sw.deviceId || a.deviceId === srv.deviceId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ key: `host:${sw.deviceId}`, state: 'DOWN', problem: 'timeout' });
    expect(mine[0]!.affected).toEqual([expect.objectContaining({ key: `host:${srv.deviceId}`, state: 'UNREACHABLE' })]);
    expect(tc.core.services.pollers.liveState(srv.deviceId)).toMatchObject({ state: 'UNREACHABLE' });
    expect(tc.core.services.pollers.liveState(sw.deviceId)).toMatchObject({ state: 'DOWN' });

    // a parent set explicitly wins over the port: the server now hangs off nothing that is down
    const other = await c.monitoring.add({ address: '127.0.0.1', port: SRV + 5, community: 'public', name: 'sw-other', type: 'switch', intervalS: 3600 });
    await c.monitoring.update({ deviceId: srv.deviceId, patch: { parentDeviceId: other.deviceId } });
    await sleep(400);
    await c.monitoring.pollNow({ deviceId: srv.deviceId });
    expect(tc.core.services.alarms.active().find((a) => a.key === `host:${srv.deviceId}`)).toMatchObject({ state: 'DOWN' });
  }, 60_000);

  it('coldStart (from the restarted agent) and warmStart traps bring a DOWN device back to OK at once, with a restart warning', async () => {
    const agent = await startSnmpd({ port: SW });
    const tc = start({ trapPort: TRAPS });
    const c = tc.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: SW, community: 'public', name: 'sw-boot', type: 'switch', intervalS: 3600, maxAttempts: 2 });
    await until('trap receiver', () => tc.core.services.pollers.status().trapPort);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const hostKey = `host:${sw.deviceId}`;
    const restartKey = `event:restart:${sw.deviceId}`;
    const hostAlarm = () => tc.core.services.alarms.active().find((a) => a.key === hostKey);

    // the agent goes away: DOWN after two attempts
    await agent.stop();
    for (let i = 0; i < 2; i++) await c.monitoring.pollNow({ deviceId: sw.deviceId });
    expect(hostAlarm()).toMatchObject({ state: 'DOWN' });
    expect(tc.core.services.alarms.active().some((a) => a.key === restartKey)).toBe(false);

    // it boots again on the same port and sends its coldStart: OK at once, and a restart warning
    agents.push(await startSnmpd({ port: SW, trapPort: TRAPS }));
    await until('coldStart clears the host alarm', () => !hostAlarm(), 10_000);
    const st = tc.core.services.pollers.status();
    expect(st.traps.handled).toBeGreaterThanOrEqual(1);
    // the poller's socket counts what it received and what it dropped (nothing here)
    expect(st.snmp.received).toBeGreaterThanOrEqual(1);
    expect(st.snmp).toMatchObject({ malformed: 0, oversize: 0 });
    const warning = tc.core.services.alarms.active().find((a) => a.key === restartKey)!;
    expect(warning).toMatchObject({ state: 'WARNING', problem: 'trap' });
    expect(warning.message).toMatch(/coldStart trap/);
    await agents.pop()!.stop();

    // down again, then a warmStart (sent by Net-SNMP's snmptrap from 127.0.0.1)
    for (let i = 0; i < 2; i++) await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const down = await until('DOWN again', () => hostAlarm()?.state === 'DOWN' && hostAlarm());
    await sendTrap({ port: TRAPS, trapOid: '1.3.6.1.6.3.1.1.5.2' });
    await until('warmStart clears the host alarm', () => !hostAlarm());
    expect(tc.core.services.alarms.timeline(down.id).find((e) => e.kind === 'cleared')?.detail).toMatch(/warmStart trap/);
    expect(tc.core.services.alarms.active().find((a) => a.key === restartKey)).toMatchObject({ state: 'WARNING' }); // the restart notice (still up from the coldStart)
  }, 60_000);
});

/** A two-port switch whose error and discard counters move (Counter32, per second). */
function errorSwitch(): string {
  const T = '1.3.6.1.2.1.2.2.1';
  const X = '1.3.6.1.2.1.31.1.1.1';
  const n = (tag: number, rate: number) => `${tag}:numeric|initial=0,rate=${rate},wrap=1`;
  const rows: Array<[string, string]> = [
    ['1.3.6.1.2.1.1.1.0', '4|switch with bad cables'], ['1.3.6.1.2.1.1.3.0', '67:numeric|rate=100,initial=0'], ['1.3.6.1.2.1.1.5.0', '4|errsw'],
    ['1.3.6.1.2.1.2.1.0', '2|2'],
  ];
  for (const p of [1, 2]) {
    rows.push(
      [`${T}.1.${p}`, `2|${p}`], [`${T}.2.${p}`, `4|Gi0/${p}`], [`${T}.3.${p}`, '2|6'], [`${T}.5.${p}`, '66|1000000000'],
      [`${T}.7.${p}`, '2|1'], [`${T}.8.${p}`, '2|1'],
      [`${T}.10.${p}`, n(65, 10_000)], [`${T}.13.${p}`, n(65, p === 1 ? 40 : 0)], [`${T}.14.${p}`, n(65, p === 1 ? 20 : 0)],
      [`${T}.16.${p}`, n(65, 5_000)], [`${T}.19.${p}`, n(65, p === 1 ? 10 : 0)], [`${T}.20.${p}`, n(65, p === 1 ? 5 : 0)],
      [`${X}.1.${p}`, `4|Gi0/${p}`], [`${X}.6.${p}`, n(70, 10_000)], [`${X}.10.${p}`, n(70, 5_000)], [`${X}.15.${p}`, '66|1000'], [`${X}.18.${p}`, `4|port ${p}`],
    );
  }
  const key = (oid: string) => oid.split('.').map((x) => x.padStart(10, '0')).join('.');
  return rows.sort((a, b) => (key(a[0]) < key(b[0]) ? -1 : 1)).map(([o, v]) => `${o}|${v}`).join('\n') + '\n';
}

describe.skipIf(!!snmpsimMissing())('errors and discards (snmpsim, counters that move)', () => {
  let sim: SnmpsimPeer;
  beforeAll(async () => {
    sim = await startSnmpsim({ devices: 1, ports: 2, port: SIM, extra: { errsw: errorSwitch() } });
  }, 60_000);
  afterAll(async () => sim?.stop());

  it('are stored as per-second series per port (like the octets) and shown as live rates', async () => {
    const tc = start({ snmpTimeoutMs: 3000, snmpRetries: 1, ping: { count: 1, timeoutMs: 300 } });
    const c = tc.caller(actor('technician'));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: SIM, community: 'errsw', name: 'sw-err', intervalS: 3600 });
    await until('pollers running', () => tc.core.services.pollers.isRunning);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const ifs = (await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces;
    expect(ifs.map((i) => i.ifIndex)).toEqual([1, 2]);
    await sleep(2100);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    tc.core.services.metrics.flush();

    const live = await c.monitoring.live({ deviceId: sw.deviceId });
    const bad = live.interfaces.find((i) => i.ifIndex === 1)!;
    const clean = live.interfaces.find((i) => i.ifIndex === 2)!;
    // the simulator's rates: in errors 20/s, out errors 5/s, in discards 40/s, out discards 10/s (its clock jitters a little)
    expect(bad.inErrPs).toBeGreaterThan(14);
    expect(bad.inErrPs).toBeLessThan(26);
    expect(bad.outErrPs).toBeGreaterThan(3);
    expect(bad.outErrPs).toBeLessThan(7);
    expect(bad.inDiscPs).toBeGreaterThan(30);
    expect(bad.inDiscPs).toBeLessThan(50);
    expect(bad.outDiscPs).toBeGreaterThan(7);
    expect(bad.outDiscPs).toBeLessThan(13);
    expect(clean).toMatchObject({ inErrPs: 0, outErrPs: 0, inDiscPs: 0, outDiscPs: 0 });

    const port1 = ifs.find((i) => i.ifIndex === 1)!;
    // one series per port: a = errors/s (in + out, 25), b = discards/s (in + out, 50)
    const series = tc.core.services.metrics.graph(`ifErr:${port1.id}`, 'day')!;
    expect(series.t).toHaveLength(1);
    expect(series.a[0]).toBeGreaterThan(18);
    expect(series.a[0]).toBeLessThan(32);
    expect(series.b[0]).toBeGreaterThan(38);
    expect(series.b[0]).toBeLessThan(62);
    const other = tc.core.services.metrics.graph(`ifErr:${ifs.find((i) => i.ifIndex === 2)!.id}`, 'day')!;
    expect([other.a[0], other.b[0]]).toEqual([0, 0]);
  }, 60_000);
});
