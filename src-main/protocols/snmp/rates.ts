// Bit rates from two samples of an octet counter. Pure functions, no clock.
//
// Rules (what MRTG/RRDtool users expect, minus the spikes):
//  * Time base: the agent's sysUpTime when both samples have it (the counters run on the
//    agent's clock, our poll timestamps jitter with network delay), else wall time.
//  * Agent restart: sysUpTime went back (and is not a 2^32 TimeTicks wrap, ~497 days),
//    or grew clearly less than wall time did → the counters restarted from zero
//    somewhere in the interval: no rate for it. Never a spike, never negative.
//  * Counter wrap: a counter below its previous value wrapped once (RFC 2578 §7.1.6/.10):
//    delta = cur + 2^bits − prev. With 64-bit counters a real wrap is practically
//    impossible (46 years at 100 Gbit/s), so a "wrap" is almost always a reset — the
//    speed check below rejects it.
//  * Discontinuity: a delta implying more than speed × margin is not traffic (counter
//    reset, ifCounterDiscontinuityTime, agent bug): no rate.
import type { PollResult } from './types';

export interface CounterSample {
  /** octet counter value */
  value: bigint;
  /** sysUpTime.0 (TimeTicks, 1/100 s) read with this sample, when known */
  uptime?: number;
  /** wall clock, ms since epoch */
  at: number;
}

export interface RateOptions {
  /** 64 for ifHC*Octets (default), 32 for ifIn/OutOctets */
  counterBits?: 32 | 64;
  /** interface speed in bit/s (ifHighSpeed × 10^6); 0/undefined → fallbackMaxBps */
  speedBps?: number;
  /** a rate above speed × margin is a discontinuity (default 1.5) */
  margin?: number;
  /** ceiling when the speed is unknown (default 1 Tbit/s) */
  fallbackMaxBps?: number;
}

export type RateResult =
  | { ok: true; bitsPerSecond: number; seconds: number; wrapped: boolean }
  | { ok: false; reason: 'agentRestart' | 'discontinuity' | 'noInterval' };

const TICKS_WRAP = 2 ** 32;

/** Seconds between the samples, or a reason why there is no usable interval. */
export function intervalSeconds(prev: CounterSample, cur: CounterSample): number | 'agentRestart' | 'noInterval' {
  const wall = (cur.at - prev.at) / 1000;
  if (prev.uptime === undefined || cur.uptime === undefined) return wall > 0 ? wall : 'noInterval';
  // tolerance between the agent's clock and ours: jitter of when each poll got its answer
  const tol = Math.max(5, 0.25 * Math.abs(wall));
  let ticks = cur.uptime - prev.uptime;
  if (ticks < 0) {
    // sysUpTime is TimeTicks (32 bits): a wrap looks like going back, but the wrapped
    // delta then agrees with wall time; a restart does not.
    const wrapped = ticks + TICKS_WRAP;
    if (wall > 0 && Math.abs(wrapped / 100 - wall) <= tol) ticks = wrapped;
    else return 'agentRestart';
  }
  const seconds = ticks / 100;
  if (wall > 0 && seconds < wall - tol) return 'agentRestart';
  return seconds > 0 ? seconds : 'noInterval';
}

export function counterRate(prev: CounterSample, cur: CounterSample, opts: RateOptions = {}): RateResult {
  const bits = opts.counterBits ?? 64;
  const seconds = intervalSeconds(prev, cur);
  if (seconds === 'agentRestart' || seconds === 'noInterval') return { ok: false, reason: seconds };
  const modulus = 1n << BigInt(bits);
  const max = modulus - 1n;
  if (prev.value < 0n || cur.value < 0n || prev.value > max || cur.value > max) return { ok: false, reason: 'discontinuity' };
  const wrapped = cur.value < prev.value;
  const delta = wrapped ? cur.value + modulus - prev.value : cur.value - prev.value;
  const bps = (Number(delta) * 8) / seconds;
  const ceiling = (opts.speedBps && opts.speedBps > 0 ? opts.speedBps : (opts.fallbackMaxBps ?? 1e12)) * (opts.margin ?? 1.5);
  if (bps > ceiling) return { ok: false, reason: 'discontinuity' };
  return { ok: true, bitsPerSecond: bps, seconds, wrapped };
}

export interface InterfaceRate {
  ifIndex: number;
  in: RateResult;
  out: RateResult;
}

/** In/out bit rates for every interface present in both polls: from the 64-bit HC
 * counters, or the 32-bit ones for agents without ifXTable. */
export function interfaceRates(prev: PollResult, cur: PollResult, opts: Omit<RateOptions, 'speedBps' | 'counterBits'> = {}): InterfaceRate[] {
  const before = new Map(prev.interfaces.map((r) => [r.ifIndex, r]));
  const out: InterfaceRate[] = [];
  for (const r of cur.interfaces) {
    const p = before.get(r.ifIndex);
    if (!p) continue;
    const speedBps = r.ifHighSpeed ? r.ifHighSpeed * 1e6 : (r.ifSpeed ?? 0);
    const sample = (poll: PollResult, v: bigint): CounterSample => ({ value: v, uptime: poll.system.sysUpTime, at: poll.polledAt });
    const rate = (bits: 32 | 64, a?: bigint, b?: bigint): RateResult | undefined =>
      a === undefined || b === undefined ? undefined : counterRate(sample(prev, a), sample(cur, b), { ...opts, speedBps, counterBits: bits });
    const rin = rate(64, p.ifHCInOctets, r.ifHCInOctets) ?? rate(32, p.ifInOctets, r.ifInOctets);
    const rout = rate(64, p.ifHCOutOctets, r.ifHCOutOctets) ?? rate(32, p.ifOutOctets, r.ifOutOctets);
    if (rin && rout) out.push({ ifIndex: r.ifIndex, in: rin, out: rout });
  }
  return out;
}
