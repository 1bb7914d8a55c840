// The scheduler under FakeClock: intervals, spread, the in-flight bound, dead jobs, retries.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src-main/core/clock';
import { Scheduler, spread, type Job } from '../../../src-main/pollers/scheduler';

let clock: FakeClock;
let scheduler: Scheduler;

const flush = () => new Promise<void>((r) => setImmediate(r));
async function advance(ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(Math.min(step, ms - t));
    await flush();
  }
}
/** A clock sleep that ends early (rejects) when the run is aborted, as real jobs do. */
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve, reject) => {
  const h = clock.setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clock.clearTimeout(h); reject(new Error('aborted')); });
});

function job(key: string, intervalMs: number, run: Job['run'] = async () => {}): Job {
  return { key, intervalMs, run };
}

beforeEach(() => {
  clock = new FakeClock();
});
afterEach(async () => {
  await scheduler.stop();
  expect(clock.pending()).toBe(0);
});

describe('scheduler', () => {
  it('runs each job at its own interval', async () => {
    scheduler = new Scheduler({ clock });
    const runs: Record<string, number> = { a: 0, b: 0 };
    scheduler.upsert(job('a', 10_000, async () => { runs.a!++; }));
    scheduler.upsert(job('b', 60_000, async () => { runs.b!++; }));
    scheduler.start();
    await advance(120_000);
    expect(runs.a).toBe(12);
    expect(runs.b).toBe(2);
  });

  it('spreads first runs over the interval instead of firing all at once', async () => {
    scheduler = new Scheduler({ clock, maxInFlight: 1000 });
    const t0 = clock.now();
    const firstRun = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const key = `snmp:device-${i}`;
      scheduler.upsert(job(key, 60_000, async () => { if (!firstRun.has(key)) firstRun.set(key, clock.now() - t0); }));
    }
    scheduler.start();
    await advance(60_000, 1000);
    expect(firstRun.size).toBe(200);
    const perTenSeconds = new Array(6).fill(0);
    for (const t of firstRun.values()) perTenSeconds[Math.min(5, Math.floor(t / 10_000))]++;
    // 200 jobs over six 10-second slices: no slice is empty or holds more than half
    for (const n of perTenSeconds) expect(n).toBeGreaterThan(10);
    for (const n of perTenSeconds) expect(n).toBeLessThan(100);
    expect(spread('x', 60_000)).toBe(spread('x', 60_000));
  });

  it('never runs more than maxInFlight jobs at once, and runs them all', async () => {
    scheduler = new Scheduler({ clock, maxInFlight: 4 });
    let running = 0;
    let peak = 0;
    const done = new Set<string>();
    for (let i = 0; i < 20; i++) {
      scheduler.upsert(job(`j${i}`, 600_000, async (signal) => {
        running++;
        peak = Math.max(peak, running);
        try {
          await sleep(30_000, signal);
        } finally {
          running--;
        }
        done.add(`j${i}`);
      }));
    }
    scheduler.start();
    for (let i = 0; i < 20; i++) scheduler.runSoon(`j${i}`); // all due at once
    await advance(600_000, 1000);
    expect(peak).toBe(4);
    expect(done.size).toBe(20);
  });

  it('a dead agent (a job that never ends) holds one slot until its timeout and delays nobody else', async () => {
    scheduler = new Scheduler({ clock, maxInFlight: 2, jobTimeoutMs: 5_000, stopGraceMs: 50 });
    let healthyRuns = 0;
    let aborted = 0;
    scheduler.upsert({ key: 'dead', intervalMs: 10_000, run: (signal) => new Promise(() => { signal.addEventListener('abort', () => aborted++); }) });
    for (let i = 0; i < 5; i++) scheduler.upsert(job(`ok${i}`, 10_000, async (signal) => { await sleep(100, signal); healthyRuns++; }));
    scheduler.start();
    await advance(100_000, 100);
    expect(aborted).toBeGreaterThanOrEqual(1);
    expect(healthyRuns).toBe(50);
    const stats = scheduler.stats();
    expect(stats.timeouts).toBeGreaterThanOrEqual(1);
    expect(stats.lateP95).toBeLessThanOrEqual(5_100);
  });

  it('retries a soft failure at the retry interval, then returns to its phase', async () => {
    scheduler = new Scheduler({ clock });
    const at: number[] = [];
    let n = 0;
    scheduler.upsert(job('r', 60_000, async () => {
      at.push(clock.now());
      n++;
      return n <= 2 ? { retryInMs: 10_000 } : undefined;
    }));
    scheduler.start();
    await advance(200_000, 500);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps.slice(0, 2)).toEqual([10_000, 10_000]);
    // back on the original phase: the first run + 60 s
    expect(at[3]! - at[0]!).toBe(60_000);
    expect(gaps[3]).toBe(60_000);
  });

  it('never overlaps a job with itself; a run longer than the interval skips slots', async () => {
    scheduler = new Scheduler({ clock, jobTimeoutMs: 600_000 });
    let running = 0;
    let overlap = false;
    scheduler.upsert(job('slow', 10_000, async (signal) => {
      running++;
      if (running > 1) overlap = true;
      try {
        await sleep(25_000, signal);
      } finally {
        running--;
      }
    }));
    scheduler.start();
    await advance(120_000, 500);
    expect(overlap).toBe(false);
    expect(scheduler.stats().skippedSlots).toBeGreaterThan(0);
  });

  it('runs only the jobs this process owns', async () => {
    let runs = 0;
    scheduler = new Scheduler({ clock, owns: (key) => key === 'mine' });
    scheduler.upsert(job('mine', 10_000, async () => { runs++; }));
    scheduler.upsert(job('theirs', 10_000, async () => { runs += 100; }));
    scheduler.start();
    await advance(30_000);
    expect(runs).toBe(3);
  });

  it('runSoon runs a job now; remove stops it; stop leaves no timer', async () => {
    scheduler = new Scheduler({ clock });
    let runs = 0;
    scheduler.upsert(job('x', 3_600_000, async () => { runs++; }));
    scheduler.start();
    await advance(1000);
    const before = runs;
    scheduler.runSoon('x');
    await advance(1000);
    expect(runs).toBe(before + 1);
    scheduler.remove('x');
    await advance(7_200_000, 60_000);
    expect(runs).toBe(before + 1);
    await scheduler.stop();
    expect(clock.pending()).toBe(0);
  });
});
