// The alarm engine as a pure state machine, driven by FakeClock. Each block names the
// invariant of src-main/alarms/engine.ts it checks.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-main/core/clock';
import { AlarmEngine, AlarmNotFoundError } from '../../../src-main/alarms/engine';
import type { EngineEvent, Subject } from '../../../src-main/alarms/types';
import type { MonitorState } from '../../../shared/monitoring';

const host = (id: string): Subject => ({ key: `host:${id}`, deviceId: id, kind: 'host', label: id, source: 'snmp' });
const svc = (id: string, dev: string): Subject => ({ key: `svc:${id}`, deviceId: dev, kind: 'service', label: `${dev} ${id}`, source: 'http' });

let clock: FakeClock;
let engine: AlarmEngine;
let events: EngineEvent[];
let n = 0;

function check(s: Subject, state: MonitorState, message: string = state, extra: { immediate?: boolean; maxAttempts?: number } = {}) {
  engine.record({ subject: s, state, message, problem: state === 'OK' ? null : 'timeout', ...extra });
}
const alarmsOf = (kind: 'raised' | 'updated' | 'cleared') => events.filter((e) => e.type === 'alarm' && e.change === kind);

beforeEach(() => {
  clock = new FakeClock();
  engine = new AlarmEngine({ clock, newId: () => `a${++n}` });
  events = [];
  engine.onEvents((e) => events.push(...e));
});

describe('soft and hard states (I2)', () => {
  it('one lost packet never raises an alarm', () => {
    check(host('sw1'), 'DOWN');
    check(host('sw1'), 'OK');
    expect(engine.activeAlarms()).toEqual([]);
    expect(alarmsOf('raised')).toEqual([]);
    expect(engine.subjectState('host:sw1')!.hard).toBe('OK');
  });

  it('raises after maxAttempts failures in a row, and only once', () => {
    check(host('sw1'), 'DOWN');
    expect(engine.isSoftFailing('host:sw1')).toBe(true);
    check(host('sw1'), 'DOWN');
    expect(engine.activeAlarms()).toHaveLength(0);
    check(host('sw1'), 'DOWN');
    expect(engine.activeAlarms()).toHaveLength(1);
    check(host('sw1'), 'DOWN');
    check(host('sw1'), 'DOWN');
    expect(alarmsOf('raised')).toHaveLength(1);
    const [a] = engine.activeAlarms();
    expect(a).toMatchObject({ state: 'DOWN', severity: 'critical', audible: true, key: 'host:sw1', deviceId: 'sw1' });
  });

  it('an interrupted run of failures starts counting again', () => {
    check(host('sw1'), 'DOWN');
    check(host('sw1'), 'DOWN');
    check(host('sw1'), 'OK');
    check(host('sw1'), 'DOWN');
    check(host('sw1'), 'DOWN');
    expect(engine.activeAlarms()).toHaveLength(0);
  });

  it('recovery is hard at once and clears the alarm with a timeline entry', () => {
    for (let i = 0; i < 3; i++) check(host('sw1'), 'DOWN');
    clock.advance(60_000);
    check(host('sw1'), 'OK', 'answers again');
    expect(engine.activeAlarms()).toEqual([]);
    const cleared = alarmsOf('cleared')[0] as Extract<EngineEvent, { type: 'alarm' }>;
    expect(cleared.alarm.clearedAt).toBe(clock.now());
    expect(cleared.entries[0]).toMatchObject({ kind: 'cleared', detail: 'answers again' });
  });

  it('immediate results (traps, external reports) are hard at once', () => {
    check(svc('link', 'sw1'), 'CRITICAL', 'linkDown trap', { immediate: true });
    expect(engine.activeAlarms()).toHaveLength(1);
  });

  it('changes between problem states are hard at once and keep the alarm (I1)', () => {
    for (let i = 0; i < 3; i++) check(svc('web', 'srv1'), 'WARNING');
    check(svc('web', 'srv1'), 'CRITICAL');
    const active = engine.activeAlarms();
    expect(active).toHaveLength(1);
    expect(active[0]!.state).toBe('CRITICAL');
    expect(alarmsOf('raised')).toHaveLength(1);
  });
});

