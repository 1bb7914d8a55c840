// The time-series service the pollers write to and the graphs read from.
import type { Database as Db } from 'better-sqlite3';
import type { GraphRange, UtilisationFlag, UtilisedResource } from '../../shared/monitoring-types';
import type { Clock } from '../core/clock';
import { openMetricsDb } from './db';
import { graph, monthBounds, monthlyP95, monthOf, utilisation, type Columns, type P95, type Utilisation } from './query';
import { enforceRetention, retentionSteps, type RetentionResult } from './retention';
import { TimeSeries, type SeriesKind, type WriterStats } from './timeseries';

const RESOURCE_SERIES: ReadonlyArray<[UtilisedResource, string]> = [['cpu', 'cpu'], ['memory', 'mem'], ['disk', 'disk']];

export class MetricsService {
  readonly db: Db;
  readonly series: TimeSeries;
  private closed = false;
  private readonly taps = new Set<(key: string, kind: SeriesKind, tMs: number, a: number | null, b: number | null) => void>();

  constructor(file: string, private readonly clock: Clock) {
    this.db = openMetricsDb(file);
    this.series = new TimeSeries(this.db, clock);
  }

  write(key: string, kind: SeriesKind, tMs: number, a: number | null, b: number | null = null): void {
    if (this.closed) return;
    this.series.write(key, kind, tMs, a, b);
    for (const fn of this.taps) fn(key, kind, tMs, a, b);
  }

  /** A sample another client measured (shared mode): written like ours, but not passed to onWrite (no echo). */
  writeFromPeer(key: string, kind: SeriesKind, tMs: number, a: number | null, b: number | null): void {
    if (!this.closed) this.series.write(key, kind, tMs, a, b);
  }

  /** Every sample this process's pollers write (live sharing publishes them to the other clients). */
  onWrite(fn: (key: string, kind: SeriesKind, tMs: number, a: number | null, b: number | null) => void): () => void {
    this.taps.add(fn);
    return () => this.taps.delete(fn);
  }

  flush(): void {
    if (!this.closed) this.series.flush();
  }

  /** Reads see every sample written so far: what is buffered is flushed first. */
  graph(key: string, range: GraphRange): Columns | null {
    this.flush();
    const id = this.series.findSeries(key);
    return id === null ? null : graph(this.db, id, range, this.clock.now());
  }

  /** This month's 95th percentile so far (or a past month's, final). */
  p95(key: string, month = monthOf(this.clock.now())): P95 | null {
    this.flush();
    const id = this.series.findSeries(key);
    return id === null ? null : monthlyP95(this.db, id, month);
  }

  utilisation(key: string): Utilisation | null {
    const id = this.series.findSeries(key);
    return id === null ? null : utilisation(this.db, id, this.clock.now());
  }

  /**
   * True when every port with samples in that month has its final 95th percentile (retention
   * makes them final once the month is over): reading the month's figures is then cheap.
   */
  monthFinal(month: string): boolean {
    this.flush();
    const { from, to } = monthBounds(month);
    const open = this.db.prepare(`SELECT 1 FROM series x WHERE x.kind = 'if'
      AND EXISTS (SELECT 1 FROM r5m WHERE s = x.id AND t >= ? AND t < ?)
      AND NOT EXISTS (SELECT 1 FROM p95 WHERE s = x.id AND month = ? AND final = 1) LIMIT 1`).get(from, to, month);
    return !open;
  }

  /** A server's CPU, memory and disk series (`cpu:`/`mem:`/`disk:<id>`), each judged over the last week. */
  utilisationFlags(deviceId: string): { flags: UtilisationFlag[]; hours: number } {
    this.flush();
    const flags: UtilisationFlag[] = [];
    let hours = 0;
    for (const [resource, prefix] of RESOURCE_SERIES) {
      const u = this.utilisation(`${prefix}:${deviceId}`);
      if (!u) continue;
      hours = Math.max(hours, u.hours);
      if (u.meanPct === null) continue;
      if (u.over) flags.push({ resource, level: 'over', meanPct: u.meanPct });
      if (u.under) flags.push({ resource, level: 'under', meanPct: u.meanPct });
    }
    return { flags, hours };
  }

  /** Every server with a flag, across the fleet: the devices that have resource series, each judged as above. */
  flaggedDevices(): Array<{ deviceId: string; flags: UtilisationFlag[]; hours: number }> {
    this.flush();
    const rows = this.db.prepare(`SELECT DISTINCT substr(key, instr(key, ':') + 1) AS id FROM series WHERE key LIKE 'cpu:%' OR key LIKE 'mem:%' OR key LIKE 'disk:%'`).all() as Array<{ id: string }>;
    return rows.map((r) => ({ deviceId: r.id, ...this.utilisationFlags(r.id) })).filter((d) => d.flags.length > 0);
  }

  retention(): RetentionResult {
    this.flush();
    return enforceRetention(this.db, this.clock.now());
  }

  /** Retention in small steps with the event loop free in between; stops early when asked. */
  async retentionInSteps(stop: () => boolean = () => false): Promise<RetentionResult> {
    const result: RetentionResult = { raw: 0, r5m: 0, r1h: 0, finalised: 0 };
    this.flush();
    for (const step of retentionSteps(this.db, this.clock.now(), result)) {
      if (this.closed || stop()) break;
      step();
      await new Promise((r) => setImmediate(r));
    }
    return result;
  }

  stats(): WriterStats {
    return this.series.stats();
  }

  close(): void {
    if (this.closed) return;
    this.series.close();
    this.closed = true;
    this.db.close();
  }
}
