// Values between the local store (SQLite: text, integer, real; booleans as 0/1; JSON as
// text) and the shared database. The project's PostgreSQL tables mirror the local types
// (text, integer, bigint, double precision), so most values pass as they are; the rest is
// converted by the PostgreSQL type, for a table someone declares with boolean or jsonb.
import type { PgColumn } from './tables';

/** A value read from PostgreSQL, as the local store keeps it. */
export function fromPg(col: PgColumn | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (col?.typname) {
    case 'bool':
      return v ? 1 : 0;
    case 'json':
    case 'jsonb':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'numeric':
    case 'int8':
      return typeof v === 'string' ? Number(v) : v;
    case 'timestamptz':
    case 'timestamp':
    case 'date':
      return v instanceof Date ? v.toISOString() : v;
    default:
      return v;
  }
}

/** A local value, as it goes into a JSON record for jsonb_to_recordset (see push.ts). */
export function toPg(col: PgColumn | undefined, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (col?.typname) {
    case 'bool':
      return v === 1 || v === true || v === '1' || v === 'true';
    case 'json':
    case 'jsonb':
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v);
      } catch (_err) {
        return v;
      }
    default:
      return v;
  }
}

/** Same value on both sides? (JSON-equal; undefined counts as null.) */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === 'number' && typeof b === 'string') return String(a) === b;
  if (typeof a === 'string' && typeof b === 'number') return a === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}
