// The rack walk-through through its router, over a real SQLite file: plan, U-by-U checks by
// scan and by hand, the checklist, notes and photos, resuming after a restart, and finishing
// (each discrepancy a follow-up task and a NOC ticket).
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../../shared/schemas/inventory';
import { FakeClock } from '../../../../src-main/core/clock';
import { createCore } from '../../../../src-main/core/create-core';
import { actor, makeCore, type TestCore } from '../../helpers';

let t: TestCore;
afterEach(() => t?.close());

async function lab(tc: TestCore) {
  const admin = tc.caller();
  const site = await admin.racks.createSite({ name: 'Ashburn', code: 'IAD1', address: '' });
  const room = await admin.racks.createRoom({ siteId: site.id, name: 'Hall A' });
  const rack = await admin.racks.createRack({ roomId: room.id, name: 'A01', heightU: 12 });
  const rack2 = await admin.racks.createRack({ roomId: room.id, name: 'A02', heightU: 12 });
  const mk = (name: string, position: number, heightU: number, serial: string, assetTag: string, rackId = rack.id) =>
    admin.inventory.create(deviceInput.parse({ name, type: 'server', rackId, position, heightU, serial, assetTag }));
  const web = await mk('web-01', 10, 1, 'SN-WEB', 'AT-100');
  const db = await mk('db-01', 5, 2, 'SN-DB', 'AT-200');
  const cache = await mk('cache-01', 2, 1, 'SN-CACHE', 'AT-300');
  const stray = await mk('stray-01', 8, 1, 'SN-STRAY', 'AT-999', rack2.id);
  return { rack, rack2, web, db, cache, stray };
}

