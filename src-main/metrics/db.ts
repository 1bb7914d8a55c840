// The time-series file: metrics.sqlite beside the store. Samples are not rows to sync
// (DESIGN.md "Data"): they are written in batches by TimeSeries, with MRTG-style rollups.
// A separate file keeps the store small and its write lock free: a batch of 100,000
// samples never makes a person's edit wait.
//
//   series(id, key, kind)          one per thing measured: if:<interfaceId> (a=in, b=out bit/s),
//                                   cpu:/mem:/disk:<deviceId> (a=percent)
//   raw(s, t, a, b)                every sample, kept 48 h
//   r5m / r1h(s, t, n, a, b, amax, bmax)   5-minute and hourly averages and maxima
//   p95(s, month, a, b, v, samples, final) the monthly 95th percentile per port (billing)
import Database, { type Database as Db } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const VERSION = 1;

export function metricsFile(storeFile: string): string {
  return storeFile === ':memory:' ? ':memory:' : join(dirname(storeFile), 'metrics.sqlite');
}

export function openMetricsDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // a bigger page cache: a minute of 96,000 ports touches many pages of raw
    db.pragma('cache_size = -65536');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > VERSION) throw new Error(`The metrics file ${file} was written by a newer Aedify NOC (version ${version}). Update the app, or move the file away to start new graphs.`);
    if (version < 1) {
      db.exec(`
        CREATE TABLE series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL);
        CREATE TABLE raw (s INTEGER NOT NULL, t INTEGER NOT NULL, a REAL, b REAL, PRIMARY KEY (s, t)) WITHOUT ROWID;
        CREATE TABLE r5m (s INTEGER NOT NULL, t INTEGER NOT NULL, n INTEGER NOT NULL, a REAL, b REAL, amax REAL, bmax REAL, PRIMARY KEY (s, t)) WITHOUT ROWID;
        CREATE TABLE r1h (s INTEGER NOT NULL, t INTEGER NOT NULL, n INTEGER NOT NULL, a REAL, b REAL, amax REAL, bmax REAL, PRIMARY KEY (s, t)) WITHOUT ROWID;
        CREATE TABLE p95 (s INTEGER NOT NULL, month TEXT NOT NULL, a REAL, b REAL, v REAL, samples INTEGER NOT NULL, final INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (s, month)) WITHOUT ROWID;
      `);
      db.pragma(`user_version = ${VERSION}`);
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
