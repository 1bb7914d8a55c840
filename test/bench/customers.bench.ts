// Issue 7 with 20,000 customers, 100,000 rentals and 200,000 tickets: customer search,
// the ticket queue page exactly as the UI loads it (and every sort the API offers), and the
// month-end overage report for all customers with its usage from monitoring: 90 % of the servers
// have a linked switch port — most with March's final 95th percentile (what retention keeps
// once a month has ended), PORTS_R5M of them with a whole month of 5-minute rows still to
// compute it from — the other 10 % fall back to imported figures.
// Run: npx tsx test/bench/customers.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, localActor } from '../../src-main/core/create-core';
import { importUsage } from '../../src-main/domains/notifications/overage';
import { seededRandom } from '../../src-main/domains/demo/generate';
import { BUILTIN_QUEUES, DEFAULT_SLA, OPEN_TICKET_STATUSES, TICKET_STATUS_VALUES, TICKET_PRIORITY_VALUES } from '../../shared/tickets';
import { percentile, writeResults } from './lib';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CUSTOMERS = 20_000 * SCALE;
const RENTALS = 100_000 * SCALE;
const TICKETS = 200_000 * SCALE;
const DEVICES = 25_000 * SCALE; // 4 rentals per server over time: one active, three ended
const MONTH = '2026-03';
const PORTS_R5M = Number(process.env.BENCH_PORTS_R5M ?? 500) * SCALE; // ports whose March p95 is computed from 8,928 five-minute rows each

// BENCH_STORE=dir measures a store filled before (BENCH_FILL_ONLY=1 keeps one).
const reuse = process.env.BENCH_STORE;
const dir = reuse ?? mkdtempSync(join(tmpdir(), 'noc-bench-cust-'));
const core = createCore({ dataDir: dir, clock: { now: () => Date.UTC(2026, 3, 2), setTimeout: () => 0, clearTimeout: () => undefined } });
const s = core.services;
const ctx = { actor: localActor() };
const rnd = seededRandom(99);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
const WORDS = ['North', 'Blue', 'Kestrel', 'Harbor', 'Quanta', 'Vela', 'Cobalt', 'Mosaic', 'Lumen', 'Orbit', 'Pixel', 'Zephyr', 'Cedar', 'Atlas', 'Nimbus', 'Falcon', 'Granite', 'Ion', 'Juniper', 'Krypton'];
const KINDS = ['Hosting', 'Networks', 'Cloud', 'Games', 'Media', 'Labs', 'Analytics', 'Streaming', 'Systems', 'Data'];
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

function batches(n: number, size: number, fn: (i: number) => void): void {
  for (let b = 0; b < n; b += size) s.store.write(() => { for (let i = b; i < Math.min(n, b + size); i++) fn(i); });
}

