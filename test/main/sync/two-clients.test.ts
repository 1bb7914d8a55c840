// Two clients on one real PostgreSQL: the switch from standalone (upload once), the initial
// download, live changes, and both editing offline then reconnecting (field-level merge and
// recorded conflicts for the guarded fields).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../shared/schemas/inventory';
import { makeClient, startSharedPg, until, type Client, type SharedPg } from './helpers';

let shared: SharedPg;
const open: Client[] = [];

beforeAll(async () => {
  shared = await startSharedPg();
});
afterAll(async () => {
  await shared?.stop();
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  // each test starts from an empty shared database
  await shared.pg.sql(`TRUNCATE devices, racks, rooms, sites, sync_conflicts, walk_tasks, walk_checks, walk_racks, walks, noc_sync_clients, noc_audit CASCADE`);
});

function client(name: string, start?: number): Client {
  const c = makeClient(name, { start });
  open.push(c);
  return c;
}

async function seed(c: Client) {
  const caller = c.caller();
  const site = await caller.racks.createSite({ name: 'Ashburn', code: 'IAD1', address: '' });
  const room = await caller.racks.createRoom({ siteId: site.id, name: 'Hall A' });
  const rack = await caller.racks.createRack({ roomId: room.id, name: 'A01', heightU: 42 });
  const rack2 = await caller.racks.createRack({ roomId: room.id, name: 'A02', heightU: 42 });
  const srv = await caller.inventory.create(deviceInput.parse({ name: 'web-01', type: 'server', rackId: rack.id, position: 10, serial: 'SN-1', status: 'available' }));
  return { site, room, rack, rack2, srv };
}

