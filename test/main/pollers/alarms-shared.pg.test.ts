// Alarms between two clients of one real PostgreSQL 15 (issue 6), raised from a real SNMP agent
// (Net-SNMP snmpd, whose port 1 the test takes down and up): A holds the device's shard and
// polls it; B does not. A's alarm reaches B's wall feed (the path the UI subscribes to) within
// a second; a person on B acknowledges it and A's engine and wall take the acknowledgement and
// keep it on A's next poll; the clear reaches B; B's own poll of the device (a person's "poll
// now") raises nothing; when A leaves, B takes the shard and continues A's open alarm.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import { createCore, type Core } from '../../../src-main/core/create-core';
import type { AlarmView, WallMessage } from '../../../shared/monitoring-types';
import { migrate } from '../../../src-main/sync/migrate';
import { connectPg } from '../../../src-main/sync/pg';
import { bootstrapAdmin } from '../../../src-main/sync/users';
import { postgresMissing, startPostgres, type PostgresPeer } from '../../peers/postgres';
import { snmpdMissing, startSnmpd, type SnmpdPeer } from '../../peers/snmpd';
import { actor, until } from '../helpers';
import { closeClient, shardHeld } from '../shared-mode';

// This suite's ports: PostgreSQL 25440–25444, SNMP agent 26190.
const PG_PORTS = [25440, 25444] as const;
const AGENT_PORT = 26190;
const PASSWORD = 'alice-alarms-shared-1';
const INTERVAL_MS = 1000; // leadership rounds every 500 ms: a takeover within ~2 s
const missing = postgresMissing() ?? snmpdMissing();

interface Client { name: string; core: Core; dir: string; closed: boolean; wall: WallMessage[]; offWall: () => void }

let db: PostgresPeer;
let agent: SnmpdPeer;
let url: string;
const clients: Client[] = [];
const errors: string[] = [];

function client(name: string): Client {
  const dir = mkdtempSync(join(tmpdir(), `noc-alarms-${name}-`));
  const core = createCore({
    dataDir: dir, clock: systemClock, pg: null,
    sync: { timers: systemClock, reconnectMinMs: 100, reconnectMaxMs: 500, leadership: { shards: 1 } },
    monitoring: { enabled: true, trapPort: null, snmpTimeoutMs: 1000, snmpRetries: 1, ping: { count: 1, timeoutMs: 300 }, onError: (m) => errors.push(`${name}: ${m}`) },
  });
  const wall: WallMessage[] = [];
  const c: Client = { name, core, dir, closed: false, wall, offWall: core.services.wall.subscribe((m) => wall.push(m)) };
  clients.push(c);
  return c;
}

async function close(c: Client): Promise<void> {
  if (!c.closed) c.offWall();
  await closeClient(c);
}

const caller = (c: Client) => c.core.router.createCaller(c.core.createContext(actor('admin')));

/** The alarm list a wall shows after the messages it was pushed (snapshot, then deltas). */
function wallAlarms(c: Client): Map<string, AlarmView> {
  const list = new Map<string, AlarmView>();
  for (const m of c.wall) {
    if (m.kind === 'snapshot') {
      list.clear();
      for (const a of m.alarms) list.set(a.id, a);
    } else {
      for (const a of m.alarms) list.set(a.id, a);
      for (const id of m.cleared) list.delete(id);
    }
  }
  return list;
}

/** The alarm rows of a subject in the shared database. */
const serverRows = (key: string) => db.sql<{ id: string; cleared_at: string | null; ack_by: string | null }>(`SELECT id, cleared_at, ack_by FROM alarms WHERE key = $1 ORDER BY since`, [key]);