let fillSeconds = NaN;
if (!reuse) {
const t0 = performance.now();
const deviceIds: string[] = [];
batches(DEVICES, 5000, (i) => {
  deviceIds.push(s.inventory.devices.insert(ctx, {
    name: `srv-${String(i).padStart(5, '0')}`, type: 'server', status: 'rented', siteId: null, rackId: null, position: null, heightU: 1, face: 'front', width: 'full', fullDepth: true,
    hostId: null, os: 'Debian 12', serial: `SN${i}`, assetTag: '', mgmtIp: '', primaryIp: '', notes: '', specs: { cpu: '', ramGb: 64, storage: '', gpu: '', nics: [] }, demo: false,
  }).id);
});
const customerIds: string[] = [];
batches(CUSTOMERS, 5000, (i) => {
  const name = `${pick(WORDS)} ${pick(KINDS)} ${i}`;
  customerIds.push(s.customers.repo.customers.insert(ctx, {
    name, company: `${name} Ltd`, email: `ops${i}@c${i}.example`, phone: '', status: i % 50 === 0 ? 'suspended' : 'active', statusReason: '',
    billingAddress: { line1: '', line2: '', city: pick(['Berlin', 'Ashburn', 'London', 'Oslo']), postcode: '', region: '', country: '' }, createdAt: iso(Date.UTC(2024, 0, 1)), demo: false,
  }).id);
  s.customers.repo.contacts.insert(ctx, { customerId: customerIds[i]!, name: 'NOC', email: `noc${i}@${pick(WORDS).toLowerCase()}-${i}.example`, phone: '', roles: ['technical'], demo: false });
});
const fillCustomers = performance.now() - t0;
const t1 = performance.now();
batches(RENTALS, 5000, (i) => {
  const device = deviceIds[i % DEVICES]!;
  const round = Math.floor(i / DEVICES); // 0..3: three ended rentals, then the active one
  const start = Date.UTC(2024, 0, 1) + round * 150 * DAY;
  const active = round === 3;
  s.rentals.repo.rentals.insert(ctx, {
    customerId: customerIds[Math.floor(rnd() * CUSTOMERS)]!, deviceId: device, status: active ? 'active' : 'ended', startsAt: iso(start), endsAt: null,
    endedAt: active ? null : iso(start + 140 * DAY), endPath: active ? null : 'wipe', endReason: '', plan: 'Dedicated M', monthlyPriceCents: 9900, currency: 'USD',
    committedMbps: pick([100, 250, 500, 1000]), ips: [], demo: false,
  });
});
const fillRentals = performance.now() - t1;
const t2 = performance.now();
const queues = BUILTIN_QUEUES.map((b) => s.tickets.repo.queues.insert(ctx, { key: b.key, name: b.name, members: ['ann', 'bob'], roundRobin: true, lastAssigned: null, sla: DEFAULT_SLA, builtin: true, demo: false }));
batches(TICKETS, 5000, (i) => {
  const created = Date.UTC(2025, 0, 1) + i * 60_000;
  const status = i > TICKETS - 20_000 ? pick(OPEN_TICKET_STATUSES) : pick(TICKET_STATUS_VALUES);
  s.tickets.repo.tickets.insert(ctx, {
    number: i + 1, queueId: queues[i % queues.length]!.id, customerId: customerIds[i % CUSTOMERS]!, deviceId: deviceIds[i % DEVICES]!, alarmId: null, kind: 'general',
    subject: `${pick(['Disk', 'Network', 'Reboot', 'Invoice', 'IPMI', 'RAM', 'DNS'])} issue ${i}`, status, priority: pick(TICKET_PRIORITY_VALUES), assignee: pick(['ann', 'bob', null]),
    createdBy: 'bench', createdAt: iso(created), firstResponseDue: iso(created + 8 * 3_600_000), resolutionDue: iso(created + 3 * DAY), firstRespondedAt: null, resolvedAt: null,
    slaNotified: [], slaNextAt: null, links: [], details: {}, demo: false,
  });
});
const fillTickets = performance.now() - t2;
// Switch ports linked to 90 % of the servers (48 per switch), through the repository layer;
// their March usage in the metrics store; imported figures for the other 10 %.
const t3 = performance.now();
const linked = deviceIds.filter((_, i) => i % 10 !== 0);
const switches: string[] = [];
batches(Math.ceil(linked.length / 48), 500, (i) => {
  switches.push(s.inventory.devices.insert(ctx, {
    name: `sw-${String(i).padStart(4, '0')}`, type: 'switch', status: 'available', siteId: null, rackId: null, position: null, heightU: 1, face: 'front', width: 'full', fullDepth: true,
    hostId: null, os: '', serial: `SW${i}`, assetTag: '', mgmtIp: '', primaryIp: '', notes: '', specs: { cpu: '', ramGb: 0, storage: '', gpu: '', nics: [] }, demo: false,
  }).id);
});
const portIds: string[] = [];
batches(linked.length, 5000, (i) => {
  portIds.push(s.monitoring.repo.interfaces.insert(ctx, {
    deviceId: switches[Math.floor(i / 48)]!, ifIndex: (i % 48) + 1, name: `xe-0/0/${i % 48}`, alias: '', descr: '', speedMbps: 10_000,
    linkedDeviceId: linked[i]!, committedMbps: null, alarmOnDown: true, demo: false,
  }).id);
});
{
  const mdb = s.metrics.db;
  const { from, to } = { from: Date.UTC(2026, 2, 1) / 1000, to: Date.UTC(2026, 3, 1) / 1000 };
  const addSeries = mdb.prepare(`INSERT INTO series (key, kind) VALUES (?, 'if') RETURNING id`);
  const finalP95 = mdb.prepare(`INSERT INTO p95 (s, month, a, b, v, samples, final) VALUES (?, ?, ?, ?, ?, ?, 1)`);
  const r5m = mdb.prepare(`INSERT INTO r5m (s, t, n, a, b, amax, bmax) VALUES (?, ?, 1, ?, ?, ?, ?)`);
  mdb.transaction(() => {
    portIds.forEach((id, i) => {
      const sid = (addSeries.get(`if:${id}`) as { id: number }).id;
      const level = (50 + rnd() * 1200) * 1e6; // bits/s around which this port's traffic moves
      if (i >= PORTS_R5M) {
        finalP95.run(sid, MONTH, level, level * 0.4, level, 8928);
        return;
      }
      for (let t = from; t < to; t += 300) {
        const a = level * (0.3 + 0.8 * rnd());
        r5m.run(sid, t, a, a * 0.4, a, a * 0.4);
      }
    });
  })();
}
importUsage(s.store, MONTH, deviceIds.filter((_, i) => i % 10 === 0).map((d) => ({ deviceId: d, p95Mbps: 50 + rnd() * 1200 })));
const fillPorts = performance.now() - t3;
console.log(`ports: ${portIds.length} linked (${PORTS_R5M} with 5-minute rows) in ${(fillPorts / 1000).toFixed(1)} s`);
fillSeconds = (performance.now() - t0) / 1000;
console.log(`filled in ${fillSeconds.toFixed(1)} s (customers+devices ${(fillCustomers / 1000).toFixed(1)} s, rentals ${(fillRentals / 1000).toFixed(1)} s, tickets ${(fillTickets / 1000).toFixed(1)} s)`);

}
if (process.env.BENCH_FILL_ONLY) {
  // For looking at query plans: keep the filled store and stop here.
  core.close();
  console.log(`store kept in ${dir}`);
  process.exit(0);
}
const api = core.router.createCaller(core.createContext(localActor()));
const loadAt = new WeakMap<number[], number>(); // the load average when each figure was taken
async function measure(label: string, runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await fn(i); // warm the statement cache
  const out: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  console.log(`  ${label}: ${runs} runs in ${((performance.now() - started) / 1000).toFixed(1)} s, p50 ${percentile(out, 50).toFixed(2)} ms, load ${loadavg()[0]!.toFixed(2)}`);
  loadAt.set(out, loadavg()[0]!);
  return out;
}

