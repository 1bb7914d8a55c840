// The ssh console driver: the real OpenSSH client in a node-pty, against a real sshd started
// on 127.0.0.1:29760, through the same console service, watchers and log as SOL; the size of the
// terminal in control reaches the server's tty.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actor, type TestCore } from '../../helpers';
import { bmcCore, waitFor } from '../bmc/setup';
import { startSshd, sshdAvailable, sshdMissingReason, type Sshd } from './sshd';
import { attach, type Terminal } from './watch';

if (!sshdAvailable) console.warn(sshdMissingReason);

const SSH_PORT = 29760;
const tina = actor('technician', 'tina');

function sshClients(): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      if (argv[0] === 'ssh' && argv.includes('-p') && argv.includes(String(SSH_PORT))) n++;
    } catch (_err) {
      // gone meanwhile
    }
  }
  return n;
}

describe.skipIf(!sshdAvailable)('ssh console driver in a pty (real sshd)', () => {
  let sshd: Sshd;
  let t: TestCore;
  let terms: Terminal[] = [];

  beforeAll(async () => {
    sshd = await startSshd(SSH_PORT);
  });
  afterAll(async () => {
    await sshd?.stop();
  });
  beforeEach(() => {
    t = bmcCore({ ipmi: { console: { sshExtraArgs: sshd.clientArgs } } });
    terms = [];
  });
  afterEach(async () => {
    for (const term of terms) await term.close();
    await t.core.services.consoles.closeAll();
    await t.core.services.bmc.close();
    t.close();
  });

  async function serverWithSsh(target: string) {
    const api = t.caller(tina);
    const device = await api.inventory.create({ name: 'srv-ssh', type: 'server' });
    await api.bmc.set({ deviceId: device.id, address: '127.0.0.1', port: 29769, username: 'admin', password: 'x', consoleDriver: 'ssh', sshTarget: target });
    return device;
  }

  it('opens ssh user@host:port in a pty; keys and output go through the console service and its log', async () => {
    const device = await serverWithSsh(`${sshd.user}@127.0.0.1:${SSH_PORT}`);
    const a = await attach(t, tina, device.id);
    terms.push(a);
    expect(await a.waitStatus((s) => s.state === 'open')).toMatchObject({ driver: 'ssh', label: `ssh ${sshd.user}@127.0.0.1:${SSH_PORT}` });
    await a.waitOutput(/ssh-console-ready/);
    await a.api.console.write({ deviceId: device.id, watcherId: a.watcherId, data: 'over-ssh\r' });
    await a.waitOutput(/SSH-ECHO:over-ssh/);
    await a.api.console.sendBreak({ deviceId: device.id, watcherId: a.watcherId });
    expect(sshClients()).toBe(1);
    // the terminal in control sets the size: the pty, ssh and the server's tty follow it
    await a.api.console.write({ deviceId: device.id, watcherId: a.watcherId, data: 'size\r' });
    await a.waitOutput(/SSH-SIZE:24 80/);
    await a.api.console.resize({ deviceId: device.id, watcherId: a.watcherId, cols: 132, rows: 43 });
    await a.api.console.write({ deviceId: device.id, watcherId: a.watcherId, data: 'size\r' });
    await a.waitOutput(/SSH-SIZE:43 132/);
    // a watcher without control cannot change it
    const w = await attach(t, tina, device.id);
    terms.push(w);
    await w.waitStatus((s) => s.watchers.length === 2);
    await expect(w.api.console.resize({ deviceId: device.id, watcherId: w.watcherId, cols: 40, rows: 10 })).rejects.toThrow(/control/);
    await a.api.console.write({ deviceId: device.id, watcherId: a.watcherId, data: 'size\r' });
    await waitFor('a second size answer', () => (a.output().match(/SSH-SIZE:43 132/g) ?? []).length === 2);
    // disconnect ends ssh with its escape (~.)
    await a.api.console.disconnect({ deviceId: device.id, watcherId: a.watcherId });
    await waitFor('ssh to exit', () => sshClients() === 0);
    const [log] = await a.api.console.logs({ deviceId: device.id });
    expect(log).toMatchObject({ driver: 'ssh', openedBy: 'tina' });
    expect((await a.api.console.readLog({ id: log!.id })).text).toContain('SSH-ECHO:over-ssh');
  });

  it('an ssh that cannot log in ends the console and says how', async () => {
    const device = await serverWithSsh(`nobody-here@127.0.0.1:${SSH_PORT}`);
    const a = await attach(t, tina, device.id);
    terms.push(a);
    const ended = await a.waitEnded();
    expect(ended.message).toMatch(/ssh ended \(exit 255\)/);
    await a.waitOutput(/Permission denied/);
  });
});
