// The BMC procedures against a real ipmi_sim (UDP 29700, SOL TCP 29701): configuration with
// sealed secrets, the Hardware section (power, sensors, SEL), power and boot actions with
// their audit entries, alarms on power changes and sensor crossings, roles.
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actor, type TestCore } from '../../helpers';
import { ipmiSimAvailable, ipmiSimMissingReason, ipmitool, type IpmiSim } from '../../../peers/ipmi-sim';
import { BMC_PASSWORD, bmcCore, serverWithBmc, startSim, waitFor } from './setup';

if (!ipmiSimAvailable) console.warn(ipmiSimMissingReason);

const PORT = 29700;
const admin = actor('admin', 'ada');
const tech = actor('technician', 'tina');
const viewer = actor('viewer', 'vic');

function auditRows(t: TestCore, action: string): Array<{ actor: string; reason: string | null; after: string | null; row_id: string }> {
  return t.core.services.store.db.prepare(`SELECT actor, reason, after, row_id FROM audit WHERE action = ? ORDER BY id`).all(action) as Array<{ actor: string; reason: string | null; after: string | null; row_id: string }>;
}

/** The errors per field, as the form shows them (zod issues, or a domain error's field). */
async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string>> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof TRPCError)) throw new Error('expected the call to be refused');
  const cause = err.cause as { issues?: Array<{ path: Array<string | number>; message: string }>; field?: string; message: string } | undefined;
  if (cause?.issues) return Object.fromEntries(cause.issues.map((i) => [i.path.join('.'), i.message]));
  return { [cause?.field ?? '_']: cause?.message ?? err.message };
}

function activeAlarm(t: TestCore, key: string) {
  return t.core.services.alarms.active().find((a) => a.key === key) ?? null;
}

