import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src-renderer/lib/page-cache';

const rows = (page: number, size = 10) => Array.from({ length: size }, (_, i) => page * size + i);

describe('PageCache', () => {
  it('maps list indexes to pages and rows', () => {
    const c = new PageCache<number>(10, 5);
    expect(c.pageOf(0)).toBe(0);
    expect(c.pageOf(9)).toBe(0);
    expect(c.pageOf(10)).toBe(1);
    const g = c.startFetch(2);
    expect(c.put(2, rows(2), g)).toBe(true);
    expect(c.get(25)).toBe(25);
    expect(c.get(5)).toBeUndefined();
  });

  it('lists the pages covering a range, clamped to the total once known', () => {
    const c = new PageCache<number>(100, 5);
    expect(c.pagesCovering(0, 49, null)).toEqual([0]);
    expect(c.pagesCovering(150, 420, null)).toEqual([1, 2, 3, 4]);
    expect(c.pagesCovering(150, 420, 250)).toEqual([1, 2]);
    expect(c.pagesCovering(0, 50, 0)).toEqual([]);
    expect(c.pagesCovering(-20, 10, 5)).toEqual([0]);
  });

  it('does not ask again for a page in flight or cached', () => {
    const c = new PageCache<number>(10, 5);
    const g = c.startFetch(0);
    expect(c.missing([0, 1])).toEqual([1]);
    c.put(0, rows(0), g);
    expect(c.missing([0, 1])).toEqual([1]);
    c.failFetch(1, c.startFetch(1));
    expect(c.missing([0, 1])).toEqual([1]);
  });

  it('drops answers to requests made before it was cleared', () => {
    const c = new PageCache<number>(10, 5);
    const old = c.startFetch(0);
    c.clear();
    expect(c.put(0, rows(0), old)).toBe(false);
    expect(c.get(0)).toBeUndefined();
    expect(c.missing([0])).toEqual([0]);
  });

  it('keeps at most maxPages, evicting the least recently used but never protected ones', () => {
    const c = new PageCache<number>(10, 3);
    for (const p of [0, 1, 2]) c.put(p, rows(p), c.startFetch(p));
    c.touch([0]); // 0 is now the most recent; 1 is the oldest
    c.put(3, rows(3), c.startFetch(3));
    expect(c.size).toBe(3);
    expect(c.has(1)).toBe(false);
    expect(c.has(0)).toBe(true);
    // protected pages survive even when oldest
    c.put(4, rows(4), c.startFetch(4), new Set([2]));
    expect(c.has(2)).toBe(true);
    expect(c.has(0)).toBe(false);
    expect(c.size).toBe(3);
  });

  it('retainOnly keeps the pages on screen and forgets the rest', () => {
    const c = new PageCache<number>(10, 10);
    for (const p of [0, 1, 2, 3]) c.put(p, rows(p), c.startFetch(p));
    c.retainOnly(new Set([1, 2]));
    expect([0, 1, 2, 3].map((p) => c.has(p))).toEqual([false, true, true, false]);
  });
});
