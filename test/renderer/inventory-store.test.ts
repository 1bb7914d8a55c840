import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceListInput } from '../../shared/schemas/inventory';
import type { ChangeEvent, DeviceListRow } from '../../shared/types';
import type { NocApi } from '../../src-renderer/stores/api-port';
import { createNocStore, resetStore, type NocStore } from '../../src-renderer/stores/create-store';
import { PAGE_SIZE } from '../../src-renderer/stores/inventory-slice';

const TOTAL = 50_000;

/** A fake core with 50,000 devices; records every list query and answers when told to. */
function fakeApi() {
  const calls: DeviceListInput[] = [];
  const waiting: Array<() => void> = [];
  let label = 'v1';
  const row = (i: number): DeviceListRow => ({ id: `id${i}`, name: `srv-${String(i).padStart(5, '0')}-${label}`, status: 'available' } as DeviceListRow);
  const api: NocApi = {
    listDevices: (q) => {
      calls.push(q);
      const total = q.status?.length ? 10 : TOTAL;
      const offset = q.offset ?? 0;
      const n = Math.max(0, Math.min(q.limit ?? 100, total - offset));
      return new Promise((resolve) => waiting.push(() => resolve({ rows: Array.from({ length: n }, (_, k) => row(offset + k)), total })));
    },
    countDevices: async () => ({ available: TOTAL }),
    getDevice: async () => null,
    deviceHistory: async () => [],
    rackTree: async () => [],
    elevation: async () => null,
    systemInfo: async () => ({ outboxPending: 0, demo: { loaded: false, empty: false, demoDevices: 0 }, mode: 'standalone' as const }),
    onChanges: () => () => undefined,
  };
  const flush = async () => {
    while (waiting.length) waiting.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { api, calls, flush, relabel: (l: string) => { label = l; } };
}

let store: NocStore;
let fake: ReturnType<typeof fakeApi>;

beforeEach(() => {
  fake = fakeApi();
  store = createNocStore({ api: fake.api });
});
afterEach(() => resetStore(store));

const rowAt = (i: number) => store.getState().inventory.cache.get(i);

describe('inventory slice', () => {
  it('fetches only the pages around the screen, never the whole table', async () => {
    store.getState().showInventoryRange(0, 40);
    await fake.flush();
    expect(store.getState().inventory.total).toBe(TOTAL);
    expect(rowAt(0)?.name).toBe('srv-00000-v1');
    // Scroll to the middle of 50,000 rows.
    store.getState().showInventoryRange(25_000, 25_040);
    await fake.flush();
    expect(rowAt(25_010)?.name).toBe('srv-25010-v1');
    const fetched = fake.calls.reduce((n, q) => n + (q.limit ?? 0), 0);
    expect(fetched).toBeLessThanOrEqual(6 * PAGE_SIZE);
    expect(fake.calls.every((q) => (q.limit ?? 0) <= PAGE_SIZE)).toBe(true);
    // Pages already here are not asked for again.
    const before = fake.calls.length;
    store.getState().showInventoryRange(25_001, 25_041);
    expect(fake.calls.length).toBe(before);
  });

  it('restarts from the top with the filter in the query, dropping answers to the old query', async () => {
    store.getState().showInventoryRange(1000, 1040);
    store.getState().toggleStatusFilter('faulty'); // before the first answers arrive
    await fake.flush();
    const inv = store.getState().inventory;
    expect(inv.total).toBe(10);
    expect(inv.visible.first).toBe(0);
    expect(fake.calls.filter((q) => q.status?.includes('faulty')).map((q) => q.offset)).toContain(0);
    expect(rowAt(1000)).toBeUndefined();
  });

  it('flips the direction when the same column is sorted twice', () => {
    store.getState().sortInventoryBy('serial');
    expect(store.getState().inventory.sort).toEqual({ key: 'serial', dir: 'asc' });
    store.getState().sortInventoryBy('serial');
    expect(store.getState().inventory.sort).toEqual({ key: 'serial', dir: 'desc' });
    expect(fake.calls.at(-1)).toMatchObject({ sort: 'serial', dir: 'desc' });
  });

  it('refetches what is on screen when a device changes', async () => {
    store.getState().showInventoryRange(300, 340);
    await fake.flush();
    expect(rowAt(310)?.name).toBe('srv-00310-v1');
    fake.relabel('v2');
    const n = fake.calls.length;
    const events: ChangeEvent[] = [{ table: 'devices', id: 'id310', op: 'update' }];
    store.getState().applyChanges(events);
    await fake.flush();
    expect(fake.calls.length).toBeGreaterThan(n);
    expect(rowAt(310)?.name).toBe('srv-00310-v2');
  });

  it('resets to a fresh start, keeping the actions', async () => {
    store.getState().toggleStatusFilter('faulty');
    store.getState().toggleTheme();
    await fake.flush();
    resetStore(store);
    const s = store.getState();
    expect(s.inventory.filters.status).toEqual([]);
    expect(s.inventory.total).toBeNull();
    expect(s.theme).toBe('dark');
    expect(typeof s.toggleTheme).toBe('function');
  });
});

describe('inventory slice on an empty store', () => {
  it('asks for the first page again when rows arrive in an empty list', async () => {
    let total = 0;
    const calls: number[] = [];
    const api: NocApi = {
      ...fakeApi().api,
      listDevices: async (q) => {
        calls.push(q.offset ?? 0);
        return { rows: Array.from({ length: Math.min(total, 100) }, (_, i) => ({ id: `n${i}`, name: `n${i}` } as DeviceListRow)), total };
      },
    };
    const s = createNocStore({ api });
    s.getState().showInventoryRange(0, 30);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.getState().inventory.total).toBe(0);
    total = 899; // the demo lab was loaded
    s.getState().applyChanges([{ table: 'devices', id: 'n1', op: 'insert' }]);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.getState().inventory.total).toBe(899);
    expect(s.getState().inventory.cache.get(5)?.name).toBe('n5');
  });
});
