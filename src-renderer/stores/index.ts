// The app's store instance and the hook components read it through (with selectors;
// `useShallow` when a selector returns an object).
import { useStore } from 'zustand';
import { api } from '../trpc';
import { apiPortOf } from './api-port';
import { createNocStore } from './create-store';
import type { NocState } from './types';

export const nocStore = createNocStore({ api: apiPortOf(api) });

export function useNoc<T>(selector: (s: NocState) => T): T {
  return useStore(nocStore, selector);
}

export { useShallow } from 'zustand/react/shallow';
export type { NocState } from './types';
