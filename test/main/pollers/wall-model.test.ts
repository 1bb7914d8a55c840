// The wall's renderer-side logic that runs without a DOM: applying the feed, freshness,
// which sound to play, where tiles go.
import { describe, expect, it } from 'vitest';
import { TILE_CODE, TILE_FLAG } from '../../../shared/monitoring';
import type { AlarmView, WallSnapshot } from '../../../shared/monitoring-types';
import { freshness, WallModel } from '../../../src-renderer/stores/wall-model';
import { createWallStore, type WallApi } from '../../../src-renderer/stores/wall-store';
import { soundTarget } from '../../../src-renderer/views/wall/sound-target';
import { hitTest, layoutTiles } from '../../../src-renderer/views/wall/tile-layout';

const alarm = (id: string, state: AlarmView['state'], extra: Partial<AlarmView> = {}): AlarmView => ({
  id, key: `k:${id}`, deviceId: null, subjectKind: 'host', label: id, state,
  severity: state === 'WARNING' ? 'warning' : state === 'UNKNOWN' ? 'unknown' : state === 'OK' || state === 'UNREACHABLE' ? null : 'critical',
  problem: null, message: '', source: 't', since: 1000, lastChangeAt: 1000, clearedAt: null, ack: null, snoozedUntil: null,
  flapping: false, maintenance: false, affected: [], level: null, audible: true, ...extra,
});

function snapshot(n: number, seq = 1): WallSnapshot {
  return {
    seq, serverTime: 10_000, sites: [{ id: 's', name: 'Site' }], racks: [{ id: 'r', name: 'R1', site: 0 }],
    devices: { ids: Array.from({ length: n }, (_, i) => `d${i}`), names: Array.from({ length: n }, (_, i) => `dev${i}`), rack: Array(n).fill(0), site: Array(n).fill(0), tiles: Array(n).fill(TILE_CODE.OK) },
    alarms: [alarm('a1', 'WARNING')], lastPollAt: 9_000, pollersRunning: true,
  };
}

describe('wall model', () => {
  it('applies a snapshot then consecutive deltas; a gap is refused', () => {
    const m = new WallModel();
    expect(m.apply({ kind: 'snapshot', ...snapshot(5) }, 100)).toBe('snapshot');
    expect(m.counts().OK).toBe(5);
    const r = m.apply({ kind: 'delta', seq: 2, serverTime: 11_000, tiles: [3, TILE_CODE.DOWN | TILE_FLAG.acked], alarms: [alarm('a2', 'DOWN')], cleared: ['a1'], lastPollAt: 10_500, pollersRunning: true }, 200);
    expect(r).toBe('delta');
    expect(m.tiles[3]).toBe(TILE_CODE.DOWN | TILE_FLAG.acked);
    expect([...m.dirty]).toEqual([3]);
    expect(m.counts()).toMatchObject({ OK: 4, DOWN: 1 });
    expect(m.alarms.map((a) => a.id)).toEqual(['a2']);
    expect(m.apply({ kind: 'delta', seq: 4, serverTime: 12_000, tiles: [0, TILE_CODE.DOWN], alarms: [], cleared: [], lastPollAt: null, pollersRunning: true }, 300)).toBe('gap');
    expect(m.tiles[0]).toBe(TILE_CODE.OK);
  });

  it('sorts alarms worst first, unacknowledged first, newest first', () => {
    const m = new WallModel();
    m.apply({ kind: 'snapshot', ...snapshot(1), alarms: [alarm('w', 'WARNING', { since: 5 }), alarm('c-old', 'CRITICAL', { since: 1 }), alarm('c-acked', 'CRITICAL', { since: 9, ack: { by: 'x', at: 1, comment: 'y' } }), alarm('c-new', 'CRITICAL', { since: 8 })] }, 0);
    expect(m.alarms.map((a) => a.id)).toEqual(['c-new', 'c-old', 'c-acked', 'w']);
  });

  it('is stale when the server goes quiet, the pollers stop, or no poll finished for long', () => {
    const m = new WallModel();
    m.apply({ kind: 'snapshot', ...snapshot(1) }, 1_000);
    expect(freshness(m, 2_000, true)).toMatchObject({ stale: false });
    expect(freshness(m, 7_000, true)).toMatchObject({ stale: true });
    expect(freshness(m, 2_000, false).reason).toMatch(/not connected/);
    m.apply({ kind: 'delta', seq: 2, serverTime: 500_000, tiles: [], alarms: [], cleared: [], lastPollAt: 100_000, pollersRunning: true }, 2_000);
    expect(freshness(m, 2_500, true).reason).toMatch(/no poll has finished/);
    m.apply({ kind: 'delta', seq: 3, serverTime: 500_000, tiles: [], alarms: [], cleared: [], lastPollAt: 499_000, pollersRunning: false }, 3_000);
    expect(freshness(m, 3_100, true).reason).toMatch(/pollers are not running/);
  });

  it('the store subscribes again after a gap and starts over from a snapshot', () => {
    const subs: Array<{ onData(m: unknown): void }> = [];
    const api: WallApi = {
      subscribe: (h) => { subs.push(h as { onData(m: unknown): void }); return { unsubscribe() {} }; },
      ack: async () => alarm('x', 'OK'),
      snooze: async () => alarm('x', 'OK'),
    };
    const store = createWallStore(api, () => 1000);
    store.getState().connect();
    subs[0]!.onData({ kind: 'snapshot', ...snapshot(3) });
    expect(store.getState().alarms.map((a) => a.id)).toEqual(['a1']);
    subs[0]!.onData({ kind: 'delta', seq: 5, serverTime: 1, tiles: [], alarms: [], cleared: [], lastPollAt: null, pollersRunning: true });
    expect(subs).toHaveLength(2);
    expect(store.getState().resubscribes).toBe(1);
  });
});