describe('rack walk-through', () => {
  it('walks a rack U by U: scans, marks, checklist, then finishes with follow-up tasks and tickets', async () => {
    t = makeCore();
    const l = await lab(t);
    const tech = t.caller(actor('technician', 'tom'));
    const walk = await tech.walks.create({ name: 'Monday walk', rackIds: [l.rack.id, l.rack2.id] });
    expect(walk.status).toBe('planned');
    const detail = (await tech.walks.get({ id: walk.id }))!;
    expect(detail.racks.map((r) => r.rackName)).toEqual(['A01', 'A02']);
    const wr = detail.racks[0]!.id;

    const plan = await tech.walks.plan({ walkRackId: wr });
    expect(plan.positions.map((p) => p.u)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]); // top down, as one walks a rack
    expect(plan.positions.find((p) => p.u === 10)!.expected!.name).toBe('web-01');
    expect(plan.positions.find((p) => p.u === 6)!.coveredBy).toBe(l.db.id); // the 2U db-01 from U5
    expect(plan.counts.unchecked).toBe(3);

    // a scanner types the asset tag, in any case, and presses Enter
    const ok = await tech.walks.scan({ walkRackId: wr, u: 10, code: 'at-100' });
    expect(ok.outcome).toMatchObject({ result: 'ok', foundDeviceId: l.web.id });
    // the device of another rack is found here
    const wrongU = await tech.walks.scan({ walkRackId: wr, u: 12, code: 'SN-STRAY' });
    expect(wrongU.outcome.result).toBe('wrong_u');
    expect(wrongU.outcome.explain).toMatch(/stray-01 is here, but the inventory has it at another rack/);
    // the expected device, but its label says otherwise
    expect((await tech.walks.scan({ walkRackId: wr, u: 5, code: 'SN-XXXX' })).outcome.result).toBe('wrong_serial');
    // an unknown box where nothing should be
    expect((await tech.walks.scan({ walkRackId: wr, u: 9, code: 'UNKNOWN-1' })).outcome.result).toBe('unexpected');
    await expect(tech.walks.scan({ walkRackId: wr, u: 6, code: 'SN-DB' })).rejects.toThrow(/U6 belongs to db-01 \(from U5\); check it there/);
    await expect(tech.walks.mark({ walkRackId: wr, u: 2, result: 'empty' })).rejects.toThrow(/cache-01 is expected at U2: mark it missing/);
    await expect(tech.walks.finishRack({ walkRackId: wr })).rejects.toThrow(/1 device is not checked yet: U2 cache-01\. Scan them, or mark them missing/);
    await tech.walks.mark({ walkRackId: wr, u: 2, result: 'missing', note: 'slot empty, rails still there' });

    await tech.walks.tick({ walkRackId: wr, key: 'doors', done: true });
    await tech.walks.notes({ walkRackId: wr, notes: 'Rear door hinge loose.' });
    await tech.walks.addPhoto({ walkRackId: wr, fileName: 'IMG_2041.jpg' });
    await expect(tech.walks.addPhoto({ walkRackId: wr, fileName: '../../etc/passwd' })).rejects.toThrow(/Only the file name/);
    const done = await tech.walks.finishRack({ walkRackId: wr });
    expect(done.status).toBe('done');
    expect(done.checklist.find((c) => c.key === 'doors')).toMatchObject({ done: true, by: 'tom' });
    expect(done.photos).toEqual(['IMG_2041.jpg']);

    await expect(tech.walks.finish({ id: walk.id })).rejects.toThrow(/1 rack is not finished: A02/);
    const wr2 = detail.racks[1]!.id;
    await tech.walks.scan({ walkRackId: wr2, u: 8, code: 'SN-STRAY' }); // it is where A02 expects it… the inventory still says so
    await tech.walks.finishRack({ walkRackId: wr2 });
    const fin = await tech.walks.finish({ id: walk.id });
    expect(fin.walk.status).toBe('done');
    expect(fin.tasks.map((x) => x.kind).sort()).toEqual(['missing', 'unexpected', 'wrong_serial', 'wrong_u']);
    const missing = fin.tasks.find((x) => x.kind === 'missing')!;
    expect(missing.title).toBe('Missing device: rack A01 U2 (cache-01)');
    expect(missing.detail).toMatch(/slot empty, rails still there/);
    // the tickets domain is there: each discrepancy is a NOC ticket too
    expect(fin.tasks.every((x) => x.ticketId !== null)).toBe(true);
    const ticket = t.core.services.tickets.require(missing.ticketId!);
    expect(ticket.subject).toBe(missing.title);
    expect(ticket.deviceId).toBe(l.cache.id);
    expect((await tech.walks.tasks({ status: 'open' })).length).toBe(4);
    await tech.walks.taskDone({ id: missing.id });
    expect((await tech.walks.tasks({ status: 'open' })).length).toBe(3);
    // every step went through the repository: audited and queued for the shared database
    expect(t.core.services.store.history('walk_checks', ok.check.id).map((h) => h.actor)).toEqual(['tom']);
    expect((t.core.services.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE table_name LIKE 'walk%'`).get() as { n: number }).n).toBeGreaterThan(10);
  });

  it('is resumed after the app restarts, where it was left', async () => {
    t = makeCore();
    const l = await lab(t);
    const tech = t.caller(actor('technician', 'tom'));
    const walk = await tech.walks.create({ name: 'Resume me', rackIds: [l.rack.id] });
    const wr = (await tech.walks.get({ id: walk.id }))!.racks[0]!.id;
    await tech.walks.scan({ walkRackId: wr, u: 10, code: 'SN-WEB' });
    await tech.walks.position({ walkRackId: wr, u: 7 });
    await tech.walks.tick({ walkRackId: wr, key: 'pdu', done: true });
    t.core.close();
    const again = createCore({ dataDir: t.dir, clock: new FakeClock() });
    try {
      const caller = again.router.createCaller(again.createContext(actor('technician', 'tom')));
      const plan = await caller.walks.plan({ walkRackId: wr });
      expect(plan.walk.status).toBe('in_progress');
      expect(plan.walkRack.currentU).toBe(7);
      expect(plan.positions.find((p) => p.u === 10)!.check!.result).toBe('ok');
      expect(plan.walkRack.checklist.find((c) => c.key === 'pdu')!.done).toBe(true);
      expect((await caller.walks.list())[0]).toMatchObject({ name: 'Resume me', racks: 1, racksDone: 0 });
    } finally {
      again.close();
      rmSync(t.dir, { recursive: true, force: true });
      t = undefined as unknown as TestCore;
    }
  });

  it('checks roles and input: viewers read, editors walk; bad input gets a clear error', async () => {
    t = makeCore();
    const l = await lab(t);
    const viewer = t.caller(actor('viewer', 'vera'));
    await expect(viewer.walks.create({ name: 'x', rackIds: [l.rack.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const tech = t.caller(actor('technician', 'tom'));
    await expect(tech.walks.create({ name: 'x', rackIds: [] })).rejects.toThrow(/Choose at least one rack/);
    await expect(tech.walks.create({ name: 'x', rackIds: ['nope'] })).rejects.toThrow(/No rack with id nope/);
    const walk = await tech.walks.create({ name: 'Roles', rackIds: [l.rack.id] });
    const wr = (await viewer.walks.get({ id: walk.id }))!.racks[0]!.id;
    await expect(tech.walks.scan({ walkRackId: wr, u: 13, code: 'x' })).rejects.toThrow(/A01 has 12 units; there is no U13/);
    await expect(tech.walks.scan({ walkRackId: wr, u: 3, code: '   ' })).rejects.toThrow(/Scan or type the serial/);
    await expect(viewer.walks.scan({ walkRackId: wr, u: 3, code: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
