// Live poll results between clients of one real PostgreSQL 15 (issue 6), polling a real agent
// (snmpsim, a simulated 96-port switch): client A holds the device's shard and polls it; B (a
// poller that does not hold the shard) and C (a wall host without pollers) show A's poll —
// sysName, uptime, each port's oper status and rates, the graph points — within a second,
// the 96 ports split over several NOTIFYs that each stay under 7,000 bytes. Then A goes away,
// B takes the shard over and polls by itself, and a late message from A changes nothing.
// Every client logs in as alice (admin): each fetches the team key (B opens the switch's SNMP
// community that A's desk set) and the live key the NOTIFYs are sealed with.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { TILE_CODE } from '../../../shared/monitoring';
import type { WallMessage } from '../../../shared/monitoring-types';
import { LIVE_KIND, MAX_PAYLOAD_BYTES, type LiveData } from '../../../src-main/pollers/live-share';
import { fetchLiveKey, LiveKeys } from '../../../src-main/sync/live-key';
import { migrate } from '../../../src-main/sync/migrate';
import { connectPg } from '../../../src-main/sync/pg';
import { bootstrapAdmin } from '../../../src-main/sync/users';
import { postgresMissing, startPostgres, type PostgresPeer } from '../../peers/postgres';
import { snmpsimMissing, startSnmpsim, type SnmpsimPeer } from '../../peers/snmpsim';
import { actor, until } from '../helpers';
import { closeClient, shardHeld } from '../shared-mode';

// This suite's ports: PostgreSQL 25450–25459, SNMP agents 26150–26169.
const PG_PORTS = [25450, 25459] as const;
const AGENT_PORT = 26150;
const PASSWORD = 'alice-live-share-1';
const INTERVAL_MS = 1000; // leadership rounds every 500 ms: a takeover within ~2 s
const missing = postgresMissing() ?? snmpsimMissing();

interface Client { name: string; core: Core; dir: string; closed: boolean }

let db: PostgresPeer;
let agent: SnmpsimPeer;
let url: string;
const clients: Client[] = [];
let listener: pg.Client;
/** the live key, fetched as alice like every client does */
const liveKey = new LiveKeys();
const payloads: Array<{ at: number; bytes: number; text: string }> = [];
/** what the clients' monitoring reported (live sharing reports through it) */
const errors: string[] = [];

function client(name: string, opts: { pollers: boolean }): Client {
  const dir = mkdtempSync(join(tmpdir(), `noc-live-${name}-`));
  const core = createCore({
    dataDir: dir, clock: systemClock, pg: null,
    sync: { timers: systemClock, reconnectMinMs: 100, reconnectMaxMs: 500, leadership: { shards: 1 } },
    monitoring: { enabled: opts.pollers, trapPort: null, snmpTimeoutMs: 1500, snmpRetries: 1, ping: { count: 1, timeoutMs: 300 }, onError: (m) => errors.push(`${name}: ${m}`) },
  });
  const c = { name, core, dir, closed: false };
  clients.push(c);
  return c;
}

const close = (c: Client) => closeClient(c);

const caller = (c: Client) => c.core.router.createCaller(c.core.createContext(actor('admin')));

