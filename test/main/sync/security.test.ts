// Security in the database itself: own logins in group roles, GRANTs that PostgreSQL
// enforces (not only the UI), FORCE ROW LEVEL SECURITY for customer rows, audit rows by
// trigger, and pushes that are replayed, malformed or sent under another login's client id
// refused without touching anybody else's data.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../shared/schemas/inventory';
import { openStore } from '../../../src-main/store/db';
import { connectPg } from '../../../src-main/sync/pg';
import { makeClient, startSharedPg, type Client, type SharedPg } from './helpers';

let shared: SharedPg;
const open: Client[] = [];
const conns: pg.Client[] = [];

beforeAll(async () => {
  shared = await startSharedPg();
});
afterAll(async () => {
  await shared?.stop();
});
afterEach(async () => {
  for (const c of conns.splice(0)) await c.end().catch(() => undefined);
  for (const c of open.splice(0)) await c.close();
  await shared.pg.sql(`TRUNCATE devices, racks, rooms, sites, sync_conflicts, noc_sync_clients, noc_audit, customers, rentals, tickets, ticket_queues, ticket_messages CASCADE`);
});

async function as(login: 'alice' | 'tom' | 'vera' | 'pat' | 'bill'): Promise<pg.Client> {
  const c = await connectPg(shared.url(login));
  conns.push(c);
  return c;
}

function client(name: string): Client {
  const c = makeClient(name);
  open.push(c);
  return c;
}

async function seedInventory(c: Client) {
  const caller = c.caller();
  const site = await caller.racks.createSite({ name: 'Frankfurt', code: 'FRA2', address: '' });
  const room = await caller.racks.createRoom({ siteId: site.id, name: 'Suite 1' });
  const rack = await caller.racks.createRack({ roomId: room.id, name: 'B01', heightU: 42 });
  return { site, room, rack };
}

