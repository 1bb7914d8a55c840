// Applying and checking the shared schema. Only `noc db migrate` (or an admin's click) calls
// migrate(); an ordinary client only calls checkSchema() and refuses what it cannot speak.
import type pg from 'pg';
import { PG_SCHEMA, pgMigrations } from './migrations';
import { pgCode, SyncError } from './pg';
import { ensureTeamKey } from './team-key';
import { ensureLiveKey } from './live-key';

const MIGRATION_LOCK = [74100, 1] as const;

export async function schemaVersion(client: pg.Client): Promise<number> {
  const exists = await client.query(`SELECT to_regclass('noc_schema') IS NOT NULL AS ok`);
  if (!exists.rows[0]?.ok) return 0;
  const r = await client.query(`SELECT coalesce(max(version), 0) AS v FROM noc_schema`);
  return Number(r.rows[0]?.v ?? 0);
}

export interface SchemaInfo { version: number; dbId: string }

/** Throws a SyncError a person can act on when this app cannot use the database as it is. */
export async function checkSchema(client: pg.Client): Promise<SchemaInfo> {
  let version: number;
  try {
    version = await schemaVersion(client);
  } catch (err) {
    if (pgCode(err) === '42501') throw new SyncError('forbidden', `This login may not read the shared schema version (noc_schema). Ask an admin to add your login with \`noc user add --pg\`.`);
    throw err;
  }
  if (version === 0) {
    throw new SyncError('not-migrated', `The database has no Aedify NOC schema yet. An admin creates it with \`noc db migrate --pg URL\` (or from Settings → Shared database).`);
  }
  if (version > PG_SCHEMA) {
    throw new SyncError('schema-newer', `The shared database has schema ${version}, newer than this app knows (${PG_SCHEMA}). Update Aedify NOC on this machine; until then it works on its local copy only.`);
  }
  if (version < PG_SCHEMA) {
    throw new SyncError('schema-older', `The shared database has schema ${version}; this app needs ${PG_SCHEMA}. An admin upgrades it with \`noc db migrate --pg URL\` (or from Settings → Shared database). Working on the local copy meanwhile.`);
  }
  const id = await client.query(`SELECT value FROM noc_meta WHERE key = 'db_id'`);
  return { version, dbId: String(id.rows[0]?.value ?? '') };
}

export interface MigrateResult { from: number; to: number; applied: Array<{ version: number; name: string }> }

/** Applies every pending migration in ONE transaction: all of them or none. */
export async function migrate(client: pg.Client, onStep?: (m: { version: number; name: string }) => void): Promise<MigrateResult> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock($1, $2)`, [...MIGRATION_LOCK]);
    const from = await schemaVersion(client);
    if (from > PG_SCHEMA) {
      throw new SyncError('schema-newer', `The shared database has schema ${from}, newer than this app knows (${PG_SCHEMA}). Migrate it with the newer Aedify NOC that made it.`);
    }
    const applied: MigrateResult['applied'] = [];
    for (const m of pgMigrations.filter((x) => x.version > from)) {
      onStep?.({ version: m.version, name: m.name });
      try {
        await client.query(m.sql);
      } catch (err) {
        throw explainMigrationError(err, m.version, m.name);
      }
      await client.query(`INSERT INTO noc_schema (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push({ version: m.version, name: m.name });
    }
    await ensureTeamKey(client); // the team's secrets key, made here from Node's crypto (sync/team-key.ts)
    await ensureLiveKey(client); // the key that seals live poll results on noc_live (sync/live-key.ts)
    await client.query('COMMIT');
    return { from, to: applied.length > 0 ? PG_SCHEMA : from, applied };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function explainMigrationError(err: unknown, version: number, name: string): SyncError {
  const msg = err instanceof Error ? err.message : String(err);
  if (pgCode(err) === '42501') {
    return new SyncError('forbidden', `Migration ${version} (${name}) was refused: ${msg}. Run \`noc db migrate\` as the database's owner, a login with CREATEROLE (it creates the group roles noc_admin, noc_technician, …). Nothing was changed.`);
  }
  return new SyncError('refused', `Migration ${version} (${name}) failed: ${msg}. Nothing was changed.`);
}
