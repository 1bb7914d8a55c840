// The `noc` command as a user runs it: a real process, a real store folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const data = mkdtempSync(join(tmpdir(), 'noc-cli-'));
const noc = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/noc.mjs', ...args, '--data', data], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(() => {
  expect(noc('demo', 'load').code).toBe(0);
}, 60_000);
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('noc inventory', () => {
  it('lists devices as JSON, filtered', () => {
    const r = noc('inventory', 'list', '--status', 'faulty', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { total: number; rows: Array<{ status: string }> };
    expect(body.total).toBeGreaterThan(0);
    expect(body.rows.every((d) => d.status === 'faulty')).toBe(true);
  });

  it('shows one device by name and changes its status with a reason', () => {
    const list = JSON.parse(noc('inventory', 'list', '--status', 'available', '--type', 'server', '--limit', '1', '--json').out) as { rows: Array<{ name: string }> };
    const name = list.rows[0]!.name;
    const set = noc('inventory', 'set-status', name, 'maintenance', '--reason', 'fan noise');
    expect(set.code).toBe(0);
    expect(set.out).toContain(`${name} is now maintenance.`);
    const show = noc('inventory', 'show', name);
    expect(show.out).toMatch(/status\s+"fan noise"/);
  });

  it('refuses an illegal transition with the reason and exit code 1', () => {
    const list = JSON.parse(noc('inventory', 'list', '--status', 'staging', '--type', 'server', '--limit', '1', '--json').out) as { rows: Array<{ id: string }> };
    const r = noc('inventory', 'set-status', list.rows[0]!.id, 'rented', '--reason', 'skip QA');
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot go from staging to rented');
  });

  it('explains usage mistakes with exit code 2', () => {
    const r = noc('inventory', 'list', '--status', 'broken');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Unknown status broken');
  });
});
