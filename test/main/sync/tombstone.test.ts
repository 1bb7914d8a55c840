// Issue 6: a row deleted on one client and edited on another, on a real PostgreSQL — in either
// order and with the HLCs either way — is a conflict shown in the Conflicts view, never a silent
// change to a tombstone nor a silently undone delete. The row stays as the server has it until
// a person keeps it deleted (the edit dropped, kept in the conflict record and the audit) or
// restores it with the edit. Devices and IPAM addresses; both sides deleting is no conflict.
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../shared/schemas/inventory';
import { assignInput, prefixCreateInput } from '../../../shared/schemas/ipam';
import { connectPg } from '../../../src-main/sync/pg';
import { pull } from '../../../src-main/sync/pull';
import { discoverRepositories, localSyncedTables, makePlan, pgSyncedTables } from '../../../src-main/sync/tables';
import { makeClient, startSharedPg, type Client, type SharedPg } from './helpers';

let shared: SharedPg;
const open: Client[] = [];
const conns: pg.Client[] = [];

beforeAll(async () => {
  shared = await startSharedPg({ ports: [25460, 25479] });
}, 60_000);
afterAll(async () => {
  await shared?.stop();
});
afterEach(async () => {
  for (const c of conns.splice(0)) await c.end().catch(() => undefined);
  for (const c of open.splice(0)) await c.close();
  await shared.pg.sql(`TRUNCATE devices, racks, rooms, sites, ipam_addresses, ipam_prefixes, sync_conflicts, noc_sync_clients, noc_audit CASCADE`);
});

function client(name: string, start?: number): Client {
  const c = makeClient(name, { start });
  open.push(c);
  return c;
}

/** A and B share one device; both then go offline. */
async function twoClientsOneDevice() {
  const a = client('a');
  const caller = a.caller();
  const site = await caller.racks.createSite({ name: 'Ashburn', code: 'IAD1', address: '' });
  const srv = await caller.inventory.create(deviceInput.parse({ name: 'web-01', type: 'server', siteId: site.id, serial: 'SN-1', status: 'available', notes: 'as bought' }));
  await a.core.services.sync.connect(shared.url('alice'));
  const b = client('b');
  await b.core.services.sync.connect(shared.url('tom'));
  expect(b.core.services.inventory.devices.find(srv.id)?.name).toBe('web-01');
  await a.core.services.sync.disconnect();
  await b.core.services.sync.disconnect();
  return { a, b, id: srv.id };
}

async function serverDevice(id: string) {
  const [row] = await shared.pg.sql(`SELECT deleted, notes, status FROM devices WHERE id = $1`, [id]);
  return row;
}

const sync = (c: Client, login: 'alice' | 'tom' | 'pat') => c.core.services.sync.connect(shared.url(login));