describe('which sound', () => {
  it('the worst audible severity, ignoring acknowledged, snoozed and maintenance alarms', () => {
    expect(soundTarget([], 0)).toBeNull();
    expect(soundTarget([alarm('w', 'WARNING'), alarm('u', 'UNKNOWN')], 0)).toEqual({ severity: 'warning', alarmId: 'w' });
    expect(soundTarget([alarm('w', 'WARNING'), alarm('c', 'CRITICAL', { audible: false })], 0)).toEqual({ severity: 'warning', alarmId: 'w' });
    expect(soundTarget([alarm('c', 'DOWN', { snoozedUntil: 5000 })], 1000)).toBeNull();
    expect(soundTarget([alarm('c', 'DOWN', { snoozedUntil: 5000 })], 6000)).toEqual({ severity: 'critical', alarmId: 'c' });
  });
});

describe('tile layout', () => {
  it('fits 5,000 devices on a wall screen, each at its own place, and finds them under the pointer', () => {
    const n = 5000;
    const racks = Array.from({ length: 125 }, (_, i) => ({ id: `r${i}`, name: `R${i}`, site: i % 2 }));
    const d = {
      ids: Array.from({ length: n }, (_, i) => `d${i}`), names: [], rack: Array.from({ length: n }, (_, i) => Math.floor(i / 40)), site: Array.from({ length: n }, (_, i) => Math.floor(i / 40) % 2),
      sites: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }], racks,
    };
    const l = layoutTiles(d, 1450, 920);
    expect(l.fits).toBe(true);
    expect(l.size).toBeGreaterThanOrEqual(5);
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) {
      const key = `${l.pos[i * 2]},${l.pos[i * 2 + 1]}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(hitTest(l, l.pos[2 * 1234]! + 1, l.pos[2 * 1234 + 1]! + 1)).toBe(1234);
    const small = layoutTiles({ ...d, ids: d.ids.slice(0, 8), rack: d.rack.slice(0, 8), site: d.site.slice(0, 8) }, 1450, 920);
    expect(small.size).toBe(64);
  });
});
