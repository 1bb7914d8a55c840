// A table of 256-bit keys in the shared database (noc_team_keys, noc_live_keys): one current
// key and the retired ones, each with an id. Who may read a table is PostgreSQL's GRANTs; what
// a key is for is its module's business (team-key.ts, live-key.ts).
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { pgCode } from './pg';

export type KeyTable = 'noc_team_keys' | 'noc_live_keys';

export interface KeyRow { key_id: string; key: Buffer; retired: boolean }

export interface KeyFetch {
  state: 'fetched' | 'refused' | 'none';
  keyId: string | null;
  message: string;
}

/** Makes the first key when there is none (inside `noc db migrate`'s transaction). Returns the current key id. */
export async function ensureKey(client: pg.ClientBase, table: KeyTable, idPrefix: string): Promise<string> {
  const current = await client.query(`SELECT key_id FROM ${table} WHERE retired_at IS NULL`);
  if (current.rows[0]) return String(current.rows[0].key_id);
  const keyId = `${idPrefix}${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
  await client.query(`INSERT INTO ${table} (key_id, key) VALUES ($1, $2)`, [keyId, randomBytes(32)]);
  return keyId;
}

/** Every key of the table, retired ones first, as the connected login; 'refused' when its GRANTs say no. */
export async function readKeys(client: pg.ClientBase, table: KeyTable): Promise<KeyRow[] | 'refused'> {
  try {
    const rows = (await client.query(`SELECT key_id, key, retired_at IS NOT NULL AS retired FROM ${table} ORDER BY retired_at IS NULL, created_at`)).rows as KeyRow[];
    return rows.map((r) => ({ key_id: r.key_id, key: Buffer.from(r.key), retired: r.retired }));
  } catch (err) {
    if (pgCode(err) === '42501') return 'refused';
    throw err;
  }
}
