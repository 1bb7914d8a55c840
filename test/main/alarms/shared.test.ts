// The alarm engine in shared mode (issue 6, engine invariant I9), driven by FakeClock: two
// engines stand for two clients; what one persists reaches the other as a synced row
// (`absorb`), the way AlarmService hands it rows pulled from PostgreSQL.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-main/core/clock';
import { AlarmEngine } from '../../../src-main/alarms/engine';
import type { EngineEvent, StoredAlarm, Subject } from '../../../src-main/alarms/types';
import type { AlarmView } from '../../../shared/monitoring-types';
import type { MonitorState } from '../../../shared/monitoring';

const host = (id: string): Subject => ({ key: `host:${id}`, deviceId: id, kind: 'host', label: id, source: 'snmp' });
const link = (id: string, dev: string): Subject => ({ key: `if:${id}`, deviceId: dev, kind: 'interface', label: `${dev} ${id}`, source: 'snmp' });

interface Client { engine: AlarmEngine; events: EngineEvent[]; owned: Set<string> }

let clock: FakeClock;
let n = 0;
let A: Client;
let B: Client;

function client(name: string, owned: string[]): Client {
  const c: Client = { engine: null as unknown as AlarmEngine, events: [], owned: new Set(owned) }; // engine set just below
  c.engine = new AlarmEngine({ clock, newId: () => `${name}${++n}`, owns: (id) => c.owned.has(id) });
  c.engine.onEvents((e) => c.events.push(...e));
  return c;
}

function check(c: Client, s: Subject, state: MonitorState, times = 1) {
  for (let i = 0; i < times; i++) c.engine.record({ subject: s, state, message: state, problem: state === 'OK' ? null : 'timeout' });
}

/** The row as the owner's service wrote it (the alarm events' last view of each alarm). */
function rowsOf(c: Client): Map<string, StoredAlarm> {
  const rows = new Map<string, StoredAlarm>();
  for (const e of c.events) {
    if (e.type !== 'alarm' || e.remote) continue;
    const { audible: _a, ...view } = e.alarm;
    rows.set(e.alarm.id, { ...view, subject: e.subject });
  }
  return rows;
}

/** What one client wrote reaches the other (a pull). */
function sync(from: Client, to: Client, ids?: string[]) {
  const rows = [...rowsOf(from).values()].filter((r) => !ids || ids.includes(r.id));
  to.engine.absorb(rows);
}

const remote = (c: Client) => c.events.filter((e): e is Extract<EngineEvent, { type: 'alarm' }> => e.type === 'alarm' && !!e.remote);
const own = (c: Client) => c.events.filter((e): e is Extract<EngineEvent, { type: 'alarm' }> => e.type === 'alarm' && !e.remote);

beforeEach(() => {
  clock = new FakeClock();
  A = client('a', ['sw1']);
  B = client('b', ['srv9']);
});

