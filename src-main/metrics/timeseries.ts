// Writing samples: buffered in memory, written in one transaction per flush, and rolled up
// as they arrive (MRTG-style): each series keeps an open 5-minute and an open hourly bucket
// (count, sums, maxima); a bucket is written when a sample of a later bucket arrives or
// when its time is over at a flush. The rollup write merges with what is there (weighted
// averages, max of maxima), so a restart in the middle of a bucket loses nothing.
//
// Invariants:
//  - every sample given to write() is in raw after the next flush (or dropped and counted
//    when it repeats a (series, second) already written);
//  - a bucket's row is the average/max of all samples of that bucket ever written;
//  - the writer owns no timer: the pollers' runtime calls flush() on its clock.
import type { Database as Db, Statement } from 'better-sqlite3';
import type { Clock } from '../core/clock';

export type SeriesKind = 'if' | 'gauge';

export const STEP_5M = 300;
export const STEP_1H = 3600;

interface Bucket {
  t: number;
  n: number;
  sa: number;
  sb: number;
  amax: number;
  bmax: number;
  hasB: boolean;
}

interface SeriesState {
  id: number;
  b5: Bucket | null;
  b1h: Bucket | null;
  lastT: number;
}

export interface WriterStats {
  series: number;
  buffered: number;
  written: number;
  dropped: number;
  flushes: number;
  lastFlushMs: number;
}

export class TimeSeries {
  private readonly series = new Map<string, SeriesState>();
  private raw: Array<[number, number, number | null, number | null]> = [];
  private closed5: Array<[number, Bucket]> = [];
  private closed1h: Array<[number, Bucket]> = [];
  private readonly insRaw: Statement;
  private readonly up5: Statement;
  private readonly up1h: Statement;
  private counters = { written: 0, dropped: 0, flushes: 0, lastFlushMs: 0 };

  constructor(readonly db: Db, private readonly clock: Clock) {
    this.insRaw = db.prepare(`INSERT OR IGNORE INTO raw (s, t, a, b) VALUES (?, ?, ?, ?)`);
    this.up5 = db.prepare(upsert('r5m'));
    this.up1h = db.prepare(upsert('r1h'));
  }

  /** The id of a series, created on first use. */
  seriesId(key: string, kind: SeriesKind): number {
    return this.state(key, kind).id;
  }

  findSeries(key: string): number | null {
    const hit = this.series.get(key);
    if (hit) return hit.id;
    const row = this.db.prepare(`SELECT id FROM series WHERE key = ?`).get(key) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** One sample (t in ms; stored per second). b is the second value of 'if' series (out). */
  write(key: string, kind: SeriesKind, tMs: number, a: number | null, b: number | null = null): void {
    const s = this.state(key, kind);
    const t = Math.floor(tMs / 1000);
    if (t <= s.lastT) {
      this.counters.dropped++;
      return;
    }
    s.lastT = t;
    this.raw.push([s.id, t, a, b]);
    if (a === null) return;
    s.b5 = this.add(s.id, s.b5, t, STEP_5M, a, b, this.closed5);
    s.b1h = this.add(s.id, s.b1h, t, STEP_1H, a, b, this.closed1h);
  }

  /** Writes buffered samples and finished buckets in one transaction. */
  flush(): void {
    const nowS = Math.floor(this.clock.now() / 1000);
    // buckets whose time is over even though no later sample came (a device went quiet)
    for (const s of this.series.values()) {
      if (s.b5 && s.b5.t + STEP_5M <= nowS) { this.closed5.push([s.id, s.b5]); s.b5 = null; }
      if (s.b1h && s.b1h.t + STEP_1H <= nowS) { this.closed1h.push([s.id, s.b1h]); s.b1h = null; }
    }
    this.writeOut(this.raw.splice(0), this.closed5.splice(0), this.closed1h.splice(0));
  }

  /** Flush everything, open buckets included (merged later if more samples of them come). */
  close(): void {
    for (const s of this.series.values()) {
      if (s.b5) this.closed5.push([s.id, s.b5]);
      if (s.b1h) this.closed1h.push([s.id, s.b1h]);
      s.b5 = null;
      s.b1h = null;
    }
    this.writeOut(this.raw.splice(0), this.closed5.splice(0), this.closed1h.splice(0));
  }

  stats(): WriterStats {
    return { series: this.series.size, buffered: this.raw.length, ...this.counters };
  }

  private writeOut(raw: TimeSeries['raw'], c5: Array<[number, Bucket]>, c1h: Array<[number, Bucket]>): void {
    if (raw.length === 0 && c5.length === 0 && c1h.length === 0) return;
    const t0 = performance.now();
    this.db.transaction(() => {
      for (const r of raw) {
        if (this.insRaw.run(r[0], r[1], r[2], r[3]).changes === 1) this.counters.written++;
        else this.counters.dropped++;
      }
      for (const [id, b] of c5) this.up5.run(...bucketArgs(id, b));
      for (const [id, b] of c1h) this.up1h.run(...bucketArgs(id, b));
    })();
    this.counters.flushes++;
    this.counters.lastFlushMs = performance.now() - t0;
  }

  private add(id: number, bucket: Bucket | null, t: number, step: number, a: number, b: number | null, closed: Array<[number, Bucket]>): Bucket {
    const start = t - (t % step);
    let cur = bucket;
    if (cur && cur.t !== start) {
      closed.push([id, cur]);
      cur = null;
    }
    if (!cur) cur = { t: start, n: 0, sa: 0, sb: 0, amax: -Infinity, bmax: -Infinity, hasB: false };
    cur.n++;
    cur.sa += a;
    cur.amax = Math.max(cur.amax, a);
    if (b !== null) {
      cur.hasB = true;
      cur.sb += b;
      cur.bmax = Math.max(cur.bmax, b);
    }
    return cur;
  }

  private state(key: string, kind: SeriesKind): SeriesState {
    let s = this.series.get(key);
    if (s) return s;
    this.db.prepare(`INSERT OR IGNORE INTO series (key, kind) VALUES (?, ?)`).run(key, kind);
    const row = this.db.prepare(`SELECT id FROM series WHERE key = ?`).get(key) as { id: number };
    const last = this.db.prepare(`SELECT max(t) AS t FROM raw WHERE s = ?`).get(row.id) as { t: number | null };
    s = { id: row.id, b5: null, b1h: null, lastT: last.t ?? 0 };
    this.series.set(key, s);
    return s;
  }
}

function upsert(table: string): string {
  // Weighted merge with an existing row of the same bucket (a restart mid-bucket).
  return `INSERT INTO ${table} (s, t, n, a, b, amax, bmax) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (s, t) DO UPDATE SET
      a = (coalesce(a, 0) * n + coalesce(excluded.a, 0) * excluded.n) / (n + excluded.n),
      b = CASE WHEN b IS NULL AND excluded.b IS NULL THEN NULL
               ELSE (coalesce(b, 0) * n + coalesce(excluded.b, 0) * excluded.n) / (n + excluded.n) END,
      amax = max(coalesce(amax, excluded.amax), coalesce(excluded.amax, amax)),
      bmax = max(coalesce(bmax, excluded.bmax), coalesce(excluded.bmax, bmax)),
      n = n + excluded.n`;
}

function bucketArgs(id: number, b: Bucket): [number, number, number, number, number | null, number, number | null] {
  return [id, b.t, b.n, b.sa / b.n, b.hasB ? b.sb / b.n : null, b.amax, b.hasB ? b.bmax : null];
}
