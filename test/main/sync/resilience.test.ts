// Bad input and bad networks: a wrong URL, a refused login, a missing or newer schema, another
// database, a dropped connection, a notification missed while disconnected. Each gives one
// clear sentence, and the app keeps working on its local copy throughout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../shared/schemas/inventory';
import { connectPg } from '../../../src-main/sync/pg';
import { migrate } from '../../../src-main/sync/migrate';
import { startProxy, type TcpProxy } from '../../peers/pg/proxy';
import { freePgPort } from '../../peers/postgres';
import { makeClient, startSharedPg, until, type Client, type SharedPg } from './helpers';

let shared: SharedPg;
const open: Client[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  shared = await startSharedPg();
});
afterAll(async () => {
  await shared?.stop();
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  for (const p of proxies.splice(0)) await p.close();
  await shared.pg.sql(`TRUNCATE devices, racks, rooms, sites, sync_conflicts, noc_sync_clients, noc_audit CASCADE`);
});

function client(name: string): Client {
  const c = makeClient(name);
  open.push(c);
  return c;
}

async function proxy(): Promise<TcpProxy> {
  const p = await startProxy(shared.pg.port);
  proxies.push(p);
  return p;
}

async function localWriteWorks(c: Client): Promise<void> {
  const d = await c.caller().inventory.create(deviceInput.parse({ name: `local-${Math.random().toString(36).slice(2, 8)}`, type: 'server' }));
  expect(c.core.services.inventory.devices.find(d.id)).not.toBeNull();
}

describe('bad input: each a clear message, and the local copy keeps working', () => {
  it('a wrong URL', async () => {
    const c = client('c');
    await expect(c.caller().sync.connect({ url: 'http://127.0.0.1:5432/nocdb' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.core.services.sync.connect('postgresql://alice@127.0.0.1:5432/')).rejects.toThrow(/names no database/);
    await expect(c.core.services.sync.connect('postgresql://alice:x@/nocdb')).rejects.toThrow(/(names no host|not a PostgreSQL URL)/);
    const closed = await freePgPort();
    await expect(c.core.services.sync.connect(`postgresql://alice:x@127.0.0.1:${closed}/nocdb`)).rejects.toThrow(new RegExp(`Nothing answers at 127.0.0.1:${closed}: is PostgreSQL running there`));
    expect(c.core.services.sync.mode()).toBe('standalone'); // a failed connect changes nothing
    await localWriteWorks(c);
  });

  it('a refused login and a database that does not exist', async () => {
    const c = client('c');
    const wrong = shared.url('alice').replace('alice-secret-1', 'not-the-password');
    const err = await c.caller().sync.connect({ url: wrong }).catch((e: unknown) => e) as { code: string; message: string; cause?: { field?: string } };
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toBe('PostgreSQL refused the login of alice: wrong password (or no such login). Check the user and password.');
    expect(err.cause?.field).toBe('password'); // the form shows it next to the password
    await expect(c.core.services.sync.connect(shared.url('alice').replace('/nocdb', '/nosuchdb'))).rejects.toThrow(/The database nosuchdb does not exist/);
    await localWriteWorks(c);
  });

  it('a database without the schema, one with a newer schema, and another database than this store\'s', async () => {
    await shared.pg.sql(`CREATE DATABASE emptydb OWNER schema_owner`);
    await shared.pg.sql(`GRANT CONNECT ON DATABASE emptydb TO noc_staff`);
    try {
      const c = client('c');
      const empty = shared.url('alice').replace('/nocdb', '/emptydb');
      await expect(c.core.services.sync.connect(empty)).rejects.toThrow(/no Aedify NOC schema yet\. An admin creates it with `noc db migrate --pg URL`/);

      await shared.pg.sql(`INSERT INTO noc_schema (version, name) VALUES (99, 'from the future')`);
      try {
        await expect(c.core.services.sync.connect(shared.url('alice'))).rejects.toThrow(/schema 99, newer than this app knows \(\d+\)\. Update Aedify NOC/);
        expect(c.core.services.sync.mode()).toBe('standalone');
      } finally {
        await shared.pg.sql(`DELETE FROM noc_schema WHERE version = 99`);
      }

      // this store becomes the copy of nocdb; pointing it at another database is refused
      await c.core.services.sync.connect(shared.url('alice'));
      await c.core.services.sync.disconnect();
      const owner = await connectPg(shared.pg.url().replace('/nocdb', '/emptydb'));
      try {
        await migrate(owner);
      } finally {
        await owner.end();
      }
      await expect(c.core.services.sync.connect(empty)).rejects.toThrow(/copy of another shared database .* Use a new --data folder/);
      await localWriteWorks(c);
    } finally {
      await shared.pg.sql(`DROP DATABASE emptydb WITH (FORCE)`);
    }
  });
});

describe('a dropped connection', () => {
  it('goes offline with a clear message, keeps the local copy working, and catches up when the link is back', async () => {
    const p = await proxy();
    const a = client('a');
    const b = client('b');
    await a.core.services.sync.connect(shared.url('alice'));
    await b.core.services.sync.connect(shared.url('pat', p.port));
    const seen = b.core.services.sync.status();
    expect(seen.state).toBe('online');
    // the network goes away
    p.block();
    p.cut();
    await until(() => b.core.services.sync.status().state === 'offline', 3000, 'B offline');
    expect(b.core.services.sync.status().lastError).toMatch(/(was lost|Nothing answers|did not answer).*(local copy|retries|reconnects)/);
    // B keeps working; its change waits
    const offline = await b.caller().inventory.create(deviceInput.parse({ name: 'made-offline', type: 'server' }));
    expect(b.core.services.sync.status().pending).toBeGreaterThan(0);
    // A changes something meanwhile: B misses the notification
    const fromA = await a.caller().inventory.create(deviceInput.parse({ name: 'made-while-b-was-away', type: 'server' }));
    await new Promise((r) => setTimeout(r, 300));
    expect(b.core.services.inventory.devices.find(fromA.id)).toBeNull();
    // the link is back: B reconnects by itself, pushes what it did, and catches up from its cursor
    p.unblock();
    await until(() => b.core.services.inventory.devices.find(fromA.id) !== null, 10_000, 'B caught up');
    await until(() => a.core.services.inventory.devices.find(offline.id) !== null, 10_000, 'A got B\'s offline change');
    expect(b.core.services.sync.status()).toMatchObject({ state: 'online', pending: 0, lastError: null });
  });

  it('a client that missed notifications (listener cut) catches up from its cursor, not from the notification', async () => {
    const p = await proxy();
    const a = client('a');
    const b = client('b');
    await a.core.services.sync.connect(shared.url('alice'));
    await b.core.services.sync.connect(shared.url('vera', p.port));
    p.block();
    p.cut();
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await a.caller().inventory.create(deviceInput.parse({ name: `missed-${i}`, type: 'server' }))).id);
    await a.core.services.sync.syncNow();
    const rows = await shared.pg.sql<{ n: number }>(`SELECT count(*)::int AS n FROM devices`);
    expect(rows[0]!.n).toBe(5);
    await new Promise((r) => setTimeout(r, 200));
    expect(made.filter((id) => b.core.services.inventory.devices.find(id))).toEqual([]);
    p.unblock();
    await until(() => made.every((id) => b.core.services.inventory.devices.find(id) !== null), 10_000, 'B caught up from its cursor');
  });
});
