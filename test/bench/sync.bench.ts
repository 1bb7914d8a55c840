// Shared mode against a real PostgreSQL 15 on loopback (a throwaway cluster, fsync off as in
// the tests): initial sync of 100,000 rows into a fresh client, pushing 10,000 changes, the
// time from a write on client A to its arrival on client B (p50/p95), and a client offline
// for a day with 5,000 queued changes (its memory, the time to catch up). The push is measured
// with the second client away (as on its own machine), and again with it live in this process.
// Run: npx tsx test/bench/sync.bench.ts   (figures to test/bench/results/sync.md)
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src-main/core/clock';
import { createCore, localActor, type Core } from '../../src-main/core/create-core';
import { migrate } from '../../src-main/sync/migrate';
import { connectPg } from '../../src-main/sync/pg';
import { addUser, bootstrapAdmin } from '../../src-main/sync/users';
import { startPostgres } from '../peers/postgres';
import { percentile, writeResults } from './lib';

const ROWS = 100_000;
const PUSH = 10_000;
const OFFLINE = 5_000;
const LATENCY_SAMPLES = 200;

const pg = await startPostgres({ ports: [25460, 25479] });
const dirs: string[] = [];
const cores: Core[] = [];
const ctx = { actor: localActor() };
const url = (u: string, p: string) => pg.url(u, p);
const rows: Array<[string, string, string]> = [];
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;

function client(): Core {
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-sync-'));
  dirs.push(dir);
  const core = createCore({ dataDir: dir, sync: { timers: systemClock, reconnectMinMs: 200, reconnectMaxMs: 1000 } });
  cores.push(core);
  return core;
}

