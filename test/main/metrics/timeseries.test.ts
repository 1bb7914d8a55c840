// Time series on a real SQLite file: batches, rollups, restarts, graphs, 95th percentile,
// retention and utilisation flags.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-main/core/clock';
import { openMetricsDb } from '../../../src-main/metrics/db';
import { computeP95, graph, monthlyP95, percentile95, utilisation } from '../../../src-main/metrics/query';
import { enforceRetention } from '../../../src-main/metrics/retention';
import { MetricsService } from '../../../src-main/metrics/service';
import { TimeSeries } from '../../../src-main/metrics/timeseries';

let dir: string;
let db: Db;
let clock: FakeClock;
let ts: TimeSeries;
const T0 = Date.UTC(2026, 2, 10, 0, 0, 0); // 10 March 2026, 00:00 UTC

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'noc-metrics-'));
  db = openMetricsDb(join(dir, 'metrics.sqlite'));
  clock = new FakeClock(T0);
  ts = new TimeSeries(db, clock);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** One sample a minute for `minutes`, value f(i). */
function feed(key: string, minutes: number, f: (i: number) => [number, number | null], kind: 'if' | 'gauge' = 'if'): void {
  for (let i = 0; i < minutes; i++) {
    const [a, b] = f(i);
    ts.write(key, kind, clock.now(), a, b);
    clock.advance(60_000);
    if (i % 30 === 29) ts.flush();
  }
  ts.flush();
}

describe('writing and rollups', () => {
  it('writes every sample in batches and rolls up 5-minute and hourly averages and maxima', () => {
    feed('if:p1', 120, (i) => [i * 1000, 2 * i * 1000]);
    expect(count('raw')).toBe(120);
    const r5 = db.prepare(`SELECT t, n, a, b, amax, bmax FROM r5m ORDER BY t`).all() as Array<Record<string, number>>;
    expect(r5).toHaveLength(24);
    expect(r5[0]).toMatchObject({ n: 5, a: 2000, b: 4000, amax: 4000, bmax: 8000 });
    const r1 = db.prepare(`SELECT n, a, amax FROM r1h ORDER BY t`).all() as Array<Record<string, number>>;
    expect(r1.map((r) => r.n)).toEqual([60, 60]);
    expect(r1[0]!.a).toBeCloseTo(29_500);
    expect(r1[1]!.amax).toBe(119_000);
  });

  it('a restart in the middle of a bucket merges instead of overwriting', () => {
    for (let i = 0; i < 3; i++) { ts.write('cpu:d1', 'gauge', clock.now(), 10); clock.advance(60_000); }
    ts.close();
    const again = new TimeSeries(db, clock);
    for (let i = 0; i < 2; i++) { again.write('cpu:d1', 'gauge', clock.now(), 60); clock.advance(60_000); }
    again.close();
    const row = db.prepare(`SELECT n, a, amax, b FROM r5m`).get() as Record<string, number | null>;
    expect(row).toEqual({ n: 5, a: 30, amax: 60, b: null });
  });

  it('drops a second sample for the same second and counts it', () => {
    ts.write('cpu:d1', 'gauge', clock.now(), 1);
    ts.write('cpu:d1', 'gauge', clock.now(), 2);
    ts.flush();
    expect(count('raw')).toBe(1);
    expect(ts.stats().dropped).toBe(1);
  });
});

describe('graphs', () => {
  it('day from raw samples with gaps where polls were missing; week from 5-minute rows; year by day', () => {
    feed('if:p1', 60, () => [1e6, 2e6]);
    clock.advance(30 * 60_000); // 30 minutes without data
    feed('if:p1', 60, () => [3e6, 4e6]);
    const id = ts.findSeries('if:p1')!;
    const day = graph(db, id, 'day', clock.now());
    expect(day.resolutionS).toBe(60);
    expect(day.t).toHaveLength(121);
    expect(day.a.filter((v) => v === null)).toHaveLength(1);
    const week = graph(db, id, 'week', clock.now());
    expect(week.resolutionS).toBe(300);
    expect(week.a.filter((v) => v !== null).length).toBe(24);
    const year = graph(db, id, 'year', clock.now());
    expect(year.t).toHaveLength(1);
    // hour 0: 60 samples of 1e6; hour 1: 30 samples of 3e6; hour 2 is still open (not written yet)
    expect(year.a[0]).toBeCloseTo((60 * 1e6 + 30 * 3e6) / 90);
  });
});

