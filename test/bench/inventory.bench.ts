// Inventory with 50,000 devices: list page and search latency, and the headless host's
// start to first answered request. Run: npx tsx test/bench/inventory.bench.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { createCore, localActor } from '../../src-main/core/create-core';
import { startServer } from '../../src-main/hosts/server/server';
import { deviceInput } from '../../shared/schemas/inventory';
import { DEVICE_STATUS_VALUES } from '../../shared/choices';
import { percentile, timeIt, writeResults } from './lib';

const DEVICES = 50_000;
const dir = mkdtempSync(join(tmpdir(), 'noc-bench-inv-'));
const rendererDir = mkdtempSync(join(tmpdir(), 'noc-bench-r-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');

const core = createCore({ dataDir: dir });
const ctx = { actor: localActor() };
const t0 = performance.now();
core.services.store.write(() => {
  const site = core.services.racks.createSite(ctx, { name: 'Bench', code: 'BEN1', address: '' });
  const room = core.services.racks.createRoom(ctx, { siteId: site.id, name: 'Hall' });
  const racks = Array.from({ length: 1200 }, (_, i) => core.services.racks.createRack(ctx, { roomId: room.id, name: `R${i}`, heightU: 42 }));
  for (let i = 0; i < DEVICES; i++) {
    const rack = racks[Math.floor(i / 42)]!;
    core.services.inventory.create(ctx, deviceInput.parse({
      name: `bench-${String(i).padStart(6, '0')}`, type: i % 20 === 0 ? 'switch' : 'server',
      status: DEVICE_STATUS_VALUES[i % DEVICE_STATUS_VALUES.length], rackId: rack.id, position: (i % 42) + 1,
      serial: `SN${1_000_000 + i}`, assetTag: `AT${i}`, primaryIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    }));
  }
});
const fillSeconds = (performance.now() - t0) / 1000;
const api = core.router.createCaller(core.createContext(localActor()));

// Warm the statement cache, then measure.
for (let i = 0; i < 20; i++) await api.inventory.list({ offset: i * 100, limit: 100 });
const pageTimes: number[] = [];
for (let i = 0; i < 200; i++) {
  const q = [
    { offset: (i * 97) % 49_000, limit: 100 },
    { status: ['faulty' as const], offset: (i * 13) % 8000, limit: 100 },
    { sort: 'serial' as const, dir: 'desc' as const, offset: (i * 61) % 49_000, limit: 100 },
    { type: ['switch' as const], limit: 100 },
  ][i % 4]!;
  const s = performance.now();
  await api.inventory.list(q);
  pageTimes.push(performance.now() - s);
}
const searchTimes: number[] = [];
const terms = ['bench-0421', 'SN1004', '10.0.12.', 'AT4999', 'bench-04', 'ben'];
for (let i = 0; i < 300; i++) {
  const s = performance.now();
  await api.search.query({ text: terms[i % terms.length]!, limit: 20 });
  searchTimes.push(performance.now() - s);
}
core.close();

// Headless host: open the 50k store, listen, answer /healthz — in process.
const startTimes = timeIt(1, () => undefined);
startTimes.length = 0;
for (let i = 0; i < 5; i++) {
  const s = performance.now();
  const c = createCore({ dataDir: dir });
  const server = await startServer(c, { port: 0, rendererDir });
  await (await fetch(`${server.url}healthz`)).json();
  startTimes.push(performance.now() - s);
  await server.close();
  c.close();
}

// And as a user starts it: a new `noc serve` process until /healthz answers.
const processStart = await new Promise<number>((resolve, reject) => {
  const s = performance.now();
  const child = spawn(process.execPath, ['bin/noc.mjs', 'serve', '--port', '4809', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const poll = async () => {
    for (let i = 0; i < 400; i++) {
      try {
        await (await fetch('http://127.0.0.1:4809/healthz')).json();
        resolve(performance.now() - s);
        child.kill();
        return;
      } catch (_err) {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    child.kill();
    reject(new Error('noc serve did not answer'));
  };
  void poll();
});

rmSync(dir, { recursive: true, force: true });
rmSync(rendererDir, { recursive: true, force: true });

const ms = (x: number) => `${x.toFixed(2)} ms`;
writeResults('inventory', 'Inventory and headless host (50,000 devices)', [
  ['fill 50,000 devices through the repository layer (row + audit + outbox + search)', `${fillSeconds.toFixed(1)} s`, '—'],
  ['inventory page (100 rows, filters/sorts mixed) p50 / p95', `${ms(percentile(pageTimes, 50))} / ${ms(percentile(pageTimes, 95))}`, 'p50 < 10 ms'],
  ['search (Ctrl+K, 20 hits) p50 / p95', `${ms(percentile(searchTimes, 50))} / ${ms(percentile(searchTimes, 95))}`, 'p50 < 20 ms'],
  ['headless host start to first answered request, in process (open store + listen + /healthz) p50', ms(percentile(startTimes, 50)), '< 1 s'],
  ['`noc serve` new process to first answered /healthz (includes Node start and TypeScript loading)', ms(processStart), '—'],
]);