describe('roles and ownership', () => {
  it('application roles own nothing and cannot bypass row-level security', async () => {
    const owners = await shared.pg.sql(`SELECT c.relname, r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
      WHERE (r.rolname LIKE 'noc\\_%') OR r.rolname IN ('alice', 'tom', 'vera', 'pat', 'bill')`);
    expect(owners).toEqual([]);
    const roles = await shared.pg.sql<{ rolname: string; rolbypassrls: boolean; rolsuper: boolean; rolcreaterole: boolean }>(
      `SELECT rolname, rolbypassrls, rolsuper, rolcreaterole FROM pg_roles WHERE (rolname LIKE 'noc\\_%') OR rolname IN ('alice', 'tom', 'vera', 'pat', 'bill')`);
    expect(roles.length).toBe(12);
    for (const r of roles) expect({ name: r.rolname, bypass: r.rolbypassrls, sup: r.rolsuper, cr: r.rolcreaterole }).toEqual({ name: r.rolname, bypass: false, sup: false, cr: false });
    const forced = await shared.pg.sql<{ relname: string }>(`SELECT relname FROM pg_class WHERE relforcerowsecurity ORDER BY relname`);
    expect(forced.map((r) => r.relname)).toEqual(expect.arrayContaining(['customers', 'customer_contacts', 'rentals', 'tickets', 'ticket_messages', 'ipam_addresses', 'inbox_messages', 'noc_sync_clients']));
  });

  it('a technician is refused an admin-only change by the database itself', async () => {
    const tom = await as('tom');
    const admin = await as('alice');
    await admin.query(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s1', '000000000000001-0000-x', 'Ashburn', 'IAD1')`);
    await expect(tom.query(`UPDATE sites SET name = 'Mine now' WHERE id = 's1'`)).rejects.toMatchObject({ code: '42501' });
    await expect(tom.query(`INSERT INTO noc_audit (login, action, table_name, row_id, rev, after) VALUES ('x', 'forged', 'sites', 's1', 1, '{}')`)).rejects.toMatchObject({ code: '42501' });
    await expect(tom.query(`DELETE FROM noc_audit`)).rejects.toMatchObject({ code: '42501' });
    await expect(tom.query(`ALTER TABLE devices DISABLE TRIGGER devices_after_upd`)).rejects.toMatchObject({ code: '42501' });
    await expect(tom.query(`SELECT noc_create_user('eve', 'SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5', 'admin', NULL, '')`)).rejects.toMatchObject({ code: '42501' });
    await expect(tom.query(`SELECT noc_grant_group('tom', 'admin')`)).rejects.toMatchObject({ code: '42501' });
    await expect(tom.query(`SET ROLE noc_admin`)).rejects.toMatchObject({ code: '42501' });
    const [site] = await shared.pg.sql(`SELECT name FROM sites WHERE id = 's1'`);
    expect(site!.name).toBe('Ashburn');
    // a viewer may read but write nothing
    const vera = await as('vera');
    expect((await vera.query(`SELECT count(*)::int AS n FROM sites`)).rows[0].n).toBe(1);
    await expect(vera.query(`UPDATE devices SET notes = 'x'`)).rejects.toMatchObject({ code: '42501' });
  });

  it('through the app: the refused change is kept with the reason, the rest of the batch goes through', async () => {
    const a = client('admin-desk');
    const { room } = await seedInventory(a);
    await a.core.services.sync.connect(shared.url('alice'));
    const t = client('tech-laptop');
    await t.core.services.sync.connect(shared.url('tom'));
    await t.core.services.sync.disconnect();
    // the local UI lets an editor create a site; the shared database does not let a technician
    const tc = t.caller();
    const site = await tc.racks.createSite({ name: 'Rogue site', code: 'ROGUE', address: '' });
    const rack = await tc.racks.createRack({ roomId: room.id, name: 'B02', heightU: 42 });
    const report = await t.core.services.sync.connect(shared.url('tom'));
    expect(report.refused).toBe(1);
    expect(report.pushed).toBe(1);
    expect(await shared.pg.sql(`SELECT code FROM sites ORDER BY code`)).toEqual([{ code: 'FRA2' }]);
    expect((await shared.pg.sql(`SELECT name FROM racks WHERE id = $1`, [rack.id]))[0]!.name).toBe('B02');
    const rejects = t.core.services.sync.listRejects();
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ kind: 'refused', tableName: 'sites', rowId: site.id });
    expect(rejects[0]!.reason).toMatch(/permission denied for table sites/);
    expect(rejects[0]!.fields).toMatchObject({ name: 'Rogue site', code: 'ROGUE' });
    expect(t.core.services.sync.status().refused).toBe(1);
    // discarding it brings the local copy back in line with the server (it never had the site)
    await t.caller().sync.discardReject({ id: rejects[0]!.id });
    expect(t.core.services.racks.repo.sites.find(site.id)).toBeNull();
    expect(t.core.services.sync.status().refused).toBe(0);
    // and the audit on the server names the technician for what did go through
    const audit = await shared.pg.sql(`SELECT login, action FROM noc_audit WHERE row_id = $1`, [rack.id]);
    expect(audit).toEqual([{ login: 'tom', action: 'insert' }]);
  });

  it('admins manage logins from the app; a technician cannot, and the database says why', async () => {
    const a = client('admin-desk');
    await a.core.services.sync.connect(shared.url('alice'));
    await a.caller().sync.addUser({ login: 'nina', password: 'nina-secret-1', role: 'technician', fullName: 'Nina' });
    await a.caller().sync.grant({ login: 'nina', role: 'provisioning' });
    const users = await a.caller().sync.users();
    expect(users.find((u) => u.login === 'nina')).toMatchObject({ role: 'provisioning', canLogin: true, createdBy: 'alice' });
    const nina = await connectPg(shared.url('alice').replace('alice:alice-secret-1', 'nina:nina-secret-1'));
    conns.push(nina);
    expect((await nina.query(`SELECT grp FROM noc_whoami()`)).rows[0].grp).toBe('provisioning');
    await a.caller().sync.setEnabled({ login: 'nina', enabled: false });
    await expect(connectPg(shared.url('alice').replace('alice:alice-secret-1', 'nina:nina-secret-1'))).rejects.toMatchObject({ code: 'auth' });

    const t = client('tech');
    await t.core.services.sync.connect(shared.url('tom'));
    await expect(t.core.services.sync.addUser({ login: 'eve', password: 'eve-secret-12', role: 'admin', customerId: null, fullName: '' }))
      .rejects.toThrow(/permission denied for function noc_create_user/);
    expect(await shared.pg.sql(`SELECT 1 FROM pg_roles WHERE rolname = 'eve'`)).toEqual([]);
  });
});

