// The alarm service follows alarm rows another client changed (issue 6): two cores over their
// own real SQLite files; what one writes reaches the other through Store.applyRemote, the way
// the sync's pull brings it (the PostgreSQL path itself: test/main/pollers/alarms-shared.pg.test.ts).
// Checked here: the engine, the alarm list, the wall feed and the screens' event stream follow;
// nothing is written back; the hooks that notify customers and note tickets hear only what this
// client decided, so a raise is not announced once per client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlarmStreamEvent } from '../../../src-main/alarms/service';
import type { WallMessage } from '../../../shared/monitoring-types';
import { actor, makeCore, type TestCore } from '../helpers';

let A: TestCore;
let B: TestCore;
const DEVICE = '0190f3a2-7c4e-7d10-9a3b-1c2d3e4f5a6b';
const KEY = `ipmi:psu:${DEVICE}`;

/** A pull: the row as `from` stores it, into `to`'s store. */
function pull(from: TestCore, to: TestCore, id: string): void {
  const row = from.core.services.store.prepare(`SELECT * FROM alarms WHERE id = ?`).get(id) as Record<string, unknown>;
  expect(to.core.services.store.applyRemote('alarms', [row])).toEqual([]);
}

function listen(t: TestCore) {
  const hooks: AlarmStreamEvent[] = [];
  const views: AlarmStreamEvent[] = [];
  t.core.services.alarms.onEvent((e) => hooks.push(e));
  t.core.services.alarms.onView((e) => views.push(e));
  return { hooks, views };
}

beforeEach(() => {
  A = makeCore();
  B = makeCore();
  // A holds the device's shard, B does not
  B.core.services.alarms.setOwnership((id) => id !== DEVICE);
});
afterEach(() => {
  A.close();
  B.close();
});

describe('alarm rows changed by another client', () => {
  it('show on this client live, take its acknowledgement back to the owner, and clear; nothing is written back nor announced twice', async () => {
    const onA = listen(A);
    const onB = listen(B);
    const wall: WallMessage[] = [];
    const offWall = B.core.services.wall.subscribe((m) => wall.push(m));

    const raised = A.core.services.alarms.raise({ key: KEY, deviceId: DEVICE, label: 'srv1 PSU 2', state: 'CRITICAL', message: 'PSU 2 failed', source: 'ipmi' })!;
    expect(onA.hooks.map((e) => e.type)).toEqual(['raised']);
    const outboxB = B.core.services.store.outboxPending();
    pull(A, B, raised.id);
    expect(B.core.services.alarms.active()).toEqual([raised]);
    expect(onB.views.map((e) => e.type)).toEqual(['raised']);
    expect(onB.hooks).toEqual([]); // no second customer notice from B
    expect(B.core.services.store.outboxPending()).toBe(outboxB); // nothing echoed back
    B.clock.advance(100);
    const delta = wall.find((m) => m.kind === 'delta' && m.alarms.some((a) => a.id === raised.id));
    expect(delta).toBeDefined();

    // B raises nothing of its own for A's device (its own report of it is not B's to decide)
    B.core.services.alarms.raise({ key: KEY, deviceId: DEVICE, label: 'srv1 PSU 2', state: 'CRITICAL', message: 'PSU 2 failed', source: 'ipmi' });
    expect(B.core.services.alarms.active().map((a) => a.id)).toEqual([raised.id]);
    expect(B.core.services.store.outboxPending()).toBe(outboxB);
    // an integration reporting to B about A's device is told where to send it, not dropped silently
    await expect(B.caller(actor('admin')).alarms.raise({ key: KEY, deviceId: DEVICE, label: 'srv1 PSU 2', state: 'CRITICAL', source: 'ipmi' }))
      .rejects.toThrow(/Another client of the shared database polls this device/);
    await expect(A.caller(actor('admin')).alarms.raise({ key: `${KEY}:x`, deviceId: DEVICE, label: 'srv1 PSU 3', state: 'WARNING', source: 'ipmi' })).resolves.toMatchObject({ state: 'WARNING' });

    // a person on B acknowledges: B writes it; the owner takes it into its engine
    B.clock.advance(60_000);
    await B.caller(actor('viewer', 'olga')).alarms.ack({ id: raised.id, comment: 'replacing it' });
    expect(B.core.services.store.outboxPending()).toBeGreaterThan(outboxB);
    const outboxA = A.core.services.store.outboxPending();
    pull(B, A, raised.id);
    expect(A.core.services.alarms.engine.alarm(raised.id)).toMatchObject({ ack: { by: 'olga', comment: 'replacing it' }, audible: false });
    expect(onA.views.at(-1)).toMatchObject({ type: 'updated', alarm: { ack: { by: 'olga' } } });
    expect(onA.hooks.map((e) => e.type)).toEqual(['raised', 'raised']); // A's own two raises: B's acknowledgement is not A's to announce
    expect(A.core.services.store.outboxPending()).toBe(outboxA);
    // the owner's next report of the same problem keeps the acknowledgement, and its row too
    A.clock.advance(60_000);
    A.core.services.alarms.raise({ key: KEY, deviceId: DEVICE, label: 'srv1 PSU 2', state: 'CRITICAL', message: 'PSU 2 failed', source: 'ipmi' });
    const row = A.core.services.alarms.alarms.find(raised.id)!;
    expect(row).toMatchObject({ ackBy: 'olga', ackComment: 'replacing it', clearedAt: null });

    // the owner clears: B's list, wall and stream follow
    A.core.services.alarms.clear(KEY, 'PSU replaced');
    pull(A, B, raised.id);
    expect(B.core.services.alarms.active()).toEqual([]);
    expect(onB.views.at(-1)).toMatchObject({ type: 'cleared', alarm: { id: raised.id } });
    expect(onB.hooks.map((e) => e.type)).toEqual(['updated']); // only what happened on B: the acknowledgement
    B.clock.advance(100);
    expect(wall.some((m) => m.kind === 'delta' && m.cleared.includes(raised.id))).toBe(true);
    expect((await B.caller(actor('viewer')).alarms.list({ limit: 10, offset: 0 })).map((a) => [a.id, a.clearedAt !== null])).toEqual([[raised.id, true]]);
    offWall();
  });
});
