// The desktop host never migrates an older store silently (review of issue 2, finding 5):
// the message box it shows names the store, the versions and the backup copy. The text is
// built under plain Node from what a real migration of an older store reports.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createCore } from '../../../src-main/core/create-core';
import { LATEST_SCHEMA, migrations } from '../../../src-main/store/migrations';
import { migrationMessage, type MigrationInfo } from '../../../src-main/hosts/electron/messages';

let dir = '';
afterEach(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('desktop migration message', () => {
  it('names the upgraded store, the schema versions and where the old copy is', () => {
    dir = mkdtempSync(join(tmpdir(), 'noc-migrate-msg-'));
    const file = join(dir, 'noc.sqlite');
    const raw = new Database(file);
    migrations[0]!.up(raw);
    raw.pragma('user_version = 1');
    raw.close();
    const seen: MigrationInfo[] = [];
    // the same createCore call shape as main.ts: onMigrate records, the window then shows it
    const core = createCore({ dataDir: dir, onMigrate: (info) => seen.push(info) });
    core.close();
    expect(seen).toHaveLength(1);
    const text = migrationMessage(file, seen[0]!);
    expect(text.message).toBe(`The store ${file} was upgraded from schema 1 to ${LATEST_SCHEMA}.`);
    expect(text.detail).toContain(`${file}.schema-1.bak`);
    expect(existsSync(`${file}.schema-1.bak`)).toBe(true);
    expect(text.title).toMatch(/upgraded/);
  });

  it('says plainly when no copy was kept', () => {
    expect(migrationMessage(':memory:', { from: 3, to: 9, backup: null }).detail).toMatch(/No copy was kept/);
  });
});