describe('customers see only their own rows (FORCE ROW LEVEL SECURITY)', () => {
  it('a tenant login reads none of another tenant\'s rows, and cannot write one', async () => {
    const admin = await as('alice');
    const pat = await as('pat');
    const h = '000000000000001-0000-x';
    await admin.query(`INSERT INTO sites (id, updated_at, name, code) VALUES ('s1', $1, 'S', 'S1')`, [h]);
    await pat.query(`INSERT INTO devices (id, updated_at, name, type, status) VALUES ('d1', $1, 'srv-1', 'server', 'rented'), ('d2', $1, 'srv-2', 'server', 'rented')`, [h]);
    await pat.query(`INSERT INTO customers (id, updated_at, name, email, created_at) VALUES ('c1', $1, 'Acme', 'ops@acme.test', 'now'), ('c2', $1, 'Globex', 'it@globex.test', 'now')`, [h]);
    await pat.query(`INSERT INTO rentals (id, updated_at, customer_id, device_id, status, starts_at) VALUES ('r1', $1, 'c1', 'd1', 'active', '2026-01-01'), ('r2', $1, 'c2', 'd2', 'active', '2026-01-01')`, [h]);
    await pat.query(`INSERT INTO ticket_queues (id, updated_at, key, name, sla) VALUES ('q1', $1, 'support', 'Support', '{}')`, [h]);
    await pat.query(`INSERT INTO tickets (id, updated_at, number, queue_id, customer_id, subject, status, priority, created_by, created_at, first_response_due, resolution_due)
      VALUES ('t1', $1, 1, 'q1', 'c1', 'Acme down', 'open', 'high', 'pat', 'now', 'x', 'x'), ('t2', $1, 2, 'q1', 'c2', 'Globex slow', 'open', 'low', 'pat', 'now', 'x', 'x')`, [h]);
    await pat.query(`INSERT INTO ticket_messages (id, updated_at, ticket_id, kind, author, body, at) VALUES
      ('m1', $1, 't1', 'public', 'pat', 'on it', 'now'), ('m2', $1, 't1', 'internal', 'pat', 'customer is rude', 'now'), ('m3', $1, 't2', 'public', 'pat', 'hello globex', 'now')`, [h]);
    await admin.query(`SELECT noc_create_user('acme', $1, 'customer', 'c1', 'Acme ops')`, [(await import('../../../src-main/sync/scram')).scramVerifier('acme-secret-1')]);
    const acme = await connectPg(shared.url('alice').replace('alice:alice-secret-1', 'acme:acme-secret-1'));
    conns.push(acme);

    expect((await acme.query(`SELECT id FROM customers ORDER BY id`)).rows).toEqual([{ id: 'c1' }]);
    expect((await acme.query(`SELECT id FROM rentals`)).rows).toEqual([{ id: 'r1' }]);
    expect((await acme.query(`SELECT id FROM tickets`)).rows).toEqual([{ id: 't1' }]);
    expect((await acme.query(`SELECT id FROM ticket_messages ORDER BY id`)).rows).toEqual([{ id: 'm1' }]); // not the internal note
    expect((await acme.query(`SELECT * FROM customers WHERE id = 'c2'`)).rows).toEqual([]);
    expect((await acme.query(`SELECT * FROM rentals WHERE customer_id = 'c2'`)).rows).toEqual([]);
    await expect(acme.query(`SELECT * FROM devices`)).rejects.toMatchObject({ code: '42501' });
    await expect(acme.query(`SELECT * FROM customer_notes`)).rejects.toMatchObject({ code: '42501' });
    // writing another tenant's ticket is refused by the policy; its own is allowed
    await expect(acme.query(`INSERT INTO tickets (id, updated_at, number, queue_id, customer_id, subject, status, priority, created_by, created_at, first_response_due, resolution_due)
      VALUES ('t3', $1, 3, 'q1', 'c2', 'sneaky', 'new', 'low', 'acme', 'now', 'x', 'x')`, [h])).rejects.toMatchObject({ code: '42501' });
    await acme.query(`INSERT INTO tickets (id, updated_at, number, queue_id, customer_id, subject, status, priority, created_by, created_at, first_response_due, resolution_due)
      VALUES ('t4', $1, 4, 'q1', 'c1', 'please reboot', 'new', 'low', 'acme', 'now', 'x', 'x')`, [h]);
    await expect(acme.query(`UPDATE tickets SET subject = 'x' WHERE id = 't2'`)).rejects.toMatchObject({ code: '42501' });
    // and the live channel tells a customer-owned table's change without ids
    expect((await shared.pg.sql(`SELECT count(*)::int AS n FROM tickets`))[0]!.n).toBe(3);

    // a sync client logged in as the tenant gets only its own rows into its local copy
    const c = client('acme-browser');
    await c.core.services.sync.connect(shared.url('alice').replace('alice:alice-secret-1', 'acme:acme-secret-1'));
    const local = c.core.services.store.db;
    expect(local.prepare(`SELECT id FROM customers`).all()).toEqual([{ id: 'c1' }]);
    expect(local.prepare(`SELECT id FROM tickets ORDER BY id`).all()).toEqual([{ id: 't1' }, { id: 't4' }]);
    expect(local.prepare(`SELECT count(*) AS n FROM devices`).get()).toEqual({ n: 0 });
    await shared.pg.sql(`DROP ROLE IF EXISTS acme`).catch(() => undefined);
  });
});

