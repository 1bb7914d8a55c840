// The `noc` commands of issue 7, run as a user runs them (a new process each), on a store
// in a temp dir: customers add/list/show, rentals start/end, tickets new/list, report overage.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, localActor } from '../../../../src-main/core/create-core';
import { deviceInput } from '../../../../shared/schemas/inventory';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

async function noc(dir: string, ...args: string[]): Promise<{ out: string; err: string; code: number }> {
  try {
    const r = await run(process.execPath, [join(ROOT, 'bin', 'noc.mjs'), ...args, '--data', dir], { cwd: ROOT, timeout: 60_000 });
    return { out: r.stdout, err: r.stderr, code: 0 };
  } catch (e) {
    const x = e as { stdout: string; stderr: string; code: number };
    return { out: x.stdout, err: x.stderr, code: x.code };
  }
}

describe('noc customers | rentals | tickets | report', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'noc-cli-cust-'));
    const core = createCore({ dataDir: dir });
    core.services.inventory.create({ actor: localActor() }, deviceInput.parse({ name: 'cli-srv-1', type: 'server', status: 'available' }));
    core.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the business commands end to end, with --json and clear errors', async () => {
    expect((await noc(dir, 'customers', 'add', '--name', 'Acme CLI', '--email', 'ops@acme-cli.example')).out).toMatch(/^Created Acme CLI \(/);
    const listed = JSON.parse((await noc(dir, 'customers', 'list', '--text', 'acme', '--json')).out) as { rows: Array<{ name: string; email: string; status: string }> };
    expect(listed.rows.map((r) => [r.name, r.email, r.status])).toEqual([['Acme CLI', 'ops@acme-cli.example', 'active']]);
    const bad = await noc(dir, 'customers', 'add', '--name', 'X', '--email', 'nope');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('noc: ');
    const started = await noc(dir, 'rentals', 'start', '--customer', 'ops@acme-cli.example', '--server', 'cli-srv-1', '--price', '99.5', '--currency', 'EUR', '--commit', '250', '--starts', '2026-11-02', '--json');
    const rental = JSON.parse(started.out) as { rental: { id: string; monthlyPriceCents: number }; device: { status: string } };
    expect(rental.rental.monthlyPriceCents).toBe(9950);
    expect(rental.device.status).toBe('rented');
    expect((await noc(dir, 'rentals', 'start', '--customer', 'nobody', '--server', 'cli-srv-1')).err).toBe('noc: No customer called nobody. Try `noc customers list --text nobody`.\n');
    expect((await noc(dir, 'tickets', 'new', '--customer', 'Acme CLI', '--server', 'cli-srv-1', '--subject', 'Fan noise', '--body', 'loud fan', '--priority', 'high')).out).toBe('Opened T-000001.\n');
    const list = JSON.parse((await noc(dir, 'tickets', 'list', '--open', '--json')).out) as { rows: Array<{ subject: string; priority: string }> };
    expect(list.rows.map((r) => [r.subject, r.priority])).toEqual([['Fan noise', 'high']]);
    const shown = (await noc(dir, 'customers', 'show', 'acme cli')).out;
    expect(shown).toContain('cli-srv-1  active');
    expect(shown).toContain('T-000001  new  high  Fan noise');
    expect((await noc(dir, 'rentals', 'end', '--server', 'cli-srv-1', '--path', 'wipe', '--reason', 'test done')).out).toBe('Rental ended; the server goes to wipe and Staging QA.\n');
    writeFileSync(join(dir, 'usage.csv'), 'server,p95_mbps\ncli-srv-1,400\n');
    expect((await noc(dir, 'report', 'import-usage', '--month', '2026-11', '--file', join(dir, 'usage.csv'))).out).toBe('Imported 1 figures for 2026-11.\n');
    const report = JSON.parse((await noc(dir, 'report', 'overage', '--month', '2026-11', '--json')).out) as { lines: Array<{ customerName: string; overMbps: number }> };
    expect(report.lines).toEqual([expect.objectContaining({ customerName: 'Acme CLI', overMbps: 150 })]);
    const badMonth = await noc(dir, 'report', 'overage', '--month', '2026-13');
    expect(badMonth).toMatchObject({ code: 2, err: 'noc: --month takes YYYY-MM (e.g. 2026-01), not 2026-13.\n' });
  }, 120_000);
});
