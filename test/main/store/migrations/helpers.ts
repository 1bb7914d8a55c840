// Applies migrations one by one, as an older store would meet them.
import Database, { type Database as Db } from 'better-sqlite3';
import { migrations } from '../../../../src-main/store/migrations';

export function dbAtVersion(version: number): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const m of migrations.filter((m) => m.version <= version)) {
    m.up(db);
    db.pragma(`user_version = ${m.version}`);
  }
  return db;
}

export function applyMigration(db: Db, version: number): void {
  const m = migrations.find((x) => x.version === version);
  if (!m) throw new Error(`no migration ${version}`);
  m.up(db);
  db.pragma(`user_version = ${version}`);
}

export function columns(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

export const SYNC_COLUMNS = ['id', 'rev', 'updated_at', 'deleted'];
