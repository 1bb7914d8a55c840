// Look and navigation: theme (persisted), current view, table columns (persisted),
// the Ctrl+K dialog.
import { sanitizeColumns, toggleColumn, DEFAULT_COLUMNS, type ColumnKey } from '../lib/columns';
import type { SliceCreator } from './types';

export type View = 'inventory' | 'racks' | 'customers' | 'tickets' | 'staging' | 'messages' | 'walks' | 'sync' | 'admin' | 'ipam' | 'wall';
export type Theme = 'dark' | 'light';

export interface UiData {
  theme: Theme;
  view: View;
  columns: ColumnKey[];
  searchOpen: boolean;
  /** The first-start offer of the demo lab was declined in this session. */
  welcomeDismissed: boolean;
}

export interface UiSlice extends UiData {
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  setView(view: View): void;
  toggleColumn(key: ColumnKey): void;
  resetColumns(): void;
  setSearchOpen(open: boolean): void;
  dismissWelcome(): void;
}

export const initialUi = (): UiData => ({
  theme: 'dark',
  view: 'inventory',
  columns: [...DEFAULT_COLUMNS],
  searchOpen: false,
  welcomeDismissed: false,
});

export const createUiSlice = (): SliceCreator<UiSlice> => (set) => ({
  ...initialUi(),
  setTheme: (theme) => set({ theme }),
  toggleTheme: () => set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })),
  setView: (view) => set({ view }),
  toggleColumn: (key) => set((s) => ({ columns: toggleColumn(s.columns, key) })),
  resetColumns: () => set({ columns: sanitizeColumns(DEFAULT_COLUMNS) }),
  setSearchOpen: (searchOpen) => set({ searchOpen }),
  dismissWelcome: () => set({ welcomeDismissed: true }),
});