describe.skipIf(missing)('alarms reach every client live (PostgreSQL + snmpd)', () => {
  let A: Client;
  let B: Client;
  let deviceId: string;
  let key: string;

  beforeAll(async () => {
    [db, agent] = await Promise.all([startPostgres({ ports: PG_PORTS }), startSnmpd({ port: AGENT_PORT })]);
    const owner = await connectPg(db.url());
    try {
      await migrate(owner);
      await bootstrapAdmin(owner, 'alice', PASSWORD, 'Alice Admin');
    } finally {
      await owner.end();
    }
    url = db.url('alice', PASSWORD);
    A = client('a');
    await A.core.services.sync.connect(url);
    A.core.services.sync.startPolling(INTERVAL_MS);
    await until('A holds the shard', () => shardHeld(A));
    B = client('b');
    await B.core.services.sync.connect(url);
    B.core.services.sync.startPolling(INTERVAL_MS);
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS)); // a few leadership rounds: A keeps the one shard
    expect(shardHeld(A)).toBe(true);
    expect(shardHeld(B)).toBe(false);

    // a switch polled by A (hourly: the test polls it now and then), its port 1 alarming when down
    const sw = await caller(A).monitoring.add({ address: '127.0.0.1', port: AGENT_PORT, community: 'public', name: 'sw-shared', intervalS: 3600 });
    deviceId = sw.deviceId;
    await until('A polls', () => A.core.services.pollers.isRunning);
    await caller(A).monitoring.pollNow({ deviceId });
    const port1 = (await caller(A).monitoring.detail({ deviceId })).interfaces.find((i) => i.ifIndex === 1)!;
    await caller(A).monitoring.updateInterface({ id: port1.id, alarmOnDown: true });
    key = `if:${port1.id}`;
    await new Promise((r) => setTimeout(r, 400)); // A's pollers read the setting (200 ms after the change)
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await close(c);
    await Promise.all([agent?.stop(), db?.stop()]);
  }, 60_000);

  it("A's alarm shows on B's wall within a second; B's acknowledgement reaches A and stays; the clear reaches B; B raises nothing itself", async () => {
    await until('the port setting reaches B', () => B.core.services.monitoring.repo.interfacesOf(deviceId).find((i) => i.ifIndex === 1)?.alarmOnDown);
    await new Promise((r) => setTimeout(r, 400)); // B's pollers read the synced setting (200 ms after the change)
    await agent.setIfOperStatus(1, 'down');
    // a person on B asks for a poll: B is not the owner, so it says so and writes, publishes and raises nothing
    const beforeB = B.core.services.pollers.live.peek(deviceId)?.lastPollAt ?? null;
    await expect(caller(B).monitoring.pollNow({ deviceId })).rejects.toThrow(/Another client of the shared database polls this device/);
    expect(B.core.services.pollers.live.peek(deviceId)?.lastPollAt ?? null).toBe(beforeB);
    expect(B.core.services.alarms.active().filter((a) => a.key === key)).toEqual([]);
    await caller(A).monitoring.pollNow({ deviceId });
    const raised = A.core.services.alarms.active().find((a) => a.key === key);
    expect(raised).toMatchObject({ state: 'CRITICAL', audible: true, ack: null });
    const id = raised!.id;
    const t0 = Date.now();
    const onB = await until("the alarm on B's wall", () => wallAlarms(B).get(id), 3000);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(onB).toMatchObject({ key, state: 'CRITICAL', audible: true });
    expect((await caller(B).alarms.active()).map((a) => a.id)).toContain(id);

    await expect(caller(B).monitoring.pollNow({ deviceId })).rejects.toThrow(/Another client/);
    expect(B.core.services.alarms.active().filter((a) => a.key === key).map((a) => a.id)).toEqual([id]);

    // a person on B acknowledges: A's engine and A's wall show it, the sound stops on both walls
    const t1 = Date.now();
    await caller(B).alarms.ack({ id, comment: 'on it from B' });
    expect(wallAlarms(B).get(id) ?? null).not.toBeNull();
    await until("the acknowledgement in A's engine", () => A.core.services.alarms.engine.alarm(id)?.ack?.comment === 'on it from B', 3000);
    const onA = await until("the acknowledgement on A's wall", () => wallAlarms(A).get(id)?.ack ? wallAlarms(A).get(id) : null, 3000);
    expect(Date.now() - t1).toBeLessThan(1000);
    expect(onA).toMatchObject({ audible: false, ack: { comment: 'on it from B' } });
    await until("B's wall stops the sound", () => wallAlarms(B).get(id)?.audible === false, 1000);

    // A's next polls (link still down) keep the acknowledgement, there and on the server
    await caller(A).monitoring.pollNow({ deviceId });
    await new Promise((r) => setTimeout(r, 1500)); // a few push/pull rounds
    await caller(A).monitoring.pollNow({ deviceId });
    expect(A.core.services.alarms.engine.alarm(id)).toMatchObject({ state: 'CRITICAL', ack: { comment: 'on it from B' }, audible: false });
    expect(B.core.services.alarms.engine.alarm(id)).toMatchObject({ ack: { comment: 'on it from B' } });
    await until('the acknowledgement on the server', async () => (await serverRows(key))[0]?.ack_by, 3000);
    expect(A.core.services.alarms.timeline(id).map((e) => e.kind)).toEqual(['raised', 'ack']);

    // the link comes back: A clears the alarm, B's wall drops it within a second
    await agent.clearIfOperStatus(1);
    await caller(A).monitoring.pollNow({ deviceId });
    expect(A.core.services.alarms.active().some((a) => a.key === key)).toBe(false);
    const t2 = Date.now();
    await until("the clear on B's wall", () => !wallAlarms(B).has(id), 3000);
    expect(Date.now() - t2).toBeLessThan(1000);
    expect(B.core.services.alarms.active().some((a) => a.key === key)).toBe(false);
    expect((await caller(B).alarms.list({ limit: 10, offset: 0, deviceId })).find((a) => a.id === id)?.clearedAt).not.toBeNull();

    // one alarm row for the subject in the shared database, ever: B made none of its own
    await until('the clear on the server', async () => (await serverRows(key))[0]?.cleared_at, 3000);
    expect((await serverRows(key)).map((r) => r.id)).toEqual([id]);
    expect(errors).toEqual([]);
  }, 60_000);

  it('A goes away: B takes the shard and continues the open alarm (no second alarm row), then clears it', async () => {
    await agent.setIfOperStatus(1, 'down');
    await caller(A).monitoring.pollNow({ deviceId });
    const id = A.core.services.alarms.active().find((a) => a.key === key)!.id;
    await until("the alarm on B's wall", () => wallAlarms(B).get(id), 3000);
    await until('the alarm on the server', async () => (await serverRows(key)).some((r) => r.id === id), 3000);
    await close(A);

    await until('B takes the shard', () => shardHeld(B), 4 * INTERVAL_MS);
    await caller(B).monitoring.pollNow({ deviceId });
    await caller(B).monitoring.pollNow({ deviceId });
    expect(B.core.services.alarms.active().filter((a) => a.key === key).map((a) => a.id)).toEqual([id]);
    expect(wallAlarms(B).get(id)).toMatchObject({ state: 'CRITICAL' });
    await new Promise((r) => setTimeout(r, 500)); // anything B wrote would be on the server by now
    expect((await serverRows(key)).filter((r) => r.cleared_at === null).map((r) => r.id)).toEqual([id]);

    // B decides now: the link comes back and B clears A's alarm
    await agent.clearIfOperStatus(1);
    await caller(B).monitoring.pollNow({ deviceId });
    expect(B.core.services.alarms.active().some((a) => a.key === key)).toBe(false);
    await until('cleared on B\'s wall', () => !wallAlarms(B).has(id), 1000);
    await until('the clear on the server', async () => (await serverRows(key)).find((r) => r.id === id)?.cleared_at, 3000);
    expect((await serverRows(key))).toHaveLength(2); // the first test's alarm and this one
    expect(errors).toEqual([]);
  }, 60_000);
});
