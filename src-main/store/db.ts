// Opening the local store: WAL, migrations, and a clear refusal (naming the file and
// what to do) for a file that is locked, read-only, from a newer version or damaged.
// A file is never overwritten; an older schema is migrated only after a backup copy.
import Database, { type Database as Db } from 'better-sqlite3';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LATEST_SCHEMA, migrations } from './migrations';

export type StoreErrorCode = 'locked' | 'read-only' | 'newer-version' | 'corrupt' | 'foreign' | 'cannot-create';

export class StoreError extends Error {
  constructor(readonly code: StoreErrorCode, readonly file: string, message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface OpenOptions {
  /** Told about a migration of an older store (with the backup's path). */
  onMigrate?: (info: { from: number; to: number; backup: string | null }) => void;
  busyTimeoutMs?: number;
}

function sqliteCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

function explain(err: unknown, file: string): never {
  const code = sqliteCode(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    throw new StoreError('locked', file, `The store ${file} is locked by another program. Close the other Aedify NOC (or whatever holds it) and try again.`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN') {
    throw new StoreError('read-only', file, `The store ${file} cannot be written (read-only file or folder). Fix its permissions or choose another folder with --data.`);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    throw new StoreError('corrupt', file, `The file ${file} is not an Aedify NOC store or is damaged. It was left untouched: restore it from a backup, or move it away to start a new store.`);
  }
  throw err;
}

export function openStore(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') {
    const dir = dirname(file);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (_err) {
      throw new StoreError('cannot-create', file, `Cannot create the folder ${dir} for the store. Choose another folder with --data.`);
    }
    if (existsSync(file)) {
      try {
        accessSync(file, constants.R_OK | constants.W_OK);
      } catch (_err) {
        throw new StoreError('read-only', file, `The store ${file} cannot be written (read-only file). Fix its permissions or choose another folder with --data.`);
      }
    }
  }
  let db: Db;
  try {
    db = new Database(file, { fileMustExist: false });
  } catch (err) {
    explain(err, file);
  }
  try {
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA) {
      throw new StoreError('newer-version', file, `The store ${file} was written by a newer Aedify NOC (schema ${version}; this version knows up to ${LATEST_SCHEMA}). It was left untouched: update the app, or open another store with --data.`);
    }
    if (version === 0) {
      const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number };
      if (tables.n > 0) throw new StoreError('foreign', file, `The file ${file} is an SQLite database but not an Aedify NOC store. It was left untouched: choose another folder with --data.`);
    }
    if (file !== ':memory:') {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new StoreError('read-only', file, `The store ${file} could not be switched to WAL mode (got ${String(mode)}). Is the folder writable?`);
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    migrate(db, file, version, opts);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    explain(err, file);
  }
}

function migrate(db: Db, file: string, from: number, opts: OpenOptions): void {
  if (from === LATEST_SCHEMA) return;
  let backup: string | null = null;
  if (from > 0 && file !== ':memory:') {
    // An older store is upgraded only after a copy of it is kept beside it.
    db.pragma('wal_checkpoint(TRUNCATE)');
    backup = `${file}.schema-${from}.bak`;
    copyFileSync(file, backup);
  }
  const pending = migrations.filter((m) => m.version > from);
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  if (from > 0) opts.onMigrate?.({ from, to: LATEST_SCHEMA, backup });
}
