// A headless host for the wall's end-to-end test and benchmark (run with tsx):
//   node --import tsx test/e2e/wall-host.mts PORT DATA_DIR [--snmp PORT --traps PORT] [--simulate N]
// --snmp:     monitoring ON, trap receiver on --traps, a switch "sw-e2e" polled at 127.0.0.1:PORT,
//             its interface ifIndex 1 (lo) set to alarm when its link goes down; a credential group "lab-v2c".
// --seed-week: (with --snmp) a week of resource samples: srv-3 memory over-utilised, srv-4 CPU under-utilised;
//             and a year of traffic on sw-e2e's port lo (every graph range has data).
// --simulate: N devices in racks, and a feed that changes every device's tile every second
//             (the wall benchmark: the renderer is measured, not the pollers); --frozen: no changes.
// Prints "READY <json>" on stdout when it serves. SIGTERM stops it and wipes DATA_DIR.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TILE_CODE } from '../../shared/monitoring';
import type { WallMessage } from '../../shared/monitoring-types';
import { deviceInput } from '../../shared/schemas/inventory';
import { createCore, localActor } from '../../src-main/core/create-core';
import { startServer } from '../../src-main/hosts/server/server';

const [port, dir, ...rest] = process.argv.slice(2);
if (!port || !dir || !/noc-wall/.test(dir)) {
  process.stderr.write('usage: wall-host.mts PORT DATA_DIR(containing "noc-wall": it is wiped) [--snmp PORT --traps PORT] [--simulate N]\n');
  process.exit(2);
}
const opt = (name: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const snmpPort = opt('--snmp');
const trapPort = opt('--traps');
const simulate = Number(opt('--simulate') ?? 0);
const frozen = rest.includes('--frozen'); // with --simulate: the same devices, no changes (a baseline)
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const core = createCore({ dataDir: dir, monitoring: { enabled: !!snmpPort, trapPort: trapPort ? Number(trapPort) : null, onError: (m) => process.stderr.write(`monitoring: ${m}\n`) } });
const caller = core.router.createCaller(core.createContext(localActor()));
const info: Record<string, unknown> = {};

const site = await caller.racks.createSite({ name: 'Ashburn DC1', code: 'IAD1', address: '' });
const room = await caller.racks.createRoom({ siteId: site.id, name: 'Hall A' });

if (snmpPort) {
  const rack = await caller.racks.createRack({ roomId: room.id, name: 'A01', heightU: 42 });
  const sw = await caller.monitoring.add({ address: '127.0.0.1', port: Number(snmpPort), community: 'public', name: 'sw-e2e', intervalS: 3600 });
  await caller.inventory.update({ id: sw.deviceId, patch: { rackId: rack.id, position: 42 } });
  for (let i = 1; i <= 6; i++) await caller.inventory.create({ name: `srv-${i}`, type: 'server', rackId: rack.id, position: i * 2 });
  for (let i = 0; i < 100 && !core.services.pollers.isRunning; i++) await new Promise((r) => setTimeout(r, 20));
  await core.services.pollers.pollNow(sw.deviceId);
  const lo = core.services.monitoring.detail(sw.deviceId).interfaces.find((i) => i.ifIndex === 1);
  if (!lo) throw new Error('the switch has no interface 1 after polling');
  await caller.monitoring.updateInterface({ id: lo.id, alarmOnDown: true });
  core.services.pollers.reload();
  for (let i = 0; i < 100 && !core.services.pollers.status().trapPort; i++) await new Promise((r) => setTimeout(r, 20));
  // a credential group, as `noc monitor credential add lab-v2c --community public` makes it (the add form offers it)
  await caller.monitoring.createCredentialGroup({ name: 'lab-v2c', community: 'public' });
  Object.assign(info, { switchId: sw.deviceId, interfaceId: lo.id, trapPort: core.services.pollers.status().trapPort });
}

if (rest.includes('--seed-week')) {
  // a week of 5-minute samples, as the pollers would have written them: srv-3's memory full, srv-4's CPU idle
  const byName = (n: string) => core.services.store.prepare(`SELECT id FROM devices WHERE name = ? AND deleted = 0`).get(n) as { id: string } | undefined;
  const full = byName('srv-3');
  const idle = byName('srv-4');
  if (!full || !idle) throw new Error('--seed-week needs --snmp (it makes srv-1 … srv-6)');
  const now = Date.now();
  for (let t = now - 7 * 86_400_000; t <= now; t += 300_000) {
    core.services.metrics.write(`mem:${full.id}`, 'gauge', t, 95 + (t % 3));
    core.services.metrics.write(`cpu:${full.id}`, 'gauge', t, 40);
    core.services.metrics.write(`cpu:${idle.id}`, 'gauge', t, 2);
    core.services.metrics.write(`mem:${idle.id}`, 'gauge', t, 50);
  }
  // and a year of sw-e2e's port lo (hourly, then every 5 minutes for the last two days): every graph range has data
  const port = `if:${String(info.interfaceId)}`;
  const recent = now - 2 * 86_400_000;
  for (let t = now - 400 * 86_400_000; t < now - 600_000; t += t < recent ? 3_600_000 : 300_000) {
    core.services.metrics.write(port, 'if', t, 2e6 + 1e6 * Math.sin(t / 86_400_000), 1e6);
  }
  core.services.metrics.flush();
}

if (simulate > 0) {
  core.services.store.write(() => {
    const perRack = 40;
    for (let r = 0; r * perRack < simulate; r++) {
      const rack = core.services.racks.createRack({ actor: localActor() }, { roomId: room.id, name: `R${String(r + 1).padStart(3, '0')}`, heightU: 42 });
      for (let k = 0; k < perRack && r * perRack + k < simulate; k++) {
        core.services.inventory.create({ actor: localActor() }, deviceInput.parse({ name: `sim-${r}-${k}`, type: 'server', rackId: rack.id, position: k + 1 }));
      }
    }
  });
  // A stand-in feed: every device's tile changes every second (the renderer is what is measured).
  const real = core.services.wall;
  const codes = [TILE_CODE.OK, TILE_CODE.OK, TILE_CODE.OK, TILE_CODE.WARNING, TILE_CODE.CRITICAL, TILE_CODE.DOWN, TILE_CODE.UNKNOWN];
  core.services.wall = Object.assign(Object.create(Object.getPrototypeOf(real)), real, {
    subscribe(push: (m: WallMessage) => void) {
      const snap = real.snapshot();
      let seq = snap.seq;
      push({ kind: 'snapshot', ...snap, pollersRunning: true, lastPollAt: Date.now() });
      const n = snap.devices.ids.length;
      let tick = 0;
      const timer = setInterval(() => {
        if (frozen) return push({ kind: 'delta', seq: ++seq, serverTime: Date.now(), tiles: [], alarms: [], cleared: [], lastPollAt: Date.now(), pollersRunning: true });
        tick++;
        const tiles: number[] = [];
        for (let i = 0; i < n; i++) tiles.push(i, codes[(i * 7 + tick) % codes.length]!);
        push({ kind: 'delta', seq: ++seq, serverTime: Date.now(), tiles, alarms: [], cleared: [], lastPollAt: Date.now(), pollersRunning: true });
      }, 1000);
      return () => clearInterval(timer);
    },
  });
  info.devices = simulate;
}

// NOC_RENDERER_DIR: another build of the renderer (a fresh one, without disturbing dist/)
const server = await startServer(core, { port: Number(port), rendererDir: process.env.NOC_RENDERER_DIR ?? join(root, 'dist', 'renderer') });
process.stdout.write(`READY ${JSON.stringify({ url: server.url, ...info })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  await core.services.pollers.stop();
  core.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
