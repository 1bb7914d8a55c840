// The shared schema, for an admin: where it stands and upgrading it — always an explicit
// act with the login that owns the database, never a side effect of an ordinary client.
import { migrate, schemaVersion, type MigrateResult } from '../../sync/migrate';
import { PG_SCHEMA } from '../../sync/migrations';
import { connectPg, withLogin } from '../../sync/pg';

export interface SchemaStatus { version: number; expected: number; state: 'none' | 'older' | 'current' | 'newer' }

export async function schemaStatus(url: string, user?: string, password?: string): Promise<SchemaStatus> {
  const c = await connectPg(user ? withLogin(url, user, password ?? '') : url, { appName: 'aedify-noc schema' });
  try {
    const version = await schemaVersion(c);
    const state = version === 0 ? 'none' : version < PG_SCHEMA ? 'older' : version > PG_SCHEMA ? 'newer' : 'current';
    return { version, expected: PG_SCHEMA, state };
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function migrateWithLogin(url: string, user: string, password: string): Promise<MigrateResult> {
  const c = await connectPg(withLogin(url, user, password), { appName: 'aedify-noc migrate' });
  try {
    return await migrate(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}
