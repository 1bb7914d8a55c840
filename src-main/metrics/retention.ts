// Retention (DESIGN.md "Data"): raw samples 48 h, 5-minute rows 14 days, hourly rows
// 13 months. A port's 5-minute rows are kept back to the start of the current month too
// (at most 31 days), because its monthly 95th percentile needs every 5-minute sample of the
// month; when a month is over its percentile is stored (final) before its rows may go.
// Deletes run per series (an index range each) in small transactions, so the pollers'
// writes are never blocked for long.
import type { Database as Db } from 'better-sqlite3';
import { computeP95, monthOf } from './query';

export const RAW_KEEP_S = 48 * 3600;
export const R5M_KEEP_S = 14 * 86_400;
export const R1H_KEEP_S = 395 * 86_400;
const CHUNK = 2000;

export interface RetentionResult {
  raw: number;
  r5m: number;
  r1h: number;
  finalised: number;
}

export function enforceRetention(db: Db, nowMs: number): RetentionResult {
  const result: RetentionResult = { raw: 0, r5m: 0, r1h: 0, finalised: 0 };
  for (const step of retentionSteps(db, nowMs, result)) step();
  return result;
}

/**
 * The same work as small steps (one transaction each), so the pollers' runtime can run them
 * with a turn of the event loop in between: traps and polls are never held up for long.
 */
export function retentionSteps(db: Db, nowMs: number, result: RetentionResult): Array<() => void> {
  const now = Math.floor(nowMs / 1000);
  const thisMonth = monthOf(nowMs);
  const monthStart = Date.UTC(new Date(nowMs).getUTCFullYear(), new Date(nowMs).getUTCMonth(), 1) / 1000;
  const series = db.prepare(`SELECT id, kind FROM series`).all() as Array<{ id: number; kind: string }>;
  const steps: Array<() => void> = [];

  // 1. every finished month of every port gets its final 95th percentile
  const months = db.prepare(`SELECT DISTINCT strftime('%Y-%m', t, 'unixepoch') AS month FROM r5m WHERE s = ? AND t < ?`);
  const isFinal = db.prepare(`SELECT 1 FROM p95 WHERE s = ? AND month = ? AND final = 1`);
  const store = db.prepare(`INSERT INTO p95 (s, month, a, b, v, samples, final) VALUES (?, ?, ?, ?, ?, ?, 1)
    ON CONFLICT (s, month) DO UPDATE SET a = excluded.a, b = excluded.b, v = excluded.v, samples = excluded.samples, final = 1`);
  const ports = series.filter((x) => x.kind === 'if');
  for (let i = 0; i < ports.length; i += CHUNK) {
    const chunk = ports.slice(i, i + CHUNK);
    steps.push(() => db.transaction(() => {
      for (const s of chunk) {
        for (const { month } of months.all(s.id, monthStart) as Array<{ month: string }>) {
          if (month === thisMonth || isFinal.get(s.id, month)) continue;
          const p = computeP95(db, s.id, month);
          store.run(s.id, month, p.inBps, p.outBps, p.bps, p.samples);
          result.finalised++;
        }
      }
    })());
  }

  // 2. deletes, per series (an index range each), in chunks
  const delRaw = db.prepare(`DELETE FROM raw WHERE s = ? AND t < ?`);
  const del5 = db.prepare(`DELETE FROM r5m WHERE s = ? AND t < ?`);
  const del1h = db.prepare(`DELETE FROM r1h WHERE s = ? AND t < ?`);
  for (let i = 0; i < series.length; i += CHUNK) {
    const chunk = series.slice(i, i + CHUNK);
    steps.push(() => db.transaction(() => {
      for (const s of chunk) {
        result.raw += delRaw.run(s.id, now - RAW_KEEP_S).changes;
        const keep5 = s.kind === 'if' ? Math.min(now - R5M_KEEP_S, monthStart) : now - R5M_KEEP_S;
        result.r5m += del5.run(s.id, keep5).changes;
        result.r1h += del1h.run(s.id, now - R1H_KEEP_S).changes;
      }
    })());
  }
  return steps;
}