// Broad: a word that 1 in 20 customers share (~1,000 names + ~1,000 contact e-mails match).
// Specific: what an operator types to find one account: a name, an e-mail, a server.
const broad = WORDS.map((w) => w.toLowerCase().slice(0, 4));
const specific = Array.from({ length: 40 }, (_, i) => [`c${1000 + i * 37}.example`, `Hosting ${2000 + i * 11}`, `srv-${String(300 + i * 13).padStart(5, '0')}`, `noc${4000 + i * 29}@`][i % 4]!);
const terms = [...broad, 'zzz-none', 'Labs'];
console.log('measuring');
const customerSearch = await measure('customerSearch', 200, (i) => api.customers.list({ text: i % 2 ? terms[i % terms.length] : specific[i % specific.length], limit: 50 }));
const customerSearchSpecific = await measure('customerSearchSpecific', 200, (i) => api.customers.list({ text: specific[i % specific.length], limit: 50 }));
const customerSearchBroad = await measure('customerSearchBroad', 200, (i) => api.customers.list({ text: broad[i % broad.length], limit: 50 }));
const customerList = await measure('customerList', 100, (i) => api.customers.list({ offset: (i * 137) % 19_000, limit: 50, sort: i % 2 ? 'name' : 'status' }));
const ctrlK = await measure('ctrlK', 100, (i) => api.search.query({ text: terms[i % terms.length]!, limit: 20 }));
// The call TicketsView makes (src-renderer/views/tickets/TicketsView.tsx): open tickets, all
// queues (its default) or one, 200 rows, newest first; text/assignee only when typed/"Mine".
const queuePage = await measure('queuePage', 200, (i) => api.tickets.list({ queue: i % 5 === 4 ? undefined : BUILTIN_QUEUES[i % 4]!.key, open: true, limit: 200 }));
const queuePageMine = await measure('queuePageMine', 100, (i) => api.tickets.list({ queue: BUILTIN_QUEUES[i % 4]!.key, open: true, assignee: i % 2 ? 'ann' : 'bob', limit: 200 }));
// Every sort the ticket API offers, both directions, on a queue page and deep in all tickets,
// each timed on its own with the load average at the time.
const ticketKinds: Array<{ label: string; p50: number; p95: number; load: number }> = [];
for (const sort of ['number', 'priority', 'due', 'updatedAt'] as const) {
  for (const dir of ['asc', 'desc'] as const) {
    for (const [where, fn] of [
      ['queue page (one queue, open tickets, pages 1–5)', (i: number) => api.tickets.list({ queue: BUILTIN_QUEUES[i % 4]!.key, open: true, sort, dir, limit: 50, offset: (i % 5) * 50 })],
      ['all tickets, page deep in the list', (i: number) => api.tickets.list({ sort, dir, limit: 50, offset: (i * 997) % 190_000 })],
    ] as const) {
      const times = await measure(`${sort} ${dir} ${where}`, 40, fn);
      ticketKinds.push({ label: `ticket ${where}, sort ${sort} ${dir}`, p50: percentile(times, 50), p95: percentile(times, 95), load: loadavg()[0]! });
    }
  }
}
const worstTicket = ticketKinds.reduce((a, b) => (b.p50 > a.p50 ? b : a));
const allPage = await measure('allPage', 100, (i) => api.tickets.list({ limit: 50, offset: (i * 997) % 190_000 }));
const overage: number[] = [];
let report = await api.notifications.overage({ month: MONTH });
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  report = await api.notifications.overage({ month: MONTH });
  overage.push(performance.now() - t);
}
// What the pollers' hourly retention does once a month has ended: every port's March p95 made final.
const finalised = s.metrics.retention().finalised;
const overageFinal: number[] = [];
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await api.notifications.overage({ month: MONTH });
  overageFinal.push(performance.now() - t);
}
core.close();
if (!reuse) rmSync(dir, { recursive: true, force: true });

