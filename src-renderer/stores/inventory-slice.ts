// The inventory table's data: filters and sort, the total, and a page cache filled as the
// user scrolls (never the whole table). A change event refetches what is on screen.
import type { DeviceStatus, DeviceType } from '../../shared/choices';
import type { DeviceListInput } from '../../shared/schemas/inventory';
import type { DeviceListRow } from '../../shared/types';
import type { DeviceSortKey } from '../lib/columns';
import { PageCache } from '../lib/page-cache';
import type { StatusCounts } from './api-port';
import { messageOf, type SliceCreator, type StoreDeps } from './types';

export const PAGE_SIZE = 100;
/** 60 pages of 100 rows: a few screens around the visible one, whatever the list's length. */
export const MAX_PAGES = 60;

export interface InventoryFilters {
  status: DeviceStatus[];
  type: DeviceType | null;
  siteId: string | null;
  rackId: string | null;
  text: string;
}

export interface InventorySort {
  key: DeviceSortKey;
  dir: 'asc' | 'desc';
}

export interface InventoryData {
  filters: InventoryFilters;
  sort: InventorySort;
  /** Rows matching the filters; null until the first page arrives. */
  total: number | null;
  /** Bumped whenever the cache's content changes, so the table re-reads it. */
  version: number;
  error: string | null;
  /** List indexes on screen, as the table last reported them. */
  visible: { first: number; last: number };
  cache: PageCache<DeviceListRow>;
  counts: StatusCounts | null;
}

export interface InventorySlice {
  inventory: InventoryData;
  setInventoryFilters(patch: Partial<InventoryFilters>): void;
  toggleStatusFilter(status: DeviceStatus): void;
  sortInventoryBy(key: DeviceSortKey): void;
  showInventoryRange(first: number, last: number): void;
  refreshInventory(): void;
  loadCounts(): Promise<void>;
}

export const emptyFilters = (): InventoryFilters => ({ status: [], type: null, siteId: null, rackId: null, text: '' });

export const initialInventory = (): InventoryData => ({
  filters: emptyFilters(),
  sort: { key: 'name', dir: 'asc' },
  total: null,
  version: 0,
  error: null,
  visible: { first: 0, last: 50 },
  cache: new PageCache<DeviceListRow>(PAGE_SIZE, MAX_PAGES),
  counts: null,
});

/** The list query for filters and sort (offset and limit are added per page). */
export function listQuery(filters: InventoryFilters, sort: InventorySort): DeviceListInput {
  const q: DeviceListInput = { sort: sort.key, dir: sort.dir };
  if (filters.status.length > 0) q.status = [...filters.status];
  if (filters.type) q.type = [filters.type];
  if (filters.siteId) q.siteId = filters.siteId;
  if (filters.rackId) q.rackId = filters.rackId;
  const text = filters.text.trim();
  if (text) q.text = text;
  return q;
}

/** One page on each side of the screen is fetched ahead, so scrolling rarely waits. */
function wantedPages(inv: InventoryData): number[] {
  const { first, last } = inv.visible;
  const span = Math.max(0, last - first);
  const pages = inv.cache.pagesCovering(Math.max(0, first - PAGE_SIZE), last + Math.max(PAGE_SIZE, span), inv.total);
  // An empty list still asks for its first page: rows may have arrived since.
  return pages.length > 0 ? pages : [0];
}

export const createInventorySlice = (deps: StoreDeps): SliceCreator<InventorySlice> => (set, get) => {
  const patch = (p: Partial<InventoryData>) => set((s) => ({ inventory: { ...s.inventory, ...p } }));

  function fetchPage(page: number): void {
    const inv = get().inventory;
    const { cache } = inv;
    const generation = cache.startFetch(page);
    const query = { ...listQuery(inv.filters, inv.sort), offset: page * PAGE_SIZE, limit: PAGE_SIZE };
    deps.api.listDevices(query).then(
      (res) => {
        const now = get().inventory;
        if (now.cache !== cache) return; // the store was reset
        const onScreen = new Set(cache.pagesCovering(now.visible.first, now.visible.last, res.total));
        if (!cache.put(page, res.rows, generation, onScreen)) return; // filters changed meanwhile
        set((s) => ({ inventory: { ...s.inventory, total: res.total, version: s.inventory.version + 1, error: null } }));
      },
      (err: unknown) => {
        cache.failFetch(page, generation);
        patch({ error: messageOf(err) });
      },
    );
  }

  function ensureVisible(): void {
    const inv = get().inventory;
    const wanted = wantedPages(inv);
    inv.cache.touch(wanted);
    for (const p of inv.cache.missing(wanted)) fetchPage(p);
  }

  function restart(next: Partial<InventoryData>): void {
    const inv = get().inventory;
    inv.cache.clear();
    const span = inv.visible.last - inv.visible.first;
    patch({ ...next, visible: { first: 0, last: span }, version: inv.version + 1, error: null });
    ensureVisible();
  }

  return {
    inventory: initialInventory(),
    setInventoryFilters: (p) => {
      const filters = { ...get().inventory.filters, ...p };
      // A rack belongs to one site: choosing another site clears the rack.
      if (p.siteId !== undefined && p.rackId === undefined && p.siteId !== get().inventory.filters.siteId) filters.rackId = null;
      restart({ filters });
    },
    toggleStatusFilter: (status) => {
      const cur = get().inventory.filters.status;
      const next = cur.includes(status) ? cur.filter((s) => s !== status) : [...cur, status];
      get().setInventoryFilters({ status: next });
    },
    sortInventoryBy: (key) => {
      const cur = get().inventory.sort;
      restart({ sort: { key, dir: cur.key === key && cur.dir === 'asc' ? 'desc' : 'asc' } });
    },
    showInventoryRange: (first, last) => {
      const v = get().inventory.visible;
      if (v.first !== first || v.last !== last) patch({ visible: { first, last } });
      ensureVisible();
    },
    refreshInventory: () => {
      const inv = get().inventory;
      const wanted = wantedPages(inv);
      // Rows may have moved between pages (insert, delete, a sort key changed): pages
      // off screen are stale, pages on screen stay shown until their new content arrives.
      inv.cache.retainOnly(new Set(wanted));
      // Refetched even when a request is under way: that answer may predate the change.
      for (const p of wanted) fetchPage(p);
      void get().loadCounts();
    },
    loadCounts: async () => {
      try {
        patch({ counts: await deps.api.countDevices() });
      } catch (err) {
        patch({ error: messageOf(err) });
      }
    },
  };
};
