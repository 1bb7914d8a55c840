// The live key against a real PostgreSQL 15 (issue 6): PostgreSQL lets any login LISTEN on
// noc_live, so a staff client seals the poll results it publishes there. A customer's login
// that listens while a staff client polls a real agent (snmpsim, a 96-port switch) receives
// only ciphertext — no sysName, no port data — and PostgreSQL refuses it the key (42501); a
// NOTIFY it forges is dropped by the clients. A wall host on a viewer's login fetches the
// key and shows the poll. Every staff group may read the key; `noc db migrate` made it once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/core/clock';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { LIVE_KIND, MAX_PAYLOAD_BYTES } from '../../../src-main/pollers/live-share';
import { fetchLiveKey, liveKeysOf, LiveKeys } from '../../../src-main/sync/live-key';
import { migrate } from '../../../src-main/sync/migrate';
import { connectPg } from '../../../src-main/sync/pg';
import { addUser, bootstrapAdmin } from '../../../src-main/sync/users';
import { postgresMissing, startPostgres, type PostgresPeer } from '../../peers/postgres';
import { snmpsimMissing, startSnmpsim, type SnmpsimPeer } from '../../peers/snmpsim';
import { actor, until } from '../helpers';

// This piece's ports (brief): 25430–25439 — PostgreSQL on TCP 25430–25438, the agent on UDP 25439.
const PG_PORTS = [25430, 25438] as const;
const AGENT_PORT = 25439;
const PASSWORDS = { alice: 'alice-live-key-1', vera: 'vera-live-key-1', tom: 'tom-live-key-12', pat: 'pat-live-key-12', bill: 'bill-live-key-1', acme: 'acme-live-key-1' } as const;
const missing = postgresMissing() ?? snmpsimMissing();

interface Client { name: string; core: Core; dir: string; errors: string[] }

let db: PostgresPeer;
let agent: SnmpsimPeer;
const clients: Client[] = [];
const conns: pg.Client[] = [];

const url = (login: keyof typeof PASSWORDS) => db.url(login, PASSWORDS[login]);

async function login(who: keyof typeof PASSWORDS): Promise<pg.Client> {
  const c = await connectPg(url(who));
  conns.push(c);
  return c;
}

function client(name: string, pollers: boolean): Client {
  const dir = mkdtempSync(join(tmpdir(), `noc-live-key-${name}-`));
  const errors: string[] = [];
  const core = createCore({
    dataDir: dir, clock: systemClock, pg: null,
    sync: { timers: systemClock, reconnectMinMs: 100, reconnectMaxMs: 500, leadership: { shards: 1 } },
    monitoring: { enabled: pollers, trapPort: null, snmpTimeoutMs: 1500, snmpRetries: 1, ping: { count: 1, timeoutMs: 300 }, onError: (m) => errors.push(m) },
  });
  const c = { name, core, dir, errors };
  clients.push(c);
  return c;
}

