// Every local synced table has its PostgreSQL twin with the same columns: a domain that adds
// a table or a column without a PostgreSQL migration would see its changes parked (kept, not
// synced). This test names what is missing and how to draft the migration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/db';
import { migrate } from '../../../src-main/sync/migrate';
import { connectPg } from '../../../src-main/sync/pg';
import { localSyncedTables, pgSyncedTables, SERVER_ONLY, type PgColumn } from '../../../src-main/sync/tables';
import { startPostgres, type PostgresPeer } from '../../peers/postgres';

let pg: PostgresPeer;
let remote: Map<string, Map<string, PgColumn>>;

beforeAll(async () => {
  pg = await startPostgres();
  const c = await connectPg(pg.url());
  try {
    await migrate(c);
    // the owner sees every table only under FORCE RLS if a policy lets it: read the catalog as the superuser
    remote = new Map();
    for (const r of await pg.sql<{ t: string; c: string; type: string; typname: string }>(`
      SELECT c.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type, ty.typname
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped JOIN pg_type ty ON ty.oid = a.atttypid
       WHERE n.nspname = 'public' AND c.relkind = 'r'
         AND EXISTS (SELECT 1 FROM pg_attribute f WHERE f.attrelid = c.oid AND f.attname = 'field_hlc')`)) {
      if (!remote.has(r.t)) remote.set(r.t, new Map());
      remote.get(r.t)!.set(r.c, { name: r.c, type: r.type, typname: r.typname });
    }
    expect((await pgSyncedTables(c)).size).toBeGreaterThan(0); // the helper the engine uses works too
  } finally {
    await c.end();
  }
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

const COMPATIBLE: Record<string, string[]> = {
  INTEGER: ['int4', 'int8', 'int2'],
  TEXT: ['text', 'varchar', 'jsonb', 'json'],
  REAL: ['float8', 'float4', 'numeric'],
};

describe('the shared schema mirrors the local one', () => {
  it('has a PostgreSQL table with the same columns for every local synced table', () => {
    const db = openStore(':memory:');
    try {
      const problems: string[] = [];
      for (const t of localSyncedTables(db)) {
        const cols = remote.get(t.name);
        if (!cols) {
          problems.push(`${t.name}: no PostgreSQL table (draft one with \`noc db draft-migration ${t.name}\`)`);
          continue;
        }
        const types = new Map((db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(t.name) as Array<{ name: string; type: string }>).map((c) => [c.name, c.type.toUpperCase()]));
        for (const c of t.columns) {
          const p = cols.get(c);
          if (!p) problems.push(`${t.name}.${c}: missing on PostgreSQL`);
          else if (!(COMPATIBLE[types.get(c) ?? 'TEXT'] ?? ['text']).includes(p.typname)) problems.push(`${t.name}.${c}: ${types.get(c)} locally, ${p.type} on PostgreSQL`);
        }
        for (const c of cols.keys()) if (!t.columns.includes(c) && !SERVER_ONLY.has(c)) problems.push(`${t.name}.${c}: only on PostgreSQL`);
      }
      expect(problems).toEqual([]);
    } finally {
      db.close();
    }
  });
});
