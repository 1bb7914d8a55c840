// The `noc` command as a newcomer meets it: --help lists the commands; a store it cannot
// use is refused with the file named and left untouched (a real process, a real file).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA } from '../../../src-main/store/migrations';

const noc = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/noc.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'noc-cli-bad-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('noc', () => {
  it('--help lists serve, start, inventory and the other areas', () => {
    const r = noc('--help');
    expect(r.code).toBe(0);
    for (const c of ['serve', 'start', 'inventory', 'demo', 'user']) expect(r.out).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const inv = noc('inventory', '--help');
    for (const c of ['list', 'show', 'set-status']) expect(inv.out).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  }, 60_000);

  it('refuses a damaged store, naming the file, and leaves it as it was', () => {
    const file = join(dir, 'noc.sqlite');
    writeFileSync(file, Buffer.alloc(8192, 0x41));
    for (const args of [['inventory', 'list', '--json'], ['serve', '--port', '4808', '--no-monitoring']]) {
      const r = noc(...args, '--data', dir);
      expect(r.code).toBe(1);
      expect(r.err).toContain(file);
      expect(r.err).toMatch(/damaged.*restore it from a backup/);
      expect(r.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
      expect(r.out).not.toContain('serving');
    }
    expect(readFileSync(file).every((b) => b === 0x41)).toBe(true);
  }, 60_000);

  it('refuses a store from a newer version of the app without migrating it', () => {
    const file = join(dir, 'noc.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_SCHEMA + 1}`);
    raw.close();
    const before = readFileSync(file);
    const r = noc('inventory', 'list', '--data', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(file);
    expect(r.err).toMatch(/newer/);
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});
