// "Two allocations at once never get the same address": two processes on one SQLite file
// (WAL, BEGIN IMMEDIATE), and many async callers inside one process.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAddress } from '../../../../shared/ipam';
import { allocateAddressInput } from '../../../../shared/schemas/ipam';
import { actor, makeCore } from '../../helpers';
import { ctx } from './setup';

const run = promisify(execFile);
const worker = join(__dirname, 'alloc-worker.ts');

describe('concurrent allocation', () => {
  it('two processes allocating from one pool at once never get the same address', async () => {
    const t = makeCore();
    try {
      t.core.services.ipam.createPrefix(ctx, { prefix: '10.50.0.0/16', vrf: '', status: 'active', role: '', isPool: false, siteId: null, vlanId: null, customerId: null, rentalId: null, justification: '', section: '', description: '' });
      const each = 300;
      const results = await Promise.all(['alpha', 'beta'].map(async (label) => {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', worker, t.dir, String(each), label, 'alpha,beta'], { cwd: join(__dirname, '../../../..'), timeout: 60_000 });
        return (JSON.parse(stdout.trim()) as Array<{ address: string; at: number; startedAt: number }>).map((g) => ({ ...g, label }));
      }));
      const all = results.flat();
      expect(all).toHaveLength(2 * each);
      expect(new Set(all.map((a) => a.address)).size).toBe(2 * each);
      // every address is the lowest free one in turn: together they fill .1 … .600 without a gap
      const values = all.map((a) => parseAddress(a.address).value).sort((a, b) => (a < b ? -1 : 1));
      expect(values[0]).toBe(parseAddress('10.50.0.1').value);
      expect(values[values.length - 1]! - values[0]!).toBe(BigInt(2 * each - 1));
      // and they really competed: each started allocating before the other had finished
      // (SQLite serialises the writes; how finely they interleave depends on its busy waits)
      const span = (label: string) => { const rows = all.filter((a) => a.label === label); return [rows[0]!.startedAt, Math.max(...rows.map((r) => r.at))] as const; };
      const [a0, a1] = span('alpha');
      const [b0, b1] = span('beta');
      expect(a0 <= b1 && b0 <= a1).toBe(true);
      // the store agrees: 600 rows, all live, each once
      const n = t.core.services.store.db.prepare(`SELECT count(*) AS n, count(DISTINCT key) AS k FROM ipam_addresses WHERE deleted = 0`).get() as { n: number; k: number };
      expect(n).toEqual({ n: 2 * each, k: 2 * each });
    } finally {
      t.close();
    }
  }, 90_000);

  it('many async callers in one process get distinct addresses', async () => {
    const t = makeCore();
    try {
      const admin = t.caller(actor('admin'));
      await admin.ipam.createPrefix({ prefix: '2001:db8:50::/120' });
      await admin.ipam.createPrefix({ prefix: '10.60.0.0/24' });
      const calls = Array.from({ length: 200 }, (_, i) => admin.ipam.allocateAddress(allocateAddressInput.parse({
        pool: i % 2 ? '10.60.0.0/24' : '2001:db8:50::/120', customerId: `c${i % 7}`, justification: 'burst',
      })));
      const rows = await Promise.all(calls);
      expect(new Set(rows.map((r) => r.address)).size).toBe(200);
      expect(rows.filter((r) => r.family === 6)).toHaveLength(100);
    } finally {
      t.close();
    }
  });
});
