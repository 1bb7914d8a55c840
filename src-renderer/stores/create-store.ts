// The one store: slices combined, middleware (persist) only here, on the combined store.
// Created per app (or per test) with its dependencies; `resetStore` puts the data back to
// where a fresh start has it, keeping the actions.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import { sanitizeColumns } from '../lib/columns';
import { createDeviceSlice, initialDevice } from './device-slice';
import { createInventorySlice, initialInventory } from './inventory-slice';
import { createLiveSlice } from './live-slice';
import { createRackTreeSlice, initialRackTree } from './rack-tree-slice';
import { createSessionSlice, initialSession } from './session-slice';
import { createUiSlice, initialUi, type Theme } from './ui-slice';
import type { NocState, StoreDeps } from './types';

export const PERSIST_KEY = 'aedify-noc:ui';

/** localStorage where there is one (browser, Electron), else memory (unit tests under Node). */
function storage(): StateStorage {
  if (typeof localStorage !== 'undefined') return localStorage;
  const mem = new Map<string, string>();
  return { getItem: (k) => mem.get(k) ?? null, setItem: (k, v) => void mem.set(k, v), removeItem: (k) => void mem.delete(k) };
}

interface Persisted {
  theme?: unknown;
  columns?: unknown;
}

export type NocStore = StoreApi<NocState>;

export function createNocStore(deps: StoreDeps): NocStore {
  return createStore<NocState>()(
    persist(
      (...a) => ({
        ...createUiSlice()(...a),
        ...createSessionSlice(deps)(...a),
        ...createInventorySlice(deps)(...a),
        ...createRackTreeSlice(deps)(...a),
        ...createDeviceSlice(deps)(...a),
        ...createLiveSlice()(...a),
      }),
      {
        name: PERSIST_KEY,
        version: 1,
        storage: createJSONStorage(storage),
        partialize: (s) => ({ theme: s.theme, columns: s.columns }),
        merge: (persisted, current) => {
          const p = (persisted ?? {}) as Persisted;
          const theme: Theme = p.theme === 'light' ? 'light' : 'dark';
          return { ...current, theme, columns: p.columns === undefined ? current.columns : sanitizeColumns(p.columns) };
        },
      },
    ),
  );
}

/** Back to a fresh start (between tests, after logout); actions stay. */
export function resetStore(store: NocStore): void {
  store.getState().inventory.cache.clear(); // answers still under way are dropped
  store.setState({
    ...initialUi(),
    ...initialSession(),
    inventory: initialInventory(),
    racks: initialRackTree(),
    device: initialDevice(),
  });
}