describe('two clients on one shared database', () => {
  it('uploads a standalone store once, and a second client downloads it with search and events', async () => {
    const a = client('a');
    const { srv } = await seed(a);
    const progress: string[] = [];
    const rep = await a.core.services.sync.connect(shared.url('alice'), undefined, (p) => progress.push(`${p.phase}:${p.done}/${p.total}`));
    expect(rep.switched).toBe(true);
    expect(rep.pushed).toBe(5);
    expect(rep.pushedRows).toEqual({ sites: 1, rooms: 1, racks: 2, devices: 1 });
    expect(rep.refused).toBe(0);
    expect(rep.message).toMatch(/now a copy of the shared database/);
    expect(progress.some((p) => p.startsWith('upload:'))).toBe(true);
    expect(a.core.services.store.outboxPending()).toBe(0);
    expect(a.core.services.inventory.devices.get(srv.id)!.rev).toBeGreaterThan(0);
    const server = await shared.pg.sql(`SELECT name, rack_id, position, changed_by FROM devices`);
    expect(server).toEqual([{ name: 'web-01', rack_id: srv.rackId, position: 10, changed_by: 'alice' }]);
    // the audit rows were written by the database's triggers, under the login
    const audit = await shared.pg.sql(`SELECT login, action, table_name FROM noc_audit ORDER BY id`);
    expect(audit.map((r) => `${r.login}:${r.action}:${r.table_name}`)).toContain('alice:insert:devices');

    const b = client('b');
    const changed: string[] = [];
    b.core.services.store.onChange((evs) => changed.push(...evs.map((e) => `${e.table}:${e.op}`)));
    const repB = await b.core.services.sync.connect(shared.url('tom'));
    expect(repB.switched).toBe(true);
    expect(repB.pulled).toBe(5);
    const got = b.core.services.inventory.devices.get(srv.id)!;
    expect(got.name).toBe('web-01');
    expect(got.serial).toBe('SN-1');
    expect(b.core.services.store.outboxPending()).toBe(0); // pulled rows never re-enter the outbox
    expect(changed).toContain('devices:insert');
    expect(b.core.services.search.search('web-01', 5).map((h) => h.id)).toContain(srv.id);

    // connecting again does not upload again
    await a.core.services.sync.disconnect();
    const again = await a.core.services.sync.connect(shared.url('alice'));
    expect(again.switched).toBe(false);
    expect(again.pushed).toBe(0);
    expect((await shared.pg.sql(`SELECT count(*)::int AS n FROM devices`))[0]!.n).toBe(1);
  });

  it('shows a change made on one client on the other, live, within a second', async () => {
    const a = client('a');
    const { srv } = await seed(a);
    await a.core.services.sync.connect(shared.url('alice'));
    const b = client('b');
    await b.core.services.sync.connect(shared.url('pat'));
    const start = Date.now();
    await a.caller().inventory.update({ id: srv.id, patch: { notes: 'swapped PSU' } });
    const ms = await until(() => b.core.services.inventory.devices.get(srv.id)?.notes === 'swapped PSU', 3000, 'the change on B');
    expect(Date.now() - start).toBeLessThan(1000);
    expect(ms).toBeLessThan(1000);
    // and back the other way, from B
    await b.caller().inventory.update({ id: srv.id, patch: { os: 'Debian 12' } });
    await until(() => a.core.services.inventory.devices.get(srv.id)?.os === 'Debian 12', 3000, 'the change on A');
    // B's local history shows who changed it on the server
    const hist = b.core.services.inventory.devices.history(srv.id);
    expect(hist.some((h) => h.action === 'sync:update' && h.actor === 'alice')).toBe(true);
  });

  it('merges offline edits field by field; guarded fields become conflicts that keep both values', async () => {
    const a = client('a');
    const { srv, rack2 } = await seed(a);
    await a.core.services.sync.connect(shared.url('alice'));
    const b = client('b');
    await b.core.services.sync.connect(shared.url('tom'));
    await a.core.services.sync.disconnect();
    await b.core.services.sync.disconnect();

    // offline, A first then B (B's writes are later by the hybrid logical clock)
    a.clock.advance(1000);
    await a.caller().inventory.update({ id: srv.id, patch: { notes: 'A: fan noisy', os: 'Ubuntu 24.04' } });
    await a.caller().inventory.setStatus({ id: srv.id, status: 'maintenance', reason: 'fan' });
    b.clock.advance(5000);
    await b.caller().inventory.update({ id: srv.id, patch: { notes: 'B: fan replaced' } });
    await b.caller().inventory.setStatus({ id: srv.id, status: 'faulty', reason: 'dead disk' });
    await b.caller().inventory.update({ id: srv.id, patch: { rackId: rack2.id, position: 20 } });

    // A reconnects first: its changes apply (nothing concurrent on the server yet)
    const ra = await a.core.services.sync.connect(shared.url('alice'));
    expect(ra.conflicts).toBe(0);
    // B reconnects: notes → B's later write wins; os (only A changed) stays A's;
    // status changed on both → conflict, the server keeps A's; B's move is not concurrent → applies
    const rb = await b.core.services.sync.connect(shared.url('tom'));
    expect(rb.conflicts).toBe(1);
    const [row] = await shared.pg.sql(`SELECT notes, os, status, rack_id, position FROM devices WHERE id = $1`, [srv.id]);
    expect(row).toEqual({ notes: 'B: fan replaced', os: 'Ubuntu 24.04', status: 'maintenance', rack_id: rack2.id, position: 20 });

    const onB = b.core.services.inventory.devices.get(srv.id)!;
    expect(onB.status).toBe('maintenance'); // B's cache shows the server's value while the conflict is open
    const conflicts = b.core.services.sync.listConflicts('open', 10);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ tableName: 'devices', rowId: srv.id, fieldGroup: 'status', serverValue: { status: 'maintenance' }, incomingValue: { status: 'faulty' }, serverBy: 'alice', status: 'open' });
    expect(conflicts[0]!.incomingBy).toMatch(/^tom/);
    // A sees the same conflict after its next sync (live)
    await until(() => a.core.services.sync.listConflicts('open', 10).length === 1, 3000, 'the conflict on A');
    await until(() => a.core.services.inventory.devices.get(srv.id)?.notes === 'B: fan replaced', 3000, 'B\'s notes on A');

    // a person resolves it on A, choosing B's value: applied through the lifecycle rules
    const resolved = await a.caller().sync.resolveConflict({ id: conflicts[0]!.id, choice: 'incoming' });
    expect(resolved.status).toBe('resolved');
    expect(a.core.services.inventory.devices.get(srv.id)!.status).toBe('faulty');
    await until(() => b.core.services.inventory.devices.get(srv.id)?.status === 'faulty', 3000, 'the resolution on B');
    await until(() => b.core.services.sync.listConflicts('open', 10).length === 0, 3000, 'the conflict closed on B');
    const [after] = await shared.pg.sql(`SELECT status FROM devices WHERE id = $1`, [srv.id]);
    expect(after!.status).toBe('faulty');
  });

  it('records a rack-position conflict when both sides moved the same device', async () => {
    const a = client('a');
    const { srv, rack2 } = await seed(a);
    await a.core.services.sync.connect(shared.url('alice'));
    const b = client('b');
    await b.core.services.sync.connect(shared.url('tom'));
    await a.core.services.sync.disconnect();
    await b.core.services.sync.disconnect();
    await a.caller().inventory.update({ id: srv.id, patch: { position: 30 } });
    b.clock.advance(10);
    await b.caller().inventory.update({ id: srv.id, patch: { rackId: rack2.id, position: 5 } });
    await a.core.services.sync.connect(shared.url('alice'));
    const rb = await b.core.services.sync.connect(shared.url('tom'));
    expect(rb.conflicts).toBe(1);
    const [c] = b.core.services.sync.listConflicts('open', 10);
    expect(c!.fieldGroup).toBe('rack position');
    expect(c!.serverValue).toMatchObject({ rack_id: srv.rackId, position: 30 });
    expect(c!.incomingValue).toMatchObject({ rack_id: rack2.id, position: 5 });
    // the server keeps A's move until someone decides
    expect(b.core.services.inventory.devices.get(srv.id)!.position).toBe(30);
  });
});
