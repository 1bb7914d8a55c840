import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, StoreError } from '../../../src-main/store/db';
import { LATEST_SCHEMA, migrations } from '../../../src-main/store/migrations';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'noc-db-')); });
afterEach(() => { chmodSync(dir, 0o700); rmSync(dir, { recursive: true, force: true }); });

function expectStoreError(fn: () => unknown, code: StoreError['code'], file: string): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    const e = err as StoreError;
    expect(e.code).toBe(code);
    expect(e.message).toContain(file);
    return e;
  }
  throw new Error('expected a StoreError');
}

describe('openStore', () => {
  it('creates a new store in WAL mode at the latest schema', () => {
    const file = join(dir, 'noc.sqlite');
    const db = openStore(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('refuses a store from a newer version and leaves it untouched', () => {
    const file = join(dir, 'noc.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA + 5}`);
    raw.exec('CREATE TABLE future (x)');
    raw.close();
    const before = readFileSync(file);
    const e = expectStoreError(() => openStore(file), 'newer-version', file);
    expect(e.message).toMatch(/update the app/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a damaged file, naming it and saying what to do', () => {
    const file = join(dir, 'noc.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x41));
    const e = expectStoreError(() => openStore(file), 'corrupt', file);
    expect(e.message).toMatch(/restore it from a backup/);
    expect(readFileSync(file).every((b) => b === 0x41)).toBe(true);
  });

  it('refuses an SQLite database that is not ours', () => {
    const file = join(dir, 'other.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE customers_of_someone_else (x)');
    raw.close();
    expectStoreError(() => openStore(file), 'foreign', file);
  });

  it('refuses a read-only file', () => {
    const file = join(dir, 'noc.sqlite');
    openStore(file).close();
    // root ignores file modes, so as root the file is made immutable instead
    const asRoot = process.getuid?.() === 0;
    if (asRoot) execFileSync('chattr', ['+i', file]);
    else chmodSync(file, 0o444);
    try {
      const e = expectStoreError(() => openStore(file), 'read-only', file);
      expect(e.message).toMatch(/permissions|--data/);
    } finally {
      if (asRoot) execFileSync('chattr', ['-i', file]);
    }
  });

  it('reports a store locked by another writer', () => {
    const file = join(dir, 'noc.sqlite');
    openStore(file).close();
    const holder = new Database(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    expectStoreError(() => openStore(file, { busyTimeoutMs: 50 }), 'locked', file);
    holder.exec('COMMIT');
    holder.close();
  });

  it('migrates an older store only after keeping a backup, and says so', () => {
    const file = join(dir, 'noc.sqlite');
    const raw = new Database(file);
    migrations[0]!.up(raw);
    raw.pragma('user_version = 1');
    raw.prepare(`INSERT INTO meta (key, value) VALUES ('node_id', 'abc')`).run();
    raw.close();
    const seen: unknown[] = [];
    const db = openStore(file, { onMigrate: (info) => seen.push(info) });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA);
    db.close();
    expect(seen).toEqual([{ from: 1, to: LATEST_SCHEMA, backup: `${file}.schema-1.bak` }]);
    expect(existsSync(`${file}.schema-1.bak`)).toBe(true);
    const backup = new Database(`${file}.schema-1.bak`, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    backup.close();
  });
});
