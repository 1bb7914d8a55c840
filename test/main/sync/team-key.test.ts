// The team key (issue 6) against a real PostgreSQL 15 and a real snmpd: a secret set on one
// desk opens on another client (another data folder, another machine key), which polls the
// switch with it after taking over its shard; a viewer's login is refused the key by
// PostgreSQL itself and sees a clear message; a standalone store shared for the first time
// re-seals its secrets before they leave; a client that fetched the key opens secrets offline.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { customerInput } from '../../../shared/schemas/customers';
import { deviceInput } from '../../../shared/schemas/inventory';
import { FakeClock, systemClock } from '../../../src-main/core/clock';
import { createCore, type Core } from '../../../src-main/core/create-core';
import { TEAM_KEY_FILE } from '../../../src-main/core/secrets';
import { sharedSecretId } from '../../../src-main/core/shared-secrets';
import { createSnmpClient, type SnmpClient } from '../../../src-main/protocols/snmp';
import { migrate } from '../../../src-main/sync/migrate';
import { connectPg } from '../../../src-main/sync/pg';
import { rotateTeamKey } from '../../../src-main/sync/team-key';
import { addUser, bootstrapAdmin } from '../../../src-main/sync/users';
import { postgresMissing, startPostgres, type PostgresPeer } from '../../peers/postgres';
import { snmpdMissing, startSnmpd, SNMPD_USERS, type SnmpdPeer } from '../../peers/snmpd';
import { makeClient, PASSWORDS, until, type Client } from './helpers';

// this piece's ports (brief): PostgreSQL 25480–25499, SNMP 26170–26189
const PG_PORTS = [25480, 25499] as const;
const SNMP_PORT = 26170 + Math.floor(Math.random() * 20);

interface Pg { peer: PostgresPeer; url(login: keyof typeof PASSWORDS): string; owner(): string; sql(text: string): Promise<Array<Record<string, unknown>>>; stop(): Promise<void> }

/** A throwaway cluster on this piece's ports, migrated by its owner (`noc db migrate`), with the test roster. */
async function startPg(): Promise<Pg> {
  const peer = await startPostgres({ ports: PG_PORTS });
  const owner = await connectPg(peer.url());
  try {
    await migrate(owner);
    await bootstrapAdmin(owner, 'alice', PASSWORDS.alice);
  } finally {
    await owner.end();
  }
  const admin = await connectPg(peer.url('alice', PASSWORDS.alice));
  try {
    for (const [login, role] of [['tom', 'technician'], ['vera', 'viewer'], ['pat', 'provisioning'], ['bill', 'billing']] as const) {
      await addUser(admin, { login, password: PASSWORDS[login], role, customerId: null, fullName: login });
    }
  } finally {
    await admin.end();
  }
  return {
    peer,
    url: (login) => peer.url(login, PASSWORDS[login]),
    owner: () => peer.url(),
    sql: (text) => peer.sql(text),
    stop: () => peer.stop(),
  };
}

const missing = postgresMissing() ?? snmpdMissing();
const V3 = SNMPD_USERS.v3AuthPriv;
const BMC_PASSWORD = 'bmc-Zq9-pass';