describe('pushes that must be refused', () => {
  it('a replayed push applies nothing twice and does not undo a later change by another client', async () => {
    const a = client('a');
    const { rack } = await seedInventory(a);
    const dev = await a.caller().inventory.create(deviceInput.parse({ name: 'db-01', type: 'server', status: 'available', rackId: rack.id, position: 3, notes: 'from A' }));
    await a.core.services.sync.connect(shared.url('alice'));
    const b = client('b');
    await b.core.services.sync.connect(shared.url('pat'));
    b.clock.advance(60_000);
    await b.caller().inventory.update({ id: dev.id, patch: { notes: 'from B, later' } });
    await b.core.services.sync.syncNow();
    const auditBefore = (await shared.pg.sql(`SELECT count(*)::int AS n FROM noc_audit`))[0]!.n;
    // A sends its whole first push again (as after a lost acknowledgement)
    await a.core.services.sync.disconnect();
    a.core.services.store.db.prepare(`UPDATE outbox SET pushed_at = NULL`).run();
    const again = await a.core.services.sync.connect(shared.url('alice'));
    expect(again.replayed).toBe(4);
    expect(again.pushed).toBe(0);
    expect((await shared.pg.sql(`SELECT notes FROM devices WHERE id = $1`, [dev.id]))[0]!.notes).toBe('from B, later');
    expect((await shared.pg.sql(`SELECT count(*)::int AS n FROM noc_audit`))[0]!.n).toBe(auditBefore);
  });

  it('a malformed change is refused with the reason and nothing else is touched', async () => {
    const a = client('a');
    const { rack } = await seedInventory(a);
    await a.core.services.sync.connect(shared.url('alice'));
    const b = client('b');
    await b.core.services.sync.connect(shared.url('pat'));
    const dev = await b.caller().inventory.create(deviceInput.parse({ name: 'b-srv', type: 'server', rackId: rack.id, position: 7 }));
    await b.core.services.sync.syncNow();
    await a.core.services.sync.disconnect();
    const put = a.core.services.store.db.prepare(`INSERT INTO outbox (table_name, row_id, op, hlc, fields) VALUES (?, ?, ?, ?, ?)`);
    put.run('devices', dev.id, 'update', '000001767225600000-0000-evil', JSON.stringify({ notes: 'x' }));           // not an HLC stamp
    put.run('devices', dev.id, 'update', a.core.services.store.hlc.tick(), JSON.stringify({ rev: 1 }));               // sets what only the server sets
    put.run('devices', dev.id, 'update', a.core.services.store.hlc.tick(), JSON.stringify({ owner: 'me' }));          // no such column
    put.run('pg_authid', 'x', 'update', a.core.services.store.hlc.tick(), JSON.stringify({ rolsuper: true }));        // not a synced table
    put.run('devices', dev.id, 'update', a.core.services.store.hlc.tick(), '{not json');
    put.run('devices', dev.id, 'update', a.core.services.store.hlc.tick(), JSON.stringify({ position: 'abc' }));     // wrong type: refused by the database
    const good = await a.caller().inventory.create(deviceInput.parse({ name: 'a-srv', type: 'server', status: 'available' }));
    const rep = await a.core.services.sync.connect(shared.url('alice'));
    expect(rep.refused).toBe(6);
    expect(rep.pushed).toBe(1);
    const [onServer] = await shared.pg.sql(`SELECT notes, position, changed_by FROM devices WHERE id = $1`, [dev.id]);
    expect(onServer).toEqual({ notes: '', position: 7, changed_by: 'pat' });
    expect((await shared.pg.sql(`SELECT name FROM devices WHERE id = $1`, [good.id]))[0]!.name).toBe('a-srv');
    const reasons = a.core.services.sync.listRejects().map((r) => r.reason);
    expect(reasons.some((r) => /not a hybrid logical clock/.test(r))).toBe(true);
    expect(reasons.some((r) => /rev is set by the sync/.test(r))).toBe(true);
    expect(reasons.some((r) => /has no column owner/.test(r))).toBe(true);
    expect(reasons.some((r) => /pg_authid is not a synced table/.test(r))).toBe(true);
    expect(reasons.some((r) => /not JSON/.test(r))).toBe(true);
    expect(reasons.some((r) => /invalid input syntax for type integer/.test(r))).toBe(true);
  });

  it('a push under another login\'s client id is refused, and that client\'s record is untouched', async () => {
    const a = client('a');
    await seedInventory(a);
    await a.core.services.sync.connect(shared.url('alice'));
    const aliceId = a.core.services.sync.currentEngine()!.clientId();
    const [before] = await shared.pg.sql(`SELECT login, last_seq FROM noc_sync_clients WHERE client_id = $1`, [aliceId]);
    const tom = await as('tom');
    // tom cannot even see alice's record, let alone raise its last_seq
    expect((await tom.query(`SELECT * FROM noc_sync_clients WHERE client_id = $1`, [aliceId])).rows).toEqual([]);
    expect((await tom.query(`UPDATE noc_sync_clients SET last_seq = 999999 WHERE client_id = $1`, [aliceId])).rowCount).toBe(0);
    // a store that claims alice's id while logged in as tom is refused
    const dir = mkdtempSync(join(tmpdir(), 'noc-sync-forged-'));
    const db = openStore(join(dir, 'noc.sqlite'));
    db.prepare(`INSERT INTO meta (key, value) VALUES ('node_id', ?)`).run(aliceId.replace(/-g\d+$/, ''));
    db.close();
    const t = makeClient('t', { dir });
    open.push(t);
    const forged = await t.caller().inventory.create(deviceInput.parse({ name: 'forged', type: 'server' }));
    await expect(t.core.services.sync.connect(shared.url('tom'))).rejects.toThrow(/registered to another login/);
    expect(await shared.pg.sql(`SELECT 1 FROM devices WHERE id = $1`, [forged.id])).toEqual([]);
    const [after] = await shared.pg.sql(`SELECT login, last_seq FROM noc_sync_clients WHERE client_id = $1`, [aliceId]);
    expect(after).toEqual(before);
  });
});