describe.skipIf(missing)('live poll results are sealed with a key only staff may read (PostgreSQL + snmpsim)', () => {
  let A: Client;
  let V: Client;
  let customer: pg.Client;
  const heard: string[] = [];
  let deviceId: string;

  beforeAll(async () => {
    [db, agent] = await Promise.all([startPostgres({ ports: PG_PORTS }), startSnmpsim({ devices: 1, ports: 96, port: AGENT_PORT })]);
    const owner = await connectPg(db.url());
    try {
      await migrate(owner);
      await bootstrapAdmin(owner, 'alice', PASSWORDS.alice, 'Alice Admin');
    } finally {
      await owner.end();
    }
    const admin = await login('alice');
    for (const [who, role] of [['vera', 'viewer'], ['tom', 'technician'], ['pat', 'provisioning'], ['bill', 'billing']] as const) {
      await addUser(admin, { login: who, password: PASSWORDS[who], role, customerId: null, fullName: who });
    }
    await addUser(admin, { login: 'acme', password: PASSWORDS.acme, role: 'customer', customerId: 'c1', fullName: 'Acme ops' });

    // the customer's login listens on the live channel: PostgreSQL lets it
    customer = await login('acme');
    customer.on('notification', (m) => {
      if (m.channel === 'noc_live') heard.push(m.payload ?? '');
    });
    await customer.query('LISTEN noc_live');

    A = client('a', true);
    await A.core.services.sync.connect(url('alice'));
    A.core.services.sync.startPolling(1000);
    await until('A holds the shard', () => (A.core.services.sync.currentLeadership()?.ownedShards().length ?? 0) > 0);
    V = client('wall', false); // a wall host on a viewer's login
    await V.core.services.sync.connect(url('vera'));
  }, 120_000);

  afterAll(async () => {
    for (const c of conns) await c.end().catch(() => undefined);
    for (const c of clients) {
      await c.core.services.sync.stop();
      await c.core.services.pollers.stop();
      c.core.close();
      rmSync(c.dir, { recursive: true, force: true });
    }
    await Promise.all([agent?.stop(), db?.stop()]);
  }, 60_000);

  it('`noc db migrate` made one live key, once; every staff group reads it, a customer is refused by PostgreSQL (42501)', async () => {
    const keys = await db.sql<{ key_id: string; n: number }>(`SELECT key_id, octet_length(key) AS n FROM noc_live_keys WHERE retired_at IS NULL`);
    expect(keys).toEqual([{ key_id: expect.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), n: 32 }]);
    const owner = await connectPg(db.url());
    try {
      await migrate(owner); // nothing pending: the key stays the same
    } finally {
      await owner.end();
    }
    expect(await db.sql(`SELECT key_id FROM noc_live_keys`)).toEqual([{ key_id: keys[0]!.key_id }]);

    for (const who of ['alice', 'vera', 'tom', 'pat', 'bill'] as const) {
      const held = new LiveKeys();
      expect(await fetchLiveKey(await login(who), held), who).toMatchObject({ state: 'fetched', keyId: keys[0]!.key_id });
    }
    await expect(customer.query(`SELECT key FROM noc_live_keys`)).rejects.toMatchObject({ code: '42501' });
    // only `noc db migrate` (the schema's owner) makes keys: not even an admin's login plants one
    await expect((await login('alice')).query(`INSERT INTO noc_live_keys (key_id, key) VALUES ('mine', decode(repeat('00', 32), 'hex'))`)).rejects.toMatchObject({ code: '42501' });
    const refused = new LiveKeys();
    refused.use('k-kept-before', Buffer.alloc(32, 1), true); // a staff login used this client before
    expect(await fetchLiveKey(customer, refused)).toMatchObject({ state: 'refused', keyId: null, message: expect.stringMatching(/only staff logins may/) });
    expect(refused.keyId()).toBeNull(); // forgotten
    // both clients fetched it when they connected
    expect(liveKeysOf(A.core.services.pollers.live).keyId()).toBe(keys[0]!.key_id);
    expect(liveKeysOf(V.core.services.pollers.live).keyId()).toBe(keys[0]!.key_id);
  });

  it("a customer listening while a staff client polls hears only ciphertext; the viewer's wall shows the poll", async () => {
    const sw = await A.core.router.createCaller(A.core.createContext(actor('admin'))).monitoring.add({ address: '127.0.0.1', port: AGENT_PORT, community: agent.communities[0]!, name: 'sw-96', intervalS: 10 });
    deviceId = sw.deviceId;
    await until('A polls', () => A.core.services.pollers.isRunning);
    const callA = A.core.router.createCaller(A.core.createContext(actor('admin')));
    await callA.monitoring.pollNow({ deviceId });
    await new Promise((r) => setTimeout(r, 1100)); // rates need two polls at least a second apart
    await callA.monitoring.pollNow({ deviceId });
    const onA = await callA.monitoring.live({ deviceId });
    expect(onA.sysName).toBe('sw0001');

    const callV = V.core.router.createCaller(V.core.createContext(actor('viewer')));
    const seen = await until('the wall on the viewer login shows the poll', async () => {
      const l = await callV.monitoring.live({ deviceId }).catch(() => null); // the device row may not have arrived yet
      return l && (l.state?.lastPollAt ?? 0) >= onA.state!.lastPollAt! && l.interfaces.filter((i) => i.inBps !== null).length === 96 ? l : null;
    }, 10_000);
    expect(seen.sysName).toBe('sw0001');
    expect(seen.sysDescr).toBe(onA.sysDescr);
    expect(seen.interfaces.find((i) => i.ifIndex === 96)).toMatchObject({ oper: 2, admin: 1 });

    // what the customer's login heard on noc_live meanwhile
    await until('the customer heard the poll messages', () => heard.length >= 2);
    for (const payload of heard) {
      expect(Buffer.byteLength(payload)).toBeLessThan(MAX_PAYLOAD_BYTES);
      const m = JSON.parse(payload) as { kind: string; from: string; data: unknown };
      expect(m.kind).toBe(LIVE_KIND);
      expect(m.data).toEqual(expect.stringMatching(/^l1\.[A-Za-z0-9_-]+\.[A-Za-z0-9+/]+=*$/));
      for (const secret of ['sw0001', onA.sysDescr!.slice(0, 20), deviceId, '"i":', '"f":']) expect(payload).not.toContain(secret);
    }
    expect(A.errors.concat(V.errors)).toEqual([]);
  }, 60_000);

  it("a NOTIFY the customer's login forges (newer stamp, false values) changes nothing on the wall", async () => {
    const before = V.core.services.pollers.live.peek(deviceId)!;
    const forged = { v: 1, d: [{ id: deviceId, c: Date.now() + 60_000, f: { sysName: 'pwned', lastPollAt: Date.now() + 60_000 }, h: ['DOWN', 'timeout', 'pwned', Date.now(), 0] }], s: [] };
    await customer.query(`SELECT pg_notify('noc_live', $1)`, [JSON.stringify({ kind: LIVE_KIND, from: 'acme', data: forged })]);
    // and one that looks sealed, with the key id it saw, but a made-up body
    const keyId = /^l1\.([^.]+)\./.exec((JSON.parse(heard[0]!) as { data: string }).data)![1]!;
    await customer.query(`SELECT pg_notify('noc_live', $1)`, [JSON.stringify({ kind: LIVE_KIND, from: 'acme', data: `l1.${keyId}.${Buffer.from(JSON.stringify(forged)).toString('base64')}` })]);
    await until('the wall reports the forged messages', () => V.errors.length > 0, 3000);
    expect(V.errors).toEqual([expect.stringMatching(/a live poll message was dropped: it is not sealed with the live key, or it was altered/)]); // once for both
    const after = V.core.services.pollers.live.peek(deviceId)!;
    expect(after.sysName).toBe('sw0001');
    expect(after.lastPollAt).toBeGreaterThanOrEqual(before.lastPollAt!);
    expect(after.lastPollAt).toBeLessThan(Date.now() + 30_000);
    expect(V.core.services.pollers.live.remoteSummary(deviceId)?.message ?? '').not.toBe('pwned');
  }, 30_000);
});
