// The console service over a real Serial-over-LAN session with ipmi_sim (UDP 29720) and its
// fake serial port (TCP 29721): several watchers, one controller, an explicit hand-over that
// everyone is told about, the stale-session take-over, the console log file.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IpmiClient, IpmiSessionManager, type SolConsole } from '../../../../src-main/protocols/ipmi/index';
import { actor, type TestCore } from '../../helpers';
import { ipmiSimAvailable, ipmiSimMissingReason, type IpmiSim } from '../../../peers/ipmi-sim';
import { BMC_PASSWORD, bmcCore, serverWithBmc, startSim, waitFor } from '../bmc/setup';
import { attach, type Terminal } from './watch';

if (!ipmiSimAvailable) console.warn(ipmiSimMissingReason);

const PORT = 29720;
const SOL_PORT = 29721;
const tina = actor('technician', 'tina');
const bob = actor('technician', 'bob');
const vic = actor('viewer', 'vic');

describe.skipIf(!ipmiSimAvailable)('console service over real SOL (ipmi_sim)', () => {
  let sim: IpmiSim;
  let t: TestCore;
  let terms: Terminal[] = [];
  const open = async (...args: Parameters<typeof attach>) => {
    const term = await attach(...args);
    terms.push(term);
    return term;
  };

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

  it('two watchers see the same console; control is handed over explicitly and everyone is told', async () => {
    const { device } = await serverWithBmc(t, sim);
    const a = await open(t, tina, device.id);
    const s1 = await a.waitStatus((s) => s.state === 'open');
    expect(s1).toMatchObject({ driver: 'sol', label: `SOL 127.0.0.1:${PORT}`, controller: { name: 'tina' } });
    // the host prints on its serial console
    sim.write('sol_inject', 'boot: kernel 6.1 ready\n');
    await a.waitOutput(/kernel 6\.1 ready/);

    const b = await open(t, bob, device.id);
    const v = await open(t, vic, device.id, { watchOnly: true });
    // late watchers get the scrollback first, then live output
    await b.waitOutput(/kernel 6\.1 ready/);
    await v.waitOutput(/kernel 6\.1 ready/);
    const s2 = await a.waitStatus((s) => s.watchers.length === 3);
    expect(s2.watchers.map((w) => [w.name, w.controlling])).toEqual([['tina', true], ['bob', false], ['vic', false]]);
    expect(a.notices()).toEqual(expect.arrayContaining(['bob joined (watching)', 'vic joined (watching)']));

    // tina types: the serial side receives it and everyone sees the echo
    await a.api.console.write({ deviceId: device.id, watcherId: a.watcherId, data: 'hello\r' });
    await waitFor('the serial port to receive hello', () => /RX line: hello/.test(sim.read('serial.log')));
    for (const term of [a, b, v]) await term.waitOutput(/ECHO:hello/);

    // bob watches read-only until he takes control
    await expect(b.api.console.write({ deviceId: device.id, watcherId: b.watcherId, data: 'x' })).rejects.toThrow(/read-only: tina has control/);
    await expect(v.api.console.takeControl({ deviceId: device.id, watcherId: v.watcherId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // nobody can act through another person's terminal
    await expect(b.api.console.takeControl({ deviceId: device.id, watcherId: a.watcherId })).rejects.toThrow(/belongs to someone else/);
    const taken = await b.api.console.takeControl({ deviceId: device.id, watcherId: b.watcherId });
    expect(taken.controller).toEqual({ watcherId: b.watcherId, name: 'bob' });
    for (const term of [a, b, v]) {
      await waitFor('the hand-over notice', () => term.notices().includes('bob took control from tina'));
      await term.waitStatus((s) => s.controller?.name === 'bob');
    }
    await expect(a.api.console.write({ deviceId: device.id, watcherId: a.watcherId, data: 'x' })).rejects.toThrow(/bob has control/);
    await b.api.console.write({ deviceId: device.id, watcherId: b.watcherId, data: 'world\r' });
    await waitFor('the serial port to receive world', () => /RX line: world/.test(sim.read('serial.log')));
    await a.waitOutput(/ECHO:world/);
    // a BREAK reaches the serial side (ipmi_sim forwards it as telnet IAC BRK with the next character)
    await b.api.console.sendBreak({ deviceId: device.id, watcherId: b.watcherId });
    await b.api.console.write({ deviceId: device.id, watcherId: b.watcherId, data: '\r' });
    await waitFor('BREAK on the serial side', () => readFileSync(join(sim.dir, 'serial.log.raw')).includes(Buffer.from([0xff, 0xf3])));
    await waitFor('the break notice', () => v.notices().includes('bob sent a BREAK'));

    // tina closes her terminal: the others are told; only bob (in control) may disconnect for all
    await a.close();
    await waitFor('tina left', () => b.notices().includes('tina left'));
    await expect(v.api.console.disconnect({ deviceId: device.id, watcherId: v.watcherId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await b.api.console.disconnect({ deviceId: device.id, watcherId: b.watcherId });
    expect((await b.waitEnded()).message).toMatch(/disconnected by bob/);
    expect((await v.waitEnded()).code).toBe('closed');

    // the console log: listed on the device, with who was there and who had control
    const logs = await b.api.console.logs({ deviceId: device.id });
    expect(logs).toHaveLength(1);
    const log = logs[0]!;
    expect(log).toMatchObject({ driver: 'sol', openedBy: 'tina', label: `SOL 127.0.0.1:${PORT}` });
    expect(log.endedAt).not.toBeNull();
    expect(log.participants.map((p) => [p.name, p.controlled])).toEqual([['tina', true], ['bob', true], ['vic', false]]);
    expect(log.participants.every((p) => p.leftAt !== null)).toBe(true);
    const file = join(t.dir, 'console-logs', device.id, log.fileName);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { text, truncated } = await v.api.console.readLog({ id: log.id });
    expect(truncated).toBe(false);
    expect(text).toContain(`# device: srv-${PORT} (${device.id})`);
    expect(text).toContain('boot: kernel 6.1 ready');
    expect(text).toContain('ECHO:hello');
    expect(text).toContain('ECHO:world');
    expect(text).toMatch(/\[noc [0-9T:.-]+Z\] bob took control from tina/);
    expect(text).toMatch(/console closed: disconnected by bob/);
    expect(log.bytes).toBe(statSync(file).size);
    const audit = (t.core.services.store.db.prepare(`SELECT action, actor FROM audit WHERE table_name = 'console_logs' ORDER BY id`).all() as Array<{ action: string; actor: string }>).map((r) => `${r.action}:${r.actor}`);
    expect(audit).toEqual(['console-open:tina', 'console-take-control:bob', 'console-disconnect:bob']);

    // SOL was deactivated: the console opens again without a take-over
    const again = await open(t, tina, device.id);
    await again.waitStatus((s) => s.state === 'open');
  });

  it('when the BMC says SOL is held elsewhere, the user may take the stale session over', async () => {
    const { device } = await serverWithBmc(t, sim);
    // a console left behind by another client (a crashed ipmitool, another NOC machine)
    const manager = new IpmiSessionManager({ timeoutMs: 400, retries: 2, cipherSuiteProbeMs: 100 });
    const other = new IpmiClient({ host: sim.addr, port: PORT, username: 'admin', password: BMC_PASSWORD }, { manager });
    let stale: SolConsole | null = null;
    try {
      stale = await other.sol({ onData: () => undefined });

      const a = await open(t, tina, device.id);
      const ended = await a.waitEnded();
      expect(ended.code).toBe('sol-active');
      expect(ended.message).toMatch(/already active .* Take it over/);
      expect(t.core.services.consoles.status(device.id)).toBeNull();

      const b = await open(t, tina, device.id, { takeOver: true });
      await b.waitStatus((s) => s.state === 'open');
      await b.api.console.write({ deviceId: device.id, watcherId: b.watcherId, data: 'mine\r' });
      await waitFor('the serial port to receive mine', () => /RX line: mine/.test(sim.read('serial.log')));
      const [log] = await b.api.console.logs({ deviceId: device.id });
      expect((await b.api.console.readLog({ id: log!.id })).text).toContain('opened by tina (taking over the session that held SOL)');
    } finally {
      await stale?.close();
      await manager.closeAll();
    }
  });

  it('a console nobody watches is closed after the idle time; a reload within it keeps the session', async () => {
    const { device } = await serverWithBmc(t, sim);
    const a = await open(t, tina, device.id);
    await a.waitStatus((s) => s.state === 'open');
    await a.close();
    t.clock.advance(20_000);
    const b = await open(t, tina, device.id);
    await b.waitStatus((s) => s.state === 'open' && s.watchers.length === 1); // the same session, no new activation
    expect(t.core.services.consoles.logs(device.id, 10)).toHaveLength(1);
    await b.close();
    t.clock.advance(30_000);
    await waitFor('the session to close', () => t.core.services.consoles.status(device.id) === null);
    const [log] = t.core.services.consoles.logs(device.id, 10);
    expect(log!.endedAt).not.toBeNull();
    expect(t.core.services.consoles.readLog(log!.id).text).toMatch(/console closed: nobody watched it for 30 s/);
  });

  it('refuses what cannot be: no BMC, a viewer opening, a watch-only attach with nobody there', async () => {
    const api = t.caller(tina);
    const bare = await api.inventory.create({ name: 'no-bmc', type: 'server' });
    expect((await (await open(t, tina, bare.id)).waitEnded()).message).toMatch(/no BMC configured/);
    const { device } = await serverWithBmc(t, sim);
    expect((await (await open(t, vic, device.id)).waitEnded()).message).toMatch(/may watch a console that a technician opened/);
    expect((await (await open(t, tina, device.id, { watchOnly: true })).waitEnded()).message).toMatch(/Nobody has this console open/);
    await expect(api.console.write({ deviceId: device.id, watcherId: 'aaaaaaaa-0000', data: 'x' })).rejects.toThrow(/not attached/);
    // billing staff see neither consoles nor their logs
    const billing = t.caller(actor('billing', 'bill'));
    await expect(billing.console.logs({ deviceId: device.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(billing.console.attach({ deviceId: device.id, watcherId: 'bbbbbbbb-0000' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
