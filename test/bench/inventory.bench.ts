// Inventory with 50,000 devices: list page latency per kind of page (each sort both ways,
// first/middle/last page, each filter, text filters), Ctrl+K latency per kind of term, and
// the headless host's start to first answered request. Run: npx tsx test/bench/inventory.bench.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
const fillLoad = loadavg()[0]!;
const api = core.router.createCaller(core.createContext(localActor()));

// Every kind of page the inventory table can ask for, and typical Ctrl+K terms, each timed on
// its own: one mixed median would hide a slow kind behind fast ones. The load average is
// noted with each figure (the machine is shared).
// `before` runs untimed ahead of each timed run.
type Kind = { label: string; runs: number; run: (i: number) => Promise<unknown>; before?: (i: number) => Promise<unknown> };
const kinds: Kind[] = [];
const page = (label: string, q: (i: number) => Parameters<typeof api.inventory.list>[0], runs = 20) =>
  kinds.push({ label, runs, run: (i) => api.inventory.list(q(i)) });
const SORTS = ['name', 'type', 'status', 'rack', 'position', 'serial', 'assetTag', 'updatedAt'] as const;
for (const sort of SORTS) {
  for (const dir of ['asc', 'desc'] as const) {
    page(`sort ${sort} ${dir}, first page`, () => ({ sort, dir, limit: 100 }));
    page(`sort ${sort} ${dir}, middle pages (offset 20,000–30,000)`, (i) => ({ sort, dir, offset: 20_000 + ((i * 523) % 10_000), limit: 100 }));
    page(`sort ${sort} ${dir}, last page (offset 49,900)`, () => ({ sort, dir, offset: 49_900, limit: 100 }));
  }
}
page('filter status faulty (8,333 rows), pages across it', (i) => ({ status: ['faulty'], offset: (i * 419) % 8_300, limit: 100 }));
page('filter status faulty + available, sort serial desc, pages across it', (i) => ({ status: ['faulty', 'available'], sort: 'serial', dir: 'desc', offset: (i * 839) % 16_600, limit: 100 }));
page('filter type switch (2,500 rows), first page', () => ({ type: ['switch'], limit: 100 }));
page('filter type switch, last page', () => ({ type: ['switch'], offset: 2_400, limit: 100 }));
page('filter site, middle page', () => ({ siteId: siteIdOf(), offset: 25_000, limit: 100 }));
page('filter rack (42 devices)', (i) => ({ rackId: rackIds[(i * 37) % rackIds.length]!, limit: 100 }));
page('filter status + type + site, sort rack desc', () => ({ status: ['rented'], type: ['server'], siteId: siteIdOf(), sort: 'rack', dir: 'desc', offset: 3_000, limit: 100 }));
page('text filter, one name (bench-004213)', () => ({ text: 'bench-004213', limit: 100 }));
page('text filter, a few names (bench-0042: 100 rows)', () => ({ text: 'bench-0042', limit: 100 }));
page('text filter, broad name (bench-04: 10,000 rows)', () => ({ text: 'bench-04', limit: 100 }));
page('text filter, broad name, sort serial desc, page 50', () => ({ text: 'bench-04', sort: 'serial', dir: 'desc', offset: 5_000, limit: 100 }));
page('text filter, all rows match (bench)', () => ({ text: 'bench', limit: 100 }));
page('text filter, serial (SN1002: 1,000 rows)', () => ({ text: 'SN1002', limit: 100 }));
page('text filter, IP (10.0.3)', () => ({ text: '10.0.3', limit: 100 }));
page('text filter, asset tag (AT77)', () => ({ text: 'AT77', limit: 100 }));
page('text filter, two letters (be)', () => ({ text: 'be', limit: 100 }));
page('text filter, status word, no row matches (available)', () => ({ text: 'available', limit: 100 }));
// The list holds the devices and each order asked for in memory (list-index.ts): these are
// the queries that must bring them up to date first.
kinds.push({
  label: 'text filter, first query after a device was changed (its row read again, moved in the order)', runs: 20,
  before: (i) => api.inventory.update({ id: deviceIds[i % deviceIds.length]!, patch: { name: `bench-04-changed-${i}` } }),
  run: () => api.inventory.list({ text: 'bench-04', limit: 100 }),
});
kinds.push({
  label: 'sort name, middle page, first query after a device was renamed (moved in the order)', runs: 20,
  before: (i) => api.inventory.update({ id: deviceIds[(i * 7) % deviceIds.length]!, patch: { name: `bench-02-renamed-${i}` } }),
  run: (i) => api.inventory.list({ sort: 'name', dir: 'asc', offset: 20_000 + ((i * 523) % 10_000), limit: 100 }),
});
kinds.push({
  label: 'sort serial desc, middle page, first query after 20 devices were changed at once (each moved in the order)', runs: 20,
  before: async (i) => {
    const ids = deviceIds.slice((i * 20) % 80, ((i * 20) % 80) + 20);
    core.services.store.write(() => ids.forEach((id, k) => core.services.inventory.update({ actor: localActor() }, { id, patch: { serial: `SN2${i}${k}` } })));
  },
  run: (i) => api.inventory.list({ sort: 'serial', dir: 'desc', offset: 20_000 + ((i * 523) % 10_000), limit: 100 }),
});
// After many devices change at once (a bulk edit, an import, a sync catching up), the first
// page reads their rows and the order again: once per such change, so not held to the page
// budget; measured so that its cost is known.
const catchUp: Kind[] = [];
const touch = (n: number, i: number) => core.services.store.prepare(`UPDATE devices SET asset_tag = asset_tag || ? WHERE rowid IN (SELECT rowid FROM devices LIMIT ?)`).run(`-${i}`, n);
catchUp.push({
  label: 'text filter, first query after 100 devices were changed at once (their rows read again, the order read again)', runs: 20,
  before: async (i) => touch(100, i),
  run: () => api.inventory.list({ text: 'bench-04', sort: 'serial', dir: 'desc', limit: 100 }),
});
catchUp.push({
  label: 'sort rack, middle page, first query after 100 devices were changed at once (their rows read again, the order read again)', runs: 20,
  before: async (i) => touch(100, i),
  run: (i) => api.inventory.list({ sort: 'rack', dir: 'asc', offset: 20_000 + ((i * 523) % 10_000), limit: 100 }),
});
catchUp.push({
  label: 'text filter, first query after 5,000 devices were changed at once (their rows read again, the order read again)', runs: 10,
  before: async (i) => touch(5_000, i),
  run: () => api.inventory.list({ text: 'bench-04', limit: 100 }),
});
const searchKinds: Kind[] = [];
for (const term of ['be', 'ben', 'bench-04', 'bench-0421', 'bench-004213', 'SN1004', 'SN1004213', '10.0.12.', '10.0.12.34', 'AT4999', 'available', 'faulty', 'R11', 'Bench', 'nothing-here-xyz']) {
  searchKinds.push({ label: `Ctrl+K "${term}"`, runs: 20, run: () => api.search.query({ text: term, limit: 20 }) });
}
function siteIdOf(): string { return rackSite; }
const rackIds = (core.services.store.prepare(`SELECT id FROM racks`).pluck().all() as string[]);
const rackSite = core.services.store.prepare(`SELECT id FROM sites LIMIT 1`).pluck().get() as string;
const deviceIds = (core.services.store.prepare(`SELECT id FROM devices LIMIT 100`).pluck().all() as string[]);