describe('parent dependencies (I3, I4)', () => {
  beforeEach(() => {
    // core ← sw1 ← srv1..srv40
    engine.setTopology([['sw1', 'core'], ...Array.from({ length: 40 }, (_, i) => [`srv${i}`, 'sw1'] as const)]);
  });

  it('servers behind a down switch are UNREACHABLE and fold into one alarm', () => {
    for (let i = 0; i < 3; i++) check(host('sw1'), 'DOWN');
    for (let i = 0; i < 3; i++) for (let s = 0; s < 40; s++) check(host(`srv${s}`), 'DOWN');
    const active = engine.activeAlarms();
    expect(active).toHaveLength(1);
    expect(active[0]!.key).toBe('host:sw1');
    expect(active[0]!.affected).toHaveLength(40);
    expect(active[0]!.affected.every((a) => a.state === 'UNREACHABLE')).toBe(true);
    expect(engine.subjectState('host:srv7')!.hard).toBe('UNREACHABLE');
    expect(alarmsOf('raised')).toHaveLength(1);
  });

  it('servers found down before their switch are folded in when the switch goes down', () => {
    for (let i = 0; i < 3; i++) for (const s of ['srv1', 'srv2']) check(host(s), 'DOWN');
    expect(engine.activeAlarms().map((a) => a.key).sort()).toEqual(['host:srv1', 'host:srv2']);
    for (let i = 0; i < 3; i++) check(host('sw1'), 'DOWN');
    const active = engine.activeAlarms();
    expect(active.map((a) => a.key)).toEqual(['host:sw1']);
    expect(active[0]!.affected.map((a) => a.key).sort()).toEqual(['host:srv1', 'host:srv2']);
    expect(engine.subjectState('host:srv1')!.hard).toBe('UNREACHABLE');
    const cleared = alarmsOf('cleared') as Array<Extract<EngineEvent, { type: 'alarm' }>>;
    expect(cleared.map((c) => c.entries[0]!.detail)).toEqual(['folded into the alarm of sw1', 'folded into the alarm of sw1']);
  });

  it('a down core folds the down access switch and everything below into the core alarm', () => {
    for (let i = 0; i < 3; i++) check(host('sw1'), 'DOWN');
    for (let i = 0; i < 3; i++) check(host('srv1'), 'DOWN');
    for (let i = 0; i < 3; i++) check(host('core'), 'DOWN');
    const active = engine.activeAlarms();
    expect(active.map((a) => a.key)).toEqual(['host:core']);
    expect(active[0]!.affected.map((a) => a.key).sort()).toEqual(['host:srv1', 'host:sw1']);
    expect(engine.subjectState('host:sw1')!.hard).toBe('UNREACHABLE');
  });

  it('service checks on a down host fold into the host alarm', () => {
    for (let i = 0; i < 3; i++) check(svc('http', 'srv1'), 'CRITICAL');
    expect(engine.activeAlarms()).toHaveLength(1);
    for (let i = 0; i < 3; i++) check(host('srv1'), 'DOWN');
    const active = engine.activeAlarms();
    expect(active.map((a) => a.key)).toEqual(['host:srv1']);
    expect(active[0]!.affected.map((a) => a.key)).toEqual(['svc:http']);
  });

  it('when the switch recovers, its servers are rechecked and raise their own alarm only if still down', () => {
    for (let i = 0; i < 3; i++) check(host('sw1'), 'DOWN');
    for (let i = 0; i < 3; i++) for (const s of ['srv1', 'srv2']) check(host(s), 'DOWN');
    events = [];
    check(host('sw1'), 'OK');
    expect(engine.activeAlarms()).toEqual([]);
    const recheck = events.find((e) => e.type === 'recheck') as Extract<EngineEvent, { type: 'recheck' }>;
    expect(recheck.deviceIds.sort()).toEqual(['srv1', 'srv2']);
    check(host('srv1'), 'OK');
    check(host('srv2'), 'DOWN');
    expect(engine.activeAlarms().map((a) => [a.key, a.state])).toEqual([['host:srv2', 'DOWN']]);
  });

  it('a cycle in the topology does not hang', () => {
    engine.setTopology([['a', 'b'], ['b', 'a']]);
    for (let i = 0; i < 3; i++) check(host('a'), 'DOWN');
    for (let i = 0; i < 3; i++) check(host('b'), 'DOWN');
    expect(engine.activeAlarms().length).toBeGreaterThanOrEqual(1);
  });
});

