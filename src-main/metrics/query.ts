// Reading time series back: graphs per range at the resolution MRTG would use, the
// monthly 95th percentile per port (billing), servers' utilisation over a week.
import type { Database as Db, Statement } from 'better-sqlite3';
import type { GraphRange } from '../../shared/monitoring-types';
import { STEP_1H, STEP_5M } from './timeseries';

export interface Columns {
  resolutionS: number;
  t: number[];
  a: Array<number | null>;
  b: Array<number | null>;
  amax: Array<number | null>;
  bmax: Array<number | null>;
}

/** day: raw samples; week: 5-minute; month: hourly; year: daily averages of the hourly rows. */
export const RANGES: Record<GraphRange, { seconds: number; table: 'raw' | 'r5m' | 'r1h'; group: number }> = {
  day: { seconds: 86_400, table: 'raw', group: 0 },
  week: { seconds: 7 * 86_400, table: 'r5m', group: 0 },
  month: { seconds: 31 * 86_400, table: 'r1h', group: 0 },
  year: { seconds: 366 * 86_400, table: 'r1h', group: 86_400 },
};

export function graph(db: Db, seriesId: number, range: GraphRange, nowMs: number): Columns {
  const r = RANGES[range];
  const to = Math.floor(nowMs / 1000);
  const from = to - r.seconds;
  let rows: Array<{ t: number; a: number | null; b: number | null; amax: number | null; bmax: number | null }>;
  if (r.table === 'raw') {
    rows = db.prepare(`SELECT t, a, b, a AS amax, b AS bmax FROM raw WHERE s = ? AND t >= ? AND t <= ? ORDER BY t`).all(seriesId, from, to) as typeof rows;
  } else if (r.group > 0) {
    rows = db.prepare(`SELECT (t / ${r.group}) * ${r.group} AS t, sum(a * n) / sum(n) AS a, sum(b * n) / sum(n) AS b, max(amax) AS amax, max(bmax) AS bmax
      FROM ${r.table} WHERE s = ? AND t >= ? AND t <= ? GROUP BY t / ${r.group} ORDER BY 1`).all(seriesId, from, to) as typeof rows;
  } else {
    rows = db.prepare(`SELECT t, a, b, amax, bmax FROM ${r.table} WHERE s = ? AND t >= ? AND t <= ? ORDER BY t`).all(seriesId, from, to) as typeof rows;
  }
  const step = r.group || (r.table === 'r5m' ? STEP_5M : r.table === 'r1h' ? STEP_1H : medianStep(rows.map((x) => x.t)));
  return withGaps(rows, step);
}

/** MRTG leaves holes where there was no data: a null after any gap longer than 2.5 steps. */
function withGaps(rows: Array<{ t: number; a: number | null; b: number | null; amax: number | null; bmax: number | null }>, step: number): Columns {
  const out: Columns = { resolutionS: step, t: [], a: [], b: [], amax: [], bmax: [] };
  let prev: number | null = null;
  for (const r of rows) {
    if (prev !== null && r.t - prev > 2.5 * step) {
      out.t.push(prev + step);
      out.a.push(null); out.b.push(null); out.amax.push(null); out.bmax.push(null);
    }
    out.t.push(r.t); out.a.push(r.a); out.b.push(r.b); out.amax.push(r.amax); out.bmax.push(r.bmax);
    prev = r.t;
  }
  return out;
}

function medianStep(ts: number[]): number {
  if (ts.length < 2) return 60;
  const d = ts.slice(1).map((t, i) => t - ts[i]!).sort((x, y) => x - y);
  return Math.max(1, d[Math.floor(d.length / 2)]!);
}

/** The 95th percentile the usual way: sort the 5-minute samples, drop the top 5 %, take the highest left. */
export function percentile95(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort(); // typed arrays sort numerically, natively
  return sorted[Math.max(0, Math.ceil(0.95 * sorted.length) - 1)]!;
}

export interface P95 {
  month: string;
  inBps: number | null;
  outBps: number | null;
  /** what is billed: the larger of the two directions */
  bps: number | null;
  samples: number;
  final: boolean;
}

export function monthBounds(month: string): { from: number; to: number } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: Date.UTC(y, m - 1, 1) / 1000, to: Date.UTC(y, m, 1) / 1000 };
}

export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A month's 95th percentile of a port: stored when final, else computed from its 5-minute rows. */
export function monthlyP95(db: Db, seriesId: number, month: string): P95 {
  const stored = db.prepare(`SELECT a, b, v, samples, final FROM p95 WHERE s = ? AND month = ?`).get(seriesId, month) as { a: number | null; b: number | null; v: number | null; samples: number; final: number } | undefined;
  if (stored?.final) return { month, inBps: stored.a, outBps: stored.b, bps: stored.v, samples: stored.samples, final: true };
  return computeP95(db, seriesId, month);
}

const monthRows = new WeakMap<Db, Statement>();

export function computeP95(db: Db, seriesId: number, month: string): P95 {
  const { from, to } = monthBounds(month);
  let stmt = monthRows.get(db);
  if (!stmt) monthRows.set(db, (stmt = db.prepare(`SELECT a, b FROM r5m WHERE s = ? AND t >= ? AND t < ?`).raw()));
  // A month is ~8,600 rows per port: read them as arrays and sort typed arrays (the overage
  // report computes this for every port whose month is not final yet).
  const rows = stmt.all(seriesId, from, to) as Array<[number | null, number | null]>;
  const ins: number[] = [];
  const outs: number[] = [];
  for (const [a, b] of rows) {
    if (a !== null) ins.push(a);
    if (b !== null) outs.push(b);
  }
  const a = percentile95(ins);
  const b = percentile95(outs);
  return { month, inBps: a, outBps: b, bps: a === null && b === null ? null : Math.max(a ?? 0, b ?? 0), samples: rows.length, final: false };
}

export interface Utilisation {
  hours: number;
  over: boolean;
  under: boolean;
  meanPct: number | null;
}

export const UTIL_WEEK_S = 7 * 86_400;
/** at least 6 days of hourly data before anything is flagged */
export const UTIL_MIN_HOURS = 144;

/**
 * "Sustained > 90 % or < 5 % over a week": at least 90 % of the last week's hourly averages
 * are above 90 % (over) or below 5 % (under). A single quiet night or busy hour flags nothing.
 */
export function utilisation(db: Db, seriesId: number, nowMs: number): Utilisation {
  const to = Math.floor(nowMs / 1000);
  const rows = db.prepare(`SELECT a FROM r1h WHERE s = ? AND t >= ? AND t <= ? AND a IS NOT NULL`).all(seriesId, to - UTIL_WEEK_S, to) as Array<{ a: number }>;
  const hours = rows.length;
  if (hours === 0) return { hours, over: false, under: false, meanPct: null };
  const above = rows.filter((r) => r.a > 90).length;
  const below = rows.filter((r) => r.a < 5).length;
  const enough = hours >= UTIL_MIN_HOURS;
  return { hours, over: enough && above >= 0.9 * hours, under: enough && below >= 0.9 * hours, meanPct: rows.reduce((s, r) => s + r.a, 0) / hours };
}