try {
  const owner = await connectPg(pg.url());
  await migrate(owner);
  await bootstrapAdmin(owner, 'alice', 'alice-secret-1');
  await owner.end();
  const admin = await connectPg(url('alice', 'alice-secret-1'));
  await addUser(admin, { login: 'tom', password: 'tom-secret-12', role: 'technician', customerId: null, fullName: '' });

  // ---- 100,000 rows on the server (written by the admin in SQL: revs, audit and NOTIFY by trigger) ----
  const seed0 = performance.now();
  await admin.query(`INSERT INTO sites (id, updated_at, name, code) VALUES ('bench-site', '001767225600000-0000-seed', 'Bench', 'BEN1')`);
  await admin.query(`INSERT INTO rooms (id, updated_at, site_id, name) VALUES ('bench-room', '001767225600000-0000-seed', 'bench-site', 'Hall')`);
  await admin.query(`INSERT INTO racks (id, updated_at, room_id, name, height_u)
    SELECT 'rack-' || i, '001767225600000-0000-seed', 'bench-room', 'R' || i, 42 FROM generate_series(0, ${Math.ceil(ROWS / 40) - 1}) i`);
  for (let start = 0; start < ROWS; start += 20_000) {
    await admin.query(`INSERT INTO devices (id, updated_at, name, type, status, site_id, rack_id, position, serial, asset_tag, primary_ip, field_hlc)
      SELECT 'dev-' || i, '001767225600000-0000-seed', 'bench-' || lpad(i::text, 6, '0'), 'server', 'available', 'bench-site', 'rack-' || (i / 40), (i % 40) + 1,
             'SN' || (1000000 + i), 'AT' || i, '10.' || ((i >> 16) & 255) || '.' || ((i >> 8) & 255) || '.' || (i & 255), '{}'
        FROM generate_series(${start}, ${Math.min(ROWS, start + 20_000) - 1}) i`);
  }
  const serverRows = Number((await admin.query(`SELECT (SELECT count(*) FROM devices) + (SELECT count(*) FROM racks) + 2 AS n`)).rows[0].n);
  rows.push([`seed the server with ${serverRows.toLocaleString('en')} rows in SQL (triggers: rev, audit, NOTIFY)`, `${((performance.now() - seed0) / 1000).toFixed(1)} s`, '—']);

  // ---- initial sync of a fresh client ----
  const b = client();
  const heap0 = process.memoryUsage();
  const i0 = performance.now();
  const rep = await b.services.sync.connect(url('tom', 'tom-secret-12'));
  const initial = (performance.now() - i0) / 1000;
  const heap1 = process.memoryUsage();
  const local = (b.services.store.db.prepare(`SELECT count(*) AS n FROM devices`).get() as { n: number }).n;
  if (local !== ROWS || rep.pulled !== serverRows) throw new Error(`initial sync incomplete: ${local} devices, ${rep.pulled} rows`);
  rows.push([`initial sync of ${serverRows.toLocaleString('en')} rows into a fresh client (pull in pages of 5,000, search index included)`, `${initial.toFixed(2)} s (${Math.round(serverRows / initial).toLocaleString('en')} rows/s; RSS +${mb(heap1.rss - heap0.rss)})`, '< 10 s']);
  const found = b.services.search.search('bench-099999', 5);
  if (found.length === 0) throw new Error('search index not filled by the pull');

  // ---- pushing 10,000 changes ----
  // Client B is another desk; here it shares this Node process, so its live pulls of the very
  // rows A pushes would run on A's event loop. The push is measured with B away (as on its own
  // machine), then B's catch-up, then the same push again with B live in this process.
  const a = client();
  await a.services.sync.connect(url('alice', 'alice-secret-1'));
  await a.services.sync.disconnect();
  const ids = (a.services.store.db.prepare(`SELECT id FROM devices ORDER BY id LIMIT ?`).all(PUSH) as Array<{ id: string }>).map((r) => r.id);
  const pushAll = async (label: string) => {
    a.services.store.write(() => {
      for (const id of ids) a.services.inventory.devices.update(ctx, id, { notes: `${label} ${id}` });
    });
    const p0 = performance.now();
    let pushedAt = 0;
    const rep = await a.services.sync.connect(url('alice', 'alice-secret-1'), undefined, (pr) => {
      if (pr.phase === 'upload' && pr.done === pr.total) pushedAt = performance.now();
    });
    if (rep.pushed !== PUSH) throw new Error(`pushed ${rep.pushed}`);
    return { pushS: (pushedAt - p0) / 1000, cycleS: (performance.now() - p0) / 1000 };
  };
  await b.services.sync.disconnect();
  const alone = await pushAll('checked');
  rows.push([`push ${PUSH.toLocaleString('en')} changes (connect, then batches of 2,000, one transaction each, merged field by field; the other client on its own)`, `${alone.pushS.toFixed(2)} s (${Math.round(PUSH / alone.pushS).toLocaleString('en')} changes/s)`, '< 2 s']);
  rows.push([`… the whole cycle: that push, then the pull that brings them back with their revs`, `${alone.cycleS.toFixed(2)} s`, '—']);
  const b0 = performance.now();
  await b.services.sync.connect(url('tom', 'tom-secret-12'));
  await until(() => b.services.inventory.devices.get(ids[PUSH - 1]!)?.notes === `checked ${ids[PUSH - 1]}`, 30_000);
  rows.push([`… client B, back online, catching up those ${PUSH.toLocaleString('en')} changes`, `${((performance.now() - b0) / 1000).toFixed(2)} s`, '—']);
  await a.services.sync.disconnect();
  const shared = await pushAll('rechecked');
  rows.push([`the same push while client B, live in this same Node process, pulls each batch as it lands (its work runs on A's event loop)`, `${shared.pushS.toFixed(2)} s`, '—']);
  await until(() => b.services.inventory.devices.get(ids[PUSH - 1]!)?.notes === `rechecked ${ids[PUSH - 1]}`, 30_000);

  // ---- a write on A, visible on B ----
  const lat: number[] = [];
  const target = ids[0]!;
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const value = `latency ${i}`;
    const t = performance.now();
    a.services.inventory.devices.update(ctx, target, { notes: value });
    await until(() => b.services.inventory.devices.get(target)?.notes === value, 5000);
    lat.push(performance.now() - t);
  }
  rows.push([`a write on client A visible on client B (push, NOTIFY, pull, ${LATENCY_SAMPLES} samples) p50 / p95`, `${percentile(lat, 50).toFixed(1)} ms / ${percentile(lat, 95).toFixed(1)} ms`, 'p95 < 1 s']);

  // ---- a day offline with 5,000 queued changes ----
  await b.services.sync.disconnect();
  const before = process.memoryUsage();
  const o0 = performance.now();
  const offIds = (b.services.store.db.prepare(`SELECT id FROM devices ORDER BY id DESC LIMIT ?`).all(OFFLINE) as Array<{ id: string }>).map((r) => r.id);
  for (let i = 0; i < OFFLINE; i++) b.services.inventory.devices.update(ctx, offIds[i]!, { os: `Debian 12 (${i})` }); // one transaction each, as a person works
  const offWrite = (performance.now() - o0) / 1000;
  const during = process.memoryUsage();
  const c0 = performance.now();
  const catchUp = await b.services.sync.connect(url('tom', 'tom-secret-12'));
  const catchS = (performance.now() - c0) / 1000;
  if (catchUp.pushed !== OFFLINE) throw new Error(`pushed ${catchUp.pushed}`);
  rows.push([`offline: ${OFFLINE.toLocaleString('en')} changes made one by one (local writes, nothing waits on the network)`, `${offWrite.toFixed(2)} s (${(offWrite * 1000 / OFFLINE).toFixed(2)} ms each); heap ${mb(during.heapUsed)} (+${mb(Math.max(0, during.heapUsed - before.heapUsed))}), RSS ${mb(during.rss)}`, '—']);
  rows.push([`back online: push the ${OFFLINE.toLocaleString('en')} queued changes and pull what others did meanwhile`, `${catchS.toFixed(2)} s`, '—']);
  await admin.end();
} finally {
  for (const c of cores) {
    await c.services.sync.stop().catch(() => undefined);
    c.close();
  }
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await pg.stop();
}

rows.push(['load average (1 min) while measuring: the machine is shared with other engineers\' test runs', loadavg()[0]!.toFixed(1), '—']);
writeResults('sync', 'Shared mode: sync with PostgreSQL 15 (loopback, throwaway cluster, fsync off)', rows);

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}
