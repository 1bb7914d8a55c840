// Integration tests against the real OpenIPMI simulator (ipmi_sim), cross-checked with
// ipmitool -I lanplus -C 3 on the same simulator. ipmi_sim has no cipher suite 17, so suite 3
// is what is proven end to end here (suite 17 is proven by known-answer vectors in keys.test.ts).
// UDP port 29610 (BMC), TCP 29611 (fake serial behind SOL), 29612 (a port where nobody answers).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IpmiClient, IpmiSessionManager, RmcpPlusSession, isIpmiError, presencePing, type SensorReading } from '../../../../src-main/protocols/ipmi/index';
import { getChannelInfo } from '../../../../src-main/protocols/ipmi/commands/app/get-channel-info';
import { ipmiSimAvailable, ipmiSimMissingReason, ipmitool, startIpmiSim, type IpmiSim } from '../../../peers/ipmi-sim';

const PORT = 29610;
const SOL_PORT = 29611;
const SILENT_PORT = 29612;

if (!ipmiSimAvailable) console.warn(ipmiSimMissingReason);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(!ipmiSimAvailable)('IPMI client against ipmi_sim', () => {
  let sim: IpmiSim;
  let manager: IpmiSessionManager;
  let bmc: IpmiClient;
  const target = () => ({ host: sim.addr, port: sim.port, username: 'admin', password: 'secret' });

  beforeAll(async () => {
    sim = await startIpmiSim(PORT, { solPort: SOL_PORT });
    manager = new IpmiSessionManager({ timeoutMs: 500, retries: 2 });
    bmc = new IpmiClient(target(), { manager });
  });

  afterAll(async () => {
    await manager?.closeAll();
    await sim?.stop();
  });

  it('answers an RMCP presence ping, announcing IPMI', async () => {
    const pong = await presencePing(sim.addr, { port: sim.port, timeoutMs: 500 });
    expect(pong.ipmiSupported).toBe(true);
    expect(pong.iana).toBe(4542);
  });

  it('negotiates cipher suite 3 when 17 is refused, at administrator privilege', async () => {
    const s = await RmcpPlusSession.open({ ...target(), cipherSuiteProbeMs: 100 });
    try {
      expect(s.cipherSuite?.id).toBe(3);
      expect(s.privilege).toBe(4);
      expect(s.handshake?.bmcCipherSuites).toBeUndefined(); // ipmi_sim never answers the probe
      expect(s.warnings.map((w) => w.code)).toContain('bmc-ipmi15-auth-none-enabled');
    } finally {
      await s.close();
    }
    expect(s.state).toBe('closed');
  });

  it('reports the same chassis status as ipmitool', async () => {
    const st = await bmc.chassisStatus();
    const out = await ipmitool(sim, ['chassis', 'status']);
    expect(out).toMatch(new RegExp(`System Power\\s+: ${st.powerOn ? 'on' : 'off'}`));
    expect(out).toMatch(new RegExp(`Power Restore Policy\\s+: ${st.restorePolicy}`));
  });

  it('powers off, on, cycles, resets and soft-shuts down the simulated host', async () => {
    await bmc.power('off');
    expect((await bmc.power('status')).powerOn).toBe(false);
    expect(sim.read('power.state').trim()).toBe('0');
    expect(await ipmitool(sim, ['chassis', 'power', 'status'])).toContain('Chassis Power is off');
    await bmc.power('on');
    expect((await bmc.power('status')).powerOn).toBe(true);
    expect(await ipmitool(sim, ['chassis', 'power', 'status'])).toContain('Chassis Power is on');
    const before = sim.read('chassis.log').length;
    await bmc.power('cycle');
    // ipmi_sim powers off at once and back on about a second later
    await waitFor('power back on after cycle', () => /set power 0[\s\S]*set power 1/.test(sim.read('chassis.log').slice(before)) || undefined);
    expect((await bmc.power('status')).powerOn).toBe(true);
    await bmc.power('reset');
    expect(sim.read('chassis.log').slice(before)).toMatch(/set reset 1/);
    expect((await bmc.power('status')).powerOn).toBe(true);
    await bmc.power('soft');
    expect((await bmc.power('status')).powerOn).toBe(false);
    await bmc.power('on');
  });

  it('reads the sensors with the names, values and units ipmitool shows', async () => {
    const ours = await bmc.sensors();
    const list = await ipmitool(sim, ['sdr', 'list']);
    const theirs = list.trim().split('\n').map((l) => l.split('|').map((x) => x.trim()));
    expect(ours.map((s) => s.name)).toEqual(theirs.map((t) => t[0]));
    for (const t of theirs) {
      const s = ours.find((o) => o.name === t[0]) as SensorReading;
      const [num, ...unit] = (t[1] as string).split(' ');
      expect(s.value).toBeCloseTo(Number(num), 3);
      expect(s.unit).toBe(unit.join(' '));
      expect(s.status).toBe(t[2]);
    }
    const cpu = ours.find((s) => s.name === 'CPU Temp');
    expect(cpu?.thresholds).toEqual({ unc: 85, uc: 95, unr: 105 });
    const volts = ours.find((s) => s.name === '12V Rail');
    expect(volts?.value).toBe(12);
  });

  it('sees a threshold crossing: CPU Temp at 99 C is critical', async () => {
    sim.write('cpu_temp.val', '99\n');
    const cpu = await waitFor('CPU Temp at 99', async () => (await bmc.sensors()).find((s) => s.name === 'CPU Temp' && s.value === 99));
    expect(cpu.status).toBe('cr');
    const line = (await ipmitool(sim, ['sdr', 'list'])).split('\n').find((l) => l.startsWith('CPU Temp')) ?? '';
    expect(line).toMatch(/99 degrees C\s+\| cr/);
    sim.write('cpu_temp.val', '45\n');
    await waitFor('CPU Temp back to 45', async () => (await bmc.sensors()).find((s) => s.name === 'CPU Temp' && s.value === 45));
  });

  it('lists the SEL like ipmitool, then clears it', async () => {
    const entries = await bmc.selList();
    const theirs = (await ipmitool(sim, ['sel', 'list'])).trim().split('\n').filter((l) => l.includes('|'));
    expect(entries.length).toBe(theirs.length);
    expect(entries.length).toBeGreaterThan(0);
    const first = entries[0];
    expect(first?.sensorTypeName).toBe('Temperature');
    expect(theirs[0]).toContain('Upper Critical going high');
    expect(first?.description).toContain('Upper Critical going high');
    await bmc.selClear();
    expect(await bmc.selList()).toEqual([]);
    expect((await bmc.selInfo()).entries).toBe(0);
    expect(await ipmitool(sim, ['sel', 'list'])).not.toContain('|'); // ipmitool: "SEL has no entries" (stderr)
  });

  it('sets the next boot device (pxe, disk, bios)', async () => {
    for (const [dev, state, label] of [['pxe', 'pxe', 'Force PXE'], ['disk', 'default', 'Force Boot from default Hard-Drive'], ['bios', 'bios', 'Force Boot into BIOS Setup']] as const) {
      await bmc.setBootDevice(dev);
      expect(sim.read('boot.state').trim()).toBe(state);
      expect((await bmc.bootFlags()).device).toBe(dev);
      expect(await ipmitool(sim, ['chassis', 'bootparam', 'get', '5'])).toContain(label);
    }
  });

  it('reads the LAN configuration ipmitool prints', async () => {
    const lan = await bmc.lanConfig();
    const out = await ipmitool(sim, ['lan', 'print', String(lan.channel)]);
    expect(lan.channel).toBe(1);
    expect(out).toMatch(new RegExp(`IP Address\\s+: ${lan.ipAddress?.replace(/\./g, '\\.')}`));
    expect(out).toMatch(new RegExp(`MAC Address\\s+: ${lan.macAddress}`));
    expect(out).toMatch(new RegExp(`Default Gateway IP\\s+: ${lan.defaultGateway?.replace(/\./g, '\\.')}`));
    expect(lan.ipAddressSource).toBe('static');
  });

  it('fails with "authentication failed" at once on a wrong password, not a timeout', async () => {
    const t0 = Date.now();
    const err = await RmcpPlusSession.open({ ...target(), password: 'wrong', cipherSuites: [3] }).catch((e: unknown) => e);
    expect(isIpmiError(err, 'auth-failed')).toBe(true);
    expect((err as Error).message).toMatch(/authentication failed/);
    expect(Date.now() - t0).toBeLessThan(400);
  });

  it('fails with "authentication failed" for an unknown user', async () => {
    const err = await RmcpPlusSession.open({ ...target(), username: 'nobody', cipherSuites: [3] }).catch((e: unknown) => e);
    expect(isIpmiError(err, 'auth-failed')).toBe(true);
    expect((err as Error).message).toMatch(/nobody/);
  });

  it('refuses cipher suite 0 itself (ipmi_sim would accept it with any password)', async () => {
    const err = await RmcpPlusSession.open({ ...target(), password: 'anything', cipherSuites: [0] }).catch((e: unknown) => e);
    expect(isIpmiError(err, 'insecure-refused')).toBe(true);
    // with the explicit per-BMC permission it works, and says so
    const s = await RmcpPlusSession.open({ ...target(), password: 'anything', cipherSuites: [0], allowInsecure: { cipherSuite0: true } });
    expect(s.cipherSuite?.id).toBe(0);
    expect(s.warnings.map((w) => w.code)).toContain('cipher-suite-0');
    await s.close();
  });

  it('says plainly when the BMC offers no acceptable cipher suite (17 only)', async () => {
    const err = await RmcpPlusSession.open({ ...target(), cipherSuites: [17] }).catch((e: unknown) => e);
    expect(isIpmiError(err, 'no-cipher-suite')).toBe(true);
    expect((err as Error).message).toMatch(/invalid authentication algorithm/);
  });

  it('times out on a silent BMC after the configured retries, naming host:port', async () => {
    const t0 = Date.now();
    const err = await RmcpPlusSession.open({ host: '127.0.0.1', port: SILENT_PORT, username: 'admin', password: 'x', timeoutMs: 150, retries: 2 }).catch((e: unknown) => e);
    expect(isIpmiError(err, 'timeout')).toBe(true);
    expect((err as Error).message).toContain(`127.0.0.1:${SILENT_PORT}`);
    expect((err as Error).message).toContain('3 attempt(s)');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(440);
  });

  it('shares one session between concurrent callers and leaks none after closeAll', async () => {
    const activeBefore = (await bmc.call(getChannelInfo, { channel: 0x0e })).activeSessions;
    const m = new IpmiSessionManager();
    const clients = Array.from({ length: 8 }, () => new IpmiClient(target(), { manager: m }));
    const results = await Promise.all(clients.flatMap((c) => [c.chassisStatus(), c.deviceId()]));
    expect(results).toHaveLength(16);
    expect((await bmc.call(getChannelInfo, { channel: 0x0e })).activeSessions).toBe(activeBefore + 1);
    expect(m.opened).toBe(1);
    expect(m.size).toBe(1);
    await m.closeAll();
    expect(m.size).toBe(0);
    // the BMC counts as many active sessions as before: the shared one was closed on the BMC too
    const info = await bmc.call(getChannelInfo, { channel: 0x0e });
    expect(info.activeSessions).toBe(activeBefore);
  });

  it('runs a Serial-over-LAN round trip through the fake serial port', async () => {
    let received = '';
    const sol = await bmc.sol({ onData: (b) => { received += Buffer.from(b).toString('latin1'); }, takeOver: true });
    const token = `tok${process.pid}`;
    sol.write(`typed ${token}-in\r`);
    await waitFor('serial side to log the typed line', () => sim.read('serial.log').includes(`RX line: typed ${token}-in`) || undefined);
    await waitFor('the serial reply through SOL', () => received.includes(`ECHO:typed ${token}-in`) || undefined);
    // the "host" prints something on its console
    sim.write('sol_inject', `host says ${token}-out\n`);
    await waitFor('injected text through SOL', () => received.includes(`host says ${token}-out`) || undefined);
    expect(sol.counters.retransmits).toBe(0);
    // a BREAK reaches the serial side (ipmi_sim sends it as telnet IAC BRK, ff f3, and only
    // together with the next characters it forwards, hence the CR after it)
    sol.sendBreak();
    sol.write('\r');
    await waitFor('BREAK on the serial side', () => readFileSync(join(sim.dir, 'serial.log.raw')).includes(Buffer.from([0xff, 0xf3])) || undefined);
    // a second console without takeOver is refused; with takeOver it wins
    const other = new IpmiClient(target(), { manager: new IpmiSessionManager() });
    const err = await other.sol({ onData: () => undefined }).catch((e: unknown) => e);
    expect(isIpmiError(err, 'sol')).toBe(true);
    const taken = await other.sol({ onData: () => undefined, takeOver: true });
    await taken.close();
    await other.close();
    await sol.close();
  });
});