describe.skipIf(missing)('poll results reach every client live (PostgreSQL + snmpsim)', () => {
  let A: Client;
  let B: Client;
  let C: Client;
  let deviceId: string;

  beforeAll(async () => {
    [db, agent] = await Promise.all([startPostgres({ ports: PG_PORTS }), startSnmpsim({ devices: 1, ports: 96, port: AGENT_PORT })]);
    const owner = await connectPg(db.url());
    try {
      await migrate(owner);
      await bootstrapAdmin(owner, 'alice', PASSWORD, 'Alice Admin');
    } finally {
      await owner.end();
    }
    url = db.url('alice', PASSWORD);
    listener = await connectPg(url);
    listener.on('notification', (m) => {
      if (m.channel === 'noc_live') payloads.push({ at: Date.now(), bytes: Buffer.byteLength(m.payload ?? ''), text: m.payload ?? '' });
    });
    await listener.query('LISTEN noc_live');
    expect((await fetchLiveKey(listener, liveKey)).state).toBe('fetched');

    A = client('a', { pollers: true });
    await A.core.services.sync.connect(url);
    A.core.services.sync.startPolling(INTERVAL_MS);
    await until('A holds the shard', () => shardHeld(A));
    B = client('b', { pollers: true });
    await B.core.services.sync.connect(url);
    B.core.services.sync.startPolling(INTERVAL_MS);
    C = client('c', { pollers: false });
    await C.core.services.sync.connect(url);
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS)); // a few leadership rounds: A keeps the one shard
    expect(shardHeld(A)).toBe(true);
    expect(shardHeld(B)).toBe(false);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await close(c);
    await listener?.end();
    await Promise.all([agent?.stop(), db?.stop()]);
  }, 60_000);

  it("B and C show A's poll within a second: state, sysName, uptime, port states and rates, the wall tile, the same graph points", async () => {
    const wall: WallMessage[] = [];
    const offWall = C.core.services.wall.subscribe((m) => wall.push(m));
    const sw = await caller(A).monitoring.add({ address: '127.0.0.1', port: AGENT_PORT, community: agent.communities[0]!, name: 'sw-96', intervalS: 10 });
    deviceId = sw.deviceId;
    await until('A polls', () => A.core.services.pollers.isRunning);
    await caller(A).monitoring.pollNow({ deviceId });
    await new Promise((r) => setTimeout(r, 1100)); // rates need two polls at least a second apart
    await caller(A).monitoring.pollNow({ deviceId });
    const t0 = Date.now();
    const polledAt = A.core.services.pollers.live.peek(deviceId)!.lastPollAt!;
    type Live = Awaited<ReturnType<ReturnType<typeof caller>['monitoring']['live']>>;
    const ratesOf = (l: Live) => l.interfaces.filter((i) => i.inBps !== null).length;
    const byPort = (l: Live) => [...l.interfaces].sort((x, y) => x.ifIndex - y.ifIndex);

    for (const viewer of [B, C]) {
      // A's scheduler may poll again meanwhile: compare with what A has at that moment
      const [seen, onA] = await until(`${viewer.name} sees the poll`, async () => {
        const [l, a] = await Promise.all([caller(viewer).monitoring.live({ deviceId }), caller(A).monitoring.live({ deviceId })]);
        return (l.state?.lastPollAt ?? 0) >= polledAt && l.state?.lastPollAt === a.state?.lastPollAt && ratesOf(l) === 96 ? [l, a] as const : null;
      }, 5000);
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(onA.sysName).toBe('sw0001');
      expect(seen.state).toMatchObject({ state: 'OK', problem: null });
      expect(ratesOf(onA)).toBe(96);
      expect(seen.sysName).toBe(onA.sysName);
      expect(seen.uptimeTicks).toBe(onA.uptimeTicks);
      expect(byPort(seen)).toEqual(byPort(onA));
      expect(seen.interfaces.find((i) => i.ifIndex === 96)).toMatchObject({ oper: 2, admin: 1 }); // the last 4 ports are down
      expect(seen.interfaces.find((i) => i.ifIndex === 10)!.inBps).toBeGreaterThan(0);
      expect(viewer.core.services.pollers.live.lastPollAt).toBe(seen.state!.lastPollAt); // the wall's "data age"
      expect((await caller(viewer).monitoring.wallSnapshot()).lastPollAt).toBe(seen.state!.lastPollAt);
    }

    // C's wall (a host without pollers) was pushed the device's OK tile, no reload
    const shown = await until("the tile on C's wall", () => {
      let at = -1;
      let tile: number | undefined;
      for (const m of wall) {
        if (m.kind === 'snapshot') {
          at = m.devices.ids.indexOf(deviceId);
          tile = at >= 0 ? m.devices.tiles[at] : undefined;
        } else {
          for (let k = 0; k + 1 < m.tiles.length; k += 2) if (m.tiles[k] === at) tile = m.tiles[k + 1];
        }
      }
      return tile === TILE_CODE.OK ? 'OK' : null;
    }, 3000);
    expect(shown).toBe('OK');
    offWall();

    // the poll (96 ports, 2 × 96 samples) came in several NOTIFYs, each under the bound, all of them
    const shownPoll = B.core.services.pollers.live.peek(deviceId)!.lastPollAt!;
    const carrying = await until('the NOTIFYs of that poll', () => {
      const ports = new Set<number>();
      const samples = new Set<string>();
      let n = 0;
      for (const p of payloads) {
        const opened = liveKey.open(LIVE_KIND, (JSON.parse(p.text) as { data: unknown }).data);
        if (!opened.ok) throw new Error(`a NOTIFY on noc_live does not open with the live key: ${opened.reason}`);
        const data = JSON.parse(opened.text) as LiveData;
        const i = data.d.flatMap((e) => (e.i ?? []).filter((x) => x[5] === shownPoll).map((x) => x[0]));
        const s = data.s.filter((x) => x[2] === shownPoll).map((x) => x[0]);
        if (i.length + s.length > 0) n++;
        i.forEach((x) => ports.add(x));
        s.forEach((x) => samples.add(x));
      }
      // per port: its traffic series (if:) and its errors and discards series (ifErr:)
      const traffic = [...samples].filter((k) => k.startsWith('if:')).length;
      const errs = [...samples].filter((k) => k.startsWith('ifErr:')).length;
      return ports.size === 96 && traffic === 96 && errs === 96 ? n : null;
    }, 3000);
    expect(carrying).toBeGreaterThan(1);
    for (const p of payloads) expect(p.bytes).toBeLessThan(MAX_PAYLOAD_BYTES);
    expect(errors).toEqual([]);

    // port graphs and the 95th percentile: the same points as on the poller
    await until('the interface rows reach C', () => C.core.services.monitoring.repo.interfacesOf(deviceId).length === 96, 5000);
    const port10 = A.core.services.monitoring.repo.interfacesOf(deviceId).find((i) => i.ifIndex === 10)!;
    const graphA = await caller(A).monitoring.graph({ interfaceId: port10.id, range: 'day' });
    expect(graphA.t.length).toBeGreaterThanOrEqual(1);
    for (const viewer of [B, C]) {
      const g = await caller(viewer).monitoring.graph({ interfaceId: port10.id, range: 'day' });
      expect({ t: g.t, inBps: g.inBps, outBps: g.outBps }).toEqual({ t: graphA.t, inBps: graphA.inBps, outBps: graphA.outBps });
      expect((await caller(viewer).monitoring.p95({ interfaceId: port10.id }))?.samples).toBe((await caller(A).monitoring.p95({ interfaceId: port10.id }))?.samples);
    }
  }, 60_000);

  it('A goes away: B takes the shard over and polls by itself; a late message from A changes nothing', async () => {
    const lastFromA = B.core.services.pollers.live.peek(deviceId)!;
    const aPolledAt = lastFromA.lastPollAt!;
    const stampA = lastFromA.changedAt;
    const port10 = A.core.services.monitoring.repo.interfacesOf(deviceId).find((i) => i.ifIndex === 10)!;
    const before = (await caller(B).monitoring.graph({ interfaceId: port10.id, range: 'day' })).t;
    await close(A);

    await until('B takes the shard', () => shardHeld(B), 4 * INTERVAL_MS);
    // the device's 10 s interval: B's scheduler runs it on its own, twice (the second poll gives rates)
    const own = await until('B polls by itself', () => {
      const lv = B.core.services.pollers.live.peek(deviceId);
      return lv && lv.lastPollAt! > aPolledAt && [...lv.interfaces.values()].every((i) => i.at === lv.lastPollAt) ? lv : null;
    }, 25_000);
    expect(own.sysName).toBe('sw0001');
    // C, a wall host, now sees B's polls
    await until("C sees B's poll", () => (C.core.services.pollers.live.peek(deviceId)?.lastPollAt ?? 0) >= own.lastPollAt!, 2000);

    // a late message from the old poller (older stamp, stale values): ignored on B and on C
    const staleData = JSON.stringify({ v: 1, d: [{ id: deviceId, c: stampA, f: { sysName: 'stale', lastPollAt: aPolledAt } }], s: [] });
    const stale = JSON.stringify({ kind: LIVE_KIND, from: 'gone-a', data: liveKey.seal(LIVE_KIND, staleData) });
    const cBefore = C.core.services.pollers.live.peek(deviceId)!.lastPollAt;
    await db.sql(`SELECT pg_notify('noc_live', $1)`, [stale]);
    await new Promise((r) => setTimeout(r, 300));
    expect(B.core.services.pollers.live.peek(deviceId)!.sysName).toBe('sw0001');
    expect(C.core.services.pollers.live.peek(deviceId)).toMatchObject({ sysName: 'sw0001' });
    expect(C.core.services.pollers.live.peek(deviceId)!.lastPollAt).toBeGreaterThanOrEqual(cBefore!);

    // B's graph: A's points, then B's own, each second once
    const g = await until("B's own rate sample", async () => {
      const x = await caller(B).monitoring.graph({ interfaceId: port10.id, range: 'day' });
      return x.t.length > before.length ? x : null;
    }, 25_000);
    expect(g.t.slice(0, before.length)).toEqual(before);
    for (let i = 1; i < g.t.length; i++) expect(g.t[i]!).toBeGreaterThan(g.t[i - 1]!);
    expect(errors).toEqual([]);
  }, 90_000);
});
