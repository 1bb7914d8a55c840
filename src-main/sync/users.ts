// Logins on the shared database, for admins: each person gets an own PostgreSQL role in
// one group (noc_admin, noc_technician, …); a customer login is tied to its customer. All of
// it goes through the SECURITY DEFINER functions of migration 0001, which the database lets
// only noc_admin members call — a technician's attempt is refused by PostgreSQL itself.
import type pg from 'pg';
import type { SyncUser } from '../../shared/sync-types';
import { pgCode, SyncError } from './pg';
import { scramVerifier } from './scram';

function refused(err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  if (pgCode(err) === '42501') throw new SyncError('forbidden', `The shared database refused: ${msg}. Only an administrator can manage logins.`);
  if (pgCode(err) === '42710') throw new SyncError('refused', msg.replace(/^./, (c) => c.toUpperCase()) + '.');
  throw new SyncError('refused', `The shared database refused: ${msg}.`);
}

export async function listUsers(c: pg.Client): Promise<SyncUser[]> {
  try {
    const r = await c.query(`SELECT login, grp, customer_id, full_name, can_login, created_at, created_by FROM noc_list_users()`);
    return (r.rows as Array<Record<string, unknown>>).map((u) => ({
      login: String(u.login), role: String(u.grp), customerId: (u.customer_id as string | null) ?? null, fullName: String(u.full_name ?? ''),
      canLogin: u.can_login === true, createdAt: u.created_at instanceof Date ? u.created_at.toISOString() : String(u.created_at), createdBy: String(u.created_by ?? ''),
    }));
  } catch (err) {
    refused(err);
  }
}

export interface NewUser { login: string; password: string; role: string; customerId: string | null; fullName: string }

export async function addUser(c: pg.Client, u: NewUser): Promise<void> {
  try {
    await c.query(`SELECT noc_create_user($1, $2, $3, $4, $5)`, [u.login, scramVerifier(u.password), u.role, u.customerId, u.fullName]);
  } catch (err) {
    refused(err);
  }
}

export async function grantRole(c: pg.Client, login: string, role: string): Promise<void> {
  try {
    await c.query(`SELECT noc_grant_group($1, $2)`, [login, role]);
  } catch (err) {
    refused(err);
  }
}

export async function setEnabled(c: pg.Client, login: string, enabled: boolean): Promise<void> {
  try {
    await c.query(`SELECT noc_set_login_enabled($1, $2)`, [login, enabled]);
  } catch (err) {
    refused(err);
  }
}

/**
 * The first administrator, made by the schema owner right after `noc db migrate` (the owner
 * is not in noc_admin, so it cannot call noc_create_user; it has CREATEROLE instead).
 */
export async function bootstrapAdmin(c: pg.Client, login: string, password: string, fullName = ''): Promise<void> {
  if (!/^[a-z][a-z0-9._-]{1,40}$/.test(login) || login.startsWith('noc_')) {
    throw new SyncError('refused', 'A login is 2–41 lowercase letters, digits, dots, dashes or underscores, starting with a letter (and not noc_…).');
  }
  try {
    await c.query('BEGIN');
    const exists = await c.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [login]);
    if (exists.rowCount === 0) {
      await c.query(`CREATE ROLE "${login}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT PASSWORD '${scramVerifier(password)}' IN ROLE noc_admin`);
    } else {
      await c.query(`GRANT noc_admin TO "${login}"`);
    }
    await c.query(`INSERT INTO noc_users (login, kind, full_name) VALUES ($1, 'staff', $2) ON CONFLICT (login) DO NOTHING`, [login, fullName]);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    refused(err);
  }
}
