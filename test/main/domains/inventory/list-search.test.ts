import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, type TestCore } from '../../helpers';

let t: TestCore;
beforeAll(() => {
  t = makeCore();
  t.core.services.demo.load();
});
afterAll(() => t.close());

describe('inventory list and search over the demo lab', () => {
  it('pages, filters and sorts', async () => {
    const api = t.caller();
    const all = await api.inventory.list({ limit: 50 });
    expect(all.rows).toHaveLength(50);
    expect(all.total).toBeGreaterThan(500);
    const faulty = await api.inventory.list({ status: ['faulty'], type: ['server'], limit: 1000 });
    expect(faulty.total).toBeGreaterThan(0);
    expect(faulty.rows.every((d) => d.status === 'faulty' && d.type === 'server')).toBe(true);
    const sorted = await api.inventory.list({ sort: 'name', dir: 'desc', limit: 5 });
    expect(sorted.rows.map((r) => r.name)).toEqual([...sorted.rows.map((r) => r.name)].sort().reverse());
    const page2 = await api.inventory.list({ limit: 50, offset: 50 });
    expect(page2.rows[0]!.id).not.toBe(all.rows[0]!.id);
  });

  it('finds devices by name, serial, asset tag and IP, and racks by name', async () => {
    const api = t.caller();
    const some = (await api.inventory.list({ type: ['server'], limit: 1 })).rows[0]!;
    expect((await api.search.query({ text: some.name })).map((h) => h.id)).toContain(some.id);
    expect((await api.search.query({ text: some.serial })).map((h) => h.id)).toContain(some.id);
    expect((await api.search.query({ text: some.primaryIp })).map((h) => h.id)).toContain(some.id);
    expect(some.assetTag).not.toBe('');
    expect((await api.search.query({ text: some.assetTag })).map((h) => h.id)).toContain(some.id);
    const racks = await api.search.query({ text: 'IAD1-A01' });
    expect(racks.some((h) => h.kind === 'rack')).toBe(true);
  });

  it('removes the whole demo lab in one action', async () => {
    const local = makeCore();
    try {
      local.core.services.demo.load();
      expect(local.core.services.demo.status().loaded).toBe(true);
      local.core.services.demo.remove();
      expect(local.core.services.demo.status()).toMatchObject({ loaded: false, empty: true });
      expect(await local.caller().search.query({ text: 'IAD1' })).toEqual([]);
    } finally {
      local.close();
    }
  });
});