type Measured = { label: string; p50: number; p95: number; load: number };
async function measureAll(list: Kind[]): Promise<Measured[]> {
  const out: Measured[] = [];
  for (const k of list) {
    for (let i = 0; i < 3; i++) await k.run(i); // warm the statement cache
    const times: number[] = [];
    for (let i = 0; i < k.runs; i++) {
      await k.before?.(i);
      const t = performance.now();
      await k.run(i);
      times.push(performance.now() - t);
    }
    out.push({ label: k.label, p50: percentile(times, 50), p95: percentile(times, 95), load: loadavg()[0]! });
    console.log(`  ${k.label}: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, load ${loadavg()[0]!.toFixed(2)}`);
  }
  return out;
}
const pageKinds = await measureAll(kinds);
const catchUpMeasured = await measureAll(catchUp);
// Reading every device into the list's memory: done by the hosts once started, in the
// background (or when more than 10,000 changes were missed). Each on a newly opened store.
const warmTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const fresh = createCore({ dataDir: dir });
  const s = performance.now();
  fresh.services.inventory.warmListIndex();
  warmTimes.push(performance.now() - s);
  fresh.close();
}
const searchMeasured = await measureAll(searchKinds);
const worst = (xs: Measured[]) => xs.reduce((a, b) => (b.p50 > a.p50 ? b : a));
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
const kindRow = (m: Measured, target: string): [string, string, string] => [m.label, `${ms(m.p50)} / ${ms(m.p95)} (load ${m.load.toFixed(1)})`, target];
const worstPage = worst(pageKinds);
const worstSearch = worst(searchMeasured);
writeResults('inventory', 'Inventory and headless host (50,000 devices)', [
  ['fill 50,000 devices through the repository layer (row + audit + outbox + search)', `${fillSeconds.toFixed(1)} s (load ${fillLoad.toFixed(1)})`, '—'],
  [`**inventory page, worst kind: ${worstPage.label}** p50 / p95`, `**${ms(worstPage.p50)}** / ${ms(worstPage.p95)} (load ${worstPage.load.toFixed(1)})`, 'p50 < 10 ms'],
  [`**Ctrl+K search, worst kind: ${worstSearch.label}** p50 / p95`, `**${ms(worstSearch.p50)}** / ${ms(worstSearch.p95)} (load ${worstSearch.load.toFixed(1)})`, 'p50 < 20 ms'],
  ...pageKinds.map((m) => kindRow(m, 'p50 < 10 ms')),
  ...catchUpMeasured.map((m) => kindRow(m, '— (once per bulk change)')),
  ...searchMeasured.map((m) => kindRow(m, 'p50 < 20 ms')),
  ['inventory list: every device read into memory, once at host start in the background p50', ms(percentile(warmTimes, 50)), '— (not a page query)'],
  ['headless host start to first answered request, in process (open store + listen + /healthz) p50', ms(percentile(startTimes, 50)), '< 1 s'],
  ['`noc serve` new process to first answered /healthz (includes Node start and TypeScript loading)', ms(processStart), '—'],
]);