describe('deleted on one side, edited on the other', () => {
  it.each([
    ['the edit is earlier by the HLC', 0],
    ['the edit is later by the HLC', 60_000],
  ])('delete first, the offline edit pushed later (%s): the row stays deleted, the edit waits in a conflict; restoring applies it', async (_label, bAhead) => {
    const { a, b, id } = await twoClientsOneDevice();
    a.clock.advance(30_000);
    await a.caller().inventory.remove({ id });
    b.clock.advance(bAhead);
    await b.caller().inventory.update({ id, patch: { notes: 'B: PSU replaced' } });
    await b.caller().inventory.setStatus({ id, status: 'maintenance', reason: 'PSU' });

    expect((await sync(a, 'alice')).conflicts).toBe(0);
    const rb = await sync(b, 'tom');
    expect(rb.conflicts).toBe(1);
    // the tombstone is as A left it: B's edit did not land on it, and the delete was not undone
    expect(await serverDevice(id)).toEqual({ deleted: 1, notes: 'as bought', status: 'available' });
    expect(b.core.services.inventory.devices.find(id)).toBeNull();
    expect(b.core.services.store.outboxPending()).toBe(0);
    const [c] = b.core.services.sync.listConflicts('open', 10);
    expect(c).toMatchObject({
      tableName: 'devices', rowId: id, fieldGroup: 'deleted / edited', serverBy: 'alice', status: 'open',
      serverValue: { deleted: 1, notes: 'as bought', status: 'available' },
      incomingValue: { deleted: 0, notes: 'B: PSU replaced', status: 'maintenance' },
    });
    expect(c!.incomingBy).toMatch(/^tom/);

    // A sees it too, and restores the row with B's edit: through the lifecycle rules
    await sync(a, 'alice');
    const [onA] = a.core.services.sync.listConflicts('open', 10);
    expect(onA!.id).toBe(c!.id);
    const resolved = await a.caller().sync.resolveConflict({ id: c!.id, choice: 'incoming', note: 'B was right, it is in the rack' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'incoming', resolvedBy: 'a' });
    expect(a.core.services.inventory.devices.find(id)).toMatchObject({ notes: 'B: PSU replaced', status: 'maintenance' });
    expect(a.core.services.search.search('web-01', 5).map((h) => h.id)).toContain(id);
    const hist = a.core.services.inventory.devices.history(id);
    expect(hist.find((h) => h.action === 'restore')).toMatchObject({ actor: 'a', reason: 'B was right, it is in the rack' });

    await sync(a, 'alice');
    expect(await serverDevice(id)).toEqual({ deleted: 0, notes: 'B: PSU replaced', status: 'maintenance' });
    await sync(b, 'tom');
    expect(b.core.services.inventory.devices.find(id)).toMatchObject({ notes: 'B: PSU replaced', status: 'maintenance' });
    expect(b.core.services.sync.listConflicts('open', 10)).toEqual([]);
    // the server's audit: who resolved it and when, and the restore of the device, by alice's login
    const audit = await shared.pg.sql(`SELECT login, actor, action, table_name, before->>'deleted' AS was, after->>'deleted' AS now, after->>'resolution' AS resolution, after->>'resolved_by' AS by, after->>'resolved_at' AS at
      FROM noc_audit WHERE row_id IN ($1, $2) ORDER BY id`, [id, c!.id]);
    expect(audit.find((r) => r.table_name === 'sync_conflicts' && r.resolution === 'incoming')).toMatchObject({ login: 'alice', by: 'a' });
    expect(audit.find((r) => r.table_name === 'sync_conflicts' && r.resolution === 'incoming')!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(audit.some((r) => r.table_name === 'devices' && r.login === 'alice' && r.was === '1' && r.now === '0')).toBe(true);
  });

  it('delete first, kept deleted: the edit is dropped but stays in the resolved conflict and its audit', async () => {
    const { a, b, id } = await twoClientsOneDevice();
    await a.caller().inventory.remove({ id });
    b.clock.advance(5000);
    await b.caller().inventory.update({ id, patch: { notes: 'B: relabelled' } });
    await sync(a, 'alice');
    expect((await sync(b, 'tom')).conflicts).toBe(1);
    const [c] = b.core.services.sync.listConflicts('open', 10);
    const resolved = await b.caller().sync.resolveConflict({ id: c!.id, choice: 'server' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'server', resolvedBy: 'b', resolvedValue: { deleted: 1 } });
    const local = b.core.services.sync.conflicts.history(c!.id)[0]!;
    expect(local).toMatchObject({ action: 'resolve', actor: 'b' });
    expect(local.after).toMatchObject({ incomingValue: { deleted: 0, notes: 'B: relabelled' }, resolution: 'server' });
    await sync(b, 'tom');
    expect(await serverDevice(id)).toEqual({ deleted: 1, notes: 'as bought', status: 'available' });
    const [row] = await shared.pg.sql(`SELECT status, resolution, resolved_by, incoming_value FROM sync_conflicts WHERE id = $1`, [c!.id]);
    expect(row).toMatchObject({ status: 'resolved', resolution: 'server', resolved_by: 'b' });
    expect(JSON.parse(String(row!.incoming_value))).toMatchObject({ notes: 'B: relabelled' });
    const [audit] = await shared.pg.sql(`SELECT login FROM noc_audit WHERE table_name = 'sync_conflicts' AND row_id = $1 AND after->>'status' = 'resolved'`, [c!.id]);
    expect(audit).toEqual({ login: 'tom' });
    await sync(a, 'alice');
    expect(a.core.services.sync.listConflicts('open', 10)).toEqual([]);
    expect(a.core.services.inventory.devices.find(id)).toBeNull();
  });

  it.each([
    ['the delete is earlier by the HLC', 0],
    ['the delete is later by the HLC', 60_000],
  ])('edit first, a delete made offline on an older copy pushed later (%s): the row stays with the edit; keeping it deleted deletes it', async (_label, aAhead) => {
    const { a, b, id } = await twoClientsOneDevice();
    b.clock.advance(30_000);
    await b.caller().inventory.update({ id, patch: { notes: 'B: new disks' } });
    expect((await sync(b, 'tom')).conflicts).toBe(0);
    a.clock.advance(aAhead);
    await a.caller().inventory.remove({ id });
    expect(a.core.services.inventory.devices.find(id)).toBeNull();

    const ra = await sync(a, 'alice');
    expect(ra.conflicts).toBe(1);
    expect(await serverDevice(id)).toEqual({ deleted: 0, notes: 'B: new disks', status: 'available' });
    // A's copy shows the row again, as the server has it, with the conflict beside it
    expect(a.core.services.inventory.devices.find(id)?.notes).toBe('B: new disks');
    const [c] = a.core.services.sync.listConflicts('open', 10);
    expect(c).toMatchObject({ fieldGroup: 'deleted / edited', serverBy: 'tom', serverValue: { deleted: 0, notes: 'B: new disks' }, incomingValue: { deleted: 1 } });

    // B decides: keep it deleted (the other side's choice here), through inventory's delete rules
    await sync(b, 'tom');
    await b.caller().sync.resolveConflict({ id: c!.id, choice: 'incoming' });
    expect(b.core.services.inventory.devices.find(id)).toBeNull();
    await sync(b, 'tom');
    expect((await serverDevice(id))!.deleted).toBe(1);
    await sync(a, 'alice');
    expect(a.core.services.inventory.devices.find(id)).toBeNull();
    expect(a.core.services.sync.listConflicts('open', 10)).toEqual([]);
  });

  it('edit first then delete, restored: the row stays alive with the edit and nothing more is written', async () => {
    const { a, b, id } = await twoClientsOneDevice();
    await b.caller().inventory.update({ id, patch: { notes: 'B: new disks' } });
    await sync(b, 'tom');
    await a.caller().inventory.remove({ id });
    expect((await sync(a, 'alice')).conflicts).toBe(1);
    const [c] = a.core.services.sync.listConflicts('open', 10);
    const before = (await shared.pg.sql(`SELECT rev FROM devices WHERE id = $1`, [id]))[0]!.rev;
    await a.caller().sync.resolveConflict({ id: c!.id, choice: 'server' });
    await sync(a, 'alice');
    expect(await serverDevice(id)).toEqual({ deleted: 0, notes: 'B: new disks', status: 'available' });
    expect((await shared.pg.sql(`SELECT rev FROM devices WHERE id = $1`, [id]))[0]!.rev).toBe(before);
  });

  it('both sides delete: no conflict', async () => {
    const { a, b, id } = await twoClientsOneDevice();
    await a.caller().inventory.remove({ id });
    b.clock.advance(1000);
    await b.caller().inventory.remove({ id });
    expect((await sync(a, 'alice')).conflicts).toBe(0);
    expect((await sync(b, 'tom')).conflicts).toBe(0);
    expect((await serverDevice(id))!.deleted).toBe(1);
    expect(b.core.services.sync.listConflicts('all', 10)).toEqual([]);
    expect((await shared.pg.sql(`SELECT count(*)::int AS n FROM sync_conflicts`))[0]!.n).toBe(0);
  });

  it('an edit pending when the tombstone arrives by pull is kept, and becomes the conflict on the next push', async () => {
    const { a, b, id } = await twoClientsOneDevice();
    await a.caller().inventory.remove({ id });
    await sync(a, 'alice');
    await b.caller().inventory.update({ id, patch: { notes: 'B: cabled' } });
    // B pulls (only) while its edit waits to be pushed
    const conn = await connectPg(shared.url('tom'));
    conns.push(conn);
    const store = b.core.services.store;
    const plan = makePlan(localSyncedTables(store.db), await pgSyncedTables(conn), discoverRepositories(b.core.services));
    expect(await pull({ client: conn, store, plan })).toMatchObject({ rows: 1, applyFailed: 0 });
    expect(b.core.services.inventory.devices.find(id)).toBeNull(); // deleted, as the server has it
    expect(b.core.services.inventory.devices.get(id)?.notes).toBe('B: cabled'); // with B's edit kept
    expect(store.outboxPending()).toBe(1); // the edit is still there
    expect((await sync(b, 'tom')).conflicts).toBe(1);
    expect(b.core.services.sync.listConflicts('open', 10)[0]).toMatchObject({ fieldGroup: 'deleted / edited', incomingValue: { deleted: 0, notes: 'B: cabled' } });
    expect((await serverDevice(id))!.deleted).toBe(1);
  });
});

describe('deleted / edited on another synced table: IPAM addresses', () => {
  async function twoClientsOneAddress() {
    const a = client('a');
    await a.caller().ipam.createPrefix(prefixCreateInput.parse({ prefix: '10.20.0.0/24' }));
    const addr = await a.caller().ipam.assign(assignInput.parse({ address: '10.20.0.7', dnsName: 'web-07.example.net', description: 'web' }));
    await a.core.services.sync.connect(shared.url('alice'));
    const b = client('b');
    await b.core.services.sync.connect(shared.url('pat'));
    expect(b.core.services.ipam.repo.addresses.find(addr.id)?.dnsName).toBe('web-07.example.net');
    await a.core.services.sync.disconnect();
    await b.core.services.sync.disconnect();
    return { a, b, id: addr.id };
  }

  it('delete first, restored with the edit', async () => {
    const { a, b, id } = await twoClientsOneAddress();
    await a.caller().ipam.removeAddress({ id });
    b.clock.advance(2000);
    await b.caller().ipam.updateAddress({ id, patch: { dnsName: 'db-07.example.net' } });
    await sync(a, 'alice');
    expect((await sync(b, 'pat')).conflicts).toBe(1);
    expect((await shared.pg.sql(`SELECT deleted, dns_name FROM ipam_addresses WHERE id = $1`, [id]))[0]).toEqual({ deleted: 1, dns_name: 'web-07.example.net' });
    const [c] = b.core.services.sync.listConflicts('open', 10);
    expect(c).toMatchObject({ tableName: 'ipam_addresses', fieldGroup: 'deleted / edited', incomingValue: { deleted: 0, dns_name: 'db-07.example.net' } });
    await b.caller().sync.resolveConflict({ id: c!.id, choice: 'incoming' });
    expect(b.core.services.ipam.repo.addresses.find(id)?.dnsName).toBe('db-07.example.net');
    await sync(b, 'pat');
    expect((await shared.pg.sql(`SELECT deleted, dns_name FROM ipam_addresses WHERE id = $1`, [id]))[0]).toEqual({ deleted: 0, dns_name: 'db-07.example.net' });
    await sync(a, 'alice');
    expect(a.core.services.ipam.repo.addresses.find(id)?.dnsName).toBe('db-07.example.net');
  });

  it('a restore that would clash with an address entered again meanwhile is refused with the reason, nothing half-written', async () => {
    const { a, b, id } = await twoClientsOneAddress();
    await a.caller().ipam.removeAddress({ id });
    const again = await a.caller().ipam.assign(assignInput.parse({ address: '10.20.0.7', dnsName: 'new-07.example.net' }));
    await b.caller().ipam.updateAddress({ id, patch: { dnsName: 'db-07.example.net' } });
    await sync(a, 'alice');
    expect((await sync(b, 'pat')).conflicts).toBe(1);
    await sync(a, 'alice');
    const [c] = a.core.services.sync.listConflicts('open', 10);
    const pending = a.core.services.store.outboxPending();
    await expect(a.caller().sync.resolveConflict({ id: c!.id, choice: 'incoming' })).rejects.toThrow(/would clash with another one made meanwhile.*Keep it deleted/);
    expect(a.core.services.ipam.repo.addresses.find(id)).toBeNull();
    expect(a.core.services.ipam.repo.addresses.find(again.id)?.dnsName).toBe('new-07.example.net');
    expect(a.core.services.sync.listConflicts('open', 10).map((x) => x.id)).toEqual([c!.id]);
    expect(a.core.services.store.outboxPending()).toBe(pending);
  });

  it('edit first, then kept deleted', async () => {
    const { a, b, id } = await twoClientsOneAddress();
    await b.caller().ipam.updateAddress({ id, patch: { description: 'moved to db' } });
    await sync(b, 'pat');
    await a.caller().ipam.removeAddress({ id });
    expect((await sync(a, 'alice')).conflicts).toBe(1);
    expect(a.core.services.ipam.repo.addresses.find(id)?.description).toBe('moved to db');
    const [c] = a.core.services.sync.listConflicts('open', 10);
    await a.caller().sync.resolveConflict({ id: c!.id, choice: 'incoming' });
    expect(a.core.services.ipam.repo.addresses.find(id)).toBeNull();
    await sync(a, 'alice');
    expect((await shared.pg.sql(`SELECT deleted FROM ipam_addresses WHERE id = $1`, [id]))[0]).toEqual({ deleted: 1 });
  });
});
