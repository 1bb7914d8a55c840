// The fallback console driver: the real `ipmitool … sol activate` in a node-pty against
// ipmi_sim (UDP 29730, fake serial TCP 29731), through the same console service and log.
// The password must reach ipmitool through its environment, never its command line.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IpmiClient, IpmiSessionManager } from '../../../../src-main/protocols/ipmi/index';
import { actor, type TestCore } from '../../helpers';
import { ipmiSimAvailable, ipmiSimMissingReason, type IpmiSim } from '../../../peers/ipmi-sim';
import { BMC_PASSWORD, bmcCore, serverWithBmc, sleep, startSim, waitFor } from '../bmc/setup';
import { attach, type Terminal } from './watch';

if (!ipmiSimAvailable) console.warn(ipmiSimMissingReason);

const PORT = 29730;
const SOL_PORT = 29731;
const tina = actor('technician', 'tina');

/** ipmitool processes of this test's BMC: pid, argv, environment. */
function ipmitoolProcesses(): Array<{ pid: number; argv: string[]; env: string[] }> {
  const out: Array<{ pid: number; argv: string[]; env: string[] }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').filter(Boolean);
      if (!argv[0]?.endsWith('ipmitool') || !argv.includes(String(PORT))) continue;
      out.push({ pid: Number(name), argv, env: readFileSync(`/proc/${name}/environ`, 'latin1').split('\0') });
    } catch (_err) {
      // the process ended while we looked
    }
  }
  return out;
}

describe.skipIf(!ipmiSimAvailable)('ipmitool console driver in a pty (ipmi_sim)', () => {
  let sim: IpmiSim;
  let t: TestCore;
  let terms: Terminal[] = [];

  beforeAll(async () => {
    sim = await startSim(PORT, SOL_PORT);
  });
  afterAll(async () => {
    await sim?.stop();
  });
  beforeEach(() => {
    t = bmcCore();
    terms = [];
  });
  afterEach(async () => {
    for (const term of terms) await term.close();
    await t.core.services.consoles.closeAll();
    await t.core.services.bmc.close();
    t.close();
  });

  it('opens `ipmitool sol activate` with the password in its environment only; typing reaches the serial port', async () => {
    const { device } = await serverWithBmc(t, sim, { consoleDriver: 'ipmitool' });
    const a = await attach(t, tina, device.id);
    terms.push(a);
    const s = await a.waitStatus((x) => x.state === 'open', 20_000);
    expect(s).toMatchObject({ driver: 'ipmitool', label: `ipmitool 127.0.0.1:${PORT}` });
    await a.waitOutput(/SOL Session operational/);

    const [proc, ...more] = ipmitoolProcesses();
    expect(more).toEqual([]);
    expect(proc!.argv).toEqual(['ipmitool', '-I', 'lanplus', '-H', '127.0.0.1', '-p', String(PORT), '-U', 'admin', '-E', '-C', '3', '-L', 'ADMINISTRATOR', 'sol', 'activate']);
    expect(proc!.argv.join(' ')).not.toContain(BMC_PASSWORD);
    expect(proc!.env).toContain(`IPMI_PASSWORD=${BMC_PASSWORD}`);

    await a.api.console.write({ deviceId: device.id, watcherId: a.watcherId, data: 'through-pty\r' });
    await waitFor('the serial port to receive the line', () => /RX line: through-pty/.test(sim.read('serial.log')));
    await a.waitOutput(/ECHO:through-pty/);
    sim.write('sol_inject', 'host output via ipmitool\n');
    await a.waitOutput(/host output via ipmitool/);

    // disconnect ends ipmitool with its escape (~.), which deactivates SOL on the BMC
    await a.api.console.disconnect({ deviceId: device.id, watcherId: a.watcherId });
    await a.waitEnded();
    await waitFor('ipmitool to exit', () => ipmitoolProcesses().length === 0);
    const [log] = await a.api.console.logs({ deviceId: device.id });
    const { text } = await a.api.console.readLog({ id: log!.id });
    expect(text).toContain('ECHO:through-pty');
    expect(text).not.toContain(BMC_PASSWORD);

    // SOL is free again: the built-in driver opens without a take-over
    await t.caller(tina).bmc.set({ deviceId: device.id, address: sim.addr, port: PORT, username: 'admin', consoleDriver: 'sol' });
    const b = await attach(t, tina, device.id);
    terms.push(b);
    await b.waitStatus((x) => x.state === 'open');
  });

  it('reports "SOL already active" from ipmitool and takes the session over when asked', async () => {
    const { device } = await serverWithBmc(t, sim, { consoleDriver: 'ipmitool' });
    const manager = new IpmiSessionManager({ timeoutMs: 400, retries: 2, cipherSuiteProbeMs: 100 });
    const other = new IpmiClient({ host: sim.addr, port: PORT, username: 'admin', password: BMC_PASSWORD, cipherSuites: [3] }, { manager });
    const stale = await other.sol({ onData: () => undefined, takeOver: true });
    try {
      const a = await attach(t, tina, device.id);
      terms.push(a);
      const ended = await a.waitEnded(20_000);
      expect(ended).toMatchObject({ code: 'sol-active' });
      const b = await attach(t, tina, device.id, { takeOver: true });
      terms.push(b);
      await b.waitStatus((x) => x.state === 'open', 20_000);
      // ipmi_sim quirk seen here: after several consoles came and went, the first SOL packet of
      // a new one can be taken for a retransmission (same sequence number as the last packet it
      // saw), ACKed and dropped. A lone CR first, as a person presses Enter to wake a console.
      await b.api.console.write({ deviceId: device.id, watcherId: b.watcherId, data: '\r' });
      await sleep(300);
      await b.api.console.write({ deviceId: device.id, watcherId: b.watcherId, data: 'taken-over\r' });
      await waitFor('the serial port to receive the line', () => /RX line: taken-over/.test(sim.read('serial.log')));
      await b.api.console.disconnect({ deviceId: device.id, watcherId: b.watcherId });
      await waitFor('ipmitool to exit', () => ipmitoolProcesses().length === 0);
    } finally {
      await stale.close();
      await manager.closeAll();
    }
  });
});