describe('acknowledge and snooze (I5, I8)', () => {
  it('acknowledging with who and a comment silences the alarm until it gets worse', () => {
    for (let i = 0; i < 3; i++) check(svc('web', 'srv1'), 'WARNING');
    const [a] = engine.activeAlarms();
    clock.advance(5000);
    const acked = engine.ack(a!.id, 'alice', 'looking at it');
    expect(acked.ack).toEqual({ by: 'alice', at: clock.now(), comment: 'looking at it' });
    expect(acked.audible).toBe(false);
    check(svc('web', 'srv1'), 'WARNING');
    expect(engine.alarm(a!.id)!.ack).not.toBeNull();
    check(svc('web', 'srv1'), 'CRITICAL');
    const worse = engine.alarm(a!.id)!;
    expect(worse.ack).toBeNull();
    expect(worse.audible).toBe(true);
    const entries = events.flatMap((e) => (e.type === 'alarm' ? e.entries.map((x) => x.kind) : []));
    expect(entries).toEqual(['raised', 'ack', 'state', 'unack']);
  });

  it('an acknowledgement survives an improvement', () => {
    for (let i = 0; i < 3; i++) check(svc('web', 'srv1'), 'CRITICAL');
    const [a] = engine.activeAlarms();
    engine.ack(a!.id, 'bob', 'on it');
    check(svc('web', 'srv1'), 'WARNING');
    expect(engine.alarm(a!.id)!.ack?.by).toBe('bob');
  });

  it('snooze silences until the time, then the alarm sounds again', () => {
    for (let i = 0; i < 3; i++) check(host('sw1'), 'DOWN');
    const [a] = engine.activeAlarms();
    engine.snooze(a!.id, 'carol', clock.now() + 10 * 60_000);
    expect(engine.alarm(a!.id)!.audible).toBe(false);
    clock.advance(9 * 60_000);
    engine.tick();
    expect(engine.alarm(a!.id)!.audible).toBe(false);
    clock.advance(60_000);
    engine.tick();
    expect(engine.alarm(a!.id)).toMatchObject({ audible: true, snoozedUntil: null });
  });

  it('acknowledging an alarm that is gone says so', () => {
    expect(() => engine.ack('nope', 'alice', 'x')).toThrow(AlarmNotFoundError);
  });
});

describe('maintenance windows', () => {
  it('silence chosen devices while the window is open, and only those', () => {
    const start = clock.now() + 60_000;
    engine.setMaintenance([{ id: 'w1', name: 'swap PSU', startsAt: start, endsAt: start + 3_600_000, deviceIds: ['srv1'] }]);
    clock.advance(60_000);
    engine.tick();
    for (let i = 0; i < 3; i++) {
      check(host('srv1'), 'DOWN');
      check(host('srv2'), 'DOWN');
    }
    const byKey = Object.fromEntries(engine.activeAlarms().map((a) => [a.key, a]));
    expect(byKey['host:srv1']).toMatchObject({ maintenance: true, audible: false });
    expect(byKey['host:srv2']).toMatchObject({ maintenance: false, audible: true });
    clock.advance(3_600_000);
    engine.tick();
    expect(engine.activeAlarms().find((a) => a.key === 'host:srv1')).toMatchObject({ maintenance: false, audible: true });
  });
});

describe('flapping', () => {
  it('a link that keeps toggling is flagged flapping and keeps one alarm open', () => {
    const link = svc('xe-0/0/1', 'sw1');
    for (let i = 0; i < 12; i++) check(link, i % 2 === 0 ? 'CRITICAL' : 'OK', undefined, { immediate: true });
    const raised = alarmsOf('raised').length;
    expect(engine.subjectState(link.key)!.flapping).toBe(true);
    for (let i = 0; i < 6; i++) check(link, i % 2 === 0 ? 'CRITICAL' : 'OK', undefined, { immediate: true });
    expect(alarmsOf('raised').length).toBe(raised);
    expect(engine.activeAlarms()).toHaveLength(1);
    expect(engine.activeAlarms()[0]!.flapping).toBe(true);
    // steady again: flapping stops and the alarm clears
    for (let i = 0; i < 21; i++) check(link, 'OK', undefined, { immediate: true });
    expect(engine.subjectState(link.key)!.flapping).toBe(false);
    expect(engine.activeAlarms()).toEqual([]);
  });
});

