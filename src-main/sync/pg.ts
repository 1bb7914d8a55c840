// Connecting to the shared PostgreSQL: URL checks, sessions that cannot wedge the others
// (idle-in-transaction and lock timeouts, keepalives), and every failure turned into one
// sentence that says what was wrong and what to do. The app keeps working on its local
// cache whatever happens here.
import pg from 'pg';

export type SyncErrorCode =
  | 'bad-url' | 'unreachable' | 'timeout' | 'auth' | 'no-database' | 'no-role'
  | 'schema-newer' | 'schema-older' | 'not-migrated' | 'other-database' | 'connection-lost'
  | 'forbidden' | 'refused' | 'not-shared' | 'busy';

export class SyncError extends Error {
  constructor(readonly code: SyncErrorCode, message: string) {
    super(message);
    this.name = 'SyncError';
  }
}

export interface PgTarget {
  url: string;
  /** The URL with the password masked, for messages and the status bar. */
  shown: string;
  host: string;
  port: number;
  database: string;
  user: string;
}

export function parsePgUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch (_err) {
    throw new SyncError('bad-url', `"${url}" is not a PostgreSQL URL. Write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE.`);
  }
  if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
    throw new SyncError('bad-url', `A PostgreSQL URL starts with postgresql:// (got ${u.protocol}//). Write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE.`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!u.hostname) throw new SyncError('bad-url', `The PostgreSQL URL names no host. Write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE.`);
  if (!database) throw new SyncError('bad-url', `The PostgreSQL URL names no database (the part after the last /). Write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE.`);
  const shownUrl = new URL(u.href);
  if (shownUrl.password) shownUrl.password = '***';
  return {
    url: u.href,
    shown: shownUrl.href,
    host: u.hostname,
    port: u.port ? Number(u.port) : 5432,
    database,
    user: decodeURIComponent(u.username) || process.env.PGUSER || process.env.USER || '',
  };
}

/** The URL with a different login (the person's own) put in. */
export function withLogin(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.href;
}

/** The URL without its password (what the local store keeps). */
export function withoutPassword(url: string): string {
  const u = new URL(url);
  u.password = '';
  return u.href;
}

const int8 = (v: string) => Number(v);
/** bigint (rev, seq) as a JS number: revs stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? int8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface ConnectOptions {
  appName?: string;
  connectTimeoutMs?: number;
  /** Server-side: a session idle inside a transaction this long is ended (it would hold the write lock). */
  idleInTransactionMs?: number;
  lockTimeoutMs?: number;
}

export async function connectPg(url: string, opts: ConnectOptions = {}): Promise<pg.Client> {
  const target = parsePgUrl(url);
  const client = new pg.Client({
    connectionString: target.url,
    application_name: opts.appName ?? 'aedify-noc',
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 8000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 5000,
    types,
  });
  // An error on an idle client must never crash the process: the owner learns of it on its
  // next query (or from 'end').
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`SELECT set_config('idle_in_transaction_session_timeout', $1, false),
      set_config('lock_timeout', $2, false), set_config('tcp_keepalives_idle', '10', false),
      set_config('tcp_keepalives_interval', '3', false), set_config('tcp_keepalives_count', '3', false)`,
      [String(opts.idleInTransactionMs ?? 30_000), String(opts.lockTimeoutMs ?? 20_000)]);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw explainPgError(err, target);
  }
  return client;
}

function pgCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The sentence a person can act on, for an error from connecting or talking to PostgreSQL. */
export function explainPgError(err: unknown, target?: PgTarget): SyncError {
  if (err instanceof SyncError) return err;
  const code = pgCode(err);
  const where = target ? `${target.host}:${target.port}` : 'the shared database';
  const msg = message(err);
  if (code === 'ECONNREFUSED') return new SyncError('unreachable', `Nothing answers at ${where}: is PostgreSQL running there, and are the host and port right? Working on the local copy meanwhile.`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new SyncError('unreachable', `The host ${target?.host ?? ''} is unknown (DNS). Check the address in the PostgreSQL URL. Working on the local copy meanwhile.`);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return new SyncError('unreachable', `${where} cannot be reached (no network route). Working on the local copy meanwhile.`);
  if (/timeout/i.test(msg) && !code) return new SyncError('timeout', `${where} did not answer in time. Working on the local copy meanwhile; it retries by itself.`);
  if (code === '28P01') return new SyncError('auth', `PostgreSQL refused the login of ${target?.user ?? 'this user'}: wrong password (or no such login). Check the user and password.`);
  if (code === '28000') return new SyncError('auth', `PostgreSQL refused the login of ${target?.user ?? 'this user'}: ${msg}. Ask an admin to create your login (noc user add --pg).`);
  if (code === '3D000') return new SyncError('no-database', `The database ${target?.database ?? ''} does not exist on ${where}. Check the name at the end of the URL, or create it.`);
  if (code === '42501') return new SyncError('forbidden', `The shared database refused this: ${msg}.`);
  if (code === '53300') return new SyncError('busy', `PostgreSQL at ${where} has no free connection slots. Try again shortly.`);
  if (isConnectionError(err)) return new SyncError('connection-lost', `The connection to ${where} was lost (${msg}). Working on the local copy meanwhile; it reconnects by itself.`);
  return new SyncError('refused', `The shared database said: ${msg}`);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '25P03']);

/** True when the failure is the link (retry later), not the data (retrying the same will fail again). */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof SyncError) return ['unreachable', 'timeout', 'connection-lost', 'busy'].includes(err.code);
  const code = pgCode(err);
  if (CONNECTION_CODES.has(code)) return true;
  const msg = message(err);
  return /Connection terminated|Client has encountered a connection error|not queryable|connection timeout|Client was closed/i.test(msg);
}

/** Errors of the data itself (constraint, privilege, type): the batch is retried row by row. */
export function isDataError(err: unknown): boolean {
  const code = pgCode(err);
  return /^(22|23|42|44|P0)/.test(code);
}

/** Worth retrying at once: deadlock, serialization failure, lock timeout. */
export function isTransient(err: unknown): boolean {
  return ['40001', '40P01', '55P03'].includes(pgCode(err));
}

export { pgCode };
