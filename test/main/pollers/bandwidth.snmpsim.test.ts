// Bandwidth alarms through the pollers against a simulated switch (snmpsim, started by the
// test; gen.py's traffic model: port p of device d receives 1000·p + d bytes/s): a customer's
// set of ports against its one commit raises its levels once per crossing, not on every
// poll; a port well under its own commit raises nothing; removing the group clears its alarm. Port 26270 is this file's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import type { EngineEvent } from '../../../src-main/alarms/types';
import { snmpsimMissing, startSnmpsim, type SnmpsimPeer } from '../../peers/snmpsim';
import { makeCustomer } from '../domains/customers/fixtures';
import { actor, makeCore, type TestCore } from '../helpers';

const SIM = 26270;
const missing = snmpsimMissing();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!!missing)('bandwidth alarms from real polls (snmpsim)', () => {
  let sim: SnmpsimPeer;
  let t: TestCore;
  beforeAll(async () => {
    sim = await startSnmpsim({ devices: 1, port: SIM });
  }, 60_000);
  afterAll(async () => sim?.stop());
  afterEach(async () => {
    await t.core.services.pollers.stop();
    t.close();
  });

  it("a customer's ports together against one commit: 80, 100 and 101 % raised once each, one alarm, not re-raised by later polls", async () => {
    t = makeCore({ clock: systemClock, monitoring: { enabled: true, trapPort: null, snmpTimeoutMs: 3000, snmpRetries: 1, ping: { count: 1, timeoutMs: 300 } } });
    const c = t.caller(actor('admin'));
    const events: EngineEvent[] = [];
    t.core.services.alarms.engine.onEvents((e) => events.push(...e));
    const sw = await c.monitoring.add({ address: '127.0.0.1', port: SIM, community: sim.communities[0]!, name: 'sw-sim', intervalS: 3600 });
    for (let i = 0; i < 100 && !t.core.services.pollers.isRunning; i++) await sleep(20);
    await c.monitoring.pollNow({ deviceId: sw.deviceId });
    const ifs = (await c.monitoring.detail({ deviceId: sw.deviceId })).interfaces;
    const port = (n: number) => ifs.find((i) => i.ifIndex === n)!;
    expect(ifs).toHaveLength(48);

    // ports 10 and 20 receive (10,001 + 20,001) B/s = 240 kbit/s together: 150 % of a 0.16 Mbit/s commit
    // (the simulator's skew on a loaded machine stays far from the 101 % line)
    const customer = makeCustomer(t, { name: 'Acme' });
    const group = await c.monitoring.createPortGroup({ name: 'Acme uplinks', customerId: customer.id, interfaceIds: [port(10).id, port(20).id], committedMbps: 0.16 });
    // port 1 alone: 8 kbit/s of a 1 Mbit/s commit, under every level
    await c.monitoring.updateInterface({ id: port(1).id, committedMbps: 1 });
    await sleep(400); // the pollers read the new configuration (200 ms debounce)

    for (let i = 0; i < 3; i++) {
      await sleep(2000);
      await c.monitoring.pollNow({ deviceId: sw.deviceId });
    }
    const key = `bw:grp:${group.id}`;
    const crossings = events.flatMap((e) => (e.type === 'bandwidth' && e.crossing.key === key ? [e.crossing] : []));
    expect(crossings.map((x) => x.level)).toEqual([80, 100, 101]); // once each, over three rated polls
    expect(crossings[0]).toMatchObject({ customerId: customer.id, interfaceIds: [port(10).id, port(20).id], committedMbps: 0.16 });
    expect(crossings[0]!.usagePct).toBeGreaterThan(110);

    const alarm = t.core.services.alarms.active().find((a) => a.key === key)!;
    expect(alarm).toMatchObject({ state: 'CRITICAL', level: 101, subjectKind: 'bandwidth', label: 'Acme uplinks (2 ports) bandwidth' });
    expect(alarm.message).toMatch(/% of the 0.16 Mbit\/s commit/);
    expect(t.core.services.alarms.timeline(alarm.id).filter((e) => e.kind === 'raised')).toHaveLength(1);
    expect(t.core.services.alarms.active().some((a) => a.key === `bw:if:${port(1).id}`)).toBe(false);

    // the group removed: its alarm clears (nothing is left watching those ports together)
    await c.monitoring.removePortGroup({ id: group.id });
    for (let i = 0; i < 50 && t.core.services.alarms.active().some((a) => a.key === key); i++) await sleep(20);
    expect(t.core.services.alarms.active().some((a) => a.key === key)).toBe(false);
    expect(t.core.services.alarms.timeline(alarm.id).map((e) => e.kind)).toContain('cleared');
  }, 60_000);
});