describe.skipIf(!ipmiSimAvailable)('bmc router against ipmi_sim', () => {
  let sim: IpmiSim;
  let t: TestCore;

  beforeAll(async () => {
    sim = await startSim(PORT);
  });
  afterAll(async () => {
    await sim?.stop();
  });
  beforeEach(() => {
    t = bmcCore();
    sim.write('cpu_temp.val', '45\n');
  });
  afterEach(async () => {
    await t.core.services.bmc.close();
    t.close();
  });

  it('stores a BMC with its password sealed; the API never returns it', async () => {
    const { api, device, bmc } = await serverWithBmc(t, sim);
    expect(bmc).toMatchObject({ deviceId: device.id, address: '127.0.0.1', port: PORT, username: 'admin', hasPassword: true, hasKg: false, cipherSuites: [17, 3], allowInsecure: false, consoleDriver: 'sol', secretProblem: null });
    expect(JSON.stringify(bmc)).not.toContain(BMC_PASSWORD);
    expect(JSON.stringify(await api.bmc.get({ deviceId: device.id }))).not.toContain(BMC_PASSWORD);
    expect(JSON.stringify(await api.bmc.list())).not.toContain(BMC_PASSWORD);
    // nowhere in the store in clear: not the row, not the audit, not the outbox
    const db = t.core.services.store.db;
    for (const table of ['bmc_configs', 'shared_secrets', 'audit', 'outbox']) {
      expect(JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all()), table).not.toContain(BMC_PASSWORD);
    }
    const sealed = db.prepare(`SELECT sealed AS password FROM shared_secrets WHERE purpose = 'bmc:' || ? || ':password'`).get(device.id) as { password: string };
    expect(sealed.password).toMatch(/^s1\./);
    expect(auditRows(t, 'set-bmc-secret')).toHaveLength(1);
    expect(auditRows(t, 'insert').some((r) => r.after?.includes('"address":"127.0.0.1"'))).toBe(true);
    // changing the address without a password keeps the stored one
    const again = await api.bmc.set({ deviceId: device.id, address: sim.addr, port: PORT, username: 'admin', pollIntervalS: 30 });
    expect(again.hasPassword).toBe(true);
    expect(again.pollIntervalS).toBe(30);
  });

  it('refuses bad settings next to the field, and says what to do', async () => {
    const api = t.caller(tech);
    const device = await api.inventory.create({ name: 'srv-bad', type: 'server' });
    const vm = await api.inventory.create({ name: 'vm-1', type: 'vm', hostId: device.id });
    const base = { deviceId: device.id, address: '127.0.0.1', port: PORT, username: 'admin', password: 'x' };
    expect(await fieldErrors(api.bmc.set({ ...base, cipherSuites: [0] }))).toEqual({ cipherSuites: expect.stringMatching(/allow insecure/) });
    expect(await fieldErrors(api.bmc.set({ ...base, username: '' }))).toEqual({ username: expect.stringMatching(/user name is required/) });
    expect(await fieldErrors(api.bmc.set({ ...base, password: 'x'.repeat(21) }))).toEqual({ password: expect.stringMatching(/20 bytes/) });
    expect(await fieldErrors(api.bmc.set({ ...base, address: '300.1.1.1' }))).toEqual({ address: expect.stringMatching(/Not an IP address/) });
    expect(await fieldErrors(api.bmc.set({ ...base, consoleDriver: 'ssh' }))).toEqual({ sshTarget: expect.stringMatching(/user@host/) });
    const { password: _p, ...noPassword } = base;
    expect(await fieldErrors(api.bmc.set(noPassword))).toEqual({ password: expect.stringMatching(/Enter the BMC password/) });
    await expect(api.bmc.set({ ...base, deviceId: vm.id })).rejects.toThrow(/virtual machine has no BMC/);
    // suite 0 with the explicit flag is accepted, and the view warns about it
    const insecure = await api.bmc.set({ ...base, cipherSuites: [3, 0], allowInsecure: true });
    expect(insecure.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['insecure-allowed', 'cipher-suite-0']));
    // one BMC address per server
    const other = await api.inventory.create({ name: 'srv-other', type: 'server' });
    await expect(api.bmc.set({ ...base, deviceId: other.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await fieldErrors(api.bmc.set({ ...base, deviceId: other.id }))).toEqual({ address: expect.stringMatching(/already the BMC of srv-bad/) });
  });

  it('reads power, sensors and SEL into the Hardware section', async () => {
    const { api, device } = await serverWithBmc(t, sim);
    const hw = await api.bmc.refresh({ deviceId: device.id });
    expect(hw.error).toBeNull();
    expect(hw.powerOn).toBe(true);
    const cpu = hw.sensors.find((s) => s.name === 'CPU Temp');
    expect(cpu).toMatchObject({ value: 45, unit: 'degrees C', status: 'ok', thresholds: { unc: 85, uc: 95, unr: 105 } });
    const sdr = (await ipmitool(sim, ['sdr', 'list'], { pass: BMC_PASSWORD })).trim().split('\n').map((l) => l.split('|')[0]!.trim());
    expect(hw.sensors.map((s) => s.name)).toEqual(sdr);
    expect(hw.selCount).toBeGreaterThan(0);
    expect(hw.sel[0]).toMatchObject({ sensorType: 'Temperature', severity: 'critical' });
    expect(hw.events.some((e) => e.message.startsWith('First poll: power is on'))).toBe(true);
    // the first reading is a baseline: old SEL entries raise no alarm
    expect(activeAlarm(t, `ipmi:sel:${device.id}`)).toBeNull();
    // viewers read it too
    expect((await t.caller(viewer).bmc.hardware({ deviceId: device.id })).powerOn).toBe(true);
  });

  it('power-cycles through the API with an audit entry; the simulated host really cycles', async () => {
    const { api, device, bmc } = await serverWithBmc(t, sim);
    await api.bmc.refresh({ deviceId: device.id });
    const before = sim.read('chassis.log').length;
    const r = await api.bmc.power({ deviceId: device.id, action: 'cycle', reason: 'hung kernel, ticket 812' });
    expect(r.action).toBe('cycle');
    await waitFor('power off then on in chassis.log', () => /set power 0[\s\S]*set power 1/.test(sim.read('chassis.log').slice(before)));
    const audit = auditRows(t, 'power-cycle');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'tina', reason: 'hung kernel, ticket 812', row_id: bmc.id });
    expect(JSON.parse(audit[0]!.after!)).toMatchObject({ deviceId: device.id, action: 'cycle', bmc: `127.0.0.1:${PORT}` });
    expect((await api.bmc.hardware({ deviceId: device.id })).events.some((e) => e.kind === 'action' && e.message.includes('power-cycle'))).toBe(true);
    // viewers may look but not switch power
    await expect(t.caller(viewer).bmc.power({ deviceId: device.id, action: 'off' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await waitFor('power on again', async () => (await api.bmc.refresh({ deviceId: device.id })).powerOn === true);
  });

  it('power off from the app: WARNING alarm naming who did it; on again clears it', async () => {
    const { api, device } = await serverWithBmc(t, sim);
    await api.bmc.refresh({ deviceId: device.id });
    const off = await api.bmc.power({ deviceId: device.id, action: 'off', reason: 'decommission test' });
    expect(off.powerOn).toBe(false);
    expect(sim.read('power.state').trim()).toBe('0');
    const alarm = activeAlarm(t, `ipmi:power:${device.id}`);
    expect(alarm).toMatchObject({ state: 'WARNING', deviceId: device.id, source: 'ipmi' });
    expect(alarm!.message).toMatch(/power-off by tina: decommission test/);
    const on = await api.bmc.power({ deviceId: device.id, action: 'on' });
    expect(on.powerOn).toBe(true);
    expect(activeAlarm(t, `ipmi:power:${device.id}`)).toBeNull();
    expect(auditRows(t, 'power-off')).toHaveLength(1);
    expect(auditRows(t, 'power-on')).toHaveLength(1);
  });

  it('power off behind the app\'s back (ipmitool): CRITICAL alarm and an event; back on clears', async () => {
    const { api, device } = await serverWithBmc(t, sim);
    await api.bmc.refresh({ deviceId: device.id });
    await ipmitool(sim, ['chassis', 'power', 'off'], { pass: BMC_PASSWORD });
    const hw = await api.bmc.refresh({ deviceId: device.id });
    expect(hw.powerOn).toBe(false);
    expect(hw.events[0]).toMatchObject({ kind: 'power', severity: 'critical', message: expect.stringMatching(/not through this app/) });
    expect(activeAlarm(t, `ipmi:power:${device.id}`)).toMatchObject({ state: 'CRITICAL' });
    await ipmitool(sim, ['chassis', 'power', 'on'], { pass: BMC_PASSWORD });
    expect((await api.bmc.refresh({ deviceId: device.id })).powerOn).toBe(true);
    expect(activeAlarm(t, `ipmi:power:${device.id}`)).toBeNull();
  });

  it('a sensor crossing its critical threshold raises an alarm (and the new SEL entry one); back in range clears', async () => {
    const { api, device } = await serverWithBmc(t, sim);
    await api.bmc.refresh({ deviceId: device.id });
    sim.write('cpu_temp.val', '99\n');
    const hot = await waitFor('CPU Temp at 99', async () => {
      const hw = await api.bmc.refresh({ deviceId: device.id });
      return hw.sensors.find((s) => s.name === 'CPU Temp' && s.value === 99) ? hw : null;
    });
    expect(hot.sensors.find((s) => s.name === 'CPU Temp')!.status).toBe('cr');
    const alarm = activeAlarm(t, `ipmi:sensor:${device.id}:CPU Temp`);
    expect(alarm).toMatchObject({ state: 'CRITICAL', deviceId: device.id });
    expect(alarm!.message).toMatch(/CPU Temp 99 degrees C: critical/);
    expect(hot.events.some((e) => e.kind === 'sensor' && e.severity === 'critical')).toBe(true);
    // ipmi_sim logs the crossing in its SEL: a new critical entry is an alarm of its own
    const sel = await waitFor('a SEL alarm', async () => {
      await api.bmc.refresh({ deviceId: device.id });
      return activeAlarm(t, `ipmi:sel:${device.id}`);
    });
    expect(sel.message).toMatch(/new critical SEL entr/);
    sim.write('cpu_temp.val', '45\n');
    await waitFor('CPU Temp back at 45', async () => (await api.bmc.refresh({ deviceId: device.id })).sensors.find((s) => s.name === 'CPU Temp' && s.value === 45));
    expect(activeAlarm(t, `ipmi:sensor:${device.id}:CPU Temp`)).toBeNull();
    // clearing the SEL (audited) clears its alarm
    await api.bmc.selClear({ deviceId: device.id, reason: 'fan replaced' });
    expect(auditRows(t, 'sel-clear')).toHaveLength(1);
    expect(activeAlarm(t, `ipmi:sel:${device.id}`)).toBeNull();
    expect((await api.bmc.hardware({ deviceId: device.id })).selCount).toBe(0);
  });

  it('sets the next boot device, audited', async () => {
    const { api, device } = await serverWithBmc(t, sim);
    await api.bmc.bootDevice({ deviceId: device.id, device: 'pxe', reason: 'reinstall' });
    expect(sim.read('boot.state').trim()).toBe('pxe');
    expect(JSON.parse(auditRows(t, 'boot-device')[0]!.after!)).toMatchObject({ device: 'pxe', persistent: false });
    await api.bmc.bootDevice({ deviceId: device.id, device: 'disk' });
  });

  it('a wrong password is a clear error at once, and after repeated failures an UNKNOWN alarm', async () => {
    const { api, device } = await serverWithBmc(t, sim, { password: 'not-it' });
    await expect(api.bmc.power({ deviceId: device.id, action: 'on' })).rejects.toThrow(/refused the login: wrong user name or password/);
    const hw = await api.bmc.refresh({ deviceId: device.id });
    expect(hw.error).toMatch(/refused the login/);
    expect(activeAlarm(t, `ipmi:bmc:${device.id}`)).toMatchObject({ state: 'UNKNOWN' });
    // the right password: the next poll clears it
    await api.bmc.set({ deviceId: device.id, address: sim.addr, port: PORT, username: 'admin', password: BMC_PASSWORD });
    expect((await api.bmc.refresh({ deviceId: device.id })).error).toBeNull();
    expect(activeAlarm(t, `ipmi:bmc:${device.id}`)).toBeNull();
  });

  it('has no procedure that reads a BMC password back, not even for an admin with a reason', async () => {
    const { device } = await serverWithBmc(t, sim);
    expect(Object.keys(t.core.router._def.procedures).filter((p) => /reveal/i.test(p) && p.startsWith('bmc.'))).toEqual([]);
    // a renderer asking anyway (IPC and the WebSocket route by path) gets "not found", never the password
    const caller = t.caller(admin) as unknown as { bmc: Record<string, (input: unknown) => Promise<unknown>> };
    await expect(caller.bmc.revealPassword!({ deviceId: device.id, reason: 'vendor support call' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(auditRows(t, 'reveal-bmc-password')).toHaveLength(0);
  });
});
