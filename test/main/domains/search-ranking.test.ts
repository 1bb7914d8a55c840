// Ctrl+K search: a term with fewer than BROAD_HITS index hits keeps exactly the ranking it
// had (exact title, title prefix, bm25 rank), checked against that query kept here; a broad
// term ranks a bounded candidate set and still puts exact and prefix titles first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceInput } from '../../../shared/schemas/inventory';
import { localActor } from '../../../src-main/core/create-core';
import { BROAD_HITS } from '../../../src-main/domains/search/service';
import { makeCore, type TestCore } from '../helpers';

let t: TestCore;
const BULK = BROAD_HITS + 300;

beforeAll(() => {
  t = makeCore();
  t.core.services.demo.load();
  const s = t.core.services;
  const ctx = { actor: localActor() };
  s.store.write(() => {
    // A site whose name is exactly the broad term, created before the devices that share it.
    const site = s.racks.createSite(ctx, { name: 'Zork', code: 'ZRK1', address: '' });
    for (let i = 0; i < BULK; i++) {
      s.inventory.create(ctx, deviceInput.parse({ name: i % 2 ? `zork-${i}` : `host-${i}-zork`, type: 'server', status: 'available', siteId: site.id, serial: `ZS${i}` }));
    }
  });
});
afterAll(() => t.close());

/** The search query as it was, for every term. */
function oracle(q: string, limit: number) {
  return (t.core.services.store.prepare(`SELECT d.row_id FROM search_index s JOIN search_docs d ON d.rowid = s.rowid
    WHERE search_index MATCH ? ORDER BY (s.title = ? COLLATE NOCASE) DESC, (s.title LIKE ?) DESC, rank LIMIT ?`)
    .pluck().all(`"${q.replace(/"/g, '""')}"`, q, `${q}%`, limit)) as string[];
}

describe('Ctrl+K ranking', () => {
  it('is unchanged for names, serials, IPs, racks, status words and phrases with quotes', async () => {
    const api = t.caller();
    const demo = (await api.inventory.list({ type: ['server'], limit: 1 })).rows[0]!;
    const terms = [demo.name, demo.name.slice(0, 5), demo.serial, demo.primaryIp, demo.primaryIp.split('.').slice(0, 3).join('.'), 'IAD1-A01', 'faulty', 'zork-77', 'ZS12', 'a"b', 'nothing-here'];
    for (const term of terms) {
      const n = (t.core.services.store.prepare(`SELECT count(*) FROM search_index WHERE search_index MATCH ?`).pluck().get(`"${term.replace(/"/g, '""')}"`)) as number;
      expect(n, term).toBeLessThan(BROAD_HITS);
      for (const limit of [5, 20]) expect((await api.search.query({ text: term, limit })).map((h) => h.id), term).toEqual(oracle(term, limit));
    }
  });

  it('answers a broad term with the exact title first, then titles that start with it, then the rest', async () => {
    const api = t.caller();
    const hits = await api.search.query({ text: 'zork', limit: 20 });
    expect(hits).toHaveLength(20);
    expect(hits[0]).toMatchObject({ kind: 'site', title: 'Zork' });
    expect(hits.slice(1).every((h) => h.title.toLowerCase().startsWith('zork'))).toBe(true);
    // with fewer prefix titles than the limit, the others follow
    const all = await api.search.query({ text: 'zork', limit: 50 });
    expect(all.every((h) => h.title.toLowerCase().includes('zork') || h.subtitle.toLowerCase().includes('zork'))).toBe(true);
    const broadOther = await api.search.query({ text: '-zork', limit: 20 });
    expect(broadOther).toHaveLength(20);
    expect(broadOther.every((h) => /^host-\d+-zork$/.test(h.title))).toBe(true);
  });

  it('keeps two-letter prefixes on titles', async () => {
    const hits = await t.caller().search.query({ text: 'zo', limit: 10 });
    expect(hits.length).toBe(10);
    expect(hits.every((h) => h.title.toLowerCase().startsWith('zo'))).toBe(true);
  });
});
