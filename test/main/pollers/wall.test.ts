// The wall feed under FakeClock: snapshot, deltas pushed as things change, heartbeat, resync.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TILE_CODE, TILE_FLAG } from '../../../shared/monitoring';
import type { WallMessage } from '../../../shared/monitoring-types';
import { hostSubject } from '../../../src-main/pollers/snmp-job';
import { actor, makeCore, type TestCore } from '../helpers';

let t: TestCore;
let messages: WallMessage[];
beforeEach(() => {
  t = makeCore();
  messages = [];
});
afterEach(() => t.close());

async function lab() {
  const c = t.caller(actor('admin'));
  const site = await c.racks.createSite({ name: 'Ashburn', code: 'IAD1' });
  const room = await c.racks.createRoom({ siteId: site.id, name: 'Hall A' });
  const rack = await c.racks.createRack({ roomId: room.id, name: 'A01' });
  const sw = await c.monitoring.add({ address: '127.0.0.1', community: 'public', name: 'sw1' });
  await c.inventory.update({ id: sw.deviceId, patch: { rackId: rack.id, position: 42 } });
  const srv = await c.inventory.create({ name: 'srv1', type: 'server', rackId: rack.id, position: 1 });
  const idle = await c.inventory.create({ name: 'spare', type: 'server', rackId: rack.id, position: 3 });
  return { sw: sw.deviceId, srv: srv.id, idle: idle.id, rack: rack.id };
}

describe('wall feed', () => {
  it('sends a snapshot of every device, then only what changed, with consecutive numbers', async () => {
    const ids = await lab();
    const timersBefore = t.clock.pending(); // other domains' own timers
    const off = t.core.services.wall.subscribe((m) => messages.push(m));
    const snap = messages[0]!;
    expect(snap.kind).toBe('snapshot');
    if (snap.kind !== 'snapshot') return;
    expect(snap.sites.map((s) => s.name)).toEqual(['Ashburn']);
    expect(snap.racks).toEqual([{ id: ids.rack, name: 'A01', site: 0 }]);
    const idx = (id: string) => snap.devices.ids.indexOf(id);
    expect(snap.devices.names[idx(ids.sw)]).toBe('sw1');
    expect(snap.devices.tiles[idx(ids.sw)]).toBe(TILE_CODE.PENDING);
    expect(snap.devices.tiles[idx(ids.idle)]).toBe(TILE_CODE.UNMONITORED);
    expect(snap.devices.rack[idx(ids.srv)]).toBe(0);

    const alarm = t.core.services.alarms.raise({ key: 'ipmi:psu:srv1', deviceId: ids.srv, label: 'srv1 PSU', state: 'CRITICAL', message: 'PSU failed', source: 'ipmi' })!;
    expect(messages).toHaveLength(1); // batched: nothing before the interval
    t.clock.advance(100);
    const delta = messages[1]!;
    expect(delta).toMatchObject({ kind: 'delta', seq: 2, tiles: [idx(ids.srv), TILE_CODE.CRITICAL], cleared: [] });
    expect(delta.kind === 'delta' && delta.alarms.map((a) => a.id)).toEqual([alarm.id]);

    t.core.services.alarms.ack(actor('viewer', 'dana'), alarm.id, 'on it');
    t.clock.advance(100);
    expect(messages[2]).toMatchObject({ kind: 'delta', seq: 3, tiles: [idx(ids.srv), TILE_CODE.CRITICAL | TILE_FLAG.acked] });

    t.core.services.alarms.clear('ipmi:psu:srv1', 'replaced');
    t.clock.advance(100);
    expect(messages[3]).toMatchObject({ kind: 'delta', seq: 4, cleared: [alarm.id], tiles: [idx(ids.srv), TILE_CODE.OK] });

    // heartbeat: a delta every second even when nothing happens (the wall shows data age)
    t.clock.advance(1000);
    expect(messages[4]).toMatchObject({ kind: 'delta', seq: 5, tiles: [], alarms: [] });
    expect(messages[4]!.serverTime).toBeGreaterThan(messages[3]!.serverTime);

    off();
    expect(t.clock.pending()).toBeLessThanOrEqual(timersBefore);
    const count = messages.length;
    t.clock.advance(10_000);
    expect(messages).toHaveLength(count); // no heartbeat once nobody listens
  });

  it("a device's first poll, even a good one, turns its tile from PENDING to OK by push", async () => {
    const ids = await lab();
    const off = t.core.services.wall.subscribe((m) => messages.push(m));
    const snap = messages[0]!;
    if (snap.kind !== 'snapshot') throw new Error('no snapshot first');
    const i = snap.devices.ids.indexOf(ids.sw);
    expect(snap.devices.tiles[i]).toBe(TILE_CODE.PENDING);
    t.core.services.alarms.record({ subject: hostSubject(ids.sw, 'sw1'), state: 'OK', problem: null, message: 'SNMP answers' });
    t.clock.advance(100);
    expect(messages.at(-1)).toMatchObject({ kind: 'delta', tiles: [i, TILE_CODE.OK] });
    off();
  });

  it('a new device sends a new snapshot', async () => {
    await lab();
    const off = t.core.services.wall.subscribe((m) => messages.push(m));
    await t.caller(actor('admin')).inventory.create({ name: 'srv-new', type: 'server' });
    t.clock.advance(500);
    const last = messages.filter((m) => m.kind === 'snapshot').pop()!;
    expect(last.kind === 'snapshot' && last.devices.names).toContain('srv-new');
    off();
  });

  it('the subscription procedure streams the same messages to a staff member', async () => {
    await lab();
    const controller = new AbortController();
    const viewer = t.core.router.createCaller(t.core.createContext(actor('viewer')), { signal: controller.signal });
    const stream = await viewer.monitoring.wall();
    const it = stream[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toMatchObject({ kind: 'snapshot', seq: 1 });
    controller.abort();
    await it.return?.(undefined);
    await expect(t.caller({ id: 'c', name: 'cust', role: 'customer', customerId: 'x' }).monitoring.wall()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
