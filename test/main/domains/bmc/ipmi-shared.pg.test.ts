// IPMI polling in shared mode (issue 6): two clients of one real PostgreSQL 15 and one real BMC
// (ipmi_sim). Only the holder of the device's shard polls the BMC and opens a session with it;
// the other client's scheduler passes its turn. When the holder leaves, the other client takes
// the shard over and polls at the BMC's next due run. The clients' schedules run on a FakeClock
// (the BMC's interval is at least 10 s); leadership rounds and the BMC answer in real time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from '../../../../src-main/core/clock';
import { createCore, type Core } from '../../../../src-main/core/create-core';
import { getChannelInfo } from '../../../../src-main/protocols/ipmi/commands/app/get-channel-info';
import { IpmiClient } from '../../../../src-main/protocols/ipmi/index';
import { migrate } from '../../../../src-main/sync/migrate';
import { connectPg } from '../../../../src-main/sync/pg';
import { bootstrapAdmin } from '../../../../src-main/sync/users';
import { ipmiSimAvailable, type IpmiSim } from '../../../peers/ipmi-sim';
import { postgresMissing, startPostgres, type PostgresPeer } from '../../../peers/postgres';
import { actor, until } from '../../helpers';
import { BMC_PASSWORD, startSim } from './setup';
import { closeClient, shardHeld } from '../../shared-mode';

// This suite's ports: PostgreSQL 25445–25449, the BMC 29660 (UDP).
const PG_PORTS = [25445, 25449] as const;
const BMC_PORT = 29660;
const PASSWORD = 'alice-ipmi-shared-1';
const INTERVAL_MS = 1000; // leadership rounds every 500 ms: a takeover within ~2 s
const POLL_S = 10;
const missing = postgresMissing() ?? (ipmiSimAvailable ? null : 'ipmi_sim or ipmitool missing');

interface Client { name: string; core: Core; clock: FakeClock; dir: string; closed: boolean }

let db: PostgresPeer;
let sim: IpmiSim;
const clients: Client[] = [];

function client(name: string): Client {
  const dir = mkdtempSync(join(tmpdir(), `noc-ipmi-${name}-`));
  const clock = new FakeClock(Date.now());
  const core = createCore({
    dataDir: dir, clock, pg: null,
    sync: { timers: systemClock, reconnectMinMs: 100, reconnectMaxMs: 500, leadership: { shards: 1 } },
    ipmi: { enabled: true, maxInFlight: 1, session: { timeoutMs: 400, retries: 2, cipherSuiteProbeMs: 100 } },
  });
  const c = { name, core, clock, dir, closed: false };
  clients.push(c);
  return c;
}

const close = (c: Client) => closeClient(c);

const stats = (c: Client) => c.core.services.ipmiPoller.stats();
const opened = (c: Client) => c.core.services.bmc.manager.opened;

/** Sessions the BMC counts as active (this probe's own session excluded: it is not active yet when asked). */
async function activeSessions(): Promise<number> {
  const c = new IpmiClient({ host: sim.addr, port: sim.port, username: 'admin', password: BMC_PASSWORD, cipherSuites: [3] });
  try {
    return (await c.call(getChannelInfo, { channel: 0x0e })).activeSessions;
  } finally {
    await c.close();
  }
}

/** One poll interval on both clients' schedules; waits until their runs are done. */
async function round(list: Client[]): Promise<void> {
  for (const c of list) c.clock.advance(POLL_S * 1000);
  await until('the round to finish', () => list.every((c) => stats(c).inFlight === 0), 10_000);
}

describe.skipIf(missing)('IPMI: only the shard holder polls a BMC (PostgreSQL + ipmi_sim)', () => {
  let A: Client;
  let B: Client;
  let deviceId: string;
  let baseline: number;

  beforeAll(async () => {
    [db, sim] = await Promise.all([startPostgres({ ports: PG_PORTS }), startSim(BMC_PORT)]);
    const owner = await connectPg(db.url());
    try {
      await migrate(owner);
      await bootstrapAdmin(owner, 'alice', PASSWORD, 'Alice Admin');
    } finally {
      await owner.end();
    }
    const url = db.url('alice', PASSWORD);
    baseline = await activeSessions();
    A = client('a');
    await A.core.services.sync.connect(url);
    A.core.services.sync.startPolling(INTERVAL_MS);
    await until('A holds the shard', () => shardHeld(A));
    B = client('b');
    await B.core.services.sync.connect(url);
    B.core.services.sync.startPolling(INTERVAL_MS);
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS));
    expect(shardHeld(A)).toBe(true);
    expect(shardHeld(B)).toBe(false);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) await close(c);
    await Promise.all([sim?.stop(), db?.stop()]);
  }, 60_000);

  it('A holds the shard: A polls the BMC through one session, B never opens one', async () => {
    const api = A.core.router.createCaller(A.core.createContext(actor('technician', 'tina')));
    const device = await api.inventory.create({ name: 'srv-shared-bmc', type: 'server', status: 'available' });
    deviceId = device.id;
    await api.bmc.set({ deviceId, address: sim.addr, port: sim.port, username: 'admin', password: BMC_PASSWORD, pollIntervalS: POLL_S });
    // the BMC's configuration reaches B; each client's poller picks it up (250 ms after the change, on its clock)
    await until('the BMC on B', () => B.core.services.bmc.repo.allConfigs().some((c) => c.deviceId === deviceId));
    await until('both pollers have the job', () => {
      for (const c of [A, B]) c.clock.advance(300);
      return stats(A).jobs === 1 && stats(B).jobs === 1;
    });
    for (let i = 0; i < 3; i++) await round([A, B]);

    expect(stats(A).runs).toBeGreaterThanOrEqual(3);
    expect(stats(A).errors).toBe(0);
    expect(A.core.services.bmc.repo.reading(deviceId)?.okAt).toBeTruthy();
    expect(A.core.services.bmc.hardware(deviceId)).toMatchObject({ powerOn: true, error: null });
    expect(opened(A)).toBe(1); // one session, reused from poll to poll
    expect(stats(B).runs).toBe(0);
    expect(opened(B)).toBe(0);
    expect(await activeSessions()).toBe(baseline + 1);
  }, 60_000);

  it('A goes away: B takes the shard over and polls at the next due run', async () => {
    const runsBefore = stats(B).runs;
    await close(A);
    await until('B takes the shard', () => shardHeld(B), 4 * INTERVAL_MS);
    await round([B]);
    await until("B's poll", () => stats(B).runs > runsBefore && stats(B).inFlight === 0, 10_000);
    expect(stats(B).errors).toBe(0);
    expect(opened(B)).toBe(1);
    expect(B.core.services.bmc.repo.reading(deviceId)?.okAt).toBeTruthy();
    expect(B.core.services.bmc.hardware(deviceId)).toMatchObject({ powerOn: true, error: null });
    expect(await activeSessions()).toBe(baseline + 1); // A closed its session; B holds one
  }, 60_000);
});