const ms = (x: number) => `${x.toFixed(2)} ms`;
const p = (xs: number[]) => `${ms(percentile(xs, 50))} / ${ms(percentile(xs, 95))} (load ${(loadAt.get(xs) ?? NaN).toFixed(1)})`;
writeResults('customers', 'Customers, rentals, tickets (20,000 customers, 100,000 rentals, 200,000 tickets)', [
  [`fill through the repository layer (row + audit + outbox + search): 25,000 servers, 20,000 customers with a contact each, 100,000 rentals, 200,000 tickets, ${(DEVICES * 0.9).toLocaleString('en')} linked switch ports with March usage`, Number.isNaN(fillSeconds) ? 'filled before' : `${fillSeconds.toFixed(1)} s`, '—'],
  ['customer search, half specific, half broad terms (name, company, e-mail, contact e-mail, rented server name; 50 rows + total) p50 / p95', p(customerSearch), 'p50 < 20 ms'],
  ['… specific terms (a name, an e-mail, a server: 1–10 hits) p50 / p95', p(customerSearchSpecific), '—'],
  ['… broad terms (a word shared by 1 in 20 customers: ~2,000 hits) p50 / p95', p(customerSearchBroad), '—'],
  ['customer list page (50 rows, by name or status, with rental/ticket counts) p50 / p95', p(customerList), '—'],
  ['Ctrl+K over everything (customers, rentals, tickets, devices), 20 hits p50 / p95', p(ctrlK), '—'],
  ['ticket queue page as the UI loads it (open tickets, one queue or all queues, 200 rows + total, newest first) p50 / p95', p(queuePage), 'p50 < 20 ms'],
  ['… the same, "Mine" (one queue, open, one assignee, 200 rows) p50 / p95', p(queuePageMine), 'p50 < 20 ms'],
  [`**ticket page, worst sort: ${worstTicket.label}** p50 / p95`, `**${ms(worstTicket.p50)}** / ${ms(worstTicket.p95)} (load ${worstTicket.load.toFixed(1)})`, 'p50 < 20 ms'],
  ...ticketKinds.map((k): [string, string, string] => [k.label, `${ms(k.p50)} / ${ms(k.p95)} (load ${k.load.toFixed(1)})`, 'p50 < 20 ms']),
  ['all tickets, page deep in the list p50 / p95', p(allPage), '—'],
  [`month-end overage report for all customers (${report.customersChecked.toLocaleString('en')} with rentals in ${MONTH}, ${report.lines.length.toLocaleString('en')} over commit; usage from ${(DEVICES * 0.9).toLocaleString('en')} linked switch ports — ${PORTS_R5M.toLocaleString('en')} computed from a month of 5-minute rows, the rest final p95 — and imported figures for ${(DEVICES * 0.1).toLocaleString('en')} servers without one) p50`, ms(percentile(overage, 50)), '< 5 s'],
  [`… the same once retention has made ${MONTH} final for every port (${finalised.toLocaleString('en')} made final here) p50`, ms(percentile(overageFinal, 50)), '< 5 s'],
]);