describe('bandwidth levels (I7)', () => {
  const bw: Subject = { key: 'bw:port1', deviceId: 'sw1', kind: 'bandwidth', label: 'sw1 xe-0/0/1', source: 'snmp' };
  const observe = (pct: number) => engine.observeBandwidth({ subject: bw, usagePct: pct, committedMbps: 1000, interfaceIds: ['port1'], customerId: 'c1' });
  const crossings = () => events.filter((e) => e.type === 'bandwidth').map((e) => (e as Extract<EngineEvent, { type: 'bandwidth' }>).crossing.level);

  it('each level is raised once per crossing, not on every poll', () => {
    for (const pct of [50, 79, 80, 85, 82, 81, 79, 77, 90]) observe(pct);
    expect(crossings()).toEqual([80]);
    observe(70); // below 80's release point (75)
    observe(81);
    expect(crossings()).toEqual([80, 80]);
  });

  it('100 % and 101 % are separate levels; 101 is left as soon as usage is under 100 %', () => {
    observe(101.5);
    expect(crossings()).toEqual([80, 100, 101]);
    expect(engine.activeAlarms()[0]).toMatchObject({ state: 'CRITICAL', level: 101 });
    observe(99);
    expect(engine.activeAlarms()[0]).toMatchObject({ level: 100 });
    observe(102);
    expect(crossings()).toEqual([80, 100, 101, 101]);
    observe(10);
    expect(engine.activeAlarms()).toEqual([]);
  });
});

describe('events, restore and forget', () => {
  it('self-clearing events clear on tick', () => {
    engine.record({ subject: { key: 'event:restart:sw1', deviceId: 'sw1', kind: 'event', label: 'sw1 restarted', source: 'trap' }, state: 'WARNING', message: 'coldStart', immediate: true, autoClearMs: 600_000 });
    expect(engine.activeAlarms()).toHaveLength(1);
    clock.advance(600_000);
    engine.tick();
    expect(engine.activeAlarms()).toEqual([]);
  });

  it('restore rebuilds active alarms without raising them again', () => {
    for (let i = 0; i < 3; i++) check(host('sw1'), 'DOWN');
    const [a] = engine.activeAlarms();
    const again = new AlarmEngine({ clock, newId: () => `b${++n}` });
    const seen: EngineEvent[] = [];
    again.onEvents((e) => seen.push(...e));
    again.restore([{ ...a!, subject: host('sw1') }]);
    again.record({ subject: host('sw1'), state: 'DOWN', message: 'still down', problem: 'timeout' });
    expect(seen.filter((e) => e.type === 'alarm')).toEqual([]);
    expect(again.activeAlarms().map((x) => x.id)).toEqual([a!.id]);
    again.record({ subject: host('sw1'), state: 'OK', message: 'back' });
    expect(again.activeAlarms()).toEqual([]);
  });

  it('forgetting a device clears its alarms', () => {
    for (let i = 0; i < 3; i++) check(host('sw1'), 'DOWN');
    engine.forgetDevice('sw1');
    expect(engine.activeAlarms()).toEqual([]);
    expect(engine.deviceSummary('sw1')).toBeNull();
  });

  it('device summary: host state wins, auth problems are flagged', () => {
    engine.record({ subject: host('sw9'), state: 'UNKNOWN', problem: 'auth', message: 'wrong digest', immediate: true });
    expect(engine.deviceSummary('sw9')).toMatchObject({ state: 'UNKNOWN', auth: true, acked: false });
    const [a] = engine.activeAlarms();
    expect(a).toMatchObject({ severity: 'unknown', problem: 'auth' });
    engine.ack(a!.id, 'x', 'known');
    expect(engine.deviceSummary('sw9')!.acked).toBe(true);
  });
});