let db: Pg;
let snmpd: SnmpdPeer;
let snmp: SnmpClient;
const open: Client[] = [];
const cores: Core[] = [];
const conns: pg.Client[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  if (missing) return;
  [db, snmpd] = await Promise.all([startPg(), startSnmpd({ port: SNMP_PORT })]);
  snmp = createSnmpClient({ timeoutMs: 1000, retries: 1 });
}, 120_000);
afterAll(async () => {
  await snmp?.close();
  await snmpd?.stop();
  await db?.stop();
});
afterEach(async () => {
  for (const c of conns.splice(0)) await c.end().catch(() => undefined);
  for (const c of cores.splice(0)) {
    await c.services.sync.stop();
    await c.services.pollers.stop();
    c.close();
  }
  for (const c of open.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await db?.sql(`TRUNCATE devices, racks, rooms, sites, snmp_credentials, monitored_devices, bmc_configs, shared_secrets, customers, rentals, noc_sync_clients, noc_audit CASCADE`);
});

function client(name: string, role: 'admin' | 'technician' | 'viewer' = 'technician'): Client {
  const c = makeClient(name, { role });
  open.push(c);
  return c;
}

async function as(login: keyof typeof PASSWORDS): Promise<pg.Client> {
  const c = await connectPg(db.url(login));
  conns.push(c);
  return c;
}

/** A switch polled over SNMPv3 authPriv (the real snmpd's user) and a server with a BMC password, set on this client. */
async function setSecrets(c: Client, address = '127.0.0.1', maxAttempts = 3) {
  const api = c.caller();
  // every 10 s (the shortest): a wall's first poll comes within one interval (the scheduler spreads first runs)
  const sw = await api.monitoring.add({ address, port: SNMP_PORT, name: 'sw-team', intervalS: 10, maxAttempts, v3: { user: V3.name, authKey: V3.authKey, privKey: V3.privKey } });
  const server = await api.inventory.create({ name: 'srv-team', type: 'server' });
  await api.bmc.set({ deviceId: server.id, address: '127.0.2.9', port: 29799, username: 'admin', password: BMC_PASSWORD });
  return { switchId: sw.deviceId, serverId: server.id };
}

/** A wall host: pollers on (real clock), its own data folder and machine key, one poll shard. */
function wallHost(name: string): Core {
  const dir = mkdtempSync(join(tmpdir(), `noc-teamkey-${name}-`));
  dirs.push(dir);
  const core = createCore({
    dataDir: dir, clock: systemClock, pg: null,
    sync: { timers: systemClock, reconnectMinMs: 100, reconnectMaxMs: 500, leadership: { shards: 1 } },
    monitoring: { enabled: true, trapPort: null, snmpTimeoutMs: 1500, snmpRetries: 1, ping: { count: 1, timeoutMs: 300 } },
  });
  cores.push(core);
  return core;
}

/** Pushes until this client's outbox is empty (a cycle already running when the writes were made does not carry them). */
async function settle(core: Core): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await core.services.sync.syncNow();
    if (core.services.store.outboxPending() === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the outbox did not empty: ${core.services.store.outboxPending()} change(s) waiting`);
}

function targetOf(c: { services: Core['services'] }, deviceId: string) {
  const m = c.services.monitoring.repo.deviceFor(deviceId);
  if (!m) throw new Error(`device ${deviceId} is not monitored on this client`);
  return c.services.monitoring.snmpTarget(m);
}

describe.skipIf(missing)('team key: secrets every client of the team can open', () => {
  it('`noc db migrate` made one team key; only admin, technician and provisioning logins may read it', async () => {
    const keys = await db.sql(`SELECT key_id, octet_length(key) AS n, retired_at FROM noc_team_keys`);
    expect(keys).toEqual([{ key_id: expect.stringMatching(/^k\d{8}-[0-9a-f]{6}$/), n: 32, retired_at: null }]);
    for (const login of ['alice', 'tom', 'pat'] as const) {
      expect((await (await as(login)).query(`SELECT key_id FROM noc_team_keys`)).rows).toHaveLength(1);
    }
    // refused by PostgreSQL itself, not by the app
    for (const login of ['vera', 'bill'] as const) {
      const c = await as(login);
      await expect(c.query(`SELECT key FROM noc_team_keys`)).rejects.toMatchObject({ code: '42501' });
      await expect(c.query(`SELECT sealed FROM shared_secrets`)).rejects.toMatchObject({ code: '42501' });
    }
    // nobody but the schema owner makes or changes keys
    await expect((await as('alice')).query(`INSERT INTO noc_team_keys (key_id, key) VALUES ('mine', decode(repeat('00', 32), 'hex'))`)).rejects.toMatchObject({ code: '42501' });
    // migrating again keeps the key
    const owner = await connectPg(db.owner());
    conns.push(owner);
    await migrate(owner);
    expect(await db.sql(`SELECT key_id FROM noc_team_keys`)).toEqual([{ key_id: keys[0]!.key_id }]);
  });

  it('A sets an SNMPv3 credential and a BMC password; B opens them and polls the real snmpd after taking over the shard; A still opens them offline', async () => {
    const a = client('a');
    await a.core.services.sync.connect(db.url('tom'));
    const keyId = String((await db.sql(`SELECT key_id FROM noc_team_keys`))[0]!.key_id);
    expect(a.core.services.secrets.teamKeyId()).toBe(keyId);
    const { switchId, serverId } = await setSecrets(a);
    await settle(a.core);

    // on the server: sealed with the team key, nothing in clear
    const creds = await db.sql(`SELECT secret FROM snmp_credentials`);
    expect(creds).toEqual([{ secret: expect.stringMatching(new RegExp(`^s2\\.${keyId}\\.`)) }]);
    const shared = await db.sql(`SELECT purpose, sealed FROM shared_secrets`);
    expect(shared).toEqual([{ purpose: `bmc:${serverId}:password`, sealed: expect.stringMatching(new RegExp(`^s2\\.${keyId}\\.`)) }]);
    expect(JSON.stringify(await db.sql(`SELECT * FROM noc_audit`))).not.toMatch(/authpass123|privpass123|Zq9/);

    // B: another data folder, another machine key, a provisioning login
    const b = client('b');
    await b.core.services.sync.connect(db.url('pat'));
    expect(b.core.services.secrets.teamKeyId()).toBe(keyId);
    expect(targetOf(b.core, switchId)).toEqual({
      host: '127.0.0.1', port: SNMP_PORT,
      credentials: { version: 'v3', user: V3.name, authProtocol: 'sha', authKey: V3.authKey, privProtocol: 'aes', privKey: V3.privKey },
    });
    expect(b.core.services.bmc.target(serverId).password).toBe(BMC_PASSWORD);
    expect(b.core.services.bmc.get(serverId)).toMatchObject({ hasPassword: true, secretProblem: null });

    // A polls the switch's shard; A's poller leaves; B takes the shard over and polls with A's credential
    a.core.services.sync.startPolling(1000);
    await until(() => a.core.services.sync.ownsDevice(switchId), 5000, 'A to own the switch');
    b.core.services.sync.startPolling(1000);
    await a.core.services.sync.stopPolling();
    await until(() => b.core.services.sync.ownsDevice(switchId), 5000, 'B to take the switch over');
    const polled = await snmp.pollDevice(targetOf(b.core, switchId)!);
    expect(polled.system.sysName).toBe('snmpd-test');
    expect(polled.interfaces.length).toBeGreaterThan(0);
    await b.core.services.sync.stopPolling();

    // B changes the switch to the agent's authNoPriv user: sealed on B, pulled by A
    const NO_PRIV = SNMPD_USERS.v3AuthNoPriv;
    const cred = b.core.services.monitoring.repo.deviceFor(switchId)!.credentialId!;
    await b.caller().monitoring.update({ deviceId: switchId, patch: { v3: { user: NO_PRIV.name, authKey: NO_PRIV.authKey } } });
    await settle(b.core);
    await until(() => a.core.services.monitoring.repo.credentials.find(cred)?.user === NO_PRIV.name, 5000, "B's change to reach A");
    expect(String((await db.sql(`SELECT secret FROM snmp_credentials WHERE id = '${cred}'`))[0]!.secret)).toMatch(new RegExp(`^s2\\.${keyId}\\.`));

    // A restarts without PostgreSQL (no URL; the store stays a shared copy): the key it fetched still opens them
    await a.core.services.sync.stop();
    a.core.close();
    open.splice(open.indexOf(a), 1);
    dirs.push(a.dir);
    const offline = createCore({ dataDir: a.dir, clock: new FakeClock() });
    cores.push(offline);
    expect(offline.services.sync.status()).toMatchObject({ mode: 'shared', state: 'offline' });
    expect(targetOf(offline, switchId)?.credentials).toEqual({ version: 'v3', user: NO_PRIV.name, authProtocol: 'sha', authKey: NO_PRIV.authKey });
    expect(offline.services.bmc.target(serverId).password).toBe(BMC_PASSWORD);
    const polledOffline = await snmp.pollDevice(targetOf(offline, switchId)!);
    expect(polledOffline.system.sysName).toBe('snmpd-test');
  }, 60_000);

  it('"I set the SNMP credentials on my desk; the wall server\'s poller must use them": it polls the real snmpd with them', async () => {
    const desk = client('desk');
    await desk.core.services.sync.connect(db.url('tom'));
    const wall = wallHost('wall');
    await wall.services.sync.connect(db.url('tom'));
    wall.services.sync.startPolling(1000); // as a host does when it starts: it holds the one shard before the switch arrives
    await until(() => (wall.services.sync.currentLeadership()?.ownedShards().length ?? 0) === 1, 5000, 'the wall to hold the shard');
    const { switchId } = await setSecrets(desk);
    await settle(desk.core);
    await until(() => wall.services.pollers.live.peek(switchId)?.sysName === 'snmpd-test', 20_000, "the wall's own poll of the switch");
    expect(wall.services.monitoring.liveState(switchId)).toMatchObject({ state: 'OK', problem: null });
    expect(wall.services.sync.currentLeadership()?.ownedShards()).toEqual([0]);
  }, 60_000);

  it('a wall logged in as a viewer does not poll without credentials: its alarm says why and what to do', async () => {
    const desk = client('desk2', 'technician');
    await desk.core.services.sync.connect(db.url('tom'));
    const wall = wallHost('viewer-wall');
    await wall.services.sync.connect(db.url('vera'));
    wall.services.sync.startPolling(1000);
    await until(() => (wall.services.sync.currentLeadership()?.ownedShards().length ?? 0) === 1, 5000, 'the wall to hold the shard');
    const { switchId } = await setSecrets(desk, '127.0.0.1', 1); // one failed attempt is the verdict
    await settle(desk.core);
    await until(() => wall.services.monitoring.liveState(switchId)?.problem === 'config', 20_000, "the viewer wall's verdict");
    expect(wall.services.monitoring.liveState(switchId)).toMatchObject({
      state: 'UNKNOWN', problem: 'config',
      message: expect.stringMatching(/cannot read the stored credentials: This SNMP credential is sealed with the team key, which your role cannot read: log in to the shared database with a role that can/),
    });
    expect(wall.services.pollers.live.peek(switchId)?.sysName ?? null).toBeNull();
  }, 60_000);

  it('a viewer\'s client is refused the key by PostgreSQL, forgets one kept before, and says what to do instead of polling without credentials', async () => {
    const a = client('a2');
    await a.core.services.sync.connect(db.url('tom'));
    const { switchId, serverId } = await setSecrets(a);
    await settle(a.core);

    const v = client('v', 'viewer');
    // this folder had the key from an earlier login (say, a technician's): the viewer must not keep it
    v.core.services.secrets.useTeamKey('kold', randomBytes(32));
    expect(existsSync(join(v.dir, TEAM_KEY_FILE))).toBe(true);
    const report = await v.core.services.sync.connect(db.url('vera'));
    expect(report.role).toBe('viewer');
    expect(v.core.services.secrets.teamKeyId()).toBeNull();
    expect(existsSync(join(v.dir, TEAM_KEY_FILE))).toBe(false);
    // the credential row syncs (a viewer sees what is monitored), its secret does not open
    expect(v.core.services.monitoring.repo.deviceFor(switchId)).not.toBeNull();
    expect(() => targetOf(v.core, switchId)).toThrow(/This SNMP credential is sealed with the team key, which your role cannot read: log in to the shared database with a role that can \(admin, technician, provisioning\)/);
    // the BMC passwords do not even reach a viewer's client
    expect(v.core.services.store.db.prepare(`SELECT count(*) AS n FROM shared_secrets`).get()).toEqual({ n: 0 });
    expect(() => v.core.services.bmc.target(serverId)).toThrow(/No BMC password is stored/);

    // an s2 value that did reach it (a store file copied over, say) gives the same clear message, not a crash
    const sealed = a.core.services.store.db.prepare(`SELECT sealed FROM shared_secrets`).get() as { sealed: string };
    v.core.services.bmc.secrets.shared.putSealed({ actor: v.actor }, `bmc:${serverId}:password`, sealed.sealed);
    expect(v.core.services.bmc.get(serverId)?.secretProblem).toMatch(/sealed with the team key, which your role cannot read: log in to the shared database with a role that can/);
  }, 60_000);

  it('a standalone store shared for the first time re-seals its secrets (SNMP, BMC, root password, even from before shared_secrets) before they leave', async () => {
    const d = client('d', 'admin');
    const api = d.caller();
    const sw = await api.monitoring.add({ address: '127.0.0.1', port: SNMP_PORT, name: 'sw-old', community: SNMPD_USERS.community });
    const { switchId, serverId } = await setSecrets(d, 'localhost');
    const svc = d.core.services;
    const ctx = { actor: d.actor };
    const customer = svc.customers.create(ctx, customerInput.parse({ name: 'Acme', email: 'acme@example.com', company: '' }));
    const rented = svc.inventory.create(ctx, deviceInput.parse({ name: 'srv-rent', type: 'server', status: 'available' }));
    const { rental } = await api.rentals.start({ customerId: customer.id, deviceId: rented.id, rootPassword: 'correct horse battery' });
    // a BMC password as an older version kept it (local bmc_secrets), adopted at the next start
    const legacy = svc.inventory.create(ctx, deviceInput.parse({ name: 'srv-legacy', type: 'server', status: 'available' }));
    await api.bmc.set({ deviceId: legacy.id, address: '127.0.2.10', port: 29799, username: 'admin', password: 'x' });
    const purpose = `bmc:${legacy.id}:password`;
    const sid = sharedSecretId(purpose);
    svc.store.db.prepare(`DELETE FROM outbox WHERE table_name = 'shared_secrets' AND row_id = ?`).run(sid);
    svc.store.db.prepare(`DELETE FROM shared_secrets WHERE id = ?`).run(sid);
    svc.store.db.prepare(`INSERT INTO bmc_secrets (device_id, password, kg, set_at, set_by) VALUES (?, ?, NULL, 't', 'old')`).run(legacy.id, svc.secrets.seal('legacy-pw-1', purpose));
    await svc.sync.stop();
    d.core.close();
    open.splice(open.indexOf(d), 1);
    dirs.push(d.dir);
    const d2 = createCore({ dataDir: d.dir, clock: d.clock });
    cores.push(d2);
    expect(d2.services.store.db.prepare(`SELECT count(*) AS n FROM bmc_secrets`).get()).toEqual({ n: 0 });
    expect(d2.services.bmc.target(legacy.id).password).toBe('legacy-pw-1');
    // standalone: everything sealed with this machine's key
    const local = d2.services.store.db.prepare(`SELECT secret AS v FROM snmp_credentials UNION ALL SELECT sealed FROM shared_secrets`).all() as Array<{ v: string }>;
    expect(local).toHaveLength(5);
    for (const r of local) expect(r.v).toMatch(/^s1\./);

    const report = await d2.services.sync.connect(db.url('pat')); // provisioning: may write rentals too
    expect(report.switched).toBe(true);
    expect(report.refused).toBe(0);
    const keyId = String((await db.sql(`SELECT key_id FROM noc_team_keys WHERE retired_at IS NULL`))[0]!.key_id);
    const remote = await db.sql(`SELECT secret AS v FROM snmp_credentials UNION ALL SELECT sealed FROM shared_secrets`);
    expect(remote).toHaveLength(5);
    for (const r of remote) expect(String(r.v)).toMatch(new RegExp(`^s2\\.${keyId}\\.`));

    const b = client('b2');
    await b.core.services.sync.connect(db.url('tom'));
    const bs = b.core.services;
    expect(targetOf(b.core, sw.deviceId)?.credentials).toEqual({ version: 'v2c', community: SNMPD_USERS.community });
    expect((await snmp.pollDevice(targetOf(b.core, sw.deviceId)!)).system.sysName).toBe('snmpd-test');
    expect(targetOf(b.core, switchId)?.credentials).toMatchObject({ authKey: V3.authKey, privKey: V3.privKey });
    expect(bs.bmc.target(serverId).password).toBe(BMC_PASSWORD);
    expect(bs.bmc.target(legacy.id).password).toBe('legacy-pw-1');
    expect(bs.rentals.rootPasswords.reveal({ actor: b.actor, reason: 'customer called' }, rental.id)).toBe('correct horse battery');
  }, 60_000);

  it('after a key rotation, a client re-seals with the new key; values of the old one still open', async () => {
    const a = client('a3');
    await a.core.services.sync.connect(db.url('tom'));
    const { switchId } = await setSecrets(a);
    await settle(a.core);
    const owner = await connectPg(db.owner());
    conns.push(owner);
    const next = await rotateTeamKey(owner);
    await a.core.services.sync.disconnect();
    await a.core.services.sync.connect(db.url('tom'));
    expect(a.core.services.secrets.teamKeyId()).toBe(next);
    const remote = await db.sql(`SELECT secret AS v FROM snmp_credentials UNION ALL SELECT sealed FROM shared_secrets`);
    for (const r of remote) expect(String(r.v)).toMatch(new RegExp(`^s2\\.${next}\\.`));
    expect(targetOf(a.core, switchId)?.credentials).toMatchObject({ authKey: V3.authKey });
    await owner.query(`DELETE FROM noc_team_keys WHERE retired_at IS NOT NULL`);
  }, 60_000);
});
