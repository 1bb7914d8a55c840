// The app stopping leaves nothing open on a BMC (review finding 1): a real `noc serve` that
// polls a BMC and has its console open, and a real `noc sol`, get SIGTERM / SIGHUP; ipmi_sim's
// active-session count (Get Channel Info, seen through one observer session) returns to where it
// started and the next SOL opens without taking over. ipmi_sim on UDP 29830 (serial TCP 29831),
// the headless host on 4822.
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn as spawnPty } from 'node-pty';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../../../../src-main/core/router';
import { createCore } from '../../../../src-main/core/create-core';
import { IpmiClient, IpmiSessionManager } from '../../../../src-main/protocols/ipmi/index';
import { getChannelInfo } from '../../../../src-main/protocols/ipmi/commands/app/get-channel-info';
import type { ConsoleEvent } from '../../../../shared/console';
import { ipmiSimAvailable, solOpensWithoutTakeover, startIpmiSim, type IpmiSim } from '../../../peers/ipmi-sim';
import { actor } from '../../helpers';

const PORT = 29830;
const SOL_PORT = 29831;
const HTTP_PORT = 4822;
const NOC = join(resolve(import.meta.dirname, '../../../..'), 'bin', 'noc.mjs');

async function waitUntil(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!ipmiSimAvailable)('stopping the app closes every BMC session and SOL', () => {
  let sim: IpmiSim;
  let observerManager: IpmiSessionManager;
  let observer: IpmiClient;
  const active = async () => (await observer.call(getChannelInfo, { channel: 0x0e })).activeSessions;
  /** SOL is free: a new console opens without take-over */
  const solFree = () => solOpensWithoutTakeover(sim);

  beforeAll(async () => {
    sim = await startIpmiSim(PORT, { solPort: SOL_PORT });
    observerManager = new IpmiSessionManager({ timeoutMs: 500, retries: 2, cipherSuiteProbeMs: 0 });
    observer = new IpmiClient({ host: sim.addr, port: sim.port, username: 'admin', password: 'secret', cipherSuites: [3] }, { manager: observerManager });
  });
  afterAll(async () => {
    await observerManager?.closeAll();
    await sim?.stop();
  });

  it('noc serve polling the BMC with its console open: SIGTERM → sessions back to the start, SOL free', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noc-shutdown-'));
    let child: ChildProcess | undefined;
    try {
      const core = createCore({ dataDir: dir });
      const api = core.router.createCaller(core.createContext(actor('admin')));
      const device = await api.inventory.create({ name: 'srv-shutdown', type: 'server', status: 'available' });
      await api.bmc.set({ deviceId: device.id, address: sim.addr, port: sim.port, username: 'admin', password: 'secret', cipherSuites: [3], pollIntervalS: 60 });
      core.close();

      const baseline = await active();
      child = spawnChild(process.execPath, [NOC, 'serve', '--data', dir, '--port', String(HTTP_PORT), '--trap-port', 'off'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (b: Buffer) => { out += b.toString(); });
      child.stderr?.on('data', (b: Buffer) => { out += b.toString(); });
      const exited = new Promise<number | null>((res) => child!.once('exit', (code) => res(code)));
      await waitUntil('noc serve listening', () => out.includes('is serving'));
      const ws = createWSClient({ url: `ws://127.0.0.1:${HTTP_PORT}/trpc-ws`, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
      const remote = createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] });
      // a poll now (the scheduled one is spread over the minute): its session stays open for the next
      await remote.bmc.refresh.mutate({ deviceId: device.id });
      expect((await remote.bmc.hardware.query({ deviceId: device.id })).powerOn).toBe(true);
      expect(await active()).toBe(baseline + 1);
      const events: ConsoleEvent[] = [];
      const sub = remote.console.attach.subscribe({ deviceId: device.id, watcherId: 'shutdown-test-1' }, { onData: (e) => events.push(e) });
      await waitUntil('the console open', () => events.some((e) => e.type === 'status' && e.status.state === 'open'));
      await remote.console.write.mutate({ deviceId: device.id, watcherId: 'shutdown-test-1', data: 'before-stop\r' });
      const screen = () => events.map((e) => (e.type === 'data' ? Buffer.from(e.data, 'base64').toString('latin1') : '')).join('');
      await waitUntil('the echo', () => screen().includes('ECHO:before-stop'));
      expect(await active()).toBeGreaterThan(baseline);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      sub.unsubscribe();
      ws.close();
      expect(await active()).toBe(baseline);
      await solFree();
    } finally {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`noc sol gets ${signal}: SOL deactivated and the session closed before it exits`, async () => {
      const baseline = await active();
      const base: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined) base[k] = v;
      const pty = spawnPty(process.execPath, [NOC, 'sol', `${sim.addr}:${sim.port}`, '-U', 'admin', '-C', '3'], { name: 'xterm', cols: 100, rows: 30, env: { ...base, IPMI_PASSWORD: 'secret' } });
      let out = '';
      pty.onData((d) => { out += d; });
      const exit = new Promise<number>((res) => pty.onExit((e) => res(e.exitCode)));
      try {
        await waitUntil('SOL operational', () => out.includes('SOL session operational'));
        expect(await active()).toBe(baseline + 1);
        process.kill(pty.pid, signal);
        expect(await exit).toBe(signal === 'SIGTERM' ? 143 : 129);
        expect(await active()).toBe(baseline);
        await solFree();
      } finally {
        try { process.kill(pty.pid, 'SIGKILL'); } catch { /* already gone */ }
      }
    });
  }
});