describe('shared mode: the shard owner decides a device\'s alarms (I9)', () => {
  it('a client does not record, raise or flap-count results of a device it does not own', () => {
    check(B, host('sw1'), 'DOWN', 5);
    for (let i = 0; i < 20; i++) check(B, link('p1', 'sw1'), i % 2 ? 'OK' : 'CRITICAL');
    expect(B.engine.activeAlarms()).toEqual([]);
    expect(B.engine.subjectState('host:sw1')).toBeNull();
    expect(B.engine.subjectState('if:p1')).toBeNull();
    expect(B.events).toEqual([]);
    // its own devices as before
    check(B, host('srv9'), 'DOWN', 3);
    expect(B.engine.activeAlarms().map((a) => a.key)).toEqual(['host:srv9']);
  });

  it("a server on this client's shard behind a switch that is DOWN on another client's shard is UNREACHABLE and raises nothing; the switch back, it is checked again", () => {
    for (const c of [A, B]) c.engine.setTopology([['sw1', null], ['srv9', 'sw1']]);
    check(A, host('sw1'), 'DOWN', 3);
    sync(A, B);
    check(B, host('srv9'), 'DOWN', 3);
    expect(B.engine.subjectState('host:srv9')?.hard).toBe('UNREACHABLE');
    expect(B.engine.deviceSummary('srv9')?.state).toBe('UNREACHABLE');
    expect(own(B)).toEqual([]); // no storm: the switch's alarm (A's) is the one
    expect(B.engine.activeAlarms().map((a) => a.key)).toEqual(['host:sw1']);

    // the switch comes back: B hears the clear and asks for a new check of the server at once
    check(A, host('sw1'), 'OK');
    B.events.length = 0;
    sync(A, B);
    expect(B.events.some((e) => e.type === 'recheck' && e.deviceIds.includes('srv9'))).toBe(true);
    check(B, host('srv9'), 'OK');
    expect(B.engine.deviceSummary('srv9')?.state).toBe('OK');
    expect(B.engine.activeAlarms()).toEqual([]);
  });

  it("a server already alarming when the other client's switch alarm arrives turns UNREACHABLE and its own alarm clears", () => {
    for (const c of [A, B]) c.engine.setTopology([['sw1', null], ['srv9', 'sw1']]);
    check(B, host('srv9'), 'DOWN', 3);
    expect(B.engine.activeAlarms().map((a) => a.key)).toEqual(['host:srv9']);
    check(A, host('sw1'), 'DOWN', 3);
    sync(A, B);
    expect(B.engine.subjectState('host:srv9')?.hard).toBe('UNREACHABLE');
    expect(B.engine.activeAlarms().map((a) => a.key)).toEqual(['host:sw1']);
  });

  it("the owner's alarm shows on the other client with the same id; acknowledging there reaches the owner, whose next checks keep it", () => {
    check(A, host('sw1'), 'DOWN', 3);
    const [raised] = A.engine.activeAlarms();
    sync(A, B);
    expect(B.engine.activeAlarms()).toEqual([raised]);
    expect(remote(B).map((e) => e.change)).toEqual(['raised']);
    expect(own(B)).toEqual([]); // nothing for B's service to write back

    clock.advance(5_000);
    const acked = B.engine.ack(raised!.id, 'bob', 'on it');
    expect(acked.audible).toBe(false);
    const ackEvent = own(B).at(-1)!; // B's service writes the acknowledgement (synced to A)
    expect(ackEvent).toMatchObject({ change: 'updated', entries: [{ kind: 'ack', actor: 'bob', detail: 'on it' }] });

    sync(B, A, [raised!.id]);
    expect(A.engine.alarm(raised!.id)).toMatchObject({ ack: { by: 'bob', comment: 'on it' }, audible: false, state: 'DOWN' });
    expect(remote(A).map((e) => [e.change, e.alarm.ack?.by])).toEqual([['updated', 'bob']]);
    const summary = A.engine.deviceSummary('sw1');
    expect(summary?.acked).toBe(true); // the owner's tile (and what it shares) shows it acknowledged

    // the owner's next evaluations keep the acknowledgement (same state: I5)
    const before = own(A).length;
    clock.advance(60_000);
    check(A, host('sw1'), 'DOWN', 2);
    A.engine.tick();
    expect(A.engine.alarm(raised!.id)!.ack).toMatchObject({ by: 'bob' });
    expect(own(A).length).toBe(before);
    // and the same row arriving again changes nothing
    sync(B, A, [raised!.id]);
    expect(remote(A)).toHaveLength(1);
  });

  it("the owner's clear reaches the other client; the other client never clears nor re-raises it", () => {
    check(A, host('sw1'), 'DOWN', 3);
    sync(A, B);
    const id = A.engine.activeAlarms()[0]!.id;
    check(B, host('sw1'), 'OK'); // B's own look at the device (a person's poll): not B's to decide
    B.engine.tick();
    expect(B.engine.alarm(id)).not.toBeNull();
    expect(own(B)).toEqual([]);

    clock.advance(30_000);
    check(A, host('sw1'), 'OK');
    sync(A, B);
    expect(B.engine.activeAlarms()).toEqual([]);
    expect(remote(B).at(-1)).toMatchObject({ change: 'cleared', alarm: { id, clearedAt: clock.now(), audible: false } });
    expect(own(B)).toEqual([]);
  });

  it('maintenance flags are written by the owner only', () => {
    check(A, host('sw1'), 'DOWN', 3);
    sync(A, B);
    const window = { id: 'w1', name: 'swap', startsAt: clock.now(), endsAt: clock.now() + 3_600_000, deviceIds: ['sw1'] };
    A.engine.setMaintenance([window]);
    B.engine.setMaintenance([window]);
    expect(own(B)).toEqual([]);
    expect(own(A).at(-1)).toMatchObject({ change: 'updated', alarm: { maintenance: true, audible: false } });
    sync(A, B);
    expect(B.engine.activeAlarms()[0]).toMatchObject({ maintenance: true, audible: false });
  });

  it('taking over a shard continues the open alarm: no second alarm; the new owner clears it', () => {
    check(A, link('p1', 'sw1'), 'CRITICAL', 3);
    sync(A, B);
    const [open] = B.engine.activeAlarms();
    // A goes away; B takes the shard
    A.owned.delete('sw1');
    B.owned.add('sw1');
    clock.advance(10_000);
    check(B, link('p1', 'sw1'), 'CRITICAL');
    expect(B.engine.activeAlarms().map((a) => a.id)).toEqual([open!.id]);
    expect(own(B)).toEqual([]); // nothing raised
    expect(B.engine.subjectState('if:p1')).toMatchObject({ hard: 'CRITICAL' });
    check(B, link('p1', 'sw1'), 'OK');
    expect(B.engine.activeAlarms()).toEqual([]);
    expect(own(B).map((e) => [e.change, e.alarm.id])).toEqual([['cleared', open!.id]]);
  });

  it('an owner keeps its own alarm of a subject when another alarm of it arrives; a lost shard leaves no stale track', () => {
    check(A, host('sw1'), 'DOWN', 3);
    const mine = A.engine.activeAlarms()[0]!;
    const other: StoredAlarm = { ...storedOf(mine), id: 'elsewhere-1' };
    A.engine.absorb([other]);
    expect(A.engine.activeAlarms().map((a) => a.id)).toEqual([mine.id]);

    // A loses the shard; the new owner (B) clears the alarm: A forgets what it knew
    A.owned.delete('sw1');
    A.engine.absorb([{ ...storedOf(mine), clearedAt: clock.now() }]);
    expect(A.engine.activeAlarms()).toEqual([]);
    expect(A.engine.subjectState('host:sw1')).toBeNull();
    // A gets the shard back later: a new problem is a new alarm, after the usual attempts
    A.owned.add('sw1');
    check(A, host('sw1'), 'DOWN', 2);
    expect(A.engine.activeAlarms()).toEqual([]);
    check(A, host('sw1'), 'DOWN');
    expect(A.engine.activeAlarms().map((a) => a.id)).not.toContain(mine.id);
    expect(A.engine.activeAlarms()).toHaveLength(1);
  });
});

function storedOf(v: AlarmView): StoredAlarm {
  const { audible: _a, ...rest } = v;
  return { ...rest, subject: { key: v.key, deviceId: v.deviceId, kind: v.subjectKind, label: v.label, source: v.source } };
}
