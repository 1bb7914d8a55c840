// The IPMI items of staging QA run against a real BMC (ipmi_sim on UDP 29750): "BMC answers",
// "sensors in range", "SEL has no critical entries" — through the staging API as a technician
// on the floor runs them.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actor, type TestCore } from '../../helpers';
import { ipmiSimAvailable, ipmiSimMissingReason, type IpmiSim } from '../../../peers/ipmi-sim';
import { bmcCore, startSim, waitFor, BMC_PASSWORD } from './setup';

if (!ipmiSimAvailable) console.warn(ipmiSimMissingReason);

const tech = actor('technician', 'tina');
const IPMI_ITEMS = ['bmc-reachable', 'sensors', 'sel-clean'];

describe.skipIf(!ipmiSimAvailable)('staging QA checks of the IPMI domain', () => {
  let sim: IpmiSim;
  let t: TestCore;

  beforeAll(async () => {
    sim = await startSim(29750);
  });
  afterAll(async () => {
    await sim?.stop();
  });
  beforeEach(() => {
    t = bmcCore();
  });
  afterEach(async () => {
    await t.core.services.bmc.close();
    t.close();
  });

  async function runChecks(deviceId: string) {
    const api = t.caller(tech);
    const view = await api.staging.open({ deviceId });
    const done = await api.staging.runAutomatic({ runId: view.run!.id });
    return Object.fromEntries(done.items.filter((i) => IPMI_ITEMS.includes(i.key)).map((i) => [i.key, { status: i.status, detail: i.result?.detail ?? '' }]));
  }

  it('are registered, say why they cannot run without a BMC, and check the real BMC once it is set', async () => {
    const api = t.caller(tech);
    const kinds = await api.staging.checkKinds();
    for (const k of ['ipmi.bmc-reachable', 'ipmi.sensors-in-range', 'ipmi.sel-clean']) expect(kinds.find((x) => x.kind === k)?.available).toBe(true);

    const device = await api.inventory.create({ name: 'srv-qa', type: 'server', status: 'staging' });
    const before = await runChecks(device.id);
    expect(before['bmc-reachable']).toMatchObject({ status: 'pending', detail: expect.stringMatching(/No BMC is configured/) });

    await api.bmc.set({ deviceId: device.id, address: sim.addr, port: sim.port, username: 'admin', password: BMC_PASSWORD });
    sim.write('cpu_temp.val', '45\n');
    const ok = await runChecks(device.id);
    expect(ok['bmc-reachable']).toMatchObject({ status: 'passed', detail: expect.stringMatching(/answers over RMCP\+ \(IPMI 2\.0/) });
    expect(ok.sensors).toMatchObject({ status: 'passed', detail: expect.stringMatching(/All \d+ readable sensors are within their thresholds/) });
    // ipmi_sim starts with a critical entry in its SEL (CPU Temp upper critical)
    expect(ok['sel-clean']).toMatchObject({ status: 'failed', detail: expect.stringMatching(/1 critical entry/) });

    sim.write('cpu_temp.val', '99\n');
    await waitFor('CPU Temp at 99', async () => (await api.bmc.refresh({ deviceId: device.id })).sensors.find((s) => s.name === 'CPU Temp' && s.value === 99));
    const hot = await runChecks(device.id);
    expect(hot.sensors).toMatchObject({ status: 'failed', detail: expect.stringMatching(/1 sensor is out of range: CPU Temp 99 degrees C \(cr\)/) });
    sim.write('cpu_temp.val', '45\n');
    await waitFor('CPU Temp at 45', async () => (await api.bmc.refresh({ deviceId: device.id })).sensors.find((s) => s.name === 'CPU Temp' && s.value === 45));
    await api.bmc.selClear({ deviceId: device.id, reason: 'QA: fixed' });
    const clean = await runChecks(device.id);
    expect(clean).toMatchObject({ sensors: { status: 'passed' }, 'sel-clean': { status: 'passed', detail: expect.stringMatching(/none critical/) } });

    // a wrong password fails the reachability item with the reason
    await api.bmc.set({ deviceId: device.id, address: sim.addr, port: sim.port, username: 'admin', password: 'wrong' });
    expect((await runChecks(device.id))['bmc-reachable']).toMatchObject({ status: 'failed', detail: expect.stringMatching(/refused the login/) });
  });
});
