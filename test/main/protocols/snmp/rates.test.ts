import { describe, expect, it } from 'vitest';
import { counterRate, intervalSeconds, interfaceRates, type CounterSample, type RateOptions } from '../../../../src-main/protocols/snmp/rates';
import type { PollResult } from '../../../../src-main/protocols/snmp/types';

const T0 = 1_700_000_000_000;
const G = 1_000_000_000; // 1 Gbit/s
const s = (value: bigint, uptime: number | undefined, atSec: number): CounterSample => ({ value, uptime, at: T0 + atSec * 1000 });
const MAX64 = (1n << 64n) - 1n;

type Row = [name: string, prev: CounterSample, cur: CounterSample, opts: RateOptions, expected: number | string];

// expected: bits/s (number) or the reason there is no rate (string)
const table: Row[] = [
  ['steady 1 MB/s over 60 s of sysUpTime', s(0n, 10_000, 0), s(60_000_000n, 16_000, 60), { speedBps: G }, 8_000_000],
  ['sysUpTime, not wall time, is the time base (poll answered 2 s late)', s(0n, 10_000, 0), s(60_000_000n, 16_000, 62), { speedBps: G }, 8_000_000],
  ['no sysUpTime: wall time', s(0n, undefined, 0), s(30_000_000n, undefined, 30), { speedBps: G }, 8_000_000],
  ['idle interface', s(5n, 100, 0), s(5n, 6100, 60), { speedBps: G }, 0],
  ['64-bit wrap, once', s(MAX64 - 999n, 0, 0), s(1000n, 100, 1), { speedBps: 100 * G }, 2000 * 8],
  ['32-bit wrap, once', s(4_294_967_000n, 0, 0), s(704n, 100, 1), { speedBps: G, counterBits: 32 }, 1000 * 8],
  ['64-bit "wrap" that is really a reset: implies > speed → discontinuity', s(5_000_000_000n, 10_000, 0), s(10n, 16_000, 60), { speedBps: G }, 'discontinuity'],
  ['jump far above line rate', s(0n, 0, 0), s(1_000_000_000_000n, 6000, 60), { speedBps: G }, 'discontinuity'],
  ['just under speed × margin is kept', s(0n, 0, 0), s(BigInt(1.4 * 125_000_000 * 60), 6000, 60), { speedBps: G }, 1.4 * G],
  ['speed unknown: 1 Tbit/s × 1.5 ceiling', s(0n, 0, 0), s(BigInt(125_000_000 * 60), 6000, 60), { speedBps: 0 }, G],
  ['agent restart: sysUpTime went back', s(9_000_000n, 500_000, 0), s(1_000n, 3_000, 60), { speedBps: G }, 'agentRestart'],
  ['agent restart: sysUpTime grew much less than wall time', s(9_000n, 1_000, 0), s(10_000n, 2_000, 300), { speedBps: G }, 'agentRestart'],
  ['counter went back after a restart: never negative', s(9_000_000n, 500_000, 0), s(1_000n, 400, 60), { speedBps: G }, 'agentRestart'],
  ['sysUpTime TimeTicks wrap after 497 days is not a restart', s(0n, 2 ** 32 - 3000, 0), s(60_000_000n, 3000, 60), { speedBps: G }, 8_000_000],
  ['same instant', s(0n, 100, 0), s(10n, 100, 0), {}, 'noInterval'],
  ['clock went back without uptime', s(0n, undefined, 10), s(10n, undefined, 0), {}, 'noInterval'],
];

describe('counterRate', () => {
  it.each(table)('%s', (_name, prev, cur, opts, expected) => {
    const r = counterRate(prev, cur, opts);
    if (typeof expected === 'string') {
      expect(r).toEqual({ ok: false, reason: expected });
    } else {
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.bitsPerSecond).toBeCloseTo(expected, 3);
        expect(r.bitsPerSecond).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('flags a wrap', () => {
    const r = counterRate(s(MAX64, 0, 0), s(0n, 100, 1), { speedBps: G });
    expect(r).toMatchObject({ ok: true, wrapped: true, bitsPerSecond: 8 });
  });

  it('never returns a negative or non-finite rate over a sweep of odd inputs', () => {
    const values = [0n, 1n, 1000n, 1n << 32n, (1n << 63n) + 5n, MAX64];
    const uptimes = [undefined, 0, 100, 6000, 2 ** 32 - 1];
    for (const a of values) for (const b of values) for (const ua of uptimes) for (const ub of uptimes) {
      const r = counterRate(s(a, ua, 0), s(b, ub, 60), { speedBps: 10 * G });
      if (r.ok) {
        expect(Number.isFinite(r.bitsPerSecond)).toBe(true);
        expect(r.bitsPerSecond).toBeGreaterThanOrEqual(0);
        expect(r.bitsPerSecond).toBeLessThanOrEqual(15 * G);
      }
    }
  });
});

describe('intervalSeconds', () => {
  it('prefers sysUpTime and detects restarts', () => {
    expect(intervalSeconds(s(0n, 100, 0), s(0n, 6100, 61))).toBe(60);
    expect(intervalSeconds(s(0n, 6100, 0), s(0n, 100, 60))).toBe('agentRestart');
    expect(intervalSeconds(s(0n, undefined, 0), s(0n, 6100, 60))).toBe(60);
  });
});

describe('interfaceRates', () => {
  const poll = (at: number, uptime: number, rows: [number, bigint, bigint, number][]): PollResult => ({
    target: 'x:161', polledAt: T0 + at * 1000, durationMs: 1, system: { sysUpTime: uptime },
    interfaces: rows.map(([ifIndex, i, o, speed]) => ({ ifIndex, ifHCInOctets: i, ifHCOutOctets: o, ifHighSpeed: speed })),
    hostResources: { processors: [], storage: [], disks: [] }, requests: 1, warnings: [],
  });

  it('pairs interfaces by ifIndex and uses ifHighSpeed for the discontinuity check', () => {
    const a = poll(0, 0, [[1, 0n, 0n, 1000], [2, 0n, 0n, 10], [3, 0n, 0n, 1000]]);
    const b = poll(60, 6000, [[1, 75_000_000n, 7_500_000n, 1000], [2, 750_000_000n, 0n, 10], [4, 1n, 1n, 1000]]);
    const r = interfaceRates(a, b);
    expect(r.map((x) => x.ifIndex)).toEqual([1, 2]);
    expect(r[0]).toMatchObject({ in: { ok: true, bitsPerSecond: 10_000_000 }, out: { ok: true, bitsPerSecond: 1_000_000 } });
    // 100 Mbit/s on a 10 Mbit/s port: not traffic
    expect(r[1]?.in).toEqual({ ok: false, reason: 'discontinuity' });
  });
});
