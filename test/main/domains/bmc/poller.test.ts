// Scheduled IPMI polling against two real ipmi_sim BMCs (UDP 29740, 29741): every server with a
// BMC is polled on its interval (FakeClock moves the schedule, the BMCs answer in real time),
// through one session per BMC reused from poll to poll, with
// alarms from what changed, and nothing left open at the BMC after stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getChannelInfo } from '../../../../src-main/protocols/ipmi/commands/app/get-channel-info';
import { IpmiClient } from '../../../../src-main/protocols/ipmi/index';
import { type TestCore } from '../../helpers';
import { ipmiSimAvailable, ipmiSimMissingReason, ipmitool, type IpmiSim } from '../../../peers/ipmi-sim';
import { BMC_PASSWORD, bmcCore, serverWithBmc, startSim, waitFor } from './setup';

if (!ipmiSimAvailable) console.warn(ipmiSimMissingReason);

async function activeSessions(sim: IpmiSim): Promise<number> {
  const c = new IpmiClient({ host: sim.addr, port: sim.port, username: 'admin', password: BMC_PASSWORD, cipherSuites: [3] });
  try {
    return (await c.call(getChannelInfo, { channel: 0x0e })).activeSessions;
  } finally {
    await c.close();
  }
}

describe.skipIf(!ipmiSimAvailable)('IPMI poller against ipmi_sim', () => {
  let sims: IpmiSim[] = [];
  let t: TestCore;

  beforeAll(async () => {
    sims = await Promise.all([startSim(29740), startSim(29741)]);
  });
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.stop()));
  });

  it('polls every BMC on schedule through reused sessions, raises alarms, and leaves no session behind', async () => {
    const [s1, s2] = sims as [IpmiSim, IpmiSim];
    const before = await Promise.all(sims.map(activeSessions));
    t = bmcCore({ ipmi: { enabled: true, maxInFlight: 1 } });
    try {
      const bmc = t.core.services.bmc;
      const poller = t.core.services.ipmiPoller;
      expect(poller.isRunning).toBe(true);
      const { device: d1 } = await serverWithBmc(t, s1);
      const { device: d2 } = await serverWithBmc(t, s2, { pollIntervalS: 30 });
      t.clock.advance(300); // the configuration change is picked up
      expect(poller.stats().jobs).toBe(2);

      // first round: each job fires at its phase within its interval
      t.clock.advance(60_000);
      await waitFor('both BMCs polled', () => bmc.repo.reading(d1.id)?.okAt && bmc.repo.reading(d2.id)?.okAt);
      expect(bmc.hardware(d1.id)).toMatchObject({ powerOn: true, error: null });
      expect(bmc.hardware(d2.id).sensors.find((s) => s.name === 'CPU Temp')?.value).toBe(45);

      // more rounds: the same two sessions serve every poll
      const firstPoll = bmc.repo.reading(d1.id)!.polledAt;
      for (let i = 0; i < 3; i++) {
        t.clock.advance(60_000);
        await waitFor('another poll of d1', () => bmc.repo.reading(d1.id)!.polledAt > firstPoll + i * 60_000 && poller.stats().inFlight === 0);
      }
      expect(poller.stats().runs).toBeGreaterThanOrEqual(6);
      expect(poller.stats().errors).toBe(0);
      expect(bmc.manager.opened).toBe(2);
      expect(bmc.manager.size).toBe(2);

      // a sensor crossing and a power change seen by the schedule, not by a person
      s1.write('cpu_temp.val', '99\n');
      await ipmitool(s2, ['chassis', 'power', 'off'], { pass: BMC_PASSWORD });
      await waitFor('CPU Temp alarm and power alarm', async () => {
        t.clock.advance(60_000);
        await waitFor('the round to finish', () => poller.stats().inFlight === 0 && poller.stats().queued === 0);
        const keys = t.core.services.alarms.active().map((a) => a.key);
        return keys.includes(`ipmi:sensor:${d1.id}:CPU Temp`) && keys.includes(`ipmi:power:${d2.id}`);
      }, 20_000);
      expect(t.core.services.alarms.active().find((a) => a.key === `ipmi:power:${d2.id}`)).toMatchObject({ state: 'CRITICAL', deviceId: d2.id });
      s1.write('cpu_temp.val', '45\n');
      await ipmitool(s2, ['chassis', 'power', 'on'], { pass: BMC_PASSWORD });

      // polling turned off for one server: its job goes; removing the other's BMC: none left
      await t.caller().bmc.set({ deviceId: d2.id, address: s2.addr, port: s2.port, username: 'admin', pollEnabled: false });
      t.clock.advance(300);
      expect(poller.scheduler.keys()).toEqual([`ipmi:${d1.id}`]);
      await t.caller().bmc.remove({ deviceId: d1.id });
      t.clock.advance(300);
      expect(poller.stats().jobs).toBe(0);
      expect(bmc.repo.reading(d1.id)).toBeNull();

      await poller.stop();
      await bmc.close();
      expect(bmc.manager.size).toBe(0);
      // the BMCs count as many sessions as before: every session was closed on the BMC too
      expect(await Promise.all(sims.map(activeSessions))).toEqual(before);
    } finally {
      t.close();
    }
  });

  it('a silent BMC is retried sooner and raises an UNKNOWN alarm after three failed polls', async () => {
    t = bmcCore({ ipmi: { enabled: true, retryMs: 20_000, session: { timeoutMs: 100, retries: 0, cipherSuiteProbeMs: 50 } } });
    try {
      const api = t.caller();
      const device = await api.inventory.create({ name: 'srv-silent', type: 'server' });
      await api.bmc.set({ deviceId: device.id, address: '127.0.0.1', port: 29749, username: 'admin', password: 'x' });
      t.clock.advance(60_300);
      const bmc = t.core.services.bmc;
      await waitFor('a failed poll', () => bmc.repo.reading(device.id)?.failures === 1);
      expect(bmc.hardware(device.id).error).toMatch(/does not answer/);
      for (const n of [2, 3]) {
        t.clock.advance(20_000); // the retry interval, not the full minute
        await waitFor(`failure ${n}`, () => bmc.repo.reading(device.id)?.failures === n);
      }
      expect(t.core.services.alarms.active().find((a) => a.key === `ipmi:bmc:${device.id}`)).toMatchObject({ state: 'UNKNOWN', label: 'srv-silent BMC' });
      await t.core.services.ipmiPoller.stop();
    } finally {
      await t.core.services.bmc.close();
      t.close();
    }
  });
});
