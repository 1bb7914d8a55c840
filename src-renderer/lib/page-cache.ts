// A page cache for long lists (issue 2, part 5): the inventory of 50,000 devices is
// fetched a page at a time as the user scrolls, never as a whole.
// Invariants:
//  - a page is either absent, in flight, or cached — never two at once;
//  - at most `maxPages` pages are cached; the least recently used ones go first,
//    except those the caller protects (the pages on screen);
//  - `generation` changes whenever the cache is emptied, so an answer to a request
//    made before the change can be recognised and dropped.

export class PageCache<T> {
  private readonly pages = new Map<number, T[]>(); // Map order = recency (oldest first)
  private readonly inflight = new Set<number>();
  private gen = 0;

  constructor(readonly pageSize: number, readonly maxPages: number) {
    if (pageSize < 1 || maxPages < 1) throw new Error('PageCache needs pageSize >= 1 and maxPages >= 1');
  }

  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.pages.size;
  }

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** The row at a list index, or undefined while its page is not here. */
  get(index: number): T | undefined {
    return this.pages.get(this.pageOf(index))?.[index % this.pageSize];
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  isInflight(page: number): boolean {
    return this.inflight.has(page);
  }

  /** Pages that cover list indexes first..last (inclusive); clamped to the rows there are once that is known. */
  pagesCovering(first: number, last: number, total: number | null): number[] {
    const lo = Math.max(0, first);
    const hi = total === null ? Math.max(lo, last) : Math.min(last, total - 1);
    const out: number[] = [];
    if (hi < lo) return out;
    for (let p = this.pageOf(lo); p <= this.pageOf(hi); p++) out.push(p);
    return out;
  }

  /** Of the given pages, those neither cached nor being fetched. */
  missing(pages: readonly number[]): number[] {
    return pages.filter((p) => !this.pages.has(p) && !this.inflight.has(p));
  }

  /** Marks pages as recently used (the ones on screen). */
  touch(pages: readonly number[]): void {
    for (const p of pages) {
      const rows = this.pages.get(p);
      if (rows) {
        this.pages.delete(p);
        this.pages.set(p, rows);
      }
    }
  }

  startFetch(page: number): number {
    this.inflight.add(page);
    return this.gen;
  }

  /** Stores a fetched page unless the cache was emptied since; returns whether it was kept. */
  put(page: number, rows: T[], generation: number, protect: ReadonlySet<number> = new Set()): boolean {
    if (generation !== this.gen) return false;
    this.inflight.delete(page);
    this.pages.delete(page);
    this.pages.set(page, rows);
    this.evict(protect);
    return true;
  }

  /** A fetch failed: the page may be asked for again. */
  failFetch(page: number, generation: number): void {
    if (generation === this.gen) this.inflight.delete(page);
  }

  /** Empties the cache (new filter or sort); answers still under way are dropped. */
  clear(): void {
    this.pages.clear();
    this.inflight.clear();
    this.gen++;
  }

  /** Keeps only the given pages (still shown, about to be refetched); the rest are stale. */
  retainOnly(keep: ReadonlySet<number>): void {
    for (const p of [...this.pages.keys()]) if (!keep.has(p)) this.pages.delete(p);
  }

  private evict(protect: ReadonlySet<number>): void {
    if (this.pages.size <= this.maxPages) return;
    for (const p of [...this.pages.keys()]) {
      if (this.pages.size <= this.maxPages) break;
      if (!protect.has(p)) this.pages.delete(p);
    }
  }
}
