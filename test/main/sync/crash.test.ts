// PostgreSQL killed in the middle of a push (pg_ctl -m immediate: a crash, open transactions
// lost) and restarted: every change arrives exactly once — none lost, none applied twice —
// whether the crash hit before the COMMIT or between the COMMIT and the client hearing of it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import { SyncEngine } from '../../../src-main/sync/engine';
import { deviceInput } from '../../../shared/schemas/inventory';
import { makeClient, startSharedPg, until, type Client, type SharedPg } from './helpers';

let shared: SharedPg;
const open: Client[] = [];
const engines: SyncEngine[] = [];

beforeAll(async () => {
  shared = await startSharedPg();
});
afterAll(async () => {
  await shared?.stop();
});
afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop();
  for (const c of open.splice(0)) await c.close();
  if (!shared.pg.running()) await shared.pg.restart();
  await shared.pg.sql(`TRUNCATE devices, racks, rooms, sites, sync_conflicts, noc_sync_clients, noc_audit CASCADE`);
});

function engineFor(c: Client, hooks: ConstructorParameters<typeof SyncEngine>[0]['hooks'], batchSize = 2000): SyncEngine {
  const e = new SyncEngine({ store: c.core.services.store, services: c.core.services, clock: systemClock, url: shared.url('alice'), hooks, batchSize, reconnectMinMs: 100, reconnectMaxMs: 300 });
  engines.push(e);
  return e;
}

/** Servers made Available (not Staging, which would add a QA run to each push). */
async function makeDevices(c: Client, n: number, prefix = 'srv'): Promise<string[]> {
  const caller = c.caller();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await caller.inventory.create(deviceInput.parse({ name: `${prefix}-${String(i).padStart(4, '0')}`, type: 'server', status: 'available', serial: `S${i}` }))).id);
  return ids;
}

async function serverState() {
  const devices = await shared.pg.sql<{ n: number; names: number }>(`SELECT count(*)::int AS n, count(DISTINCT name)::int AS names FROM devices`);
  const audit = await shared.pg.sql<{ n: number }>(`SELECT count(*)::int AS n FROM noc_audit WHERE table_name = 'devices'`);
  return { devices: devices[0]!.n, distinct: devices[0]!.names, audit: audit[0]!.n };
}

describe('PostgreSQL killed in the middle of a push', () => {
  it('before COMMIT: the batch is rolled back, pushed again after the restart, applied once', async () => {
    const a = makeClient('a');
    open.push(a);
    await makeDevices(a, 50);
    let crashed = false;
    const engine = engineFor(a, {
      beforeCommit: async () => {
        if (crashed) return;
        crashed = true;
        await shared.pg.crash();
      },
    });
    await expect(engine.syncNow()).rejects.toThrow(/lost|terminat|answer/i);
    expect(engine.status().state).toBe('offline');
    expect(a.core.services.store.outboxPending()).toBe(50); // nothing marked pushed
    // the app keeps working on its local copy meanwhile
    await makeDevices(a, 1, 'offline');
    await shared.pg.restart();
    engine.start();
    await until(() => a.core.services.store.outboxPending() === 0 && engine.status().state === 'online', 15_000, 'the push after the restart');
    expect(await serverState()).toEqual({ devices: 51, distinct: 51, audit: 51 });
  });

  it('after COMMIT, before the client heard of it: the resent batch is recognised and skipped', async () => {
    const a = makeClient('a');
    open.push(a);
    await makeDevices(a, 30);
    let crashed = false;
    const engine = engineFor(a, {
      afterCommit: async () => {
        if (crashed) return;
        crashed = true;
        await shared.pg.crash();
        throw new Error('Connection terminated unexpectedly');
      },
    });
    await expect(engine.syncNow()).rejects.toThrow();
    expect(a.core.services.store.outboxPending()).toBe(30); // the client does not know it was applied
    await shared.pg.restart();
    expect(await serverState()).toEqual({ devices: 30, distinct: 30, audit: 30 }); // committed before the crash
    const report = await engine.syncNow();
    expect(report.replayed).toBe(30);
    expect(report.pushed).toBe(0);
    expect(a.core.services.store.outboxPending()).toBe(0);
    expect(await serverState()).toEqual({ devices: 30, distinct: 30, audit: 30 }); // not twice
    const [reg] = await shared.pg.sql<{ last_seq: number }>(`SELECT last_seq FROM noc_sync_clients`);
    const maxSeq = (a.core.services.store.db.prepare(`SELECT max(seq) AS m FROM outbox`).get() as { m: number }).m;
    expect(Number(reg!.last_seq)).toBe(maxSeq);
  });

  it('between two batches of a long push: the committed batches stay, the rest follows once', async () => {
    const a = makeClient('a');
    open.push(a);
    const ids = await makeDevices(a, 120);
    // and updates to the same rows, so a replayed update would show twice in the audit
    for (const id of ids.slice(0, 40)) await a.caller().inventory.update({ id, patch: { notes: 'checked' } });
    let batches = 0;
    const engine = engineFor(a, {
      afterCommit: async () => {
        batches++;
        if (batches === 2) await shared.pg.crash();
      },
    }, 50);
    await expect(engine.syncNow()).rejects.toThrow();
    await shared.pg.restart();
    engine.start();
    await until(() => a.core.services.store.outboxPending() === 0 && engine.status().state === 'online', 15_000, 'the rest of the push');
    const state = await serverState();
    expect(state.devices).toBe(120);
    expect(state.distinct).toBe(120);
    // 120 inserts + 40 updates, each written once (an update coalesced with its insert in one batch counts once)
    const [notes] = await shared.pg.sql<{ n: number }>(`SELECT count(*)::int AS n FROM devices WHERE notes = 'checked'`);
    expect(notes!.n).toBe(40);
    const dup = await shared.pg.sql(`SELECT row_id, action, count(*) FROM noc_audit WHERE table_name = 'devices' GROUP BY row_id, action, after HAVING count(*) > 1`);
    expect(dup).toEqual([]);
  });
});