describe('95th percentile', () => {
  it('drops the top 5 % of 5-minute samples', () => {
    expect(percentile95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
    expect(percentile95([])).toBeNull();
  });

  it('a month of 5-minute samples with short bursts bills the steady rate, larger direction wins', () => {
    const s = ts.seriesId('if:cust', 'if');
    const start = Date.UTC(2026, 1, 1) / 1000; // February 2026: 8064 five-minute samples
    const insert = db.prepare(`INSERT INTO r5m (s, t, n, a, b, amax, bmax) VALUES (?, ?, 1, ?, ?, ?, ?)`);
    db.transaction(() => {
      for (let i = 0; i < 8064; i++) {
        const burst = i % 100 < 4; // 4 % of the time at 900 Mbit/s
        const inBps = burst ? 900e6 : 100e6;
        insert.run(s, start + i * 300, inBps, 150e6, inBps, 150e6);
      }
    })();
    const p = computeP95(db, s, '2026-02');
    expect(p).toMatchObject({ inBps: 100e6, outBps: 150e6, bps: 150e6, samples: 8064, final: false });
  });
});

describe('retention', () => {
  it('keeps raw 48 h, 5-minute 14 days (ports: back to the month start), and finalises last month first', () => {
    const port = ts.seriesId('if:p1', 'if');
    const cpu = ts.seriesId('cpu:d1', 'gauge');
    const now = Date.UTC(2026, 2, 20) / 1000; // 20 March
    const day = 86_400;
    const put = (table: string, s: number, t: number) => db.prepare(`INSERT INTO ${table} (s, t, ${table === 'raw' ? 'a, b' : 'n, a, b, amax, bmax'}) VALUES (?, ?, ${table === 'raw' ? '1, 1' : '1, 5e6, 6e6, 5e6, 6e6'})`).run(s, t);
    put('raw', port, now - 3 * day);
    put('raw', port, now - 1 * day);
    put('r5m', port, now - 17 * day); // 3 March: this month → kept for billing
    put('r5m', port, now - 25 * day); // 23 February: last month → finalised, then deleted
    put('r5m', cpu, now - 17 * day); // a gauge: 14 days only
    put('r1h', cpu, now - 400 * day);
    const r = enforceRetention(db, now * 1000);
    expect(r).toEqual({ raw: 1, r5m: 2, r1h: 1, finalised: 1 });
    expect(monthlyP95(db, port, '2026-02')).toMatchObject({ final: true, bps: 6e6, samples: 1 });
    expect(count('r5m')).toBe(1);
    // idempotent
    expect(enforceRetention(db, now * 1000)).toEqual({ raw: 0, r5m: 0, r1h: 0, finalised: 0 });
  });
});

describe('utilisation', () => {
  it('flags a server busy (or idle) for a week, not for a day', () => {
    const busy = ts.seriesId('cpu:busy', 'gauge');
    const idle = ts.seriesId('cpu:idle', 'gauge');
    const spiky = ts.seriesId('cpu:spiky', 'gauge');
    const now = clock.now() / 1000;
    const ins = db.prepare(`INSERT INTO r1h (s, t, n, a, amax) VALUES (?, ?, 60, ?, ?)`);
    for (let h = 1; h <= 168; h++) {
      ins.run(busy, now - h * 3600, h % 20 === 0 ? 80 : 95, 99);
      ins.run(idle, now - h * 3600, 2, 3);
      ins.run(spiky, now - h * 3600, h < 24 ? 99 : 40, 99);
    }
    expect(utilisation(db, busy, clock.now())).toMatchObject({ over: true, under: false, hours: 168 });
    expect(utilisation(db, idle, clock.now())).toMatchObject({ over: false, under: true });
    expect(utilisation(db, spiky, clock.now())).toMatchObject({ over: false, under: false });
    const young = ts.seriesId('cpu:young', 'gauge');
    for (let h = 1; h <= 48; h++) ins.run(young, now - h * 3600, 99, 99);
    expect(utilisation(db, young, clock.now())).toMatchObject({ over: false, hours: 48 });
  });
});

describe("a server's resource flags (CPU, memory, disk)", () => {
  it('judges each resource on its own week of polled samples', () => {
    const metrics = new MetricsService(join(dir, 'flags.sqlite'), clock);
    // A week of polls every 5 minutes: CPU idle, memory full, disk in between; a second
    // server polled for two days only.
    for (let i = 0; i < 7 * 24 * 12; i++) {
      const t = clock.now();
      metrics.write('cpu:srv-1', 'gauge', t, 2 + (i % 3));
      metrics.write('mem:srv-1', 'gauge', t, 93 + (i % 5));
      metrics.write('disk:srv-1', 'gauge', t, 50);
      if (i >= 5 * 24 * 12) metrics.write('cpu:srv-2', 'gauge', t, 99);
      clock.advance(300_000);
      if (i % 12 === 11) metrics.flush();
    }
    const one = metrics.utilisationFlags('srv-1');
    expect(one.hours).toBeGreaterThanOrEqual(144);
    expect(one.flags.map((f) => `${f.resource}:${f.level}`).sort()).toEqual(['cpu:under', 'memory:over']);
    expect(one.flags.find((f) => f.resource === 'memory')?.meanPct).toBeCloseTo(95, 0);
    const two = metrics.utilisationFlags('srv-2');
    expect(two).toMatchObject({ flags: [] });
    expect(two.hours).toBeLessThan(144);
    expect(metrics.utilisationFlags('never-polled')).toEqual({ flags: [], hours: 0 });
    metrics.close();
  });
});
