// Removing the demo lab sticks (review of issue 2, finding 4): the desktop app and the
// `npm start` fallback load it into an empty store only on a first start, never again once
// it was loaded or removed. The service rule, then the real `noc start` process twice.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { electronBinary } from '../../../src-main/hosts/electron-binary';
import { makeCore, type TestCore } from '../helpers';

let t: TestCore | null = null;
const dirs: string[] = [];
afterEach(() => {
  t?.close();
  t = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const liveCount = (core: TestCore['core']) => (core.services.store.prepare(`SELECT (SELECT count(*) FROM sites WHERE deleted = 0) + (SELECT count(*) FROM devices WHERE deleted = 0) AS n`).get() as { n: number }).n;

describe('demo lab on start (DemoService.loadIfNeverSeen)', () => {
  it('loads into a fresh empty store, and never again after it was removed', () => {
    t = makeCore();
    const demo = t.core.services.demo;
    expect(demo.loadIfNeverSeen()?.devices).toBeGreaterThan(100);
    expect(demo.status().loaded).toBe(true);
    expect(demo.loadIfNeverSeen()).toBeNull(); // already there
    demo.remove();
    expect(demo.status().empty).toBe(true);
    expect(demo.loadIfNeverSeen()).toBeNull();
    expect(liveCount(t.core)).toBe(0);
    // asked for explicitly (menu, `noc demo load`), it still comes back
    expect(demo.load().devices).toBeGreaterThan(100);
  });

  it('keeps out a lab removed before the flag existed (its soft-deleted rows tell)', () => {
    t = makeCore();
    t.core.services.demo.load();
    t.core.services.demo.remove();
    t.core.services.store.prepare(`DELETE FROM meta WHERE key = 'demo.seen'`).run();
    expect(t.core.services.demo.loadIfNeverSeen()).toBeNull();
    expect(liveCount(t.core)).toBe(0);
  });

  it('"Start with an empty store" (system.declineDemo, admins only) keeps a later start empty', async () => {
    t = makeCore();
    await expect(t.caller({ id: 'v', name: 'viewer', role: 'viewer' }).system.declineDemo()).rejects.toThrow();
    expect(t.core.services.demo.loadIfNeverSeen()).not.toBeNull(); // a viewer's click changed nothing
    t.close();
    t = makeCore();
    await t.caller().system.declineDemo();
    expect(t.core.services.demo.loadIfNeverSeen()).toBeNull();
    expect(liveCount(t.core)).toBe(0);
  });

  it('leaves a store with the user\'s own data alone', () => {
    t = makeCore();
    t.core.services.racks.createSite({ actor: { id: 'u', name: 'u', role: 'admin' } }, { name: 'Mine', code: 'MINE', address: '' });
    expect(t.core.services.demo.loadIfNeverSeen()).toBeNull();
    expect(t.core.services.demo.status().loaded).toBe(false);
  });
});

const noc = (...args: string[]) => spawnSync(process.execPath, ['bin/noc.mjs', ...args], { encoding: 'utf8', timeout: 60_000 });

/** Runs `noc start` (the headless fallback) until it serves, then stops it with SIGTERM; its stdout. */
function startOnce(dir: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/noc.mjs', 'start', '--data', dir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`noc start did not serve within 60 s: ${out}${err}`)); }, 60_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.includes('is serving')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
    child.on('exit', () => { clearTimeout(timer); resolve(out); });
  });
}

describe.skipIf(electronBinary(process.cwd()).path !== null)('noc start (headless fallback) twice', () => {
  it('load → remove → start again → still empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noc-demo-start-'));
    dirs.push(dir);
    const first = await startOnce(dir, 4807);
    expect(first).toMatch(/Loaded the demo lab: 2 sites/);
    const removed = noc('demo', 'remove', '--data', dir);
    expect(removed.status).toBe(0);
    expect(removed.stdout).toMatch(/Removed \d+ demo objects/);
    const second = await startOnce(dir, 4807);
    expect(second).toContain('is serving');
    expect(second).not.toMatch(/Loaded the demo lab/);
    const db = new Database(join(dir, 'noc.sqlite'), { readonly: true });
    try {
      expect(db.prepare(`SELECT (SELECT count(*) FROM sites WHERE deleted = 0) + (SELECT count(*) FROM devices WHERE deleted = 0) AS n`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 180_000);
});
